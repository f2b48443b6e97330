/**
 * What n8n shows when publishing or unpublishing a workflow with the Talkover Trigger fails
 * (nodes/TalkoverTrigger/hookErrors.ts, applied to every hook in TalkoverTrigger.node.ts): n8n 1.123
 * and 2.8 show only a NodeApiError's description (else the message) and only the message of any other error;
 * 2.41 shows the message and a NodeApiError's description. Each hook error therefore says the problem and
 * what to do in its message, with no description beside it.
 */
import { createServer } from 'node:net';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { shownOnPublish } from '../../nodes/TalkoverTrigger/hookErrors';
import { AGENT, hookContext, hooks, LOOK_UP_CALLER, toolWorkflow, useToolHooks } from '../helpers/agentToolWorkflow';
import { SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
useToolHooks({ sandbox, credentials });

/** What each n8n line shows of an activation's error (workflow.service.js of 1.123.81, 2.8.4 and 2.41.1). */
function shownBy(error: Error & { description?: string | null }): Record<string, string> {
	const api = error instanceof NodeApiError;
	return {
		'1.123': (api ? error.description : undefined) ?? error.message,
		'2.8': api ? (error.description ?? error.message) : error.message,
		'2.41': [error.message, api ? (error.description ?? undefined) : undefined].filter(Boolean).join('\n'),
	};
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function publishError(parameters = LOOK_UP_CALLER, creds = credentials()): Promise<Error & { description?: string | null }> {
	const { workflow, node } = toolWorkflow(parameters);
	const context = () => hookContext(workflow, node, creds);
	let error: unknown;
	try {
		if (!(await hooks.checkExists.call(context()))) await hooks.create.call(context());
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(Error);
	return error as Error & { description?: string | null };
}

describe('a failed publish shows the problem and what to do on every n8n line', () => {
	test('Talkover cannot be reached (connection refused): "could not reach", the address, and to check the Base URL', async () => {
		const error = await publishError(LOOK_UP_CALLER, { ...credentials(), baseUrl: `http://127.0.0.1:${await closedPort()}` });
		for (const shown of Object.values(shownBy(error))) {
			expect(shown).toContain('Could not reach Talkover: the connection was refused');
			expect(shown).toContain('Check the Base URL of the "Talkover API" credential and your network.');
		}
	});

	test('the agent’s status cannot be read ("PUBLISHED"): the status Talkover sent, and where the answer came from', async () => {
		sandbox().inject({ method: 'GET', path: AGENT, times: Infinity, reply: () => ({ status: 200, body: { success: true, data: { id: SALES_AGENT, name: 'SalesBot', current_status: 'PUBLISHED' } } }) } as never);
		const error = await publishError();
		for (const shown of Object.values(shownBy(error))) {
			expect(shown).toContain('"PUBLISHED"');
			expect(shown).toContain(`The answer came from GET ${AGENT}`);
		}
	});

	test('Agent Events, the API token refused: the problem and to paste a current token', async () => {
		const error = await publishError({ source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'] } as never, { ...credentials(), apiToken: 'talq_wrong_token_0123456789abcdef' });
		for (const shown of Object.values(shownBy(error))) {
			expect(shown).toContain('Talkover did not accept the API token');
			expect(shown).toContain('paste a current token');
		}
	});

	test('a field refused before anything is sent: the field and that nothing was sent', async () => {
		const error = await publishError({ ...LOOK_UP_CALLER, toolName: ' ' });
		for (const shown of Object.values(shownBy(error))) expect(shown).toBe(`Tool Name: is required but empty. Nothing was sent to Talkover (agent ${SALES_AGENT}).`);
	});
});

describe('shownOnPublish: the description joins the message, once', () => {
	const node = { id: 'n', name: 'Talkover Trigger', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

	test('a NodeApiError: message then description, no description left; class, httpCode and context kept', () => {
		const error = new NodeApiError(node, { message: 'x' }, { message: 'Could not reach Talkover: refused', description: 'Check the Base URL.', httpCode: '404' });
		error.context.notSent = true;
		const shown = shownOnPublish(error);
		expect(shown).toBe(error);
		expect(shown.message).toBe('Could not reach Talkover: refused. Check the Base URL.');
		expect(shown.description).toBeUndefined();
		expect(shown.httpCode).toBe('404');
		expect(shown.context.notSent).toBe(true);
	});

	test('a message ending in punctuation gets no second; a description holding the message, or held by it, is shown once', () => {
		expect(shownOnPublish(new NodeOperationError(node, 'The agent is in draft:', { description: 'publish it.' })).message).toBe('The agent is in draft: publish it.');
		expect(shownOnPublish(new NodeOperationError(node, 'Refused', { description: 'Refused: check the token.' })).message).toBe('Refused: check the token.');
		expect(shownOnPublish(new NodeOperationError(node, 'Refused: check the token.', { description: 'check the token.' })).message).toBe('Refused: check the token.');
	});

	test('an error without a description, and anything that is not an object, are left as they are', () => {
		const plain = new NodeOperationError(node, 'Events: choose at least one event');
		expect(shownOnPublish(plain).message).toBe('Events: choose at least one event');
		expect(shownOnPublish('text')).toBe('text');
		expect(shownOnPublish(undefined)).toBeUndefined();
	});
});
