import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { ACTIVE_PHONE, byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const DRAFT_AGENT = '550e8400-e29b-41d4-a716-446655440002';

/** Every operation, with parameters that succeed against the seeded sandbox. */
const OPERATIONS: Array<[string, INodeParameters]> = [
	['agent create', { resource: 'agent', operation: 'create', label: 'L', name: 'N' }],
	['agent delete', { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }],
	['agent get', { resource: 'agent', operation: 'get', agentId: byId(SUPPORT_AGENT) }],
	['agent getMany', { resource: 'agent', operation: 'getMany', limit: 1 }],
	['agent publish', { resource: 'agent', operation: 'publish', agentId: byId(SALES_AGENT) }],
	['agent unpublish', { resource: 'agent', operation: 'unpublish', agentId: byId(SUPPORT_AGENT) }],
	['agent updateCalling', { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'inbound' }],
	['agent updateFlow', { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'llm_driven' }],
	['call end', { resource: 'call', operation: 'end', agentId: byId(SALES_AGENT), callId: 'c0ffee00-0000-4000-8000-000000000001' }],
	['call getActive', { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE }],
	['call getMany', { resource: 'call', operation: 'getMany', limit: 1 }],
	['call make', { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550009999' }],
	['flow get', { resource: 'flow', operation: 'get', agentId: byId(SUPPORT_AGENT) }],
	['flow getVersions', { resource: 'flow', operation: 'getVersions', agentId: byId(SUPPORT_AGENT) }],
	['flow validate', { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT) }],
	['phoneNumber getMany', { resource: 'phoneNumber', operation: 'getMany', limit: 1 }],
];

test('the table covers every operation the node offers', async () => {
	const { loadBuilt } = await import('../helpers/n8n');
	const offered = loadBuilt()
		.node.description.properties.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions!.show!.resource![0]} ${o.value}`));
	expect(OPERATIONS.map(([name]) => name).sort()).toEqual(offered.sort());
});

describe.each(OPERATIONS)('%s', (_name, parameters) => {
	test('Continue On Fail: the failing item is an error item paired with it, the next item still runs', async () => {
		sandbox().inject({ status: 500, body: { success: false, message: 'Internal server error.' } });
		const { output, error } = await runTalkover({ items: [{}, {}], parameters: { ...parameters, options: { maxRetries: 0 } }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(error).toBeUndefined();
		expect(output![0]).toMatchObject({ json: { error: 'Talkover had a problem on its side (HTTP 500)' }, pairedItem: { item: 0 } });
		expect(output!.length).toBeGreaterThanOrEqual(2);
		expect(output!.slice(1).every((o) => (o.pairedItem as { item: number }).item === 1)).toBe(true);
		expect(sandbox().requests).toHaveLength(2);
	});

	test('a 500 is retried for reads and updates (GET, PUT, DELETE), never for a POST', async () => {
		sandbox().inject({ status: 500, body: { success: false, message: 'Internal server error.' } });
		const { output, error } = await runTalkover({ parameters, credentials: credentials() });
		const [first] = sandbox().requests;
		if (first.method === 'POST') {
			expect(error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
			expect(sandbox().requests).toHaveLength(1);
		} else {
			expect(error).toBeUndefined();
			expect(output![0].json.error).toBeUndefined();
			expect(sandbox().requests.slice(0, 2).map((r) => [r.method, r.path])).toEqual([
				[first.method, first.path],
				[first.method, first.path],
			]);
		}
	});

	test('without Continue On Fail the workflow stops with the error', async () => {
		sandbox().inject({ status: 401, body: { success: false, message: 'Unauthenticated.' } });
		const { error, output } = await runTalkover({ items: [{}, {}], parameters, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe('Talkover did not accept the API token: it is wrong or has expired');
		expect(sandbox().requests).toHaveLength(1);
	});
});
