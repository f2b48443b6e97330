/**
 * The address a wait's webhooks deliver to (nodes/Talkover/wait/address.ts): the execution's resume address as
 * n8n gives it (`$execution.resumeUrl`) with the node's ID as the path's last part, n8n 2.3x+'s token kept in
 * the query; without an address n8n could be reached at, the node refuses to wait and says where to look.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { waitAddress } from '../../../nodes/Talkover/wait/address';
import { NODE } from '../../helpers/context';

const WAITING_NODE: INode = { ...NODE, id: '5b6c7d8e-0000-4000-8000-00000000a1a1' };

/** The node's context as n8n gives it: `resumeUrl` is what `{{ $execution.resumeUrl }}` evaluates to. */
function contextWith(resumeUrl: unknown): { ctx: IExecuteFunctions; asked: unknown[][] } {
	const asked: unknown[][] = [];
	const ctx = {
		getNode: () => WAITING_NODE,
		evaluateExpression: (...args: unknown[]) => {
			asked.push(args);
			return resumeUrl;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, asked };
}

describe('the address Talkover delivers a waiting call’s events to', () => {
	test('the execution’s resume address (asked of n8n for the first item) with the node’s ID as its last part', () => {
		const { ctx, asked } = contextWith('https://n8n.example/webhook-waiting/12');
		expect(waitAddress(ctx)).toBe('https://n8n.example/webhook-waiting/12/5b6c7d8e-0000-4000-8000-00000000a1a1');
		expect(asked).toEqual([['{{ $execution.resumeUrl }}', 0]]);
	});

	test('n8n 2.3x+: the token in the resume address’s query stays in the query, after the node’s ID', () => {
		const { ctx } = contextWith('https://n8n.example/webhook-waiting/12?signature=abc');
		expect(waitAddress(ctx)).toBe('https://n8n.example/webhook-waiting/12/5b6c7d8e-0000-4000-8000-00000000a1a1?signature=abc');
	});

	test.each([
		['one slash', 'https://n8n.example/webhook-waiting/12/'],
		['two slashes', 'https://n8n.example/webhook-waiting/12//'],
		['slashes before the token', 'https://n8n.example/webhook-waiting/12//?signature=abc'],
	])('a resume address ending in %s: the node’s ID follows one slash (the same address as without them)', (_, resumeUrl) => {
		const { ctx } = contextWith(resumeUrl);
		const query = resumeUrl.includes('?') ? '?signature=abc' : '';
		expect(waitAddress(ctx)).toBe(`https://n8n.example/webhook-waiting/12/5b6c7d8e-0000-4000-8000-00000000a1a1${query}`);
	});

	test('a node ID with characters a path cannot hold is encoded', () => {
		const { ctx } = contextWith('https://n8n.example/webhook-waiting/12');
		(ctx as unknown as { getNode: () => INode }).getNode = () => ({ ...NODE, id: 'a b/c' });
		expect(waitAddress(ctx)).toBe('https://n8n.example/webhook-waiting/12/a%20b%2Fc');
	});

	test.each([
		['n8n without a waiting base address (n8n-core’s `undefined/<execution>`)', 'undefined/12', 'undefined/12'],
		['an empty address', '', ''],
		['no value', undefined, 'undefined'],
	])('%s: the node refuses to wait, naming what n8n gave and the setting to check', (_, resumeUrl, shown) => {
		const { ctx } = contextWith(resumeUrl);
		let error: unknown;
		try {
			waitAddress(ctx);
		} catch (thrown) {
			error = thrown;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		const { message, description, node } = error as NodeOperationError;
		expect({ message, description, node }).toEqual({
			message: `n8n gave no address to resume this execution at ("${shown}"), so the node cannot wait for the call's outcome`,
			description: "Check n8n's WEBHOOK_URL setting: Talkover must be able to reach this n8n.",
			node: WAITING_NODE,
		});
	});
});
