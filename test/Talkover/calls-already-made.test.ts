/**
 * Make Call and the calls already made: in n8n's Retry of a failed execution a call that execution placed,
 * or may have placed, is not dialled again (one refused is); Skip Numbers Called Within skips a number
 * called lately, two items to it included, and dials nothing when the calls cannot be read. The router on a
 * context whose HTTP answers are scripted (test/helpers/routerHarness.ts); through n8n's engine against the
 * sandbox: test/Talkover/retry-of-failed-execution.test.ts and test/Talkover/skip-numbers-called-within/.
 */
import type { IDataObject } from 'n8n-workflow';

import { START } from '../helpers/clock';
import { networkFailure } from '../helpers/http';
import { AGENT, FIXED, TOKEN, run, serverError, turns, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('Make Call in a retried execution (n8n\'s Retry of a failed execution)', () => {
	const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} } };
	const callUrl = `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`;

	test('a call the failed execution placed is not dialled again: the item gets that call, marked already placed; the token it echoed is not kept', async () => {
		const nodeContext: IDataObject = {};
		const first = await run({
			...makeCall,
			agents: [AGENT(1)],
			nodeContext,
			executionId: 'execution-1',
			answers: [{ body: { success: true, data: { id: 'call-1', to: '+15550000001', note: `by ${TOKEN}` } } }],
		});
		expect(first.sent).toEqual([callUrl]);
		expect(JSON.stringify(nodeContext)).not.toContain(TOKEN);
		const retry = await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [] });
		expect(retry.sent).toEqual([]);
		expect(retry.output).toEqual([
			{
				json: {
					id: 'call-1',
					to: '+15550000001',
					note: 'by ***',
					alreadyPlaced: true,
					skipped: true,
					skipReason: 'Not dialled again: execution execution-1, which this execution retries, already placed this call. To dial it anyway, turn on Options → Dial Again on Retried Executions.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a call that may have been placed (a 500) is not dialled again either: the item says so and how to check', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [serverError], continueOnFail: true });
		const retry = await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [] });
		expect(retry.sent).toEqual([]);
		expect(retry.output![0].json).toMatchObject({ to: '+15550000001', alreadyPlaced: 'maybe', skipped: true });
		expect(retry.output![0].json.skipReason).toContain('the call may have been placed (The call may have been placed: Talkover had a problem on its side (HTTP 500))');
	});

	test('n8n runs the node again over the same items in the same execution: the call its first run placed is not dialled again, and the item says so', async () => {
		const nodeContext: IDataObject = {};
		const setup = { ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-1' };
		const first = await run({ ...setup, answers: [{ body: { success: true, data: { id: 'call-1', to: '+15550000001', status: 'initiated' } } }] });
		expect(first.sent).toEqual([callUrl]);
		const again = await run({ ...setup, answers: [] });
		expect(again.sent).toEqual([]);
		expect(again.output![0].json).toEqual({
			id: 'call-1',
			to: '+15550000001',
			status: 'initiated',
			alreadyPlaced: true,
			skipped: true,
			skipReason: 'Not dialled again: this node already placed this call earlier in this execution, by another run of this node for the same item (n8n ran the node twice). To dial it anyway, turn on Options → Dial Again on Retried Executions.',
		});
	});

	test('an AI Agent’s tool asked for the same call again in the same run of the agent (its Retry On Fail): not dialled again, and the agent is told so', async () => {
		const nodeContext: IDataObject = {};
		const setup = { ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', agentTool: true };
		const first = await run({ ...setup, answers: [{ body: { success: true, data: { id: 'call-1', to: '+15550000001', status: 'initiated' } } }] });
		expect(first.sent).toEqual([callUrl]);
		const again = await run({ ...setup, answers: [] });
		expect(again.sent).toEqual([]);
		expect(again.output![0].json).toMatchObject({ id: 'call-1', alreadyPlaced: true, skipped: true });
		expect(again.output![0].json.skipReason).toBe(
			'Not dialled again: this tool already placed this call earlier in this execution, for the same run of the AI Agent (agent#0), which asked for it again. To dial it anyway, turn on Options → Dial Again on Retried Executions.',
		);
	});

	test('Skip Numbers Called Within: when the calls already made cannot be read, the item is not dialled and says why', async () => {
		const { output, sent } = await run({
			...makeCall,
			agents: [AGENT(1)],
			options: { ...FIXED, skipCalledWithinMinutes: 60 },
			answers: [serverError],
			continueOnFail: true,
		});
		expect(sent).toHaveLength(1);
		expect(sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		expect(output![0].json.error).toBe('The calls already made could not be read, so the node did not dial (Options → Skip Numbers Called Within): Talkover had a problem on its side (HTTP 500)');
	});

	test('Skip Numbers Called Within: two items that share the one read that failed each say why once', async () => {
		const { output, sent } = await run({
			...makeCall,
			parameters: (i) => ({ ...makeCall.parameters, to: `+1555000000${i + 1}` }),
			agents: [AGENT(1), AGENT(1)],
			options: { ...FIXED, skipCalledWithinMinutes: 60 },
			answers: [serverError],
			continueOnFail: true,
		});
		expect(sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		const said = 'The calls already made could not be read, so the node did not dial (Options → Skip Numbers Called Within): Talkover had a problem on its side (HTTP 500)';
		expect(output!.map((item) => item.json.error)).toEqual([said, said]);
	});
});

describe('Make Call and the calls already made', () => {
	const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} } };
	const callUrl = `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`;

	test('a refused connection placed nothing: a retried execution dials again', async () => {
		const nodeContext: IDataObject = {};
		await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [networkFailure('ECONNREFUSED')], continueOnFail: true });
		const retry = await run({ ...makeCall, agents: [AGENT(1)], nodeContext, executionId: 'execution-2', answers: [{ body: { success: true, data: { id: 'call-2', to: '+15550000001' } } }] });
		expect(retry.sent).toEqual([callUrl]);
		expect(retry.output![0].json).toEqual({ id: 'call-2', to: '+15550000001' });
	});

	test('Skip Numbers Called Within: two items to a number called lately are both skipped; a retried execution reads the calls again', async () => {
		const recent = { body: { success: true, data: [{ id: 'call-0', to: '+15550000001', status: 'completed', created_at: new Date(START - 60_000).toISOString() }] } };
		const nodeContext: IDataObject = {};
		const options = { ...FIXED, skipCalledWithinMinutes: 60 };
		const first = await run({ ...makeCall, agents: [AGENT(1), AGENT(1)], options, nodeContext, executionId: 'execution-1', answers: [recent] });
		expect(first.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		expect(first.output!.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-0', true],
		]);
		const retry = await run({ ...makeCall, agents: [AGENT(1)], options, nodeContext, executionId: 'execution-2', answers: [recent] });
		expect(retry.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`]);
		expect(retry.output![0].json.alreadyPlaced).toBeUndefined();
	});

	test('Retry On Fail inside a retried execution: the item not dialled again keeps its output', async () => {
		const nodeContext: IDataObject = {};
		const params = { ...makeCall, parameters: { ...makeCall.parameters } };
		await run({ ...params, agents: [AGENT(1)], nodeContext, executionId: 'execution-1', answers: [{ body: { success: true, data: { id: 'call-1', to: '+15550000001' } } }] });
		const retry = await run({ ...params, agents: [AGENT(1), 'not an id'], nodeContext, executionId: 'execution-2', answers: [], continueOnFail: true });
		expect(retry.output![0].json).toMatchObject({ id: 'call-1', alreadyPlaced: true });
		const again = await run({ ...params, agents: [AGENT(1), 'not an id'], nodeContext, executionId: 'execution-2', answers: [], continueOnFail: true, executeData: retry.executeData });
		expect(again.output![0].json).toMatchObject({ id: 'call-1', alreadyPlaced: true });
		expect(again.sent).toEqual([]);
	});

	test('Skip Numbers Called Within, two items at once to the same number: the second waits for the first, and both are skipped', async () => {
		const recent = { body: { success: true, data: [{ id: 'call-0', to: '+15550000001', status: 'completed', created_at: new Date(START - 60_000).toISOString() }] } };
		const { output } = await run({
			resource: 'call',
			operation: 'make',
			parameters: { to: '+15550000001', isTesting: false, additionalFields: {} },
			agents: [AGENT(1), AGENT(1)],
			options: { ...FIXED, batchSize: 2, skipCalledWithinMinutes: 60 },
			answers: [recent],
		});
		expect(output!.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-0', true],
		]);
	});

	test('two runs at once calling the same number through two Talkover Base URLs do not wait for each other: a call on one does not hold the other back', async () => {
		const make = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} }, agents: [AGENT(1)], options: { ...FIXED, skipCalledWithinMinutes: 60 } };
		const none = { body: { success: true, data: [] } };
		let answerFirst: () => void = () => undefined;
		const firstHeld = new Promise<void>((resolve) => (answerFirst = resolve));
		let firstCalling = false;
		const first = run({
			...make,
			answers: [none, async () => {
				firstCalling = true;
				await firstHeld;
				return { body: { success: true, data: { id: 'call-1', to: '+15550000001' } } };
			}],
		});
		await turns(() => firstCalling);
		const second = await run({ ...make, credentials: { apiToken: TOKEN, baseUrl: 'http://other.test' }, answers: [none, { body: { success: true, data: { id: 'call-2', to: '+15550000001' } } }] });
		expect(second.sent).toEqual([`GET http://other.test/api/v1/agents/${AGENT(1)}/calls`, `POST http://other.test/api/v1/agents/${AGENT(1)}/call`]);
		expect(second.output!.map((o) => o.json.id)).toEqual(['call-2']);
		answerFirst();
		expect((await first).output!.map((o) => o.json.id)).toEqual(['call-1']);
	});

	describe('Skip Numbers Called Within, two runs at once through one Talkover', () => {
		const X = '+15550000001';
		const Y = '+15550000002';
		const make = (numbers: string[]) => ({
			resource: 'call',
			operation: 'make',
			parameters: (i: number) => ({ to: numbers[i], isTesting: false, additionalFields: {} }),
			agents: numbers.map(() => AGENT(1)),
			options: { ...FIXED, skipCalledWithinMinutes: 60 },
		});
		const list = (...calls: Array<{ id: string; to: string }>) => ({ body: { success: true, data: calls.map((c) => ({ ...c, status: 'completed', created_at: new Date(START - 60_000).toISOString() })) } });
		const calls = `GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`;
		const place = `POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`;

		test('a call the other run placed to a number while this run waited for it is seen: the number is read again and skipped', async () => {
			let answerFirst: () => void = () => undefined;
			const firstHeld = new Promise<void>((resolve) => (answerFirst = resolve));
			let firstCalling = false;
			const first = run({
				...make([Y]),
				answers: [list(), async () => {
					firstCalling = true;
					await firstHeld;
					return { body: { success: true, data: { id: 'call-y', to: Y } } };
				}],
			});
			await turns(() => firstCalling);
			let secondPlacedX = false;
			const second = run({ ...make([X, Y]), answers: [list(), () => ((secondPlacedX = true), { body: { success: true, data: { id: 'call-x', to: X } } }), list({ id: 'call-y', to: Y })] });
			await turns(() => secondPlacedX);
			answerFirst();
			const [a, b] = await Promise.all([first, second]);
			expect(a.output!.map((o) => o.json.id)).toEqual(['call-y']);
			expect(b.sent).toEqual([calls, place, calls]);
			expect(b.output!.map((o) => [o.json.id, o.json.skipped])).toEqual([
				['call-x', undefined],
				['call-y', true],
			]);
		});

		test('when the other run placed nothing (it skipped the number), this run\'s read still holds: it is not read again', async () => {
			let answerFirst: () => void = () => undefined;
			const firstHeld = new Promise<void>((resolve) => (answerFirst = resolve));
			let firstReading = false;
			const first = run({
				...make([Y]),
				answers: [async () => {
					firstReading = true;
					await firstHeld;
					return list({ id: 'call-0', to: Y });
				}],
			});
			await turns(() => firstReading);
			let secondPlacedX = false;
			const second = run({ ...make([X, Y]), answers: [list({ id: 'call-0', to: Y }), () => ((secondPlacedX = true), { body: { success: true, data: { id: 'call-x', to: X } } })] });
			await turns(() => secondPlacedX);
			answerFirst();
			const [a, b] = await Promise.all([first, second]);
			expect(a.output!.map((o) => [o.json.id, o.json.skipped])).toEqual([['call-0', true]]);
			expect(b.sent).toEqual([calls, place]);
			expect(b.output!.map((o) => [o.json.id, o.json.skipped])).toEqual([
				['call-x', undefined],
				['call-0', true],
			]);
		});
	});
});
