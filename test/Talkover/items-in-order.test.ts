/**
 * Every item is sent, in input order, and each output item is paired with its input item: the router
 * (nodes/Talkover/actions/router.ts) on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts).
 * The same through n8n's engine against the sandbox, several items at once: test/Talkover/batching.test.ts and
 * test/Talkover/concurrency.test.ts.
 */
import { AGENT, publishUrl, published, run, useRouterHarness } from '../helpers/routerHarness';

const testClock = useRouterHarness();

describe('the router sends each item and pairs its output', () => {
	test('every item is sent in input order, and each output item is paired with its input item', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), published(2)] });
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(output).toEqual([
			{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } },
			{ json: { id: AGENT(2), current_status: 'published' }, pairedItem: { item: 1 } },
		]);
	});
	test('an item whose list is empty has no output item, and the next item keeps its pairing', async () => {
		const { output, error } = await run({
			operation: 'getMany',
			agents: [AGENT(1), AGENT(2)],
			parameters: { returnAll: false, limit: 50, filters: {} },
			answers: [{ body: { success: true, data: [] } }, { body: { success: true, data: [{ id: AGENT(2) }] } }],
		});
		expect(error).toBeUndefined();
		expect(output).toEqual([{ json: { id: AGENT(2) }, pairedItem: { item: 1 } }]);
	});
});

describe('Concurrency Auto (the default)', () => {
	test('without options every item is sent and output in input order, each paired with its item', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), published(2)], options: {} });
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Make Call with Options → Calling Hours', () => {
	test('an item outside its lead\'s hours is skipped in its place, with nothing sent for it; the item inside its hours is dialled', async () => {
		// 12:00 UTC on a Thursday: 07:00 in New York (outside 09:00–17:00), 13:00 in Berlin (inside).
		const leads = ['+12125550123', '+4930123456'];
		const hours = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00' };
		const { output, sent, error } = await run({
			resource: 'call',
			operation: 'make',
			agents: [AGENT(1), AGENT(2)],
			parameters: (i) => ({ to: leads[i], isTesting: false, additionalFields: {} }),
			options: { concurrency: 'fixed', maxRetries: 0, callingHours: { hours } },
			answers: [{ body: { success: true, data: { id: 'call-2', to: leads[1], status: 'initiated' } } }],
		});
		expect(error).toBeUndefined();
		expect(sent).toEqual([`POST http://talkover.test/api/v1/agents/${AGENT(2)}/call`]);
		expect(output!.map((o) => [o.pairedItem, o.json.skipped ?? false, o.json.nextAllowedAt ?? o.json.id])).toEqual([
			[{ item: 0 }, true, '2026-01-15T09:00:00-05:00'],
			[{ item: 1 }, false, 'call-2'],
		]);
	});

	test('an item whose retry after a 429 would leave after its lead\'s hours end is not sent again: it is skipped in its place', async () => {
		// 15:59:50 UTC on a Thursday: 16:59:50 in Berlin; Talkover asks for 20 s, which ends the hours (17:00).
		testClock().time = Date.UTC(2026, 0, 15, 15, 59, 50);
		const hours = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00' };
		const { output, sent, error } = await run({
			resource: 'call',
			operation: 'make',
			agents: [AGENT(1)],
			parameters: { to: '+4930123456', isTesting: false, additionalFields: {} },
			options: { concurrency: 'fixed', maxRetries: 2, callingHours: { hours } },
			answers: [{ statusCode: 429, headers: { 'retry-after': '20' }, body: { success: false, message: 'Too many requests' } }],
		});
		expect(error).toBeUndefined();
		expect(sent).toEqual([`POST http://talkover.test/api/v1/agents/${AGENT(1)}/call`]);
		expect(output!.map((o) => [o.pairedItem, o.json.skipped, o.json.nextAllowedAt])).toEqual([[{ item: 0 }, true, '2026-01-16T09:00:00+01:00']]);
	});

	test('with Skip Numbers Called Within too, an item outside its lead\'s hours is skipped before its calls are read: nothing is sent', async () => {
		// 12:00 UTC on a Thursday: 07:00 in New York.
		const hours = { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00' };
		const { output, sent } = await run({
			resource: 'call',
			operation: 'make',
			agents: [AGENT(1)],
			parameters: { to: '+12125550123', isTesting: false, additionalFields: {} },
			options: { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60, callingHours: { hours } },
			answers: [{ body: { success: true, data: [] } }],
		});
		expect(sent).toEqual([]);
		expect(output!.map((o) => [o.pairedItem, o.json.skipped, o.json.nextAllowedAt])).toEqual([[{ item: 0 }, true, '2026-01-15T09:00:00-05:00']]);
	});
});
