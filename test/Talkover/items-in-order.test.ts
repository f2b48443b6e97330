/**
 * Every item is sent, in input order, and each output item is paired with its input item: the router
 * (nodes/Talkover/actions/router.ts) on a context whose HTTP answers are scripted (test/helpers/routerHarness.ts).
 * The same through n8n's engine against the sandbox, several items at once: test/Talkover/batching.test.ts and
 * test/Talkover/concurrency.test.ts.
 */
import { AGENT, publishUrl, published, run, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('the router sends each item and pairs its output', () => {
	test('every item is sent in input order, and each output item is paired with its input item', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), published(2)] });
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(output).toEqual([
			{ json: { id: AGENT(1), current_status: 'published' }, pairedItem: { item: 0 } },
			{ json: { id: AGENT(2), current_status: 'published' }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Concurrency Auto (the default)', () => {
	test('without options every item is sent and output in input order, each paired with its item', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [published(1), published(2)], options: {} });
		expect(sent).toEqual([publishUrl(1), publishUrl(2)]);
		expect(output!.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
