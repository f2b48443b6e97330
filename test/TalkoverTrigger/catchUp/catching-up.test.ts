/**
 * Catching up (Options → Catch Up Missed Events) through the trigger's own hooks in n8n-core's HookContext,
 * against the sandbox (test/helpers/triggerInProcess.ts): what a start of n8n reads, which
 * retries it asks for and in which order, what starts an execution, what a second start does, and what
 * reaches n8n's log. The same in a real n8n on every line and in queue mode: test/e2e/catch-up.e2e.ts,
 * test/queue/catch-up.queue.ts.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { TalkoverTrigger } from '../../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { catchUpSettled, stopCatchUp } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../../nodes/TalkoverTrigger/sources/unpublishLater';
import { SALES_AGENT, TOKEN, useSandbox } from '../../helpers/fixtures';
import { isoSeconds as iso } from '../../helpers/catchUp';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';
import { answersOf } from '../../contract/documented';
import { settle } from '../../helpers/clock';
import { atScales } from '../../helpers/scale';

const { sandbox, credentials, clock } = useSandbox();
const HOUR = 60 * 60_000;
const receiver = useDeliveryReceiver();


/** A published workflow with the trigger (Agent source), Catch Up Missed Events 24 hours unless `options` say otherwise. */
class Published extends TriggerInProcess {
	constructor(options?: IDataObject) {
		super(receiver, credentials, options);
	}
}

/**
 * The same workflow in a new n8n process: the package's modules loaded again (nothing of the old process's
 * memory), the same test clock, the static data as the old process left it in the database (`shared`: the
 * same object, as a queue-mode webhook process reads the database on each delivery). Resolves the new
 * process's catch-up when it is done.
 */
function restarted(previous: TriggerInProcess, options: IDataObject = { catchUpHours: 24 }, { shared = false } = {}) {
	return previous.restarted(clock(), { options, shared });
}

const ended = (callId: string): IDataObject => ({ event: 'event_phone_call_ended', call_id: callId, data: { to: '+15551234567', duration: 42 } });
const logPath = (w: string) => `/api/v1/agents/${SALES_AGENT}/webhooks/${w}/logs`;
/** A request as `METHOD path?query`. */
const shown = (r: { method: string; path: string; query: Record<string, unknown> }) => `${r.method} ${r.path}${Object.keys(r.query ?? {}).length ? `?${new URLSearchParams(r.query as Record<string, string>)}` : ''}`;
const requestsSince = (start: number) => sandbox().requests.slice(start).map(shown);
/** requestsSince without the sandbox's deliveries to the trigger. */
const requestsToTalkoverSince = (start: number) => requestsSince(start).filter((r) => !r.startsWith('POST /webhook'));
/** What a start asks Talkover when it sends log entries `ids` again: the webhooks, the log's first page, each retry in turn. */
const aStartSendingAgain = (w: string, ids: string[]) => [
	`GET /api/v1/agents/${SALES_AGENT}/webhooks`,
	`GET ${logPath(w)}?per_page=100&page=1`,
	...ids.map((id) => `POST ${logPath(w)}/${id}/retry`),
];

/** Five call ended events whose deliveries all failed while n8n was down (Talkover's retries over: attempt 4), a minute apart. */
function failedWhileDown(w: string, callIds = ['c1', 'c2', 'c3', 'c4', 'c5']): string[] {
	return callIds.map((id, i) => sandbox().logDelivery(w, ended(id), { status: 'failed', attempt: 4, created_at: iso(clock().time - (callIds.length - i) * 60_000) }).id);
}

/** A delivery of the event of call `callId` that failed while n8n was down, whose retry Talkover refuses (503: Talkover down). */
function lostWithItsRetryRefused(w: string, callId: string): void {
	const [lost] = failedWhileDown(w, [callId]);
	sandbox().inject({ method: 'POST', path: `${logPath(w)}/${lost}/retry`, status: 503, body: { message: 'Service Unavailable' } });
}

/** A published trigger that received one live event (call "live"), then an hour in which n8n was down. */
async function receivingThenDownAnHour(options?: IDataObject): Promise<Published> {
	const wf = new Published(options);
	await wf.activate();
	await sandbox().deliver(wf.webhookId, ended('live'));
	clock().time += HOUR;
	return wf;
}

/**
 * A published trigger that received `body` live (its answer too slow for Talkover), then went down: Talkover's
 * later attempts failed, the last one logged failed 2 minutes later; 3 hours on, n8n is back (not yet published
 * again). Returns the failed attempt's log entry.
 */
async function deliveredThenLoggedFailed(body: IDataObject): Promise<{ wf: Published; entry: string }> {
	const wf = new Published();
	await wf.activate();
	await sandbox().deliver(wf.webhookId, body);
	clock().time += 2 * 60_000;
	const entry = sandbox().logDelivery(wf.webhookId, body, { status: 'failed', attempt: 4 }).id;
	clock().time += 3 * HOUR;
	return { wf, entry };
}

/**
 * With catching up off: a delivery failed now, one received an hour later; ten minutes on, n8n started again with
 * catching up on (the option left out: a day). The failure, older than the last delivery received, is not sent.
 */
async function failedThenReceivedThenOn(wf: Published, failure: string, received: string): Promise<void> {
	const [failed] = failedWhileDown(wf.webhookId, [failure]);
	clock().time += HOUR;
	await sandbox().deliver(wf.webhookId, ended(received));
	clock().time += 10 * 60_000;
	const next = restarted(wf, {});
	await next.trigger.activate();
	await next.settled();
	await sandbox().retriesSettled();
	expect(sandbox().requests.some((r) => r.path.includes(failed))).toBe(false);
	expect(next.trigger.executions).toEqual([]);
}

/**
 * The retry of log entry `entry` held until the returned function is called, then answered `answer` (else as
 * the sandbox answers it).
 */
function heldRetry(w: string, entry: string, answer: { status?: number; body?: unknown } = {}): () => void {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	sandbox().inject({ method: 'POST', path: `${logPath(w)}/${entry}/retry`, ...answer, until: () => gate });
	return open;
}

/** A retry whose answer never reaches this process (n8n stopped while it was on its way). */
const NEVER_ANSWERED = { status: 503, body: { message: 'Service Unavailable' } };

/** Resolves once the retry of log entry `entry` was asked for. */
async function retryAsked(entry: string): Promise<void> {
	while (!sandbox().requests.some((r) => r.path.endsWith(`${entry}/retry`))) await new Promise((r) => setImmediate(r));
}

/** Lets the background retries and the sandbox's redeliveries finish. */
async function settled(): Promise<void> {
	await catchUpSettled();
	await sandbox().retriesSettled();
}

/** n8n started, then stopped while its catch-up's retry of log entry `entry` is on its way: no answer comes to this process. */
async function stoppedWhileSending(wf: Published, entry: string): Promise<void> {
	const open = heldRetry(wf.webhookId, entry, NEVER_ANSWERED);
	await wf.activate();
	await retryAsked(entry);
	await sandbox().retriesSettled();
	stopCatchUp(wf.webhookId);
	open();
	await settled();
}

describe('a start of n8n after an hour down', () => {
	test('five events that failed while n8n was down: each sent again once, oldest first; five executions marked caught_up', async () => {
		const wf = await receivingThenDownAnHour();
		const logged = failedWhileDown(wf.webhookId);
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, logged));
		expect(wf.items).toEqual([{ ...ended('live'), event: 'event_phone_call_ended' }, ...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ({ ...ended(id), caught_up: true }))]);
	});

	test('events named as properties every object has (constructor, __proto__): the plan n8n saves expects each delivery sent again, once per entry', async () => {
		const wf = await receivingThenDownAnHour();
		const events = ['constructor', '__proto__', 'constructor'];
		events.forEach((event, i) => sandbox().logDelivery(wf.webhookId, { ...ended(`c${i}`), event }, { status: 'failed', attempt: 4, created_at: iso(clock().time - (events.length - i) * 60_000) }));
		clock().hold();
		await wf.activate();
		const plan = (wf.staticData.catchUp as IDataObject).plan as IDataObject;
		expect(Object.entries(plan.expected as IDataObject)).toEqual([
			['constructor', 2],
			['__proto__', 1],
		]);
		clock().release();
		await settled();
	});

	test('no event is sent again before n8n can have saved the plan that marks it caught up: the first retry comes 5 s after the activation', async () => {
		const wf = await receivingThenDownAnHour();
		const [first] = failedWhileDown(wf.webhookId);
		clock().hold();
		await wf.activate();
		await settle();
		// n8n saves the activation's static data after every webhook of the workflow is activated: a retry delivered
		// before that, to a webhook process reading the database, would find no plan and run without its mark.
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry'))).toEqual([]);
		await clock().runFor(4_999);
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry'))).toEqual([]);
		await clock().runFor(1);
		await retryAsked(first);
		clock().release();
		await settled();
		expect(wf.items.slice(1).map((item) => item.caught_up)).toEqual([true, true, true, true, true]);
	});

	test.each([
		{
			title: 'n8n’s log says how many events are caught up and since when, then how many Talkover queued again (a refusal not counted)',
			failures: ['refused', 'fine'],
			refused: ['refused'],
			told: ['catching up on 2 events Talkover could not deliver since', 'caught up: Talkover queued 1 of 2 events again'],
		},
		{
			title: 'one event to catch up: n8n’s log counts it in the singular',
			failures: ['one'],
			refused: [],
			told: ['catching up on 1 event Talkover could not deliver since', 'caught up: Talkover queued 1 of 1 event again'],
		},
	])('$title', async ({ failures, refused, told: [catchingUp, caughtUp] }) => {
		const wf = await receivingThenDownAnHour();
		const since = new Date(clock().time - HOUR - 5 * 60_000).toISOString();
		const entries = failedWhileDown(wf.webhookId, failures);
		for (const callId of refused) {
			const entry = entries[failures.indexOf(callId)];
			sandbox().inject({ method: 'POST', path: `${logPath(wf.webhookId)}/${entry}/retry`, status: 422, body: { success: false, message: 'Log cannot be retried', code: 'LOG_NOT_RETRIABLE' } });
		}
		await wf.activate();
		await settled();
		const told = wf.logged.filter(([level]) => level === 'info').map(([, m]) => m.replace(/^.*?\): /, ''));
		expect(told).toEqual([`${catchingUp} ${since}`, caughtUp]);
	});

	test('nothing to catch up: n8n’s log says nothing of catching up, and nothing is sent', async () => {
		const wf = await receivingThenDownAnHour();
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsSince(start)).toEqual(aStartSendingAgain(wf.webhookId, []));
		expect(wf.logged).toEqual([]);
	});

	test('started again: nothing more is sent, nothing starts', async () => {
		const wf = await receivingThenDownAnHour();
		failedWhileDown(wf.webhookId);
		await wf.activate();
		await settled();
		clock().time += 10 * 60_000;
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsSince(start)).toEqual(aStartSendingAgain(wf.webhookId, []));
		expect(wf.executions).toHaveLength(6);
	});

	test('an event delivered once and also logged as failed on another attempt starts one execution', async () => {
		const { wf } = await deliveredThenLoggedFailed(ended('once'));
		await wf.activate();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['once']);
		expect(sandbox().deliveries.map((d) => [d.body.call_id, JSON.parse(d.responseBody)])).toEqual([
			['once', {}],
			['once', { received: true, ignored: 'redelivery' }],
		]);
	});

	test('a failure before the last delivery received (minus 5 minutes for the clocks) is no concern: the trigger was receiving then', async () => {
		const wf = new Published();
		await wf.activate();
		const early = sandbox().logDelivery(wf.webhookId, ended('early'), { status: 'failed', attempt: 4, created_at: iso(clock().time) });
		clock().time += 10 * 60_000;
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += HOUR;
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsSince(start).some((r) => r.includes(early.id))).toBe(false);
		expect(wf.items.map((i) => i.call_id)).toEqual(['live']);
		// Not lost: n8n's log does not name it as a failure too old to catch up.
		expect(wf.logged).toEqual([]);
	});

	test('never received anything: the log is read back Catch Up Missed Events hours, no further (older entries named in n8n’s log)', async () => {
		const wf = new Published({ catchUpHours: 2 });
		await wf.activate();
		const old = sandbox().logDelivery(wf.webhookId, ended('old'), { status: 'failed', attempt: 4, created_at: iso(clock().time) });
		clock().time += 2 * HOUR + 1000;
		const recent = sandbox().logDelivery(wf.webhookId, ended('recent'), { status: 'failed', attempt: 4 });
		await wf.activate();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['recent']);
		expect(sandbox().requests.some((r) => r.path.includes(old.id))).toBe(false);
		expect(sandbox().requests.some((r) => r.path.includes(recent.id))).toBe(true);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`not caught up (older than 2 hours): event event_phone_call_ended of ${new Date(Date.parse(old.created_at)).toISOString()} (log entry ${old.id})`)]);
	});

	test('an event Talkover logs under a name 100,000 characters long is named in n8n’s log clipped', async () => {
		const wf = new Published({ catchUpHours: 2 });
		await wf.activate();
		const old = sandbox().logDelivery(wf.webhookId, ended('old'), { status: 'failed', attempt: 4, created_at: iso(clock().time) });
		old.event = `event_${'x'.repeat(100_000)}`;
		clock().time += 2 * HOUR + 1000;
		await wf.activate();
		await settled();
		const [line] = wf.logged.filter(([, text]) => String(text).includes('not caught up'));
		expect(String(line[1])).toContain(`not caught up (older than 2 hours): event event_${'x'.repeat(74)}… (100006 characters) of ${new Date(Date.parse(old.created_at)).toISOString()} (log entry ${old.id})`);
		expect(String(line[1]).length).toBeLessThan(1000);
	});

	test.each([
		[20, []],
		[21, ['… and 1 more']],
		[25, ['… and 5 more']],
	])('%p failures older than Catch Up Missed Events: n8n’s log names 20 of them, then how many more', async (count, more) => {
		const wf = new Published({ catchUpHours: 2 });
		await wf.activate();
		const old = failedWhileDown(wf.webhookId, Array.from({ length: count }, (_, i) => `old-${i}`));
		clock().time += 3 * HOUR;
		await wf.activate();
		await settled();
		const warned = wf.logged.filter(([level]) => level === 'warn').map(([, m]) => m.replace(/^.*?\): /, ''));
		expect(warned).toEqual([...old.slice(0, 20).map((id) => expect.stringMatching(new RegExp(`^not caught up \\(older than 2 hours\\): event event_phone_call_ended of .* \\(log entry ${id}\\)$`))), ...more]);
		expect(wf.executions).toEqual([]);
	});

	test('the option left out (its default): the log is read back a day, no further', async () => {
		const wf = new Published({});
		await wf.activate();
		const old = sandbox().logDelivery(wf.webhookId, ended('old'), { status: 'failed', attempt: 4, created_at: iso(clock().time) });
		clock().time += 24 * HOUR + 1000;
		const recent = sandbox().logDelivery(wf.webhookId, ended('recent'), { status: 'failed', attempt: 4, created_at: iso(clock().time - 1000) });
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, [recent.id]));
		expect(wf.items).toEqual([{ ...ended('recent'), caught_up: true }]);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`not caught up (older than 24 hours): event event_phone_call_ended of ${new Date(Date.parse(old.created_at)).toISOString()} (log entry ${old.id})`)]);
	});

	test('a failed entry that shows its body (request_payload), received before n8n went down: not sent again', async () => {
		const wf = new Published();
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('once'));
		clock().time += 2 * 60_000;
		const failed = { id: 'f-1', event: 'event_phone_call_ended', attempt: 4, status: 'failed', created_at: iso(clock().time), request_payload: ended('once') };
		clock().time += 3 * HOUR;
		sandbox().inject({ method: 'GET', path: logPath(wf.webhookId), status: 200, body: { success: true, data: [failed], pagination: { current_page: 1, per_page: 100, total: 1, last_page: 1 } } });
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, []));
		expect(wf.items.map((i) => i.call_id)).toEqual(['once']);
	});

	test('a failure exactly Catch Up Missed Events hours old: not sent, and named in n8n’s log', async () => {
		const wf = new Published({ catchUpHours: 2 });
		await wf.activate();
		const old = sandbox().logDelivery(wf.webhookId, ended('old'), { status: 'failed', attempt: 4, created_at: iso(clock().time) });
		clock().time = Date.parse(old.created_at) + 2 * HOUR;
		await wf.activate();
		await settled();
		expect(sandbox().requests.some((r) => r.path.includes(old.id))).toBe(false);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`not caught up (older than 2 hours): event event_phone_call_ended of ${new Date(Date.parse(old.created_at)).toISOString()} (log entry ${old.id})`)]);
	});

	test('a trigger saved before it could catch up (its delivery record only): its first start looks back to its last delivery received, not a day', async () => {
		const wf = new Published({ catchUpHours: 0 });
		await wf.activate();
		clock().time += HOUR;
		// Failed for good 16 hours before the restart, while n8n was down then: lost under the version without catching up.
		const stale = failedWhileDown(wf.webhookId, ['a', 'b']);
		clock().time += 16 * HOUR - 10 * 60_000;
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += 10 * 60_000;
		// The new version: the option left out means a day.
		const next = restarted(wf, {});
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(sandbox().requests.some((r) => stale.some((id) => r.path.includes(id)))).toBe(false);
		expect(next.trigger.executions).toEqual([]);
	});

	test('a trigger saved before it could catch up that received nothing in its last hour: its first start looks back an hour, no further (older failures named)', async () => {
		const wf = new Published({ catchUpHours: 0 });
		await wf.activate();
		const [old] = failedWhileDown(wf.webhookId, ['old']);
		clock().time += 2 * HOUR;
		const [recent] = failedWhileDown(wf.webhookId, ['recent']);
		const next = restarted(wf, {});
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(next.trigger.items).toEqual([{ ...ended('recent'), caught_up: true }]);
		expect(sandbox().requests.some((r) => r.path.includes(old))).toBe(false);
		expect(sandbox().requests.some((r) => r.path.includes(recent))).toBe(true);
		expect(next.trigger.logged).toContainEqual(['warn', expect.stringContaining(`not caught up (older than 1 hour: the first catch-up of this trigger, which remembers its deliveries of the last hour only): event event_phone_call_ended`)]);
		// From then on it remembers: the next start looks back the option's day.
		clock().time += 10 * HOUR;
		const [later] = failedWhileDown(wf.webhookId, ['while down ten hours']);
		const third = restarted(next.trigger, {});
		await third.trigger.activate();
		await third.settled();
		await sandbox().retriesSettled();
		expect(sandbox().requests.some((r) => r.path.includes(later))).toBe(true);
		expect(third.trigger.items).toEqual([{ ...ended('while down ten hours'), caught_up: true }]);
	});

	test('a trigger saved before it could catch up, down three hours since its last delivery: its first start sends everything since that delivery', async () => {
		const wf = new Published({ catchUpHours: 0 });
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += 3 * HOUR;
		// Failed for good two and a half and two hours ago, after that delivery.
		for (const [callId, ago] of [['a', 150], ['b', 120]] as const) sandbox().logDelivery(wf.webhookId, ended(callId), { status: 'failed', attempt: 4, created_at: iso(clock().time - ago * 60_000) });
		const next = restarted(wf, {});
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(next.trigger.items).toEqual([
			{ ...ended('a'), caught_up: true },
			{ ...ended('b'), caught_up: true },
		]);
	});

	test('Talkover’s clock a few minutes behind n8n’s: a failure it stamped up to five minutes before the last delivery received is still sent, one six minutes before is not', async () => {
		const wf = new Published();
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('live'));
		// Failed after 'live' by n8n's clock; Talkover's clock, behind, stamped them before it.
		const behind = sandbox().logDelivery(wf.webhookId, ended('behind'), { status: 'failed', attempt: 4, created_at: iso(clock().time - 4 * 60_000) });
		const before = sandbox().logDelivery(wf.webhookId, ended('before'), { status: 'failed', attempt: 4, created_at: iso(clock().time - 6 * 60_000) });
		clock().time += HOUR;
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, [behind.id]));
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'behind']);
		expect(before.id).toBeDefined();
	});

	test('never delivered to, Talkover’s clock a few minutes behind n8n’s: a failure it stamped before the publish is sent, and one of the first minutes after it', async () => {
		const wf = new Published();
		await wf.activate();
		const behind = sandbox().logDelivery(wf.webhookId, ended('behind'), { status: 'failed', attempt: 4, created_at: iso(clock().time - 4 * 60_000) });
		const first = sandbox().logDelivery(wf.webhookId, ended('first minutes'), { status: 'failed', attempt: 4, created_at: iso(clock().time + 2 * 60_000) });
		clock().time += HOUR;
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, [behind.id, first.id]));
		expect(wf.items.map((i) => i.call_id)).toEqual(['behind', 'first minutes']);
	});

	test('catching up turned off for a while, then on again: the next start looks back from the last delivery received while it was off, not from the one before', async () => {
		const wf = new Published();
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('while on'));
		clock().time += HOUR;
		(wf.node.parameters.options as IDataObject).catchUpHours = 0;
		await failedThenReceivedThenOn(wf, 'while off', 'received while off');
	});

	test('a trigger published with catching up and never delivered to: a start ten hours later catches up on everything since it was published', async () => {
		const wf = new Published({});
		await wf.activate();
		clock().time += 10 * HOUR;
		const logged = failedWhileDown(wf.webhookId);
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, logged));
		expect(wf.executions).toHaveLength(5);
	});

	test('the option’s value turned invalid after the activation (an expression): deliveries still start the workflow', async () => {
		const wf = new Published({ catchUpHours: 24 });
		await wf.activate();
		for (const value of ['', 'off', -1, 721, Number.NaN, null]) {
			(wf.node.parameters.options as IDataObject).catchUpHours = value;
			const delivered = await sandbox().deliver(wf.webhookId, ended(`with ${String(value)}`));
			expect(delivered.status).toBe(200);
		}
		expect(wf.executions).toHaveLength(6);
	});

	test('off (0): no log is read, nothing is sent', async () => {
		const wf = new Published({ catchUpHours: 0 });
		await wf.activate();
		clock().time += HOUR;
		failedWhileDown(wf.webhookId);
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsSince(start)).toEqual([`GET /api/v1/agents/${SALES_AGENT}/webhooks`]);
		expect(wf.executions).toEqual([]);
	});
});

describe('a catch-up that does not go as planned', () => {
	test('n8n stopped while its catch-up runs, back two hours later: the rest is sent, what arrived starts nothing', async () => {
		const wf = await receivingThenDownAnHour();
		const [, x2] = failedWhileDown(wf.webhookId, ['x1', 'x2', 'x3']);
		await stoppedWhileSending(wf, x2);
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'x1']);
		clock().time += 2 * HOUR;
		const next = restarted(wf);
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(next.trigger.items.map((i) => [i.call_id, i.caught_up])).toEqual([
			['x2', true],
			['x3', true],
		]);
	});

	test('started again in a new process: nothing more is sent (what was sent is in the static data)', async () => {
		const wf = await receivingThenDownAnHour();
		failedWhileDown(wf.webhookId);
		await wf.activate();
		await settled();
		clock().time += 3 * HOUR;
		const next = restarted(wf);
		const start = sandbox().requests.length;
		await next.trigger.activate();
		await next.settled();
		expect(requestsSince(start).filter((r) => r.startsWith('POST'))).toEqual([]);
		expect(next.trigger.executions).toEqual([]);
	});

	test('queue mode: the deliveries reach a webhook process; main, which never hears they arrived, asks again at its next start, and they start nothing', async () => {
		const main = await receivingThenDownAnHour();
		const logged = failedWhileDown(main.webhookId);
		// From now on the webhook process receives every delivery (it reads the static data main saved).
		const webhookProcess = restarted(main, { catchUpHours: 24 }, { shared: true }).trigger;
		// n8n saves main's activation as soon as it returns: what main's catch-up learns after is kept by no one.
		await main.activate({ savedWhen: async () => undefined });
		await settled();
		expect(webhookProcess.items.map((i) => [i.call_id, i.caught_up])).toEqual(['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => [id, true]));
		clock().time += 10 * 60_000;
		const mainAgain = restarted(main);
		const start = sandbox().requests.length;
		const delivered = sandbox().deliveries.length;
		await mainAgain.trigger.activate();
		await mainAgain.settled();
		await sandbox().retriesSettled();
		expect(requestsSince(start).filter((r) => r.startsWith('POST'))).toEqual(logged.map((id) => `POST ${logPath(main.webhookId)}/${id}/retry`));
		expect(sandbox().deliveries.slice(delivered).map((d) => JSON.parse(d.responseBody))).toEqual(Array(5).fill({ received: true, ignored: 'redelivery' }));
		expect(webhookProcess.executions).toHaveLength(5);
	});

	test('a live delivery of the same event takes the mark while a retry is cut short: the cut-short event is still sent at the next start', async () => {
		const wf = await receivingThenDownAnHour();
		const [, x2] = failedWhileDown(wf.webhookId, ['x1', 'x2']);
		const open = heldRetry(wf.webhookId, x2, NEVER_ANSWERED);
		await wf.activate();
		await retryAsked(x2);
		await sandbox().retriesSettled();
		await sandbox().deliver(wf.webhookId, ended('live-same-event'));
		stopCatchUp(wf.webhookId);
		open();
		await settled();
		clock().time += 10 * 60_000;
		const next = restarted(wf);
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(next.trigger.items.map((i) => i.call_id)).toEqual(['x2']);
	});

	test('n8n stopped while its catch-up runs, then live deliveries: the event cut short is still sent at the next start, though it failed long before the last delivery received', async () => {
		const wf = await receivingThenDownAnHour();
		const down = clock().time;
		const logged = (callId: string, ago: number) => sandbox().logDelivery(wf.webhookId, ended(callId), { status: 'failed', attempt: 4, created_at: iso(down - ago) }).id;
		logged('x1', 50 * 60_000);
		const x2 = logged('x2', 40 * 60_000);
		await stoppedWhileSending(wf, x2);
		clock().time += 30 * 60_000;
		await sandbox().deliver(wf.webhookId, ended('later'));
		clock().time += 10 * 60_000;
		const next = restarted(wf);
		const start = sandbox().requests.length;
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, [x2]));
		expect(next.trigger.items).toEqual([{ ...ended('x2'), caught_up: true }]);
	});

	test('published again twice while the last retry of a catch-up is on its way: the third start stops the second’s catch-up, no entry is asked for again', async () => {
		const wf = await receivingThenDownAnHour();
		const w = wf.webhookId;
		const [x] = failedWhileDown(w, ['x']);
		const open = heldRetry(w, x);
		await wf.activate();
		await retryAsked(x);
		clock().hold();
		// Published again: the first catch-up is stopped; the new one (x: not known to be queued) waits its 5 s.
		await wf.activate();
		// The first catch-up's retry is answered now: that catch-up ends, x is known to be queued.
		open();
		while (!wf.logged.some(([, m]) => m.includes('caught up: Talkover queued'))) await new Promise((r) => setImmediate(r));
		const y = sandbox().logDelivery(w, ended('y'), { status: 'failed', attempt: 4 }).id;
		const start = sandbox().requests.length;
		// Published again: the second catch-up is stopped before it sends x again; the third sends y.
		await wf.activate();
		clock().release();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(w, [y]));
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'x', 'y']);
	});

	test('webhooks registered anew with catching up off, then turned on: the old webhook’s last catch-up does not count, a failure before the last delivery received is not sent', async () => {
		const wf = new Published();
		await wf.activate();
		// n8n started again: a catch-up (nothing to send) on the old webhook.
		await wf.activate();
		// Unpublished (the webhook deleted), then published again with catching up off: a new webhook.
		await wf.deactivate();
		clock().advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
		(wf.node.parameters.options as IDataObject).catchUpHours = 0;
		await wf.activate();
		clock().time += HOUR;
		await failedThenReceivedThenOn(wf, 'before', 'received');
	});

	test('a retry Talkover queued whose delivery failed, then a live delivery: the next start sends it again', async () => {
		const wf = await receivingThenDownAnHour();
		failedWhileDown(wf.webhookId, ['x']);
		// n8n answers the catch-up's delivery with 502 (a proxy): Talkover logs that attempt failed.
		const handle = receiver.handle;
		receiver.handle = async () => ({ status: 502, body: { message: 'Bad Gateway' } });
		await wf.activate();
		await settled();
		receiver.handle = handle;
		clock().time += 10 * 60_000;
		await sandbox().deliver(wf.webhookId, ended('later'));
		clock().time += 10 * 60_000;
		await wf.activate();
		await settled();
		// 'later' may carry the mark of the delivery that never arrived (Talkover tells them apart by nothing): the counts stay right.
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'later', 'x']);
		expect(wf.items[2].caught_up).toBe(true);
	});

	test('with catching up on, the same body again hours later still runs when no catch-up is sending that event (an event without an ID of its own, e.g. a campaign paused twice)', async () => {
		const wf = new Published();
		await wf.activate();
		const paused = { event: 'event_phone_call_ended', status: 'paused' };
		await sandbox().deliver(wf.webhookId, paused);
		clock().time += 3 * HOUR;
		await sandbox().deliver(wf.webhookId, paused);
		expect(wf.executions).toHaveLength(2);
	});

	test('Talkover’s clock ahead of n8n’s: a failure it stamped after n8n’s start is still sent', async () => {
		const wf = await receivingThenDownAnHour();
		sandbox().logDelivery(wf.webhookId, ended('ahead'), { status: 'failed', attempt: 4, created_at: iso(clock().time + 2 * 60_000) });
		await wf.activate();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'ahead']);
	});

	test('an event received before n8n went down, sent again while a live event of the same name arrives: each runs once', async () => {
		const wf = new Published();
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('once'));
		clock().time += 2 * 60_000;
		const [entry] = failedWhileDown(wf.webhookId, ['once']);
		clock().time += 3 * HOUR;
		const open = heldRetry(wf.webhookId, entry);
		await wf.activate();
		// A live call ended arrives first: it may carry the catch-up's mark, and the event sent again still starts nothing.
		await sandbox().deliver(wf.webhookId, ended('live-meanwhile'));
		open();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['once', 'live-meanwhile']);
		expect(sandbox().deliveries.map((d) => JSON.parse(d.responseBody)).at(-1)).toEqual({ received: true, ignored: 'redelivery' });
	});
});

describe('a start after a big catch-up, on n8n 2.3x+ (what a delivery’s webhook() writes is not kept when it starts an execution)', () => {
	/** Ten minutes on, n8n starts again: it asks Talkover to send nothing again, and no event runs its workflow. */
	async function expectNothingAskedAgainAtTheNextStart(wf: TriggerInProcess): Promise<void> {
		clock().time += 10 * 60_000;
		const next = restarted(wf);
		const start = sandbox().requests.length;
		await next.trigger.activate();
		await next.settled();
		await sandbox().retriesSettled();
		expect(requestsToTalkoverSince(start).filter((r) => r.startsWith('POST'))).toEqual([]);
		expect(next.trigger.executions).toEqual([]);
	}

	test.each(atScales([250, 1_000]))('%i events sent again once: the next start, within the hours, asks Talkover for none of them again, and none runs twice', async (count) => {
		const wf = new Published();
		wf.webhookWrites = 'lostWhenRunning';
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += HOUR;
		// The events that failed while n8n was down, within the last 50 minutes, oldest first.
		const calls = Array.from({ length: count }, (_, i) => `missed-${i}`);
		for (const [i, call] of calls.entries()) sandbox().logDelivery(wf.webhookId, ended(call), { status: 'failed', attempt: 4, created_at: iso(clock().time - 50 * 60_000 + Math.floor((i * 50 * 60_000) / count)) });
		await wf.activate();
		await settled();
		expect(wf.items.length).toBe(count + 1);
		await expectNothingAskedAgainAtTheNextStart(wf);
	}, 600_000);

	test('n8n 2.3x+ saving the activation’s static data only after the events it had sent again ran (a busy start): the next start asks Talkover for none of them again', async () => {
		const wf = new Published();
		wf.webhookWrites = 'lostWhenRunning';
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += HOUR;
		failedWhileDown(wf.webhookId);
		await wf.activate({ savedWhen: settled });
		await wf.activationSaved;
		expect(wf.items.map((i) => [i.call_id, i.caught_up])).toEqual([['live', undefined], ...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => [id, true])]);
		await expectNothingAskedAgainAtTheNextStart(wf);
	});
});

describe('which deliveries say caught_up', () => {
	/** A call ended event whose body names no call (no call_id): only its event name and body tell it apart. */
	const noCall = (tag: string): IDataObject => ({ event: 'event_phone_call_ended', data: { note: tag, duration: 42 } });

	test('as many deliveries as the catch-up sent again: a live event of the same name after them says nothing of catching up', async () => {
		const wf = await receivingThenDownAnHour();
		failedWhileDown(wf.webhookId, ['c1', 'c2']);
		await wf.activate();
		await settled();
		clock().time += 60_000;
		await sandbox().deliver(wf.webhookId, ended('live-after'));
		expect(wf.items.map((i) => [i.call_id, i.caught_up])).toEqual([
			['live', undefined],
			['c1', true],
			['c2', true],
			['live-after', undefined],
		]);
	});

	test('a retry that failed (Talkover down) leaves its event expected for an hour, no longer: a live event of that name an hour after the start is not marked', async () => {
		const wf = await receivingThenDownAnHour();
		lostWithItsRetryRefused(wf.webhookId, 'lost');
		const started = clock().time;
		await wf.activate();
		await settled();
		clock().time = started + HOUR;
		await sandbox().deliver(wf.webhookId, ended('an hour later'));
		expect(wf.items.map((i) => [i.call_id, i.caught_up])).toEqual([
			['live', undefined],
			['an hour later', undefined],
		]);
	});

	test('Talkover’s Test button while a catch-up still expects an event of the same name: the test delivery says nothing of catching up and leaves the mark to the event', async () => {
		const wf = await receivingThenDownAnHour();
		lostWithItsRetryRefused(wf.webhookId, 'lost');
		await wf.activate();
		await settled();
		clock().time += 60_000;
		await sandbox().deliver(wf.webhookId, { ...ended('pressed'), test: true });
		await sandbox().deliver(wf.webhookId, ended('lost'));
		expect(wf.items.map((i) => [i.call_id, i.test, i.caught_up])).toEqual([
			['live', undefined, undefined],
			['pressed', true, undefined],
			['lost', undefined, true],
		]);
	});

	test('an event that names no call, received before n8n went down and logged failed on its later attempts: sent again, it starts nothing', async () => {
		const { wf } = await deliveredThenLoggedFailed(noCall('once'));
		await wf.activate();
		await settled();
		expect(wf.items).toEqual([noCall('once')]);
		expect(sandbox().deliveries.map((d) => JSON.parse(d.responseBody))).toEqual([{}, { received: true, ignored: 'redelivery' }]);
	});

	test('the same, while a live event of that name arrives first and takes the mark: the event sent again still starts nothing', async () => {
		const { wf, entry } = await deliveredThenLoggedFailed(noCall('once'));
		const open = heldRetry(wf.webhookId, entry);
		await wf.activate();
		await sandbox().deliver(wf.webhookId, noCall('live meanwhile'));
		open();
		await settled();
		expect(wf.items).toEqual([noCall('once'), { ...noCall('live meanwhile'), caught_up: true }]);
		expect(sandbox().deliveries.map((d) => JSON.parse(d.responseBody)).at(-1)).toEqual({ received: true, ignored: 'redelivery' });
	});
});

describe('an event in the body Talkover’s log shows ({call_id, duration}: its log entry names the event, the body none)', () => {
	const AT_0830 = Date.parse('2026-01-15T08:30:00Z');
	const body = { call_id: 'c-0830', duration: 45 };

	test.each([
		['at an 11:30 catch-up', 3 * HOUR - 30 * 60_000, 24, ['event_phone_call_ended']],
		['at a catch-up two days later', 2 * 24 * HOUR, 72, ['event_phone_call_ended']],
		['at an 11:30 catch-up, the trigger on two events (a webhook each: the one that delivered it names the event)', 3 * HOUR - 30 * 60_000, 24, ['event_phone_call_started', 'event_phone_call_ended']],
		['at a catch-up two days later, the trigger on two events', 2 * 24 * HOUR, 72, ['event_phone_call_started', 'event_phone_call_ended']],
	])('received at 08:30, its later attempts logged failed: not run again %s', async (_when, later, catchUpHours, events) => {
		clock().time = AT_0830;
		const wf = new Published({ catchUpHours });
		wf.node.parameters.events = events;
		await wf.activate();
		// The webhook of call ended (one per event).
		const hook = String(sandbox().webhooks.find((w) => w.events.includes('event_phone_call_ended'))?.id);
		await sandbox().deliver(hook, body, { event: 'event_phone_call_ended' });
		clock().time += 2 * 60_000;
		const failed = sandbox().logDelivery(hook, body, { event: 'event_phone_call_ended', status: 'failed', attempt: 4 });
		clock().time = AT_0830 + later;
		await wf.activate();
		await settled();
		// The catch-up had it sent again (a failed entry shows no body: it cannot know it was received) …
		expect(sandbox().requests.filter((r) => r.method === 'POST' && r.path.endsWith('/retry')).map((r) => r.path)).toEqual([`${logPath(hook)}/${failed.id}/retry`]);
		// … and it started nothing: one execution, at 08:30, of the event its webhook names.
		expect(wf.items).toEqual([{ ...body, event: 'event_phone_call_ended' }]);
		expect(sandbox().deliveries.map((d) => JSON.parse(d.responseBody))).toEqual([{}, { received: true, ignored: 'redelivery' }]);
	});

	test('the same body delivered again seconds later starts nothing either', async () => {
		const wf = new Published();
		await wf.activate();
		await sandbox().deliver(wf.webhookId, body, { event: 'event_phone_call_ended' });
		clock().time += 5_000;
		await sandbox().deliver(wf.webhookId, body, { event: 'event_phone_call_ended' });
		expect(wf.executions).toHaveLength(1);
	});
});

describe('after the activation returned', () => {
	test('the retries still go out when n8n can no longer use the credential (n8n 1.123 releases the workflow’s expression isolate), with the credential’s own header', async () => {
		const wf = await receivingThenDownAnHour();
		failedWhileDown(wf.webhookId, ['a', 'b', 'c']);
		await wf.activate();
		const helper = wf.lastHookData!.credentialsHelper as unknown as Record<string, unknown>;
		for (const method of ['authenticate', 'getDecrypted', 'preAuthentication']) {
			helper[method] = async () => {
				throw new Error('IsolateError: No bridge acquired for this context. Call acquire() first.');
			};
		}
		await settled();
		const retries = sandbox().requests.filter((r) => r.path.endsWith('/retry'));
		expect(retries).toHaveLength(3);
		expect(retries.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'a', 'b', 'c']);
	});
});

describe('n8n’s log never holds a secret', () => {
	test('a refusal that echoes the webhook’s secret and the token: both masked', async () => {
		const wf = await receivingThenDownAnHour();
		const [refused] = failedWhileDown(wf.webhookId, ['refused']);
		const secret = String(sandbox().webhooks[0].custom_headers[0].value);
		sandbox().inject({ method: 'POST', path: `${logPath(wf.webhookId)}/${refused}/retry`, status: 422, body: { success: false, message: `Log cannot be retried for header ${secret} (token ${TOKEN})`, code: 'LOG_NOT_RETRIABLE' } });
		await wf.activate();
		await settled();
		const text = JSON.stringify(wf.logged);
		expect(text).toContain('Log cannot be retried for header ***');
		expect(text).not.toContain(secret);
		expect(text).not.toContain(TOKEN);
	});

	test('a log entry whose status is the token: named without it', async () => {
		const wf = await receivingThenDownAnHour();
		const odd = sandbox().logDelivery(wf.webhookId, ended('odd'), { status: 'failed', attempt: 4 });
		(odd as { status: string }).status = TOKEN;
		await wf.activate();
		await settled();
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining('has a status Talkover does not document ("***"')]);
		expect(JSON.stringify(wf.logged)).not.toContain(TOKEN);
	});
});

describe('the log as Talkover may give it', () => {
	test('over several pages, newest first: pages are read until one reaches back to the start, no further', async () => {
		const wf = new Published();
		await wf.activate();
		await sandbox().deliver(wf.webhookId, ended('live'));
		clock().time += 10 * 60_000;
		// 250 successes after the failures (the log's newest), then 3 failures, then 100 entries older than the last delivery:
		// newest first, the third page reaches back past the last delivery received.
		for (let i = 0; i < 100; i++) sandbox().logDelivery(wf.webhookId, ended(`before-${i}`), { status: 'success', created_at: iso(clock().time - 3 * HOUR) });
		failedWhileDown(wf.webhookId, ['f1', 'f2', 'f3']);
		for (let i = 0; i < 250; i++) sandbox().logDelivery(wf.webhookId, ended(`after-${i}`), { status: 'success' });
		clock().time += HOUR;
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		const reads = requestsSince(start).filter((r) => r.startsWith('GET') && r.includes('/logs'));
		expect(reads).toEqual([1, 2, 3].map((p) => `GET ${logPath(wf.webhookId)}?per_page=100&page=${p}`));
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'f1', 'f2', 'f3']);
	});

	test('oldest first, a full first page and no later page named: nothing is guessed, n8n’s log says the log could not be read', async () => {
		const wf = new Published();
		await wf.activate();
		clock().time += HOUR;
		const entry = (i: number) => ({ id: `e-${i}`, event: 'event_phone_call_ended', attempt: 1, status: 'success', created_at: iso(clock().time - 50 * 60_000 + i * 1000) });
		sandbox().inject({ method: 'GET', path: logPath(wf.webhookId), status: 200, body: { success: true, data: Array.from({ length: 100 }, (_, i) => entry(i)), pagination: { current_page: 1, per_page: 100, total: 100, last_page: 1 } } });
		await wf.activate();
		await settled();
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining('could not read the webhook’s delivery log'.replace('’', "'"))]);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining('came oldest first with a full first page and no later page named')]);
	});

	test('the page’s own example as the log (2 entries, its paging claiming 5 pages of 50), its times in the last hour: its failed entry is sent again', async () => {
		const wf = new Published();
		await wf.activate();
		clock().time += HOUR;
		const example = answersOf('GET /agents/{}/webhooks/{}/logs').find((a) => a.status === 200 && a.source.file === 'list-webhook-logs.mdx')!;
		const body = JSON.parse(JSON.stringify(example.body)) as { data: IDataObject[] };
		const shift = clock().time - 10 * 60_000 - Date.parse('2024-01-15T11:00:00Z');
		for (const entry of body.data) for (const key of ['created_at', 'delivered_at']) if (entry[key]) entry[key] = iso(Date.parse(String(entry[key])) + shift);
		sandbox().inject({ method: 'GET', path: logPath(wf.webhookId), status: 200, body });
		sandbox().inject({ method: 'POST', path: `${logPath(wf.webhookId)}/log-uuid-2/retry`, status: 200, body: { success: true, message: 'Webhook retry queued successfully', data: { log_id: 'new-log-uuid', original_log_id: 'log-uuid-2', queued_at: iso(clock().time) } } });
		await wf.activate();
		await settled();
		expect(sandbox().requests.filter((r) => r.path.startsWith(logPath(wf.webhookId))).map(shown).slice(-2)).toEqual([`GET ${logPath(wf.webhookId)}?per_page=100&page=1`, `POST ${logPath(wf.webhookId)}/log-uuid-2/retry`]);
		expect(wf.logged).toContainEqual(['info', expect.stringContaining("page 1 of the delivery log held 2 entries though its paging claims 5 pages: read as the log's end")]);
	});

	test('a log that comes oldest first is read from its last page back (and n8n’s log says so)', async () => {
		const wf = await receivingThenDownAnHour();
		const path = logPath(wf.webhookId);
		// Oldest first: the first page's entries are the oldest, in rising order.
		const old = (i: number) => ({ id: `old-${i}`, event: 'event_phone_call_ended', attempt: 1, status: 'success', created_at: iso(Date.UTC(2026, 0, 1) + i * 1000) });
		const failed = { id: 'new-1', event: 'event_phone_call_ended', attempt: 4, status: 'failed', created_at: iso(clock().time - 60_000) };
		const page = (n: string) => (r: { query: Record<string, string> }) => r.query.page === n;
		sandbox().inject({ method: 'GET', path, when: page('1'), status: 200, body: { success: true, data: Array.from({ length: 100 }, (_, i) => old(i)), pagination: { current_page: 1, per_page: 100, total: 101, last_page: 2 } } });
		sandbox().inject({ method: 'GET', path, when: page('2'), status: 200, body: { success: true, data: [failed], pagination: { current_page: 2, per_page: 100, total: 101, last_page: 2 } } });
		sandbox().inject({ method: 'POST', path: `${path}/new-1/retry`, status: 200, body: { success: true, message: 'Webhook retry queued successfully', data: { log_id: 'n2', original_log_id: 'new-1', queued_at: iso(clock().time) } } });
		await wf.activate();
		await settled();
		expect(sandbox().requests.filter((r) => r.path.startsWith(path)).map((r) => `${r.method} ${shown(r).slice(r.method.length + 1 + path.length)}`).slice(-3)).toEqual(['GET ?per_page=100&page=1', 'GET ?per_page=100&page=2', 'POST /new-1/retry']);
		expect(wf.logged).toContainEqual(['info', expect.stringContaining('the delivery log came oldest first (Talkover shows it newest first): it was read from its last page back')]);
	});

	test('more entries since the last delivery than 50 pages hold, newest first: the 50 newest pages are read and n8n’s log says older failures are not caught up', async () => {
		const wf = await receivingThenDownAnHour();
		const path = logPath(wf.webhookId);
		const since = new Date(clock().time - HOUR - 5 * 60_000).toISOString();
		// Two deliveries a second, the newest a minute ago: 60 full pages, all after the last delivery received.
		const entry = (i: number) => ({ id: `e-${i}`, event: 'event_phone_call_ended', attempt: 1, status: 'success', created_at: iso(clock().time - 60_000 - Math.floor(i / 2) * 1000) });
		const pageOf = (r: { query: Record<string, string> }) => Number(r.query.page);
		sandbox().inject({ method: 'GET', path, times: 60, reply: (r: { query: Record<string, string> }) => ({ status: 200, body: { success: true, data: Array.from({ length: 100 }, (_, k) => entry((pageOf(r) - 1) * 100 + k)), pagination: { current_page: pageOf(r), per_page: 100, total: 6000, last_page: 60 } } }) });
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start).filter((r) => r.startsWith(`GET ${path}`))).toEqual(Array.from({ length: 50 }, (_, i) => `GET ${path}?per_page=100&page=${i + 1}`));
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`: the delivery log has more than 5000 entries since ${since}: only the 5000 newest were read, older failures are not caught up`)]);
		expect(wf.logged.filter(([, m]) => m.includes('no order'))).toEqual([]);
	});

	test('more than 50 pages whose times rise and fall (no order): the first 50 are read and n8n’s log says so', async () => {
		const wf = await receivingThenDownAnHour();
		const path = logPath(wf.webhookId);
		// On each page, times that go back and forth by a second.
		const entry = (i: number) => ({ id: `e-${i}`, event: 'event_phone_call_ended', attempt: 1, status: 'success', created_at: iso(clock().time - 60_000 - (i % 2) * 1000) });
		const pageOf = (r: { query: Record<string, string> }) => Number(r.query.page);
		sandbox().inject({ method: 'GET', path, times: 60, reply: (r: { query: Record<string, string> }) => ({ status: 200, body: { success: true, data: Array.from({ length: 100 }, (_, k) => entry((pageOf(r) - 1) * 100 + k)), pagination: { current_page: pageOf(r), per_page: 100, total: 6000, last_page: 60 } } }) });
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start).filter((r) => r.startsWith(`GET ${path}`))).toHaveLength(50);
		expect(wf.logged.filter(([, m]) => m.includes('the delivery log'))).toEqual([['warn', expect.stringContaining(': the delivery log came in no order of time: its first 5000 entries were read')]]);
	});

	test('a log whose times rise and fall (no order): all of it is read, its failure is sent, and n8n’s log says so', async () => {
		const wf = await receivingThenDownAnHour();
		const path = logPath(wf.webhookId);
		const entry = (id: string, minutesAgo: number, status = 'success') => ({ id, event: 'event_phone_call_ended', attempt: status === 'failed' ? 4 : 1, status, created_at: iso(clock().time - minutesAgo * 60_000) });
		sandbox().inject({ method: 'GET', path, status: 200, body: { success: true, data: [entry('s-1', 20), entry('f-1', 10, 'failed'), entry('s-2', 30)], pagination: { current_page: 1, per_page: 100, total: 3, last_page: 1 } } });
		sandbox().inject({ method: 'POST', path: `${path}/f-1/retry`, status: 200, body: { success: true, message: 'Webhook retry queued successfully', data: { log_id: 'n-1', original_log_id: 'f-1', queued_at: iso(clock().time) } } });
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsToTalkoverSince(start)).toEqual(aStartSendingAgain(wf.webhookId, ['f-1']));
		expect(wf.logged.filter(([, m]) => m.includes('the delivery log'))).toEqual([['warn', expect.stringContaining(': the delivery log came in no order of time: all of it was read')]]);
	});

	test('a trigger on two events (a webhook and a log each) one of whose logs cannot be read: n8n’s log names that log, and nothing is sent, not even the other log’s failures', async () => {
		const wf = new Published();
		wf.node.parameters.events = ['event_phone_call_started', 'event_phone_call_ended'];
		await wf.activate();
		const hookOf = (event: string) => String(sandbox().webhooks.find((w) => w.events.includes(event))?.id);
		clock().time += HOUR;
		sandbox().logDelivery(hookOf('event_phone_call_ended'), ended('missed'), { event: 'event_phone_call_ended', status: 'failed', attempt: 4, created_at: iso(clock().time - 10 * 60_000) });
		sandbox().inject({ method: 'GET', path: logPath(hookOf('event_phone_call_started')), status: 200, body: { success: true, data: { webhooks: [] } } });
		await wf.activate();
		await settled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry'))).toEqual([]);
		expect(wf.executions).toEqual([]);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`could not read the webhook's delivery log (${logPath(hookOf('event_phone_call_started'))}), so nothing was caught up: `)]);
	});

	test('a trigger on two events whose second log gives its entries numeric IDs: the failure is sent again through that log', async () => {
		const wf = new Published();
		wf.node.parameters.events = ['event_phone_call_started', 'event_phone_call_ended'];
		await wf.activate();
		const hookOf = (event: string) => String(sandbox().webhooks.find((w) => w.events.includes(event))?.id);
		clock().time += HOUR;
		const path = logPath(hookOf('event_phone_call_ended'));
		const failed = { id: 4711, event: 'event_phone_call_ended', attempt: 4, status: 'failed', created_at: iso(clock().time - 10 * 60_000) };
		sandbox().inject({ method: 'GET', path, status: 200, body: { success: true, data: [failed], pagination: { current_page: 1, per_page: 100, total: 1, last_page: 1 } } });
		sandbox().inject({ method: 'POST', path: `${path}/4711/retry`, status: 200, body: { success: true, message: 'Webhook retry queued successfully', data: { log_id: 4712, original_log_id: 4711, queued_at: iso(clock().time) } } });
		await wf.activate();
		await settled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry')).map((r) => r.path)).toEqual([`${path}/4711/retry`]);
	});

	test('an entry the pages do not describe is left alone and named in n8n’s log; the others are sent', async () => {
		const wf = await receivingThenDownAnHour();
		const [good] = failedWhileDown(wf.webhookId, ['good']);
		const odd = sandbox().logDelivery(wf.webhookId, ended('odd'), { status: 'failed', attempt: 4 });
		(odd as { status: string }).status = 'dead_letter';
		await wf.activate();
		await settled();
		expect(sandbox().requests.filter((r) => r.method === 'POST' && r.path.endsWith('/retry')).map((r) => r.path)).toEqual([`${logPath(wf.webhookId)}/${good}/retry`]);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`left alone a log entry the Talkover pages do not describe: entry 1 of the delivery log has a status Talkover does not document ("dead_letter"`)]);
	});

	test('a log that cannot be read: the activation still succeeds, n8n’s log says nothing was caught up, without the token', async () => {
		const wf = new Published();
		await wf.activate();
		clock().time += HOUR;
		failedWhileDown(wf.webhookId);
		sandbox().inject({ method: 'GET', path: logPath(wf.webhookId), status: 200, body: { success: true, data: { webhooks: [] }, note: `token ${TOKEN}` } });
		await expect(wf.activate()).resolves.toBeUndefined();
		await settled();
		expect(wf.executions).toEqual([]);
		const warning = wf.logged.find(([, m]) => m.includes('could not read the webhook’s delivery log') || m.includes("could not read the webhook's delivery log"));
		expect(warning).toBeDefined();
		expect(JSON.stringify(wf.logged)).not.toContain(TOKEN);
	});
});

describe('retries Talkover refuses or that fail', () => {
	test('refused (422 LOG_NOT_RETRIABLE): named in n8n’s log with the event and its time, and not asked again at the next start', async () => {
		const wf = await receivingThenDownAnHour();
		const [refused, fine] = failedWhileDown(wf.webhookId, ['refused', 'fine']);
		sandbox().inject({ method: 'POST', path: `${logPath(wf.webhookId)}/${refused}/retry`, status: 422, body: { success: false, message: 'Log cannot be retried', code: 'LOG_NOT_RETRIABLE' } });
		await wf.activate();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'fine']);
		expect(wf.logged).toContainEqual(['warn', expect.stringMatching(new RegExp(`Talkover would not send event event_phone_call_ended of [0-9T:.-]+Z \\(log entry ${refused}\\) again \\(HTTP 422: Log cannot be retried\\)`))]);
		const start = sandbox().requests.length;
		await wf.activate();
		await settled();
		expect(requestsSince(start).filter((r) => r.startsWith('POST'))).toEqual([]);
		expect(fine).toBeDefined();
	});

	test('refused without a message: named in n8n’s log with the HTTP status alone', async () => {
		const wf = await receivingThenDownAnHour();
		const refused = sandbox().logDelivery(wf.webhookId, ended('refused'), { status: 'failed', attempt: 4 });
		sandbox().inject({ method: 'POST', path: `${logPath(wf.webhookId)}/${refused.id}/retry`, status: 422, body: { success: false, code: 'LOG_NOT_RETRIABLE' } });
		await wf.activate();
		await settled();
		expect(wf.logged.filter(([level]) => level === 'warn').map(([, m]) => m.replace(/^.*?\): /, ''))).toEqual([`Talkover would not send event event_phone_call_ended of ${new Date(Date.parse(refused.created_at)).toISOString()} (log entry ${refused.id}) again (HTTP 422)`]);
	});

	test('a retry that fails (Talkover down): asked again at the next start, and the event still starts one execution', async () => {
		const wf = await receivingThenDownAnHour();
		lostWithItsRetryRefused(wf.webhookId, 'lost');
		await wf.activate();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['live']);
		expect(wf.logged).toContainEqual(['warn', expect.stringContaining(`could not have event event_phone_call_ended of`)]);
		clock().time += 10 * 60_000;
		await wf.activate();
		await settled();
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'lost']);
	});
});

describe('the option', () => {
	test.each([[-1], [721], ['many']])('Catch Up Missed Events (Hours) %p: the activation fails naming the field, before any request', async (hours) => {
		const wf = new Published({ catchUpHours: hours });
		await expect(wf.activate()).rejects.toThrow('Options → Catch Up Missed Events (Hours): give a number of hours from 0 to 720 (0: off)');
		expect(sandbox().requests).toEqual([]);
	});

	test.each([[''], ['   ']])('Catch Up Missed Events (Hours) %p (an expression that gave no number): the activation fails naming the field, never read as 0 (off)', async (hours) => {
		const wf = new Published({ catchUpHours: hours });
		await expect(wf.activate()).rejects.toThrow('Options → Catch Up Missed Events (Hours): give a number of hours from 0 to 720 (0: off)');
		expect(sandbox().requests).toEqual([]);
	});

	test('720 hours (the 30 days Talkover keeps its log) and hours given as text (an expression’s "2") are taken: a failure within them is sent again', async () => {
		for (const [hours, back] of [[720, 720], ['2', 2]] as const) {
			const wf = new Published({ catchUpHours: hours });
			await wf.activate();
			clock().time += back * HOUR - 60_000;
			const [failed] = failedWhileDown(wf.webhookId, [`within ${hours}`]);
			await wf.activate();
			await settled();
			expect(sandbox().requests.some((r) => r.path.endsWith(`/${failed}/retry`))).toBe(true);
			expect(wf.items).toEqual([{ ...ended(`within ${hours}`), caught_up: true }]);
		}
	});

	test('the option’s value turned invalid during a catch-up (an expression): the events sent again still say caught_up (read as the default)', async () => {
		const wf = await receivingThenDownAnHour();
		const [entry] = failedWhileDown(wf.webhookId, ['sent again']);
		const open = heldRetry(wf.webhookId, entry);
		await wf.activate();
		await retryAsked(entry);
		(wf.node.parameters.options as IDataObject).catchUpHours = 'off';
		open();
		await settled();
		expect(wf.items).toEqual([{ ...ended('live'), event: 'event_phone_call_ended' }, { ...ended('sent again'), caught_up: true }]);
	});

	test('in the editor: a number from 0 to 720 in the trigger’s Options, a day by default, under the name its error gives', () => {
		const options = new TalkoverTrigger().description.properties.find((p) => p.name === 'options')!;
		const option = (options.options as INodeProperties[]).find((o) => o.name === 'catchUpHours')!;
		expect(option).toMatchObject({ displayName: 'Catch Up Missed Events (Hours)', type: 'number', typeOptions: { minValue: 0, maxValue: 720 }, default: 24 });
		expect(option.description).toContain('up to 720');
		expect(option.description).toContain('caught_up: true');
		expect(option.description).toContain('0: off');
	});

	test('unpublishing during a catch-up stops it: no retry is asked for after the unpublish, nor after the webhook is deleted', async () => {
		const wf = await receivingThenDownAnHour();
		const w = wf.webhookId;
		failedWhileDown(w, ['a', 'b', 'c']);
		clock().hold();
		await wf.activate();
		const unpublished = sandbox().requests.length;
		await wf.deactivate();
		clock().release();
		await settled();
		clock().advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
		await settled();
		expect(sandbox().requests.slice(unpublished).map((r) => r.method)).toEqual(['DELETE']);
		expect(sandbox().webhooks).toEqual([]);
	});
});
