/**
 * Options → Batch Size and Batch Interval, through n8n-core's real execution against the sandbox. Where a
 * test needs requests to overlap, the sandbox holds them behind a gate the test opens (no timing).
 */
import { START } from '../helpers/clock';
import { runTalkover } from '../helpers/n8n';
import { byId, leads, retryOnFail, SALES_AGENT, ticks, until, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}' };
const sent = () => sandbox().requestsTo('POST', callPath).map((r) => r.body.to as string);
const noCredits = { status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS', message: 'Insufficient credits' } } };
const NO_CREDITS_MESSAGE = 'Not enough Talkover credits to place this call: top up your Talkover account, or use Test Call';

/** Holds the calls to `phones` until the sandbox has answered `failing` and the node had time (turns of the event loop) to see it. */
function holdUntilAnswered(phones: string[], failing: string) {
	sandbox().inject({
		method: 'POST',
		path: callPath,
		times: phones.length,
		when: (r) => phones.includes(r.body.to),
		until: async () => {
			await until(() => sent().includes(failing));
			await ticks(50);
		},
	});
}

test('Batch Size 5 over 12 items: 5 in flight at once; output in input order and paired, whatever finishes first', async () => {
	// The first five calls are held until all five are in flight; then the later items answer first.
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	sandbox().inject({
		method: 'POST',
		path: callPath,
		times: 12,
		until: async (r) => {
			if (sandbox().inFlight === 5) open();
			await gate;
			await ticks(12 - leads(12).findIndex((l) => l.phone === r.body.to));
		},
	});
	const { output, error } = await runTalkover({ items: leads(12), parameters: { ...make, options: { batchSize: 5 } }, credentials: credentials() });
	expect(error).toBeUndefined();
	expect(sandbox().maxInFlight).toBe(5);
	expect(output!.map((o) => [o.json.to, o.pairedItem])).toEqual(leads(12).map((l, item) => [l.phone, { item }]));
	expect(sandbox().count('POST', callPath)).toBe(12);
});

test('the default (Concurrency → Auto) starts one request at a time: 4 items placed one after the other', async () => {
	sandbox().latencyMs = 20;
	const { output, error } = await runTalkover({ items: leads(4), parameters: make, credentials: credentials() });
	expect(error).toBeUndefined();
	expect(output!.map((o) => [o.json.to, o.json.status, o.pairedItem])).toEqual(leads(4).map((l, item) => [l.phone, 'initiated', { item }]));
	expect(sent()).toEqual(leads(4).map((l) => l.phone));
	expect(sandbox().maxInFlight).toBe(1);
});

test('Batch Interval: the node waits the interval between batches, and only then', async () => {
	const { error } = await runTalkover({ items: leads(5), parameters: { ...make, options: { batchSize: 2, batchInterval: 400 } }, credentials: credentials() });
	expect(error).toBeUndefined();
	expect(clock().waits).toEqual([400, 400]);
	expect(sandbox().requestsTo('POST', callPath).map((r) => [r.body.to, r.at - START])).toEqual(leads(5).map((l, i) => [l.phone, 400 * Math.floor(i / 2)]));
});

test('Continue On Fail in a batch: the failed item keeps its place as an error item', async () => {
	sandbox().inject({ method: 'POST', path: callPath, ...noCredits, when: (r) => r.body.to === '+15550000002' });
	const { output } = await runTalkover({ items: leads(6), parameters: { ...make, options: { batchSize: 3 } }, credentials: credentials(), settings: { continueOnFail: true } });
	expect(output!.map((o) => [o.json.error ?? o.json.to, o.pairedItem])).toEqual([
		['+15550000000', { item: 0 }],
		['+15550000001', { item: 1 }],
		[NO_CREDITS_MESSAGE, { item: 2 }],
		['+15550000003', { item: 3 }],
		['+15550000004', { item: 4 }],
		['+15550000005', { item: 5 }],
	]);
});

test('without Continue On Fail: items in flight finish, no item starts after the failure', async () => {
	// Items 0 and 2 are answered only after item 1 has failed: nothing after item 2 may start.
	holdUntilAnswered(['+15550000000', '+15550000002'], '+15550000001');
	sandbox().inject({ method: 'POST', path: callPath, ...noCredits, when: (r) => r.body.to === '+15550000001' });
	const { error } = await runTalkover({ items: leads(6), parameters: { ...make, options: { batchSize: 3 } }, credentials: credentials() });
	expect(error?.message).toBe(NO_CREDITS_MESSAGE);
	expect(sent().sort()).toEqual(['+15550000000', '+15550000001', '+15550000002']);
	expect(sandbox().calls.filter((c) => String(c.to).startsWith('+1555000')).map((c) => c.to).sort()).toEqual(['+15550000000', '+15550000002']);
});

test('with Retry On Fail and batches, n8n’s re-run sends none of the calls already placed', async () => {
	holdUntilAnswered(['+15550000000', '+15550000002'], '+15550000001');
	sandbox().inject({ method: 'POST', path: callPath, status: 500, body: { message: 'boom' }, when: (r) => r.body.to === '+15550000001' });
	const { error } = await runTalkover({
		items: leads(6),
		parameters: { ...make, options: { batchSize: 3 } },
		credentials: credentials(),
		settings: retryOnFail(3),
	});
	// Items 0–2 once each (item 1 may have been placed: never repeated, its error stands); items 3–5 never started.
	expect(error?.message).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 500)');
	expect(sent().sort()).toEqual(['+15550000000', '+15550000001', '+15550000002']);
});

test.each([
	[{ batchSize: 0 }, 'Batch Size (item 0): 0 is out of range; expected a whole number from 1 to 50'],
	[{ batchSize: 2.5 }, 'Batch Size (item 0): 2.5 is not a whole number from 1 to 50'],
	[{ batchInterval: -1 }, 'Batch Interval (Milliseconds) (item 0): -1 is out of range; expected a whole number of at least 0'],
	[{ maxRetries: 11 }, 'Max Retries (item 0): 11 is out of range; expected a whole number from 0 to 10'],
])('bad option %o: a clear error before anything is sent', async (options, message) => {
	const { error } = await runTalkover({ items: leads(2), parameters: { ...make, options }, credentials: credentials() });
	expect(error?.message).toBe(message);
	expect(sandbox().requests).toHaveLength(0);
});
