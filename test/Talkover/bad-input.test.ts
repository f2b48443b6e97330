/**
 * Bad input stops the run before anything is sent: a bad parameter or option, a credential or Base URL that
 * cannot be used, an operation or resource the node does not have; the error names the item, and with
 * Continue On Fail the bad item is an error item in its place while the others are sent. The router on a
 * context whose HTTP answers are scripted (test/helpers/routerHarness.ts); odd input through n8n's engine
 * against the sandbox: test/faults/input-and-paging.test.ts.
 */
import { operationOf } from '../../nodes/Talkover/actions/router';
import * as publishOperation from '../../nodes/Talkover/actions/agent/publish.operation';
import { AGENT, FIXED, TOKEN, context, publishUrl, published, run, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('bad input stops the run before anything is sent', () => {
	test('without Continue On Fail, a bad Agent ID on the second item fails the run, naming that item, and the first item is not sent either', async () => {
		const { error, sent } = await run({ agents: [AGENT(1), 'not an id'], answers: [published(1)] });
		expect(error?.message).toMatch(/Agent/);
		expect(error?.context?.itemIndex).toBe(1);
		expect(sent).toEqual([]);
	});

	test('with Continue On Fail, the bad item becomes an error item in its place and the good one is sent', async () => {
		const { output, sent } = await run({ agents: ['not an id', AGENT(2)], answers: [published(2)], continueOnFail: true });
		expect(sent).toEqual([publishUrl(2)]);
		expect(output).toHaveLength(2);
		expect(output![0].pairedItem).toEqual({ item: 0 });
		expect(output![0].json.error).toMatch(/Agent/);
		expect(output![1]).toEqual({ json: { id: AGENT(2), current_status: 'published' }, pairedItem: { item: 1 } });
	});

	test('a Base URL that cannot be used is every item\'s error, naming the field, and nothing is sent', async () => {
		const credentials = { apiToken: TOKEN, baseUrl: 'ftp://talkover.test' };
		const stopped = await run({ agents: [AGENT(1), AGENT(2)], answers: [], credentials });
		expect(stopped.error?.message).toMatch(/Base URL/);
		expect(stopped.error?.context?.itemIndex).toBe(0);
		expect(stopped.sent).toEqual([]);
		const continued = await run({ agents: [AGENT(1), AGENT(2)], answers: [], credentials, continueOnFail: true });
		expect(continued.sent).toEqual([]);
		expect(continued.output!.map((o) => [o.pairedItem, /Base URL/.test(String(o.json.error))])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
		]);
	});

	test('a bad option on one item is that item\'s error; the others are sent', async () => {
		const { output, sent } = await run({
			agents: [AGENT(1), AGENT(2)],
			answers: [published(1)],
			continueOnFail: true,
			options: (i) => (i === 1 ? { ...FIXED, maxRetries: -3 } : FIXED),
		});
		expect(sent).toEqual([publishUrl(1)]);
		expect(output![1].pairedItem).toEqual({ item: 1 });
		expect(output![1].json.error).toMatch(/Max Retries/);
	});
	test('a credential n8n cannot give (deleted, not shared): with Continue On Fail each item says so, nothing is sent', async () => {
		const { output, sent } = await run({ agents: [AGENT(1), AGENT(2)], answers: [], credentials: new Error('Credentials not found'), continueOnFail: true });
		expect(sent).toEqual([]);
		expect(output!.map((o) => [o.pairedItem, o.json.error])).toEqual([
			[{ item: 0 }, 'Credentials not found'],
			[{ item: 1 }, 'Credentials not found'],
		]);
	});

	test('an operation the node does not have is refused, naming it, before anything is sent', async () => {
		const { error, sent } = await run({ operation: 'explode', agents: [AGENT(1)], answers: [] });
		expect(error?.message).toBe('The operation "explode" of "agent" is not supported');
		expect(sent).toEqual([]);
	});

	test('a resource the node does not have is refused, naming it', async () => {
		const { error } = await run({ resource: 'spaceship', operation: 'launch', agents: [AGENT(1)], answers: [] });
		expect(error?.message).toBe('The operation "launch" of "spaceship" is not supported');
	});

	test('a credential that cannot be used is the first item\'s error, even when a later item has bad input too', async () => {
		const { error } = await run({ agents: [AGENT(1), 'not an id'], answers: [], credentials: { apiToken: TOKEN, baseUrl: 'ftp://talkover.test' } });
		expect(error?.message).toMatch(/Base URL/);
		expect(error?.context?.itemIndex).toBe(0);
	});
});

describe('an Operation or Resource every object inherits is refused, naming it, before anything is sent', () => {
	test.each([
		['agent', 'constructor'],
		['agent', 'toString'],
		['agent', '__proto__'],
		['__proto__', 'hasOwnProperty'],
		['constructor', 'name'],
	])('Resource "%s", Operation "%s"', async (resource, operation) => {
		const { error, sent } = await run({ resource, operation, agents: [AGENT(1)], answers: [] });
		expect(sent).toEqual([]);
		expect(error?.message).toBe(`The operation "${operation}" of "${resource}" is not supported`);
	});
});

describe('a header value shown masked (***) is never sent as the real one', () => {
	// Flow → Validate's configuration, copied from an output where Talkover's header values show as ***.
	const flowWith = (headers: Array<{ key?: string; value: string }>) => ({
		flowConfig: { initial_node_id: 'n1', nodes: [{ id: 'n1', type: 'webhook', custom_headers: headers }] },
	});
	const MESSAGE = (item: number, header: string) =>
		`Custom Headers (item ${item}): header ${header}: its value is *** — the mask the node shows instead of a header value, not the value itself`;
	const DESCRIPTION =
		'Sending it would replace the real value in Talkover with ***. Enter the real value (or an expression that gives it). Nothing was sent to Talkover for this item.';

	test('without Continue On Fail, the run stops naming the item, the header and its key, and nothing is sent', async () => {
		const { error, sent } = await run({
			resource: 'flow',
			operation: 'validate',
			agents: [AGENT(1), AGENT(2)],
			parameters: (i) => flowWith(i === 0 ? [{ key: 'X-Plain', value: 'a-real-header-value' }] : [{ key: 'X-Plain', value: 'a-real-header-value' }, { key: 'Authorization', value: 'Bearer ***' }]),
			answers: [{ body: { success: true } }, { body: { success: true } }],
		});
		expect(sent).toEqual([]);
		expect(error?.message).toBe(MESSAGE(1, '2 ("Authorization")'));
		expect(error?.description).toBe(DESCRIPTION);
		expect(error?.context?.itemIndex).toBe(1);
		expect(error?.context?.notSent).toBe(true);
	});

	test('with Continue On Fail, that item is an error item in its place (a header without a key named by its place) and the others are sent', async () => {
		const { output, sent } = await run({
			resource: 'flow',
			operation: 'validate',
			agents: [AGENT(1), AGENT(2)],
			parameters: (i) => flowWith(i === 0 ? [{ value: '***' }] : [{ key: 'X-Plain', value: 'a-real-header-value' }]),
			answers: [{ body: { success: true } }],
			continueOnFail: true,
		});
		expect(sent).toEqual([`POST http://talkover.test/api/v1/agents/${AGENT(2)}/flow/validate`]);
		expect(output![0]).toEqual({ json: { error: MESSAGE(0, '1'), message: `${MESSAGE(0, '1')}\n${DESCRIPTION}` }, pairedItem: { item: 0 } });
		expect(output![1]).toEqual({ json: { valid: true, errors: [] }, pairedItem: { item: 1 } });
	});
});

describe('the node finds the operation its Resource and Operation name', () => {
	test('Agent → Publish is found; an Operation every object inherits is none', () => {
		const at = (resource: string, operation: string) =>
			operationOf(context({ resource, operation, agents: [AGENT(1)], answers: [] }).ctx);
		expect(at('agent', 'publish')).toBe(publishOperation);
		expect(at('agent', 'constructor')).toBeUndefined();
	});
});
