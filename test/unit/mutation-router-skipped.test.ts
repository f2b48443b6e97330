/**
 * Issue 25 review: router mutants docs/mutation.md lists as equivalent that a run tells apart.
 */
import { accountPacing, resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { START, useTestClock } from '../helpers/clock';
import { AGENT, otherExecutionHoldsAutoPlace, published, publishUrl, run, TOKEN, turns } from './routerHarness';

const testClock = useTestClock();
beforeEach(() => resetRateLimitState());

describe('issue 25: router line 165 (a skipped item is recorded for Retry On Fail)', () => {
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
});

describe('issue 25: router line 110 (`auto` before the first item\'s options are read)', () => {
	test('when the first item\'s options are bad, the others go with Batch Size 1 and do not wait for an Auto place another execution holds', async () => {
		const credentials = { apiToken: TOKEN, baseUrl: 'http://talkover.test' };
		const { other, answerOther } = await otherExecutionHoldsAutoPlace();
		let mineSent = false;
		const mine = run({
			agents: [AGENT(1), AGENT(2)],
			credentials,
			continueOnFail: true,
			options: (i) => (i === 0 ? { maxRetries: -3 } : { maxRetries: 0 }),
			answers: [
				() => {
					mineSent = true;
					return published(2);
				},
			],
		});
		await turns(() => mineSent || accountPacing('http://talkover.test', TOKEN).waiting.slots > 0);
		const sentWhileHeld = mineSent;
		answerOther();
		await other;
		const { output, sent } = await mine;
		expect(sentWhileHeld).toBe(true);
		expect(sent).toEqual([publishUrl(2)]);
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
