/**
 * How many items are on their way at once (Options → Concurrency: Auto by default, Batch Size from the
 * first item), and what Auto's sharing of a token leaves to each item: its own Max Retries, and its time
 * limit, which counts the wait for a place. The router on a context whose HTTP answers are scripted
 * (test/helpers/routerHarness.ts); through n8n's engine against the sandbox: test/Talkover/concurrency.test.ts,
 * test/Talkover/batching.test.ts and test/Talkover/time-limits.test.ts.
 */
import { accountPacing } from '../../nodes/shared/transport/rateLimit';
import type { Answer } from '../helpers/http';
import type { Setup } from '../helpers/routerHarness';
import { AGENT, FIXED, TOKEN, otherExecutionHoldsAutoPlace, publishUrl, published, run, serverError, turns, useRouterHarness } from '../helpers/routerHarness';

const testClock = useRouterHarness();

describe('how many items are on their way at once', () => {
	test('Batch Size comes from the first item: 3 at a time, whatever later items say', async () => {
		const agents = [AGENT(1), AGENT(2), AGENT(3), AGENT(4)];
		const { concurrent, output } = await run({
			agents,
			answers: agents.map((_, i) => published(i + 1)),
			options: (i) => (i === 0 ? { ...FIXED, batchSize: 3 } : { ...FIXED, batchSize: 1 }),
		});
		expect(Math.max(...concurrent)).toBe(3);
		expect(output).toHaveLength(4);
	});

	test('Auto (the default): one item at a time until three have succeeded, then more at once', async () => {
		const agents = Array.from({ length: 8 }, (_, i) => AGENT(i + 1));
		const { concurrent, output } = await run({ agents, answers: agents.map((_, i) => published(i + 1)), options: { maxRetries: 0 } });
		expect(output).toHaveLength(8);
		expect(concurrent.slice(0, 3)).toEqual([1, 1, 1]);
		expect(Math.max(...concurrent)).toBeGreaterThan(1);
	});
});

describe('the run\'s concurrency before the first item\'s options are read', () => {
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

	test('when the first item\'s options are bad, the other items go one after the other', async () => {
		const agents = Array.from({ length: 7 }, (_, i) => AGENT(i + 1));
		const { output, concurrent, sent } = await run({
			agents,
			answers: agents.slice(1).map((_, i) => published(i + 2)),
			continueOnFail: true,
			options: (i) => (i === 0 ? { maxRetries: -3 } : { maxRetries: 0 }),
		});
		expect(sent).toHaveLength(6);
		expect(output).toHaveLength(7);
		expect(Math.max(...concurrent)).toBe(1);
	});
});

const agent = { body: { success: true, data: { id: AGENT(1), name: 'Lead caller' } } };
const getUrl = `GET http://talkover.test/api/v1/agents/${AGENT(1)}`;

describe('the item\'s own Max Retries holds in Auto', () => {
	test('Max Retries 0: a Get that fails with a 500 is sent once, and the item is an error', async () => {
		const { output, sent } = await run({ operation: 'get', agents: [AGENT(1)], options: { maxRetries: 0 }, continueOnFail: true, answers: [serverError, agent] });
		expect(sent).toEqual([getUrl]);
		expect(String(output![0].json.error)).toMatch(/HTTP 500/);
	});

	test('Max Retries 1: the same Get is sent again and the item gets the agent', async () => {
		const { output, sent } = await run({ operation: 'get', agents: [AGENT(1)], options: { maxRetries: 1 }, continueOnFail: true, answers: [serverError, agent] });
		expect(sent).toEqual([getUrl, getUrl]);
		expect(output![0].json).toEqual({ id: AGENT(1), name: 'Lead caller' });
	});
});

describe('Auto, the time an item waits for its slot counts against its time limit', () => {
	const MINUTE = 60_000;
	const credentials = { apiToken: TOKEN, baseUrl: 'http://talkover.test' };
	const tooMany: Answer = { statusCode: 429, headers: { 'retry-after': '90' }, body: { success: false, message: 'Too many requests.' } };
	/**
	 * Another execution on the same token holds Auto's only place (one item at a time until three have
	 * succeeded) while `waitedMs` pass; then it is answered and the item of `setup` gets the place.
	 */
	async function afterWaiting(waitedMs: number, setup: Pick<Setup, 'answers' | 'options'>) {
		const { other, answerOther } = await otherExecutionHoldsAutoPlace();
		const mine = run({ agents: [AGENT(1)], credentials, options: { maxRetries: 0 }, continueOnFail: true, ...setup });
		await turns(() => accountPacing('http://talkover.test', TOKEN).waiting.slots === 1);
		testClock().time += waitedMs;
		answerOther();
		expect((await other).output).toHaveLength(1);
		return await mine;
	}

	test('an item that waited its whole time limit (5 minutes) for a place fails without being sent, saying it queued too long', async () => {
		const { output, sent } = await afterWaiting(5 * MINUTE, { answers: [published(1)] });
		expect(sent).toEqual([]);
		expect(output).toHaveLength(1);
		expect(String(output![0].json.message).split('\n')).toEqual([
			'Not sent: no turn to send within 5 minutes',
			'Nothing reached Talkover: the agent was not published.',
			'Other requests with the same token (in this or other executions) held every place for 5 minutes, the most one item may take. Nothing reached Talkover. Run the item again later, or send fewer items at once.',
		]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('an item that waited 4 minutes for a place has 1 minute left: a 429 asking for 90 seconds is not waited for, and the error counts the 4 minutes', async () => {
		const { output, sent } = await afterWaiting(4 * MINUTE, { answers: [tooMany, published(1)], options: { maxRetries: 1 } });
		expect(sent).toEqual([publishUrl(1)]);
		expect(output).toHaveLength(1);
		expect(String(output![0].json.message).split('\n').slice(0, 5)).toEqual([
			'Talkover rate limit reached: too many requests in a short time',
			'HTTP status: 429',
			'Talkover said: "Too many requests."',
			'Talkover asks to wait 90 seconds before the next request.',
			'Tried 1 time and waited 240 seconds in all.',
		]);
	});

	test('an item that did not wait has its whole time limit: the same 429 is waited for and the item is sent again', async () => {
		const { output, sent } = await afterWaiting(0, { answers: [tooMany, published(1)], options: { maxRetries: 1 } });
		expect(sent).toEqual([publishUrl(1), publishUrl(1)]);
		expect(output).toEqual([{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } }]);
	});
});
