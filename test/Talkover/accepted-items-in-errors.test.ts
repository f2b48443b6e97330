/**
 * The error that stops a run names the items Talkover had already accepted (they are not in the output), in
 * number order, after Talkover's own words, once, and only for operations that may not be repeated. The
 * router on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts); through n8n's engine
 * against the sandbox: test/Talkover/concurrency.test.ts.
 */
import type { Answer } from '../helpers/http';
import { AGENT, FIXED, publishUrl, published, run, serverError, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('the error that stops a run names the items Talkover had already accepted', () => {
	test('one item accepted before the failure: "item 0 … it … It is not in the output", with the operation\'s own check', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), { statusCode: 422, body: { success: false, message: 'No flow.' } }] });
		expect(error?.message).toBe('Talkover rejected the data: No flow.');
		expect(error?.description?.split('\n').at(-1)).toBe(
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send it again.",
		);
	});

	test('several: "items 0, 1 … them … They are", in item order', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2), AGENT(3)], answers: [published(1), published(2), serverError] });
		expect(error?.description?.split('\n').at(-1)).toBe(
			"Before the node stopped, Talkover had already accepted items 0, 1. They are not in the output because the node stopped; before you send them again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send them again.",
		);
	});

	test('more than 20: the first 20 in number order, then how many more', async () => {
		const agents = Array.from({ length: 23 }, (_, i) => AGENT(i + 1));
		const { error } = await run({ agents, answers: [...agents.slice(0, 22).map((_, i) => published(i + 1)), serverError] });
		expect(error?.description?.split('\n').at(-1)).toMatch(
			/^Before the node stopped, Talkover had already accepted items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 and 2 more\. They are/,
		);
	});

	test('exactly 20: all are named, with nothing after them', async () => {
		const agents = Array.from({ length: 21 }, (_, i) => AGENT(i + 1));
		const { error } = await run({ agents, answers: [...agents.slice(0, 20).map((_, i) => published(i + 1)), serverError] });
		expect(error?.description?.split('\n').at(-1)).toMatch(/accepted items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19\. They are/);
	});

	test('on the next try of Retry On Fail the line is replaced, not repeated', async () => {
		const first = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError] });
		const again = await run({ agents: [AGENT(1), AGENT(2)], answers: [], executeData: first.executeData });
		const lines = again.error?.description?.split('\n') ?? [];
		expect(lines.filter((line) => line.startsWith('Before the node stopped'))).toHaveLength(1);
		expect(lines).toEqual(first.error?.description?.split('\n'));
		expect(lines).not.toContain('');
	});

	test('reads (Get) are not listed: sending them again changes nothing', async () => {
		const { error } = await run({ operation: 'get', agents: [AGENT(1), AGENT(2)], answers: [{ body: { success: true, data: { id: AGENT(1) } } }, serverError] });
		expect(error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(error?.description).not.toContain('Before the node stopped');
	});

	test('with Continue On Fail nothing stops, so no item is named', async () => {
		const { output } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), serverError], continueOnFail: true });
		expect(String(output![1].json.message)).not.toContain('Before the node stopped');
	});

	test('the items Talkover accepted are named in number order, whichever answered first', async () => {
		let answerFirst: () => void = () => undefined;
		const firstHeld = new Promise<void>((resolve) => (answerFirst = resolve));
		const { error } = await run({
			agents: [AGENT(1), AGENT(2), AGENT(3), AGENT(4)],
			options: { ...FIXED, batchSize: 4 },
			answers: [
				async () => {
					await firstHeld;
					return published(1);
				},
				async () => {
					await new Promise((resolve) => setImmediate(resolve));
					return published(2);
				},
				() => {
					setTimeout(answerFirst, 5);
					return published(3);
				},
				async () => {
					await new Promise((resolve) => setTimeout(resolve, 20));
					return serverError;
				},
			],
		});
		expect(error?.description?.split('\n').at(-1)).toMatch(/^Before the node stopped, Talkover had already accepted items 0, 1, 2\. They are/);
	});

	test('the error that stops the run keeps all of Talkover\'s words before the accepted items', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), { statusCode: 422, body: { success: false, message: 'No flow.', errors: { flow: ['missing'] } } }] });
		expect(error?.description?.split('\n')).toEqual([
			'flow: missing',
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send it again.",
		]);
	});

	test('Retry On Fail: an item accepted on the first try is named again when another item fails again on the next', async () => {
		const refused: Answer = { statusCode: 422, body: { success: false, message: 'No flow.' } };
		const first = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), refused] });
		const again = await run({ agents: [AGENT(1), AGENT(2)], answers: [refused], executeData: first.executeData });
		expect(again.sent).toEqual([publishUrl(2)]);
		expect(again.error?.description?.split('\n').at(-1)).toMatch(/^Before the node stopped, Talkover had already accepted item 0\./);
	});

	test('Retry On Fail of a read: what the first try got is not named as accepted', async () => {
		const first = await run({ operation: 'get', agents: [AGENT(1), AGENT(2)], answers: [{ body: { success: true, data: { id: AGENT(1) } } }, serverError] });
		const again = await run({ operation: 'get', agents: [AGENT(1), AGENT(2)], answers: [serverError], executeData: first.executeData });
		expect(again.error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(again.error?.description).not.toContain('Before the node stopped');
	});

	test('a refusal without Talkover\'s words: the error that stops the run says only which items were accepted', async () => {
		const { error } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), { statusCode: 403, body: {} }] });
		expect(error?.message).toBe('The Talkover API token is not allowed to do this');
		expect(error?.description?.split('\n')).toEqual([
			"Before the node stopped, Talkover had already accepted item 0. It is not in the output because the node stopped; before you send it again, check whether it is: Agent → Get (its current_status). n8n's Retry On Fail does not send it again.",
		]);
	});
});
