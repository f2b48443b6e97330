/**
 * n8n's Retry On Fail sends nothing twice: on the next try an item Talkover answered keeps its answer, an item
 * Talkover may have acted on keeps its error, an item skipped keeps its skip; only what was not acted on is
 * sent again. The router on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts);
 * through n8n's engine against the sandbox: test/Talkover/continue-on-fail.test.ts and test/faults/send-once.test.ts.
 */
import { START } from '../helpers/clock';
import { networkFailure } from '../helpers/http';
import { prepareRun, routeItems } from '../../nodes/Talkover/actions/router';
import { AGENT, context, publishUrl, published, run, serverError, useRouterHarness } from '../helpers/routerHarness';

const testClock = useRouterHarness();

describe('n8n\'s Retry On Fail sends nothing twice', () => {
	test('after a 500 on Publish, the next try sends nothing: the item that got its answer keeps it, the other its error', async () => {
		const first = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError] });
		expect(first.sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(first.error?.message).toBe('The agent may have been published: Talkover had a problem on its side (HTTP 500)');
		const again = await run({ agents: [AGENT(1), AGENT(2)], answers: [], executeData: first.executeData });
		expect(again.sent).toEqual([]);
		expect(again.error?.message).toBe(first.error?.message);
		const continued = await run({ agents: [AGENT(1), AGENT(2)], answers: [], executeData: first.executeData, continueOnFail: true });
		expect(continued.sent).toEqual([]);
		expect(continued.output!.map((o) => o.json.error ?? o.json.id)).toEqual([AGENT(1), 'The agent may have been published: Talkover had a problem on its side (HTTP 500)']);
	});

	test('a refused connection was not acted on: the next try sends the item again', async () => {
		const first = await run({ agents: [AGENT(1)], answers: [networkFailure('ECONNREFUSED')] });
		expect(first.error?.message).toBe('Could not reach Talkover: the connection was refused');
		const again = await run({ agents: [AGENT(1)], answers: [published(1)], executeData: first.executeData });
		expect(again.sent).toEqual([publishUrl(1)]);
		expect(again.output).toEqual([{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } }]);
	});

	test('a Delete that got a 500 is sent again, and its "not found" then means the first try deleted the agent', async () => {
		const first = await run({ operation: 'delete', agents: [AGENT(1)], answers: [serverError] });
		expect(first.error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		const again = await run({ operation: 'delete', agents: [AGENT(1)], answers: [{ statusCode: 404, body: { success: false, message: 'Agent not found.' } }], executeData: first.executeData });
		expect(again.sent).toEqual([`DELETE http://talkover.test/api/v1/agents/${AGENT(1)}`]);
		expect(again.output).toEqual([
			{
				json: { deleted: true, id: AGENT(1), note: 'Talkover answered "not found" when the delete was sent again after an unclear answer: the agent is gone (deleted by the first attempt, or gone before it)' },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a Delete that got a 422 was not acted on: a 404 on the next try is an error, not "deleted"', async () => {
		const first = await run({ operation: 'delete', agents: [AGENT(1)], answers: [{ statusCode: 422, body: { success: false, message: 'Agent is published.' } }] });
		expect(first.error).toBeDefined();
		const again = await run({ operation: 'delete', agents: [AGENT(1)], answers: [{ statusCode: 404, body: { success: false, message: 'Agent not found.' } }], executeData: first.executeData });
		expect(again.error?.message).toMatch(/^Agent not found/);
	});
});

describe('a skipped item is recorded for Retry On Fail', () => {
	test('Skip Numbers Called Within: an item skipped on the first try of Retry On Fail keeps its skip on the next, even when the call it found has left the window meanwhile; it is not dialled', async () => {
		const makeCall = { resource: 'call', operation: 'make', parameters: { to: '+15550000001', isTesting: false, additionalFields: {} } };
		const options = { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60 };
		// Called 59 min 59.5 s ago: within the hour on the first try, out of it a second later.
		const recent = { body: { success: true, data: [{ id: 'call-0', to: '+15550000001', status: 'completed', created_at: new Date(START - 3_600_000 + 500).toISOString() }] } };
		const readFails = { statusCode: 500, body: { success: false, message: 'Internal server error.' } };
		const first = await run({ ...makeCall, agents: [AGENT(1), AGENT(2)], options, answers: [recent, readFails] });
		expect(first.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(1)}/calls`, `GET http://talkover.test/api/v1/agents/${AGENT(2)}/calls`]);
		expect(first.error?.message).toMatch(/^The calls already made could not be read/);
		// n8n's Wait Between Tries (1 s), then the next try on the same execution data.
		testClock().time += 1_000;
		const placed = { body: { success: true, data: { id: 'call-2', to: '+15550000001' } } };
		const again = await run({ ...makeCall, agents: [AGENT(1), AGENT(2)], options, executeData: first.executeData, answers: [{ body: { success: true, data: [] } }, placed] });
		expect(again.sent).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(2)}/calls`, `POST http://talkover.test/api/v1/agents/${AGENT(2)}/call`]);
		expect(again.output!.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-2', undefined],
		]);
	});

	test('Make and Wait for Outcome: on the next try of Retry On Fail it waits on the calls Talkover accepted, each from when Talkover accepted it, and not on an item skipped', async () => {
		const number = (i: number) => `+1555000000${i + 1}`;
		const makeCall = { resource: 'call', operation: 'make', parameters: (i: number) => ({ to: number(i), isTesting: false, additionalFields: {} }) };
		const options = { concurrency: 'fixed', maxRetries: 0, skipCalledWithinMinutes: 60 };
		const agents = [AGENT(1), AGENT(2), AGENT(3)];
		const recent = { body: { success: true, data: [{ id: 'call-0', to: number(0), status: 'completed', created_at: new Date(START - 60_000).toISOString() }] } };
		const none = { body: { success: true, data: [] } };
		const placed = (i: number) => ({ body: { success: true, data: { id: `call-${i}`, to: number(i) } } });
		const readFails = { statusCode: 500, body: { success: false, message: 'Internal server error.' } };
		const first = await run({ ...makeCall, agents, options, answers: [recent, none, placed(1), readFails] });
		expect(first.error?.message).toMatch(/^The calls already made could not be read/);
		testClock().time += 1_000;
		const { ctx, requests } = context({ ...makeCall, agents, options, executeData: first.executeData, answers: [none, placed(2)] });
		const routed = await routeItems.call(ctx, await prepareRun.call(ctx));
		expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET http://talkover.test/api/v1/agents/${AGENT(3)}/calls`, `POST http://talkover.test/api/v1/agents/${AGENT(3)}/call`]);
		expect(routed.output.map((o) => [o.pairedItem, o.json.id, o.json.skipped])).toEqual([
			[{ item: 0 }, 'call-0', true],
			[{ item: 1 }, 'call-1', undefined],
			[{ item: 2 }, 'call-2', undefined],
		]);
		expect([...routed.accepted.keys()]).toEqual([1, 2]);
		expect(routed.accepted.get(1)).toEqual(routed.output[1].json);
		expect(routed.accepted.get(2)).toEqual(routed.output[2].json);
		expect([...routed.acceptedAt.entries()].sort(([a], [b]) => a - b)).toEqual([
			[1, START],
			[2, START + 1_000],
		]);
	});
});
