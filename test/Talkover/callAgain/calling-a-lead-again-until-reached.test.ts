/**
 * Make and Wait for Outcome → Options → Call Again Until Reached, in n8n-core's engine (test/helpers/waitingN8n.ts)
 * on the test's clock; Talkover is the sandbox. A call that does not reach the lead, whose next call is due more than
 * an hour after its end (or with an option that counts each call in the node), comes out with `attempts` and
 * `nextAttemptAt` (within the hour the wait places it itself: calling-again-inside-the-wait.test.ts); the item, brought back into the node (what n8n's Wait node does: the node's own output as its
 * input, in the same execution's next pass), is called again at that moment, never before it, never past
 * Attempts, never once reached. Asserted on the requests the sandbox saw and the items that came out.
 */
import type { IDataObject } from 'n8n-workflow';

import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { callAgainParameters, useMakeAndWait } from '../../helpers/makeAndWait';
import { crashedData } from '../../helpers/reRuns';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const outputOf = (execution: SavedExecution) => (WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map((item) => item.json);
const callsTo = (to: string) => sandbox().calls.filter((c) => c.to === to);
const lastCallTo = (to: string) => String(callsTo(to).at(-1)!.id);
const iso = (ms: number) => new Date(ms).toISOString();
const dialled = () => sandbox().requestsTo('POST', CALL).map((r) => r.body.to);

/** One pass of the item through the node: it runs, its call (if any) ends as `end` says, its output comes back. */
async function pass(input: IDataObject, rule: IDataObject, end?: { status: string; connected?: boolean; endedReason?: string }, options?: IDataObject): Promise<IDataObject> {
	const execution = await n8n.run([input], callAgainParameters(rule, options));
	if (execution.status === 'waiting') {
		clock().advance(2 * MINUTE);
		await sandbox().endCallWithEvent(lastCallTo(String(input.to)), { duration: 0, ...end });
		await n8n.ended(execution);
	}
	expect(execution.status).toBe('success');
	const [json] = outputOf(execution);
	return json;
}

test.each([
	{ after: 61, label: 'just over the hour: not inside the wait' },
	{ after: 180, label: 'hours' },
	{ after: 7 * 24 * 60, label: 'days (7, the longest)' },
])('a lead who does not answer is called again through the Wait node $after minutes ($label) after the end of the call, never before, until the third call reaches them', async ({ after }) => {
	const to = `+1555008${String(after).padStart(4, '0')}`;
	const rule = { attempts: 3, afterMinutes: after, when: ['notReached'] };
	const first = await pass({ to, crm: 'lead-1' }, rule, { status: 'no-answer', connected: false });
	const firstEnd = clock().now();
	expect(first).toEqual(expect.objectContaining({ to, outcome: 'notReached', nextAttemptAt: iso(firstEnd + after * MINUTE) }));
	expect(first.attempts).toEqual([{ attempt: 1, callId: callsTo(to)[0].id, outcome: 'notReached', status: 'no-answer', endedReason: 'customer_hangup', ringsAt: iso(firstEnd - 2 * MINUTE), endedAt: iso(firstEnd) }]);
	// Brought back a second before its moment: no request at all, the item goes round again as it came.
	if (after > 0) {
		clock().advance(after * MINUTE - 1000);
		sandbox().requests.length = 0;
		expect(await pass(first, rule)).toEqual(first);
		expect(sandbox().requests).toEqual([]);
		clock().advance(1000);
	}
	const second = await pass(first, rule, { status: 'busy', connected: false });
	const secondEnd = clock().now();
	expect(second.attempts).toEqual([first.attempts![0 as never], expect.objectContaining({ attempt: 2, callId: callsTo(to)[1].id, outcome: 'notReached', status: 'busy', endedAt: iso(secondEnd) })]);
	expect(second.nextAttemptAt).toBe(iso(secondEnd + after * MINUTE));
	clock().advance(after * MINUTE);
	const third = await pass(second, rule, { status: 'completed', connected: true });
	expect(third).toEqual(expect.objectContaining({ to, outcome: 'answered', status: 'completed' }));
	expect(third.nextAttemptAt).toBeUndefined();
	expect((third.attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['notReached', 'notReached', 'answered']);
	// Reached: brought back again (a loop that keeps going), the lead is never called again.
	clock().advance(DAY);
	sandbox().requests.length = 0;
	expect(await pass(third, rule)).toEqual(third);
	expect(sandbox().requests).toEqual([]);
	expect(dialled()).toEqual([]);
	expect(callsTo(to)).toHaveLength(3);
});

test('a lead never reached gets Attempts calls and no more: the last comes out without nextAttemptAt, and brought back it is not dialled', async () => {
	const to = '+15550081001';
	const rule = { attempts: 2, afterMinutes: 90, when: ['notReached'] };
	const first = await pass({ to }, rule, { status: 'busy', connected: false });
	clock().advance(90 * MINUTE);
	const second = await pass(first, rule, { status: 'busy', connected: false });
	expect((second.attempts as IDataObject[]).map((a) => a.attempt)).toEqual([1, 2]);
	expect(second.nextAttemptAt).toBeUndefined();
	clock().advance(HOUR);
	expect(await pass({ ...second, nextAttemptAt: iso(clock().now() - 1) }, rule)).toEqual(second);
	expect(callsTo(to)).toHaveLength(2);
});

test.each([
	{ when: ['notReached'], again: false },
	{ when: ['notReached', 'voicemail'], again: true },
])('a call that reaches a voicemail is called again only when Call Again When has Voicemail ($when)', async ({ when, again }) => {
	const to = `+155500820${again ? 1 : 0}`;
	const out = await pass({ to }, { attempts: 3, afterMinutes: 90, when }, { status: 'voicemail', connected: true });
	expect(out.outcome).toBe('voicemail');
	expect(out.nextAttemptAt).toEqual(again ? iso(clock().now() + 90 * MINUTE) : undefined);
});

test('a call with no end before the Wait Limit is called again only with Timed Out, counted from the limit', async () => {
	const to = '+15550083001';
	const execution = await n8n.run([{ to }], callAgainParameters({ attempts: 2, afterMinutes: 30, when: ['notReached', 'timedOut'] }));
	clock().advance(30 * MINUTE);
	const limit = clock().now();
	await until(() => execution.status === 'success');
	const [out] = outputOf(execution);
	expect(out).toEqual(expect.objectContaining({ outcome: 'timedOut', nextAttemptAt: iso(limit + 30 * MINUTE) }));
	expect((out.attempts as IDataObject[])[0]).not.toHaveProperty('endedAt');
});

test('with Calling Hours, a next call that would fall after the hours is due at their next opening in the lead’s time zone', async () => {
	const to = '+15550084001';
	// START is 12:00 UTC, 13:00 in Paris; the hours close at 14:00 there.
	const hours = { callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '14:00', timeZone: 'Europe/Paris', outsideHours: 'skip' } } };
	const out = await pass({ to }, { attempts: 3, afterMinutes: 90, when: ['notReached'] }, { status: 'busy', connected: false }, hours);
	// Ended 12:02 UTC; 90 minutes later is 14:32 in Paris: the next opening is Friday 09:00 Paris, 08:00 UTC.
	expect(out.nextAttemptAt).toBe('2026-01-16T08:00:00.000Z');
});

test('Skip Numbers Called Within never skips the lead’s own next call, yet skips a lead another execution called since', async () => {
	const to = '+15550085001';
	const rule = { attempts: 3, afterMinutes: 90, when: ['notReached'] };
	const skip = { skipCalledWithinMinutes: 1440 };
	const first = await pass({ to }, rule, { status: 'busy', connected: false }, skip);
	clock().advance(90 * MINUTE);
	const second = await pass(first, rule, { status: 'busy', connected: false }, skip);
	expect(callsTo(to)).toHaveLength(2);
	// Another workflow calls the lead meanwhile.
	const other = await n8n.run([{ to }], { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true });
	expect(other.status).toBe('success');
	clock().advance(90 * MINUTE);
	const third = await pass(second, rule, undefined, skip);
	expect(third).toEqual(expect.objectContaining({ skipped: true, outcome: 'notCalled', attempts: second.attempts }));
	expect(third.nextAttemptAt).toBeUndefined();
	expect(callsTo(to)).toHaveLength(3);
});

test('n8n crashed in the lead’s second pass before its call was saved, then the executions list’s Retry: the lead’s first call is never taken for the second, which is placed once', async () => {
	const to = '+15550085101';
	const rule = { attempts: 3, afterMinutes: 90, when: ['notReached'] };
	// The execution started before the first call; the loop brought the lead back into the node 90 minutes after it ended.
	const startedAt = clock().now();
	const first = await pass({ to }, rule, { status: 'busy', connected: false });
	clock().advance(90 * MINUTE);
	const retried = await n8n.run([first], callAgainParameters(rule), undefined, undefined, crashedData({ items: [first], startedAt, crashedNode: 'Talkover' }));
	expect(retried.status).toBe('waiting');
	expect(callsTo(to)).toHaveLength(2);
	clock().advance(MINUTE);
	await sandbox().endCallWithEvent(lastCallTo(to), { status: 'completed', duration: 30 });
	await n8n.ended(retried);
	const [out] = outputOf(retried);
	expect((out.attempts as IDataObject[]).map((a) => [a.attempt, a.callId, a.outcome])).toEqual([
		[1, callsTo(to)[0].id, 'notReached'],
		[2, callsTo(to)[1].id, 'answered'],
	]);
});

test.each([
	{ later: 0.75, label: '45 seconds' },
	{ later: 3 * 60, label: '3 hours' },
	{ later: 30 * 60, label: '30 hours' },
])('the executions list’s Retry after a crash finds the lead’s call in Talkover’s list: its attempt rings when Talkover created it, not at the Retry, and once listed as not reached the lead is called again days later ($label after the call)', async ({ later }) => {
	const to = `+15550086${String(Math.round(later * 60)).padStart(3, '0').slice(-3)}`;
	const rule = { attempts: 3, afterMinutes: 2 * 24 * 60, when: ['notReached', 'timedOut'] };
	// The crashed execution's call: Talkover accepted it, then n8n died before saving anything of the node's run.
	const startedAt = clock().now();
	clock().advance(2_000);
	await n8n.run([{ to }], { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true });
	const [call] = callsTo(to);
	call.status = 'in-progress';
	const createdAt = Date.parse(String(call.created_at));
	clock().advance(later * MINUTE);
	const retried = await n8n.run([{ to }], callAgainParameters(rule), undefined, undefined, crashedData({ items: [{ to }], startedAt, crashedNode: 'Talkover' }));
	expect(callsTo(to)).toHaveLength(1);
	// Still going on at its Wait Limit, 30 minutes after it rang.
	clock().advance(45 * MINUTE);
	await until(() => retried.status !== 'waiting');
	const [first] = outputOf(retried);
	expect(first).toEqual(expect.objectContaining({ alreadyPlaced: true, outcome: 'timedOut' }));
	expect(first.attempts).toEqual([expect.objectContaining({ attempt: 1, callId: call.id, outcome: 'timedOut', ringsAt: iso(createdAt) })]);
	// Talkover then lists it as not reached; the next pass comes 2 days on, and reads back to it.
	call.status = 'busy';
	clock().advance(2 * DAY);
	const second = await pass(first, rule, { status: 'completed' });
	expect(callsTo(to)).toHaveLength(2);
	expect((second.attempts as IDataObject[]).map((a) => [a.callId, a.outcome])).toEqual([
		[call.id, 'timedOut'],
		[callsTo(to)[1].id, 'answered'],
	]);
});

test.each([
	{ listed: 'in-progress', called: false, after: 10, label: 'still going on' },
	{ listed: 'completed', called: false, after: 10, label: 'answered, ended after the Wait Limit' },
	{ listed: 'busy', called: true, after: 10, label: 'not reached after all' },
	{ listed: 'busy', called: true, after: 3 * 60, label: 'not reached, called again hours later' },
	{ listed: 'busy', called: true, after: 2 * 24 * 60, label: 'not reached, called again two days later' },
	{ listed: 'busy', called: true, after: 7 * 24 * 60, label: 'not reached, called again 7 days later, the longest After' },
	{ listed: 'completed', called: false, after: 7 * 24 * 60, label: 'answered, read back 7 days later' },
	{ listed: 'line-busy', called: false, after: 10, label: 'a status Talkover does not document: not known to have ended' },
	{ listed: 'without a status', called: false, after: 10, label: 'not known to have ended' },
	{ listed: 'not listed', called: false, after: 10, label: 'missing from the calls read: not known to have ended' },
])('a call that timed out is called again only once Talkover lists it as not reached, even without Skip Numbers Called Within, however long After is ($listed, After $after minutes: $label)', async ({ listed, called, after }) => {
	const to = `+1555${String(after).padStart(5, '0')}2${['in-progress', 'completed', 'busy', 'line-busy', 'without a status', 'not listed'].indexOf(listed)}`;
	const rule = { attempts: 3, afterMinutes: after, when: ['notReached', 'timedOut'] };
	const execution = await n8n.run([{ to }], callAgainParameters(rule));
	// Answered, and still talking at the Wait Limit (30 minutes).
	callsTo(to)[0].status = 'in-progress';
	clock().advance(30 * MINUTE);
	await until(() => execution.status === 'success');
	const [first] = outputOf(execution);
	expect(first).toEqual(expect.objectContaining({ outcome: 'timedOut', status: 'in-progress' }));
	clock().advance(Math.max(30, after) * MINUTE);
	const lastCall = callsTo(to)[0];
	if (listed === 'not listed') sandbox().calls.splice(sandbox().calls.indexOf(lastCall), 1);
	else if (listed === 'without a status') delete (lastCall as { status?: string }).status;
	else lastCall.status = listed;
	sandbox().requests.length = 0;
	const second = await pass(first, rule, { status: 'completed' });
	// One read of the agent's calls before the call (or none placed); when it does not hold the timed-out call (days
	// old, or not listed), a read of the lead's own calls, from a day that call was created on or before.
	const reads = sandbox().requests.filter((r) => !r.path.includes('/webhooks'));
	const ownRead = after >= 2 * 24 * 60 || listed === 'not listed';
	const agentCalls = `GET /api/v1/agents/${SALES_AGENT}/calls`;
	expect(reads.map((r) => `${r.method} ${r.path}`)).toEqual([agentCalls, ...(ownRead ? [agentCalls] : []), ...(called ? [`POST ${CALL}`] : [])]);
	const created = String(lastCall.created_at);
	const back = reads[ownRead ? 1 : 0].query;
	expect(String(back.date_from) <= created.slice(0, 10)).toBe(true);
	// No further back than the day before it (Talkover's day may start up to 16 hours before UTC's).
	expect(String(back.date_from) >= new Date(Date.parse(created) - DAY).toISOString().slice(0, 10)).toBe(true);
	if (ownRead) expect(back.search).toBe(to);
	expect(callsTo(to)).toHaveLength((called ? 2 : 1) - (listed === 'not listed' ? 1 : 0));
	if (called) {
		expect((second.attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['timedOut', 'answered']);
		return;
	}
	expect(second).toEqual(expect.objectContaining({ to, skipped: true, outcome: 'notCalled', attempts: first.attempts }));
	const said = listed === 'not listed' ? 'does not list it among the calls read' : listed === 'without a status' ? 'lists it as a call without a status' : `lists it as ${listed}`;
	expect(String(second.skipReason)).toBe(
		`Not dialled: the lead's last call ${String(lastCall.id)} timed out, and Talkover ${said}: Call Again Until Reached calls again after a call that timed out only once Talkover lists it as not reached (failed, busy, no-answer, no_answer)`,
	);
	expect(second).not.toHaveProperty('nextAttemptAt');
});

test.each([
	{ withA: false, label: 'alone' },
	{ withA: true, label: 'beside a lead whose call timed out two days ago' },
])('a lead is judged by the run’s own read of the calls, whichever other leads are in the run ($label)', async ({ withA }) => {
	const [a, b] = withA ? ['+15550085601', '+15550085602'] : ['+15550085611', '+15550085612'];
	const make = (to: string) => n8n.run([{ to }], { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true });
	await make(a);
	await make(b);
	// Another execution's call to B, still listed as ringing two days on.
	await make(b);
	clock().advance(2 * DAY + HOUR);
	const [aCall] = callsTo(a);
	const [bCall, bOther] = callsTo(b);
	Object.assign(aCall, { status: 'busy' });
	Object.assign(bCall, { status: 'busy' });
	Object.assign(bOther, { status: 'ringing' });
	const due = iso(clock().now() - 1);
	const itemA = { to: a, attempts: [{ attempt: 1, callId: String(aCall.id), outcome: 'timedOut', ringsAt: String(aCall.created_at) }], nextAttemptAt: due };
	const itemB = { to: b, attempts: [{ attempt: 1, callId: String(bCall.id), outcome: 'notReached', status: 'busy', ringsAt: String(bCall.created_at) }], nextAttemptAt: due };
	sandbox().requests.length = 0;
	await n8n.run(withA ? [itemA, itemB] : [itemB], callAgainParameters({ attempts: 3, afterMinutes: 2 * 24 * 60, when: ['notReached', 'timedOut'] }));
	expect(dialled()).toEqual(withA ? [a, b] : [b]);
});

test('a call Talkover lists without an ID, ahead of the lead’s call that timed out, is passed over: the lead is judged by its own call', async () => {
	const to = '+15550085210';
	const rule = { attempts: 3, afterMinutes: 10, when: ['notReached', 'timedOut'] };
	const execution = await n8n.run([{ to }], callAgainParameters(rule));
	callsTo(to)[0].status = 'in-progress';
	clock().advance(30 * MINUTE);
	await until(() => execution.status === 'success');
	const [first] = outputOf(execution);
	clock().advance(30 * MINUTE);
	// As Get Agent Calls lists it: without its agent.
	const lastCall: IDataObject = { ...callsTo(to)[0], status: 'busy' };
	delete lastCall.agent;
	const data = [{ ...lastCall, id: undefined, to: '+15550085999' }, lastCall];
	sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/calls`, status: 200, body: { success: true, data, pagination: { current_page: 1, last_page: 1, per_page: 100, total: 2 } }, times: 1 });
	const second = await pass(first, rule, { status: 'completed' });
	expect(dialled()).toEqual([to, to]);
	expect((second.attempts as IDataObject[]).map((a) => a.outcome)).toEqual(['timedOut', 'answered']);
});

test('a lead on a call (another of the agent’s, to the same number, not ended) is not called again, even without Skip Numbers Called Within', async () => {
	const to = '+15550085301';
	const rule = { attempts: 3, afterMinutes: 90, when: ['notReached'] };
	const first = await pass({ to }, rule, { status: 'busy', connected: false });
	const other = await n8n.run([{ to }], { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true });
	expect(other.status).toBe('success');
	callsTo(to)[1].status = 'in-progress';
	clock().advance(90 * MINUTE);
	const second = await pass(first, rule);
	expect(second).toEqual(expect.objectContaining({ skipped: true, outcome: 'notCalled', attempts: first.attempts }));
	expect(second).not.toHaveProperty('nextAttemptAt');
	expect(String(second.skipReason)).toMatch(/^Not dialled: this agent already has a call to \+15550085301 \(in-progress, created .*\) that has not ended: Call Again Until Reached never calls a lead again while a call to them is queued, ringing or going on$/);
	expect(callsTo(to)).toHaveLength(2);
});

test('a later call whose read of the agent’s calls fails is not dialled, and the error says why', async () => {
	const to = '+15550085401';
	const rule = { attempts: 3, afterMinutes: 90, when: ['notReached'] };
	const first = await pass({ to }, rule, { status: 'busy', connected: false });
	clock().advance(90 * MINUTE);
	sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/calls`, status: 500, body: { success: false, message: 'Server Error' }, times: Infinity });
	sandbox().requests.length = 0;
	const execution = await n8n.run([first], callAgainParameters(rule));
	expect(execution.status).toBe('error');
	expect(String(execution.data.resultData.error?.message)).toMatch(/^The calls already made could not be read, so the node did not dial \(Call Again Until Reached reads them before each later call\): /);
	expect(dialled()).toEqual([]);
});

test.each([
	{ attempts: [{ attempt: 2, callId: 'x', outcome: 'notReached' }], problem: 'entry 1 says attempt 2' },
	{ attempts: [{ attempt: 1, callId: 'x', outcome: 'maybe' }], problem: 'entry 1 has no outcome the node gives' },
	{ attempts: ['x'], problem: 'entry 1 is not an object' },
])('an item whose attempts are not the list the node outputs fails, naming it, before anything is sent ($problem)', async ({ attempts, problem }) => {
	sandbox().requests.length = 0;
	const execution = await n8n.run([{ to: '+15550086001', attempts }], callAgainParameters({ attempts: 3, afterMinutes: 10, when: ['notReached'] }));
	expect(execution.status).toBe('error');
	expect(String(execution.data.resultData.error?.message)).toContain(`Item 0: its attempts are not the list this node outputs (${problem}`);
	expect(sandbox().requests).toEqual([]);
});

test('an attempts field of the lead’s own that is not a list (a CRM’s count) is not the node’s: the lead is called', async () => {
	const to = '+15550087001';
	const out = await pass({ to, attempts: 4 }, { attempts: 2, afterMinutes: 90, when: ['notReached'] }, { status: 'busy', connected: false });
	expect((out.attempts as IDataObject[]).map((a) => a.attempt)).toEqual([1]);
	expect(out.nextAttemptAt).toBe(iso(clock().now() + 90 * MINUTE));
});

test('without the option, an item carrying attempts is called as any other, and its output has neither attempts nor nextAttemptAt', async () => {
	const to = '+15550088001';
	const carried = { to, attempts: [{ attempt: 1, callId: 'c', outcome: 'answered' }], nextAttemptAt: iso(clock().now() + DAY) };
	const execution = await n8n.run([carried], { ...callAgainParameters({}), options: {} });
	expect(execution.status).toBe('waiting');
	clock().advance(MINUTE);
	await sandbox().endCallWithEvent(lastCallTo(to), { status: 'busy', connected: false, duration: 0 });
	await n8n.ended(execution);
	const [out] = outputOf(execution);
	expect(out.outcome).toBe('notReached');
	expect(out).not.toHaveProperty('attempts');
	expect(out).not.toHaveProperty('nextAttemptAt');
});

test('Attempts lowered to 1 while a lead goes round the loop: the lead it brings back is not called again and leaves the loop with its attempts; a new lead is called once, as without the option', async () => {
	const to = '+15550088011';
	const rule = { attempts: 1, afterMinutes: 10, when: ['notReached'] };
	const carried = { to, crm: 'lead-1', outcome: 'notReached', attempts: [{ attempt: 1, callId: 'c', outcome: 'notReached', status: 'busy' }], nextAttemptAt: iso(clock().now()) };
	sandbox().requests.length = 0;
	const out = await pass(carried, rule);
	expect(sandbox().requests).toEqual([]);
	const { nextAttemptAt, ...rest } = carried;
	expect(nextAttemptAt).toBeDefined();
	expect(out).toEqual(rest);
	// A new lead: one call, its output as without the option.
	const fresh = await pass({ to: '+15550088012' }, rule, { status: 'busy', connected: false });
	expect(fresh.outcome).toBe('notReached');
	expect(fresh).not.toHaveProperty('attempts');
	expect(fresh).not.toHaveProperty('nextAttemptAt');
	expect(dialled()).toEqual(['+15550088012']);
});
