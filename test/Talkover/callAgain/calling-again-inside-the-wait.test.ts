/**
 * Call Again Until Reached inside the wait, in n8n-core's engine (test/helpers/waitingN8n.ts) on the test's clock;
 * Talkover is the sandbox. A call that does not reach the lead, whose next call is due within the hour, is followed
 * by that call at once with `delay_seconds` (Talkover holds the timer), placed by the webhook that heard the end: the
 * execution keeps waiting and comes out once, with every call in `attempts`. Asserted on the requests the sandbox
 * saw and the items that came out.
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetWaitLogs } from '../../../nodes/Talkover/wait/logReads';
import { untilOf } from '../../../nodes/Talkover/wait/webhooks';
import { forgetNextCalls } from '../../../nodes/Talkover/wait/nextCalls';
import { readWaitRecord, WAIT_KEY } from '../../../nodes/Talkover/wait/record';
import { SALES_AGENT, until } from '../../helpers/fixtures';
import { callAgainParameters, useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const outputOf = (execution: SavedExecution) => (WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map((item) => item.json);
const callsTo = (to: string) => sandbox().calls.filter((c) => c.to === to);
const iso = (ms: number) => new Date(ms).toISOString();
const placed = () => sandbox().requestsTo('POST', CALL).map((r) => r.body as IDataObject);
const BUSY = { status: 'busy', connected: false, duration: 0 };
const NO_ANSWER = { status: 'no-answer', connected: false, duration: 0 };
const ANSWERED = { status: 'completed', connected: true, duration: 40 };

/** Ends the lead's newest call as `end` says, `after` ms from now on the test's clock. */
async function endNewest(to: string, end: IDataObject, after = 2 * MINUTE): Promise<void> {
	clock().advance(after);
	await sandbox().endCallWithEvent(String(callsTo(to).at(-1)!.id), end);
	await n8n.settled();
}

/** What this process keeps of a waiting execution (its logs read, its next calls placed), as a restarted n8n would not have it. */
function forgetInThisProcess(execution: SavedExecution): void {
	const context = execution.data.executionData?.contextData ?? {};
	const record = readWaitRecord((context['node:Talkover'] as IDataObject | undefined)?.[WAIT_KEY]);
	if (!record) throw new Error('no wait record saved');
	forgetWaitLogs(record);
	forgetNextCalls(record.secretHash);
}

test.each([
	{ after: 0, delay: 0, label: 'at once' },
	{ after: 10, delay: 600, label: 'ten minutes' },
	{ after: 60, delay: 3600, label: 'the hour, Talkover’s longest delay' },
])('a lead not reached is called again inside the wait, $after minutes after the end ($label): delay_seconds $delay, one execution, one item out when the third call reaches them', async ({ after, delay }) => {
	const to = `+1555009${String(after).padStart(4, '0')}`;
	const execution = await n8n.run([{ to, crm: 'lead-1' }], callAgainParameters({ attempts: 3, afterMinutes: after, when: ['notReached'] }, {}, { lead: 'lead-1' }));
	expect(execution.status).toBe('waiting');
	await endNewest(to, BUSY);
	const firstEnd = clock().now();
	expect(execution.status).toBe('waiting');
	// The same call as the first (its To, Test Call and Context), with Talkover's delay up to its moment.
	expect(placed()).toEqual([
		{ to, is_testing: true, context: { lead: 'lead-1' } },
		{ to, is_testing: true, context: { lead: 'lead-1' }, delay_seconds: delay },
	]);
	await endNewest(to, NO_ANSWER, delay * SECOND + MINUTE);
	const secondEnd = clock().now();
	expect(execution.status).toBe('waiting');
	expect(placed()).toHaveLength(3);
	expect(placed()[2].delay_seconds).toBe(delay);
	await endNewest(to, ANSWERED, delay * SECOND + 3 * MINUTE);
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	const ids = callsTo(to).map((c) => c.id);
	expect(out).toEqual(expect.objectContaining({ to, id: ids[2], outcome: 'answered', status: 'completed', context: { lead: 'lead-1' } }));
	expect(out.nextAttemptAt).toBeUndefined();
	expect(out.attempts).toEqual([
		expect.objectContaining({ attempt: 1, callId: ids[0], outcome: 'notReached', status: 'busy', endedAt: iso(firstEnd) }),
		expect.objectContaining({ attempt: 2, callId: ids[1], outcome: 'notReached', status: 'no-answer', ringsAt: iso(firstEnd + delay * SECOND), endedAt: iso(secondEnd) }),
		expect.objectContaining({ attempt: 3, callId: ids[2], outcome: 'answered', status: 'completed', ringsAt: iso(secondEnd + delay * SECOND) }),
	]);
	expect(callsTo(to)).toHaveLength(3);
});

test('a lead never reached gets Attempts calls inside the wait and no more: the last comes out notReached, without nextAttemptAt', async () => {
	const to = '+15550091001';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 5, when: ['notReached'] }));
	await endNewest(to, BUSY);
	await endNewest(to, BUSY, 6 * MINUTE);
	await endNewest(to, BUSY, 6 * MINUTE);
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect(out.outcome).toBe('notReached');
	expect((out.attempts as IDataObject[]).map((a) => a.attempt)).toEqual([1, 2, 3]);
	expect(out.nextAttemptAt).toBeUndefined();
	expect(callsTo(to)).toHaveLength(3);
});

test('a next call due more than an hour after the end is not placed inside the wait: the item comes out with nextAttemptAt, for the Wait node', async () => {
	const to = '+15550091101';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 61, when: ['notReached'] }));
	await endNewest(to, BUSY);
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect(out).toEqual(expect.objectContaining({ outcome: 'notReached', nextAttemptAt: iso(clock().now() + 61 * MINUTE) }));
	expect(callsTo(to)).toHaveLength(1);
});

test('with Calling Hours, the next call inside the wait is delayed to the hours’ opening when it is within the hour', async () => {
	const to = '+15550091201';
	// START is 12:00 UTC, 13:00 in Paris; the hours open at 13:30 there: the first call is scheduled for 13:30.
	const hours = { callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '13:30', to: '13:45', timeZone: 'Europe/Paris', outsideHours: 'delay' } } };
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 2, afterMinutes: 10, when: ['notReached'] }, hours));
	expect(placed()[0].delay_seconds).toBe(30 * 60);
	// The first call rings at 13:30 Paris and is busy at 13:40; ten minutes later is 13:50, after the hours: the next
	// opening is the next day's, more than an hour away: not placed inside the wait.
	await endNewest(to, BUSY, 40 * MINUTE);
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect(out.nextAttemptAt).toBe('2026-01-16T12:30:00.000Z');
	expect(placed()).toHaveLength(1);
});

test('an answered lead is never called again, and a voicemail only with Call Again When → Voicemail', async () => {
	const answered = '+15550091301';
	const voicemail = '+15550091302';
	const execution = await n8n.run([{ to: answered }, { to: voicemail }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	await endNewest(answered, ANSWERED);
	await endNewest(voicemail, { status: 'voicemail', connected: true, duration: 20 }, 0);
	await n8n.ended(execution);
	expect(outputOf(execution).map((o) => [o.to, o.outcome, o.nextAttemptAt])).toEqual([
		[answered, 'answered', undefined],
		[voicemail, 'voicemail', undefined],
	]);
	expect(placed()).toHaveLength(2);
});

test('two leads: one reached at its first call, the other called again; the execution waits for the second lead’s next call and comes out with both, in input order', async () => {
	const a = '+15550091401';
	const b = '+15550091402';
	const execution = await n8n.run([{ to: a }, { to: b }], callAgainParameters({ attempts: 2, afterMinutes: 10, when: ['notReached'] }));
	await endNewest(b, NO_ANSWER);
	await endNewest(a, ANSWERED, 0);
	expect(execution.status).toBe('waiting');
	await endNewest(b, ANSWERED, 12 * MINUTE);
	await n8n.ended(execution);
	const out = outputOf(execution);
	expect(out.map((o) => [o.to, o.outcome, (o.attempts as IDataObject[]).length])).toEqual([
		[a, 'answered', 1],
		[b, 'answered', 2],
	]);
});

test('the end delivered again after its answer (Talkover’s retry, Retry Webhook Delivery) places nothing more', async () => {
	const to = '+15550091501';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	await endNewest(to, BUSY);
	const first = String(callsTo(to)[0].id);
	await sandbox().emitCallEvent(first, 'event_phone_call_did_not_connect', { status: 'busy', duration: 0, ended_reason: 'customer_hangup' });
	await n8n.settled();
	expect(placed()).toHaveLength(2);
	expect(execution.status).toBe('waiting');
	await endNewest(to, ANSWERED, 12 * MINUTE);
	await n8n.ended(execution);
	expect((outputOf(execution)[0].attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'answered']);
});

test('the end delivered twice at the same moment (n8n 1.x runs both at once) places one next call', async () => {
	const to = '+15550091601';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	clock().advance(2 * MINUTE);
	const first = sandbox().calls.find((c) => c.to === to)!;
	Object.assign(first, { status: 'busy', duration_seconds: 0 });
	const fields = { status: 'busy', duration: 0, ended_reason: 'customer_hangup' };
	await Promise.all([sandbox().emitCallEvent(String(first.id), 'event_phone_call_did_not_connect', fields), sandbox().emitCallEvent(String(first.id), 'event_phone_call_did_not_connect', fields)]);
	await n8n.settled();
	expect(placed()).toHaveLength(2);
	await endNewest(to, ANSWERED, 12 * MINUTE);
	await n8n.ended(execution);
	expect((outputOf(execution)[0].attempts as IDataObject[]).map((a) => a.callId)).toEqual(callsTo(to).map((c) => c.id));
});

test('n8n restarted while the next call is delayed: the restarted process finds it in the log of the wait’s answers and waits on it', async () => {
	const to = '+15550091701';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 30, when: ['notReached'] }));
	await endNewest(to, BUSY);
	expect(placed()).toHaveLength(2);
	forgetInThisProcess(execution);
	// The first call's end, delivered again to the restarted n8n, places nothing: its answer is in the log.
	await sandbox().emitCallEvent(String(callsTo(to)[0].id), 'event_phone_call_did_not_connect', { status: 'busy', duration: 0, ended_reason: 'customer_hangup' });
	await n8n.settled();
	forgetInThisProcess(execution);
	expect(placed()).toHaveLength(2);
	await endNewest(to, ANSWERED, 32 * MINUTE);
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect((out.attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual([
		[callsTo(to)[0].id, 'notReached'],
		[callsTo(to)[1].id, 'answered'],
	]);
});

test('the next call’s Wait Limit counts from when it rings: a call that does not end comes out timedOut at its own limit', async () => {
	const to = '+15550091801';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 2, afterMinutes: 20, when: ['notReached'] }));
	await endNewest(to, BUSY);
	const secondRings = clock().now() + 20 * MINUTE;
	// 30 minutes after the first call began, its own limit: the second call is still to ring.
	clock().advance(28 * MINUTE);
	await n8n.settled();
	expect(execution.status).toBe('waiting');
	clock().advance(secondRings + 30 * MINUTE - clock().now());
	await until(() => execution.status === 'success');
	const [out] = outputOf(execution);
	expect(out).toEqual(expect.objectContaining({ id: callsTo(to)[1].id, outcome: 'timedOut' }));
	expect((out.attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'timedOut']);
});

test('Talkover refuses the next call (no credits left): the item comes out with why and nextAttemptAt, for the Wait node', async () => {
	const to = '+15550091901';
	const execution = await n8n.run([{ to }], { ...callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }), isTesting: false });
	sandbox().credits = 0;
	await endNewest(to, BUSY);
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect(out).toEqual(expect.objectContaining({ outcome: 'notReached', nextAttemptAt: iso(clock().now() + 10 * MINUTE) }));
	expect(String(out.nextCallError)).toMatch(/^The next call was not placed: Not enough Talkover credits to place the next call/);
	expect(callsTo(to)).toHaveLength(1);
});

test.each([
	{ option: { maxCallsPerDay: { limit: { calls: 100 } } }, label: 'Max Calls per Day' },
	{ option: { maxCallsPerExecution: 10 }, label: 'Max Calls per Execution' },
	{ option: { skipCalledWithinMinutes: 5 }, label: 'Skip Numbers Called Within' },
])('with $label, the next call goes round the Wait node, where the option counts or checks it when it is dialled: nothing is placed inside the wait', async ({ option }) => {
	const to = `+155500920${Object.keys(option)[0].length}`;
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }, option));
	await endNewest(to, BUSY);
	await n8n.ended(execution);
	expect(outputOf(execution)[0].nextAttemptAt).toBe(iso(clock().now() + 10 * MINUTE));
	expect(callsTo(to)).toHaveLength(1);
});

test('the wait is set long enough for every call: three calls of a 30-minute limit, an hour apart at most', async () => {
	const to = '+15550092101';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 60, when: ['notReached'] }));
	const waitTill = execution.runs[0].waitTill!.getTime();
	// The first call's limit, then two more calls each at most an hour and a minute (placing, rounding) and a limit after the end before.
	expect(waitTill - clock().now()).toBeGreaterThanOrEqual(30 * MINUTE + 2 * (HOUR + 30 * MINUTE));
	// The wait's webhook is named for that moment when it is registered (a later wait's sweep leaves it alone): never renamed.
	const [webhook] = sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	expect(untilOf(webhook.name)).toBeGreaterThanOrEqual(waitTill);
	expect(sandbox().requests.filter((r) => r.method === 'PUT')).toEqual([]);
	await endNewest(to, BUSY, 29 * MINUTE);
	await endNewest(to, BUSY, HOUR + 29 * MINUTE);
	await endNewest(to, ANSWERED, HOUR + 29 * MINUTE);
	await n8n.ended(execution);
	expect(callsTo(to)).toHaveLength(3);
});

/**
 * n8n stopped after placing the lead's next call, before its answer to the end reached Talkover: the log shows that
 * delivery failed (no body, no answer), and Talkover sends the end again (attempt 2).
 */
async function answerLostThenSentAgain(execution: SavedExecution, firstCall: string): Promise<void> {
	const entry = sandbox().webhookLogs.find((e) => e.status === 'success' && (e.request_payload as IDataObject | undefined)?.call_id === firstCall)!;
	Object.assign(entry, { status: 'failed', http_status: null, error: 'fetch failed: socket hang up' });
	delete entry.response_body;
	forgetInThisProcess(execution);
	const retry = sandbox().logDelivery(String(entry.webhook_id), entry.request_payload, { status: 'pending', attempt: 2, event: String(entry.event) });
	await sandbox().deliver(String(entry.webhook_id), entry.request_payload, { logEntry: retry, event: String(entry.event) });
	await n8n.settled();
}

test('n8n stopped between placing the next call and answering the end: the end sent again finds the call among the lead’s, places none, and waits on it', async () => {
	const to = '+15550092201';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	await endNewest(to, BUSY);
	expect(placed()).toHaveLength(2);
	sandbox().requests.length = 0;
	await answerLostThenSentAgain(execution, String(callsTo(to)[0].id));
	// One search of the lead's number, and no call.
	expect(sandbox().requests.filter((r) => !r.path.includes('/webhooks/')).map((r) => `${r.method} ${r.path} ${String(r.query.search)}`)).toEqual([`GET /api/v1/calls ${to}`]);
	expect(callsTo(to)).toHaveLength(2);
	expect(execution.status).toBe('waiting');
	await endNewest(to, ANSWERED, 12 * MINUTE);
	await n8n.ended(execution);
	expect((outputOf(execution)[0].attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual([
		[callsTo(to)[0].id, 'notReached'],
		[callsTo(to)[1].id, 'answered'],
	]);
});

test('… and when Talkover does not list the delayed call until it dials, the search finds nothing and the next call is placed again: the one case where a lead gets two calls for one attempt', async () => {
	const to = '+15550092301';
	sandbox().listsDelayedCalls = false;
	try {
		const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
		await endNewest(to, BUSY);
		expect(placed()).toHaveLength(2);
		await answerLostThenSentAgain(execution, String(callsTo(to)[0].id));
		expect(placed()).toHaveLength(3);
		expect(execution.status).toBe('waiting');
	} finally {
		sandbox().listsDelayedCalls = true;
	}
});

test('an end sent again after the wait answered it without placing (the next call more than an hour away then, within the hour now) changes nothing: the lead still comes out with nextAttemptAt', async () => {
	const later = '+15550092401';
	const open = '+15550092402';
	const execution = await n8n.run([{ to: later }, { to: open }], { ...callAgainParameters({ attempts: 3, afterMinutes: 90, when: ['notReached'] }), waitLimit: 120 });
	await endNewest(later, BUSY);
	const end = clock().now();
	const first = String(callsTo(later)[0].id);
	clock().advance(40 * MINUTE);
	sandbox().requests.length = 0;
	await sandbox().emitCallEvent(first, 'event_phone_call_did_not_connect', { status: 'busy', duration: 0, ended_reason: 'customer_hangup' });
	await n8n.settled();
	// Nothing searched, nothing placed.
	expect(sandbox().requests.filter((r) => !r.path.includes('/webhooks/'))).toEqual([]);
	await endNewest(open, ANSWERED, 0);
	await n8n.ended(execution);
	expect(outputOf(execution)[0]).toEqual(expect.objectContaining({ to: later, outcome: 'notReached', nextAttemptAt: iso(end + 90 * MINUTE) }));
	expect(outputOf(execution)[0].nextCallError).toBeUndefined();
});

test('n8n ends the wait itself (the alarm lost to a restart) while a later call rings: the lead comes out unknown, with no next call, saying that later calls are not in attempts', async () => {
	const to = '+15550092701';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	await endNewest(to, BUSY);
	expect(placed()).toHaveLength(2);
	const run = await n8n.timeOut(execution);
	const [out] = (run.data.resultData.runData.Talkover.at(-1)?.data?.main?.[0] ?? []).map((item) => item.json);
	expect(out).toEqual(expect.objectContaining({ id: callsTo(to)[0].id, outcome: 'unknown' }));
	expect(out.nextAttemptAt).toBeUndefined();
	expect(String(out.statusError)).toMatch(/Calls Call Again Until Reached placed after this one while the execution waited are not in attempts: Call → Get Many lists them\.$/);
});

test('the same with the end in the body the log shows ({call_id, duration}, no event named): sent again after the answer was lost, it finds the call and places none', async () => {
	const to = '+15550092801';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	clock().advance(2 * MINUTE);
	const first = callsTo(to)[0];
	Object.assign(first, { status: 'busy', duration_seconds: 0 });
	await sandbox().emitCallEvent(String(first.id), 'event_phone_call_did_not_connect', { duration: 0 }, { named: false });
	await n8n.settled();
	expect(placed()).toHaveLength(2);
	await answerLostThenSentAgain(execution, String(first.id));
	expect(callsTo(to)).toHaveLength(2);
	expect(execution.status).toBe('waiting');
	await endNewest(to, ANSWERED, 12 * MINUTE);
	await n8n.ended(execution);
	expect((outputOf(execution)[0].attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual([
		[first.id, 'notReached'],
		[callsTo(to)[1].id, 'answered'],
	]);
});

test('Talkover listing the delivery it is sending (pending) with its body: that delivery is not taken for an earlier one, and the next calls are placed', async () => {
	const to = '+15550092901';
	sandbox().pendingShowsBody = true;
	try {
		const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 0, when: ['notReached'] }));
		await endNewest(to, BUSY);
		await endNewest(to, BUSY);
		await endNewest(to, ANSWERED);
		await n8n.ended(execution);
		expect((outputOf(execution)[0].attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'notReached', 'answered']);
		expect(callsTo(to)).toHaveLength(3);
	} finally {
		sandbox().pendingShowsBody = false;
	}
});

test('the log cannot be read when the end comes (the wait answers 503, nothing placed): Talkover’s retry of the end places the next call', async () => {
	const to = '+15550093001';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	let failing = true;
	sandbox().inject({ method: 'GET', path: /\/webhooks\/[^/]+\/logs$/, status: 502, body: { message: 'Bad gateway' }, times: 1000, when: () => failing });
	await endNewest(to, BUSY);
	const end = clock().now();
	failing = false;
	const [entry] = sandbox().webhookLogs.filter((e) => (e.request_payload as IDataObject | undefined)?.call_id === callsTo(to)[0].id);
	expect([entry.status, entry.http_status]).toEqual(['failed', 503]);
	expect(callsTo(to)).toHaveLength(1);
	clock().advance(MINUTE);
	const retry = sandbox().logDelivery(String(entry.webhook_id), entry.request_payload, { status: 'pending', attempt: 2, event: String(entry.event) });
	await sandbox().deliver(String(entry.webhook_id), entry.request_payload, { logEntry: retry, event: String(entry.event) });
	await n8n.settled();
	expect(callsTo(to)).toHaveLength(2);
	// It rings when it would have, had the first delivery placed it: ten minutes after Talkover first sent the end.
	const post = sandbox().requestsTo('POST', CALL)[1];
	const rings = post.at + Number(post.body.delay_seconds) * SECOND;
	const sent = Date.parse(String(entry.created_at));
	expect(sent).toBeLessThanOrEqual(end);
	expect(rings - (sent + 10 * MINUTE)).toBeGreaterThanOrEqual(0);
	expect(rings - (sent + 10 * MINUTE)).toBeLessThan(SECOND);
	await endNewest(to, ANSWERED, 12 * MINUTE);
	await n8n.ended(execution);
	expect((outputOf(execution)[0].attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'answered']);
});

test('another lead’s end failing at the connection while this lead’s call rings is not taken for this end: one search of the number, and the next call is placed', async () => {
	const to = '+15550093101';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	clock().advance(MINUTE);
	const [webhook] = sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	sandbox().logDelivery(String(webhook.id), { call_id: 'another-leads-call', duration: 0 }, { status: 'failed', http_status: null, event: 'event_phone_call_did_not_connect' });
	sandbox().requests.length = 0;
	await endNewest(to, BUSY, MINUTE);
	expect(sandbox().requests.filter((r) => !r.path.includes('/webhooks/')).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/calls', `POST ${CALL}`]);
	expect(callsTo(to)).toHaveLength(2);
	expect(execution.status).toBe('waiting');
});

test('a busy call whose did_not_connect failed (no body in the log) and whose end, in the log’s body (no status), came while Talkover still listed it ringing: when did_not_connect comes again, its listed status says busy, and the lead comes out not reached with nextAttemptAt (that body was answered once: nothing is placed inside the wait for it)', async () => {
	const to = '+15550093201';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 0, when: ['notReached'] }));
	clock().advance(MINUTE);
	const [webhook] = sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	const first = String(callsTo(to)[0].id);
	// Its did_not_connect was answered 503 (the log could not be read then): Talkover sends it again later.
	sandbox().logDelivery(String(webhook.id), { call_id: first, duration: 0 }, { status: 'failed', http_status: 503, event: 'event_phone_call_did_not_connect' });
	// Its end, with the body the log shows, while Talkover lists the call as still ringing: the wait goes on.
	await sandbox().emitCallEvent(first, 'event_phone_call_ended', { duration: 0 }, { named: false });
	await n8n.settled();
	expect(execution.status).toBe('waiting');
	Object.assign(callsTo(to)[0], { status: 'busy', duration_seconds: 0 });
	// The same body as the end: only the call's listed status tells the two apart.
	await sandbox().emitCallEvent(first, 'event_phone_call_did_not_connect', { duration: 0 }, { named: false });
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect([out.outcome, out.status, out.nextAttemptAt]).toEqual(['notReached', 'busy', iso(clock().now())]);
	expect((out.attempts as IDataObject[]).map((a) => [a.callId, a.outcome, a.status])).toEqual([[first, 'notReached', 'busy']]);
	expect(callsTo(to)).toHaveLength(1);
});

test('an end that says no status, with no failed did_not_connect since the call was placed, is taken as it says: answered, with no request for the call’s status', async () => {
	const to = '+15550093202';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 3, afterMinutes: 0, when: ['notReached'] }));
	const [webhook] = sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	// Another call's, before this one was placed.
	sandbox().logDelivery(String(webhook.id), { call_id: 'an-earlier-call', duration: 0 }, { status: 'failed', http_status: 503, event: 'event_phone_call_did_not_connect', created_at: iso(clock().now() - 2 * HOUR) });
	clock().advance(MINUTE);
	sandbox().requests.length = 0;
	await sandbox().emitCallEvent(String(callsTo(to)[0].id), 'event_phone_call_ended', { duration: 30 });
	await n8n.ended(execution);
	expect(sandbox().requests.filter((r) => r.path.startsWith('/api/v1/calls'))).toEqual([]);
	expect(outputOf(execution)[0]).toEqual(expect.objectContaining({ outcome: 'answered', duration: 30 }));
	expect(callsTo(to)).toHaveLength(1);
});
