/**
 * A call of the Agent Tool (nodes/TalkoverTrigger/sources/agentToolAnswer.ts), in-process: the tool is
 * published through its hooks as in ../agentToolPublishing/, then its webhook function is called with a
 * response object shaped like Express's: the secret (kept only as a hash), the item, and the answer in time
 * (the Fallback Answer on a slow or failed workflow, on the TestClock), without waiting for the credential.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, IWebhookFunctions, IWebhookResponseData, Workflow } from 'n8n-workflow';

import * as trigger from '../../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { DEFAULT_FALLBACK } from '../../../nodes/TalkoverTrigger/sources/agentToolFields';
import { ACTIONS, staticData, useToolHooks } from '../../helpers/agentToolWorkflow';
import { expressLike } from '../../helpers/expressLike';
import { SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();
const { published, activate, storedActions } = useToolHooks({ sandbox, credentials });

describe('a call of the tool (webhook)', () => {
	const SECRET = 'a'.repeat(64);
	let calls = 0;

	/** One request to a tool of its own (its own action ID): a repeat of a request is ./client-retry.test.ts's. */
	function call(headers: IDataObject, body: unknown, toolOptions: IDataObject = {}) {
		const response = expressLike();
		const warnings: string[] = [];
		const context = {
			getWorkflowStaticData: () => ({ actionId: `x-${++calls}`, actionAgentId: SALES_AGENT, actionSecret: SECRET }),
			getHeaderData: () => headers,
			getBodyData: () => body,
			getNode: () => ({ name: 'Talkover Trigger' }),
			getCredentials: async () => ({ apiToken: 'talq_trigger_token', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : name === 'toolOptions' ? toolOptions : fallback),
			getResponseObject: () => response,
			logger: { warn: (message: string) => warnings.push(message) },
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		const result: Promise<IWebhookResponseData> = new trigger.TalkoverTrigger().webhook.call(context);
		return { result, response, warnings };
	}

	test('with the secret: one item, the body as Talkover sent it, without the secret or a token echoed', async () => {
		clock().hold();
		const { result } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+15551234567', note: `secret ${SECRET}, token talq_trigger_token` });
		expect(await result).toEqual({ workflowData: [[{ json: { phone: '+15551234567', note: 'secret ***, token ***' } }]] });
	});

	test('without or with a wrong secret: 401, nothing starts, no timer left', async () => {
		clock().hold();
		for (const headers of [{}, { 'x-n8n-talkover-secret': 'b'.repeat(64) }, { 'x-n8n-talkover-secret': SECRET.slice(1) }]) {
			const { result, response } = call(headers, { phone: '+15551234567' });
			expect(await result).toEqual({ noWebhookResponse: true });
			expect(response.answers).toEqual([{ status: 401, body: { message: 'Unauthorized: this webhook only accepts calls of this tool from Talkover' } }]);
		}
		expect(clock().pending).toBe(0);
	});

	test('the secret header given twice (Node joins them: "s, s"): 401, nothing starts', async () => {
		clock().hold();
		const { result, response } = call({ 'x-n8n-talkover-secret': `${SECRET}, ${SECRET}` }, { phone: '+1' });
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(response.answers.map((a) => a.status)).toEqual([401]);
	});

	test('a body with an own "__proto__" key keeps it as data (nothing polluted); a body that is a list is one item', async () => {
		clock().hold();
		const polluted = call({ 'x-n8n-talkover-secret': SECRET }, JSON.parse('{"__proto__": {"polluted": "talq_trigger_token"}, "phone": "+1"}'));
		const item = ((await polluted.result).workflowData as unknown as Array<Array<{ json: IDataObject }>>)[0][0].json;
		expect(Object.keys(item).sort()).toEqual(['__proto__', 'phone']);
		expect(({} as IDataObject).polluted).toBeUndefined();
		const list = call({ 'x-n8n-talkover-secret': SECRET }, [1, 2]);
		expect(((await list.result).workflowData as unknown as unknown[][])[0]).toEqual([{ json: { body: [1, 2] } }]);
	});

	test('the workflow answers in time: its answer goes out untouched, no fallback later', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		expect(clock().waits).toEqual([10_000]);
		response.status(200).json({ name: 'Ada Lovelace' });
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toEqual([{ status: 200, body: { name: 'Ada Lovelace' } }]);
		expect(clock().pending).toBe(0);
		expect(warnings).toEqual([]);
	});

	test('slower than the Answer Time Limit: the fallback at the limit; the late result is dropped without an error', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' }, { timeLimit: 3, fallbackAnswer: 'Give me a second, the CRM is slow.' });
		await result;
		expect(clock().waits).toEqual([3_000]);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(clock().time - Date.UTC(2026, 0, 15, 12)).toBe(3_000);
		expect(response.answers).toEqual([{ status: 200, body: { message: 'Give me a second, the CRM is slow.' } }]);
		// n8n answers later with the workflow's result: nothing is written, nothing throws.
		expect(() => response.status(200).json({ name: 'late' })).not.toThrow();
		expect(() => response.setHeader('content-type', 'application/json')).not.toThrow();
		expect(response.answers).toHaveLength(1);
		expect(warnings).toEqual(['Talkover agent tool "Talkover Trigger": answered with the Fallback Answer (no answer within 3 s)']);
	});

	test('Respond to Webhook mode, the workflow fails before that node (n8n answers 200 without a body): the fallback instead', async () => {
		clock().hold();
		const { result, response } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.status(200).json(undefined);
		expect(response.answers).toEqual([{ status: 200, body: { message: DEFAULT_FALLBACK } }]);
		clock().release();
	});

	test.each([
		['an empty object', {}],
		['an empty list', []],
		['null', null],
		['`{}` as JSON text', ' {} '],
		['n8n 2.x’s own 200 when the last node returned nothing', { message: 'Workflow executed successfully but the last node did not return any data' }],
		['n8n 2.8.4’s answer when the execution’s run data is not there (webhook-helpers.js)', { message: 'Workflow executed successfully but no data was returned' }],
		['n8n’s own empty answer as JSON text', '{"message":"Workflow executed successfully but the last node did not return any data"}'],
	])('the workflow answers %s: nothing to say, so the agent gets the fallback text', async (_what, body) => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.status(200).json(body);
		expect(response.answers).toEqual([{ status: 200, body: { message: DEFAULT_FALLBACK } }]);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(warnings).toEqual(['Talkover agent tool "Talkover Trigger": answered with the Fallback Answer (the workflow’s answer was empty)']);
	});

	test('an answer with something in it (a message of its own, `0`, `false`, a list with an item) goes out untouched', async () => {
		for (const body of [{ message: 'Found Ada' }, 0, false, [{}], { message: 'did not return any data', other: 1 }]) {
			clock().hold();
			const { result, response } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
			await result;
			response.status(200).json(body);
			expect(response.answers).toEqual([{ status: 200, body }]);
			clock().release();
			await new Promise((r) => setImmediate(r));
		}
	});

	test('a real answer that merely mentions "did not return any data" or "no data was returned" goes out untouched: only n8n’s own two empty answers, word for word, get the fallback', async () => {
		for (const body of [
			{ message: 'The CRM did not return any data for +15551234567, so I could not find you.' },
			{ message: 'No data was returned by the calendar for Monday; Tuesday at 10:00 is free.' },
			{ message: 'Workflow did not return any data' },
			{ message: 'workflow executed successfully but the last node did not return any data' },
			{ message: 'Workflow executed successfully but the last node did not return any data.' },
			{ message: ' Workflow executed successfully but no data was returned' },
			'Sorry, the lookup did not return any data.',
		]) {
			clock().hold();
			const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
			await result;
			if (typeof body === 'string') response.status(200).send(body);
			else response.status(200).json(body);
			expect(response.answers).toEqual([{ status: 200, body }]);
			clock().release();
			await new Promise((r) => setImmediate(r));
			expect(warnings).toEqual([]);
		}
	});

	test('an Answer Time Limit from an expression outside 1–120 s on a call: kept within it (never the fallback at once)', async () => {
		for (const [timeLimit, wait] of [[0.001, 1_000], [-5, 1_000], [1e9, 120_000], ['abc', 10_000]] as const) {
			clock().hold();
			const { result } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' }, { timeLimit });
			await result;
			expect(clock().waits.at(-1)).toBe(wait);
			clock().release();
			await new Promise((r) => setImmediate(r));
		}
	});

	test('Respond to Webhook mode when n8n saves changed static data first (n8n 2.8.4: an empty end() on the next tick, the answer after the save): the answer goes out', async () => {
		clock().hold();
		const { result, response } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.end();
		expect(response.answers).toEqual([]);
		response.status(200).json({ booked: '10:00' });
		expect(response.answers).toEqual([{ status: 200, body: { booked: '10:00' } }]);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toHaveLength(1);
	});

	test('an empty end() and nothing after it: the fallback at the Answer Time Limit (never an empty 200)', async () => {
		clock().hold();
		const { result, response } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.end();
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toEqual([{ status: 200, body: { message: DEFAULT_FALLBACK } }]);
	});

	test('the client gives up before the answer (its connection closes): nothing more is written to it, no fallback at the limit, no timer left', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		expect('workflowData' in (await result)).toBe(true);
		expect(clock().pending).toBe(1);
		response.hangUp();
		expect(clock().pending).toBe(0);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toEqual([]);
		expect(warnings).toEqual([]);
	});

	test('the workflow fails (n8n answers 500 "Error in workflow"): the fallback instead, 200', async () => {
		clock().hold();
		const { result, response, warnings } = call({ 'x-n8n-talkover-secret': SECRET }, { phone: '+1' });
		await result;
		response.status(500).json({ message: 'Error in workflow' });
		expect(response.answers).toEqual([{ status: 200, body: { message: DEFAULT_FALLBACK } }]);
		clock().release();
		await new Promise((r) => setImmediate(r));
		expect(response.answers).toHaveLength(1);
		expect(warnings).toEqual(['Talkover agent tool "Talkover Trigger": answered with the Fallback Answer (the workflow failed)']);
	});
});

describe('the tool’s secret is kept only as a hash (n8n saves the static data with every execution)', () => {
	const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
	/** The secret as the node sent it to Talkover (the action's custom header). */
	const sentSecret = () => String((storedActions().at(-1)!.custom_headers as IDataObject[])[0].value);

	/** One call of the published tool, with n8n's static data of the workflow (a request's copy: what it writes is dropped). */
	function callWith(workflow: Workflow, headers: IDataObject, body: unknown, getCredentials = async () => ({ apiToken: 'talq_trigger_token', baseUrl: 'https://app.talkover.ai' })) {
		const response = expressLike();
		const data = staticData(workflow);
		const context = {
			getWorkflowStaticData: () => data,
			getHeaderData: () => headers,
			getBodyData: () => body,
			getNode: () => ({ name: 'Talkover Trigger', credentials: { talkoverApi: { id: `cred-${Math.random()}`, name: 'Talkover API' } } }),
			getCredentials,
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : fallback),
			getResponseObject: () => response,
			helpers: { returnJsonArray: (json: IDataObject) => [{ json }] },
		} as unknown as IWebhookFunctions;
		return { result: new trigger.TalkoverTrigger().webhook.call(context), response };
	}

	test('publish: the secret sent to Talkover is nowhere in the static data, only its SHA-256; a call with the secret starts the workflow, a call with the hash does not', async () => {
		clock().hold();
		const { workflow } = await published();
		const secret = sentSecret();
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(staticData(workflow))).not.toContain(secret);
		expect(staticData(workflow).actionSecret).toBe(sha256(secret));
		expect('workflowData' in (await callWith(workflow, { 'x-n8n-talkover-secret': secret }, { phone: '+1' }).result)).toBe(true);
		const byHash = callWith(workflow, { 'x-n8n-talkover-secret': String(staticData(workflow).actionSecret) }, { phone: '+1' });
		expect(await byHash.result).toEqual({ noWebhookResponse: true });
		expect(byHash.response.answers.map((a) => a.status)).toEqual([401]);
	});

	test('a record an earlier version kept in clear: calls still answered (the request writes nothing); the next publish or n8n restart keeps the action and leaves only the hash', async () => {
		clock().hold();
		const { workflow, node, actionId } = await published();
		const secret = sentSecret();
		staticData(workflow).actionSecret = secret;
		const before = JSON.stringify(staticData(workflow));
		expect('workflowData' in (await callWith(workflow, { 'x-n8n-talkover-secret': secret }, { phone: '+1 before' }).result)).toBe(true);
		expect(JSON.stringify(staticData(workflow))).toBe(before);
		sandbox().requests.length = 0;
		await activate(workflow, node);
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', ACTIONS]]);
		expect(staticData(workflow).actionId).toBe(actionId);
		expect(staticData(workflow).actionSecret).toBe(sha256(secret));
		expect(JSON.stringify(staticData(workflow))).not.toContain(secret);
		expect('workflowData' in (await callWith(workflow, { 'x-n8n-talkover-secret': secret }, { phone: '+1 after' }).result)).toBe(true);
	});

	test('the item masks the secret, the tokens and any action header value Talkover sends along', async () => {
		clock().hold();
		const { workflow } = await published();
		const secret = sentSecret();
		const body = { phone: '+1', note: `secret ${secret} token talq_trigger_token`, action: { custom_headers: [{ key: 'X-Api-Key', value: 'sk_live_other_action' }] } };
		const result = await callWith(workflow, { 'x-n8n-talkover-secret': secret }, body).result;
		const item = (result.workflowData as unknown as Array<Array<{ json: IDataObject }>>)[0][0].json;
		expect(item).toEqual({ phone: '+1', note: 'secret *** token ***', action: { custom_headers: [{ key: 'X-Api-Key', value: '***' }] } });
	});

	test('a re-publish whose answer echoes the secret: its error masks it (the secret is found by its hash)', async () => {
		const { workflow, node } = await published();
		const secret = sentSecret();
		sandbox().inject({ method: 'GET', path: ACTIONS, status: 500, body: { success: false, message: `Server error while reading X-N8n-Talkover-Secret: ${secret}!` }, times: Infinity } as never);
		let error: unknown;
		await activate(workflow, node).catch((e) => (error = e));
		expect(String((error as Error).message)).toMatch(/HTTP 500/);
		expect(JSON.stringify({ m: (error as Error).message, d: (error as { description?: string }).description, e: error })).not.toContain(secret);
		expect(String((error as Error).message)).toContain('X-N8n-Talkover-Secret: ***!');
	});
});

describe('a call of the tool does not wait for the credential to be read', () => {
	test('the credential’s tokens are read once per credential and process, kept in memory, and read again beside a call after a minute', async () => {
		clock().hold();
		let reads = 0;
		const credentialsOf = async () => {
			reads++;
			return { apiToken: reads === 1 ? 'talq_first_token' : 'talq_rotated_token', baseUrl: 'https://app.talkover.ai' };
		};
		const SECRET = 'e'.repeat(64);
		const data = { actionId: 'tokens-kept', actionAgentId: SALES_AGENT, actionSecret: SECRET };
		const call = (note: string) => {
			const context = {
				getWorkflowStaticData: () => data,
				getHeaderData: () => ({ 'x-n8n-talkover-secret': SECRET }),
				getBodyData: () => ({ note, n: Math.random() }),
				getNode: () => ({ name: 'Talkover Trigger', credentials: { talkoverApi: { id: 'cred-kept-in-memory', name: 'Talkover API' } } }),
				getCredentials: credentialsOf,
				getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : fallback),
				getResponseObject: () => expressLike(),
				helpers: { returnJsonArray: (json: IDataObject) => [{ json }] },
			} as unknown as IWebhookFunctions;
			return new trigger.TalkoverTrigger().webhook.call(context).then((r) => (r.workflowData as unknown as Array<Array<{ json: IDataObject }>>)[0][0].json.note);
		};
		expect(await call('a talq_first_token b')).toBe('a *** b');
		expect(await call('a talq_first_token b')).toBe('a *** b');
		expect(reads).toBe(1);
		clock().time += 61_000;
		await call('after a minute');
		await new Promise((resolve) => setImmediate(resolve));
		expect(reads).toBe(2);
		expect(await call('talq_rotated_token and talq_first_token')).toBe('*** and ***');
		expect(reads).toBe(2);
	});
});
