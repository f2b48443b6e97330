/**
 * Make / Add Call and Wait for Outcome's Wait Limit counts from when each call rings: when Talkover accepted it
 * plus the delay it was sent with (Delay (Seconds), or Calling Hours' schedule), or a campaign call's
 * `scheduled_at` when later; never only from the request. n8n's own end of the wait, the limit's alarm and each
 * item's limit all follow it. In n8n-core's engine with
 * test/helpers/waitingN8n.ts on the test's clock; Talkover is the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { holdRequest } from '../../helpers/heldRequest';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { retryData, useMakeAndWait } from '../../helpers/makeAndWait';
import { crashedData } from '../../helpers/reRuns';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const WEBHOOKS = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const MINUTE = 60_000;
/** n8n ends a wait itself 10 minutes after its latest limit. */
const BACKSTOP = 10 * MINUTE;

function parameters(extra: INodeParameters = {}, delaySeconds: number | string = '={{ $json.delay }}'): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, additionalFields: { delaySeconds, contextJson: '={{ JSON.stringify({ crm_id: $json.crm }) }}' }, ...extra };
}

const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject; pairedItem: unknown }>;
const limitSignals = (execution: SavedExecution) => n8n.requests.filter((r) => r.path.includes(`/${execution.id}/`) && (r.body as IDataObject | null)?.event === 'webhook.test').map((r) => r.answer.status);
const pendingAlarms = (from: number) => clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at - from);

test.each([
	{ delay: 0, label: 'no delay' },
	{ delay: 600, label: '10 minutes' },
	{ delay: 3600, label: 'an hour' },
])('a call sent with a Delay of $delay s ($label) and a Wait Limit of 5 minutes is waited on until 5 minutes after it rings; its end then resumes the execution', async ({ delay }) => {
	const execution = await n8n.run([{ to: '+15550070001', crm: 'a', delay }], parameters({ waitLimit: 5 }));
	const placed = clock().now();
	expect(execution.status).toBe('waiting');
	expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${WEBHOOKS}`, `POST ${WEBHOOKS}`, `POST ${CALL}`]);
	expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.delay_seconds)).toEqual([delay]);
	// n8n ends the wait itself 10 minutes after the call's own limit, which counts from the ring.
	expect(execution.runs[0].waitTill!.getTime()).toBe(placed + delay * 1000 + 5 * MINUTE + BACKSTOP);
	expect(pendingAlarms(placed)).toEqual([delay * 1000 + 5 * MINUTE]);
	// The call rings at +delay and is answered; a minute before its limit nothing has ended the wait.
	clock().advance(delay * 1000 + 4 * MINUTE);
	expect(limitSignals(execution)).toEqual([]);
	expect(execution.status).toBe('waiting');
	await sandbox().endCallWithEvent(callTo('+15550070001'), { duration: 95 });
	await n8n.ended(execution);
	expect(output(execution)).toEqual([{ json: expect.objectContaining({ to: '+15550070001', outcome: 'answered', timedOut: false, duration: 95, context: { crm_id: 'a' } }), pairedItem: { item: 0 } }]);
	expect(waitWebhooks()).toEqual([]);
});

/** The call of an execution that crashed (started 2 s before it): Talkover accepted it, with a Delay of 10 minutes, then n8n died before saving anything. */
async function crashedExecutionsCall(to: string) {
	const items = [{ to, crm: 'a', delay: 600 }];
	const startedAt = clock().now();
	clock().advance(2_000);
	await n8n.run(items, { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, additionalFields: { delaySeconds: 600 } });
	return { items, startedAt, call: sandbox().calls.find((c) => c.to === to)! };
}

test.each([
	{ later: 45 / 60, label: '45 seconds' },
	{ later: 3 * 60, label: '3 hours' },
	{ later: 2 * 24 * 60, label: '2 days' },
])('the executions list’s Retry after a crash, $label after the call was placed, waits on the call it finds in Talkover’s list until 5 minutes after it rang (its created_at and Delay), not after the Retry', async ({ later }) => {
	const to = `+15550071${String(Math.round(later * 60)).padStart(3, '0').slice(-3)}`;
	const { items, startedAt, call } = await crashedExecutionsCall(to);
	call.status = 'in-progress';
	const ringsAt = Date.parse(String(call.created_at)) + 600_000;
	clock().advance(later * MINUTE);
	const retried = await n8n.run(items, parameters({ waitLimit: 5 }), undefined, undefined, crashedData({ items, startedAt, crashedNode: 'Talkover' }));
	expect(sandbox().requestsTo('POST', CALL)).toHaveLength(1);
	expect(retried.status).toBe('waiting');
	expect(retried.runs[0].waitTill!.getTime()).toBe(ringsAt + 5 * MINUTE + BACKSTOP);
	if (ringsAt + 5 * MINUTE > clock().now()) {
		clock().advance(ringsAt + 5 * MINUTE - 1_000 - clock().now());
		expect(retried.status).toBe('waiting');
	} else {
		// Its limit passed long before the Retry: the limit's alarm is due at once.
		expect(pendingAlarms(clock().now())).toEqual([0]);
	}
	clock().advance(1_000);
	await until(() => retried.status !== 'waiting');
	await n8n.ended(retried);
	expect(output(retried)).toEqual([{ json: expect.objectContaining({ to, alreadyPlaced: true, outcome: 'timedOut', timedOut: true }), pairedItem: { item: 0 } }]);
	expect(waitWebhooks()).toEqual([]);
});

test('an answer of Talkover’s own that carries scheduled and delaySeconds fields, without Calling Hours and with no Delay, moves nothing: the call rings when accepted', async () => {
	sandbox().inject({
		method: 'POST',
		path: CALL,
		times: 1,
		reply: () => ({ status: 200, body: { success: true, data: { id: 'c0ffee00-0000-4000-8000-000000074001', to: '+15550074001', status: 'initiated', created_at: '2026-01-15T10:30:00Z', scheduled: true, delaySeconds: 3600 } } }),
	});
	const execution = await n8n.run([{ to: '+15550074001', crm: 'a', delay: 0 }], parameters({ waitLimit: 5 }));
	expect(execution.runs[0].waitTill!.getTime()).toBe(clock().now() + 5 * MINUTE + BACKSTOP);
});

test('three leads with delays of 0, 600 and 3600 s: each comes out at its own limit, counted from its own ring; an end in between keeps its outcome', async () => {
	const execution = await n8n.run(
		[
			{ to: '+15550071001', crm: 'a', delay: 0 },
			{ to: '+15550071002', crm: 'b', delay: 600 },
			{ to: '+15550071003', crm: 'c', delay: 3600 },
		],
		parameters({ waitLimit: 5 }),
	);
	const placed = clock().now();
	expect(sandbox().requestsTo('POST', CALL).map((r) => [r.body.to, r.body.delay_seconds])).toEqual([
		['+15550071001', 0],
		['+15550071002', 600],
		['+15550071003', 3600],
	]);
	expect(execution.runs[0].waitTill!.getTime()).toBe(placed + 3600_000 + 5 * MINUTE + BACKSTOP);
	for (const c of sandbox().calls) c.status = 'ringing';
	// The first call's limit: it alone comes to its end; the wait goes on.
	clock().advance(5 * MINUTE);
	await until(() => limitSignals(execution).length === 1);
	expect(execution.status).toBe('waiting');
	// The second call rang at +10 min, answered, ended at +13 min.
	clock().advance(8 * MINUTE);
	await sandbox().endCallWithEvent(callTo('+15550071002'), { duration: 120 });
	expect(execution.status).toBe('waiting');
	// The third rings at +60 min: still waited on at +64 min, timed out at +65 min.
	clock().advance(51 * MINUTE);
	expect(execution.status).toBe('waiting');
	clock().advance(MINUTE);
	await until(() => execution.status === 'success');
	expect(output(execution).map(({ json, pairedItem }) => [json.to, json.outcome, json.timedOut, pairedItem])).toEqual([
		['+15550071001', 'timedOut', true, { item: 0 }],
		['+15550071002', 'answered', false, { item: 1 }],
		['+15550071003', 'timedOut', true, { item: 2 }],
	]);
	expect(waitWebhooks()).toEqual([]);
});

test('a call an hour away with a Wait Limit of a day: still waited on a day and 59 minutes later; its end then resumes the execution', async () => {
	const execution = await n8n.run([{ to: '+15550072001', crm: 'a', delay: 3600 }], parameters({ waitLimit: 24 * 60 }));
	const placed = clock().now();
	expect(execution.runs[0].waitTill!.getTime()).toBe(placed + 3600_000 + 24 * 60 * MINUTE + BACKSTOP);
	sandbox().calls[0].status = 'in-progress';
	clock().advance(24 * 60 * MINUTE + 59 * MINUTE);
	expect(limitSignals(execution)).toEqual([]);
	expect(execution.status).toBe('waiting');
	await sandbox().endCallWithEvent(callTo('+15550072001'), { duration: 30 });
	await n8n.ended(execution);
	expect(output(execution).map(({ json }) => [json.outcome, json.timedOut])).toEqual([['answered', false]]);
});

test('a Retry of a failed execution: the call the failed execution placed with a Delay of 600 s is waited on until 5 minutes after it rings, counted from when it was placed there', async () => {
	sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550073002' });
	const failed = await n8n.run(
		[
			{ to: '+15550073001', crm: 'a', delay: 600 },
			{ to: '+15550073002', crm: 'b', delay: 600 },
		],
		parameters({ waitLimit: 5 }),
	);
	expect(failed.status).toBe('error');
	const first = clock().now();
	clock().advance(2 * MINUTE);
	const retried = await n8n.run(
		[
			{ to: '+15550073001', crm: 'a', delay: 600 },
			{ to: '+15550073002', crm: 'b', delay: 600 },
		],
		parameters({ waitLimit: 5 }),
		undefined,
		undefined,
		retryData(failed),
	);
	const second = clock().now();
	expect(retried.status).toBe('waiting');
	expect(sandbox().requestsTo('POST', CALL).map((r) => [r.body.to, r.body.delay_seconds])).toEqual([
		['+15550073001', 600],
		['+15550073002', 600],
		['+15550073002', 600],
	]);
	// The earlier call rings at first + 10 min, the new one at second + 10 min: each limit 5 minutes after.
	expect(retried.runs[0].waitTill!.getTime()).toBe(second + 600_000 + 5 * MINUTE + BACKSTOP);
	expect(pendingAlarms(first)).toContain(600_000 + 5 * MINUTE);
	for (const c of sandbox().calls) c.status = 'ringing';
	// At first + 14 min, both calls ringing, nothing has ended the wait.
	clock().advance(first + 14 * MINUTE - clock().now());
	expect(limitSignals(retried)).toEqual([]);
	expect(retried.status).toBe('waiting');
	await sandbox().endCallWithEvent(callTo('+15550073001'), { duration: 40 });
	await sandbox().endCallWithEvent(callTo('+15550073002'), { duration: 50 });
	await n8n.ended(retried);
	expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.duration])).toEqual([
		['+15550073001', true, 'answered', 40],
		['+15550073002', undefined, 'answered', 50],
	]);
	expect(waitWebhooks()).toEqual([]);
});

describe('Calling Hours → Outside the Hours → Schedule', () => {
	const hours = (outsideHours: string) => ({ callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00', outsideHours } } });

	test('a lead outside the hours (08:30 in New York) is called with a delay to 09:00 and waited on until 5 minutes after that; its end resumes the execution; the Berlin lead (14:30 there) rings at once', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		const execution = await n8n.run(
			[
				{ to: '+12125550123', crm: 'ny' },
				{ to: '+4930123456', crm: 'berlin' },
			],
			parameters({ waitLimit: 5, options: hours('delay') }, 0),
		);
		const placed = clock().now();
		expect(execution.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => [r.body.to, r.body.delay_seconds])).toEqual([
			['+12125550123', 1800],
			['+4930123456', 0],
		]);
		expect(execution.runs[0].waitTill!.getTime()).toBe(placed + 1800_000 + 5 * MINUTE + BACKSTOP);
		// The webhook's name, made before the calls, is given the later moment n8n ends the wait.
		const [webhook] = waitWebhooks();
		expect(sandbox().requests.map((r) => [`${r.method} ${r.path}`, r.method === 'PUT' ? r.body : undefined])).toEqual([
			[`GET ${WEBHOOKS}`, undefined],
			[`POST ${WEBHOOKS}`, undefined],
			[`POST ${CALL}`, undefined],
			[`POST ${CALL}`, undefined],
			[`PUT ${WEBHOOKS}/${String(webhook.id)}`, { name: `n8n wait for outcome · execution ${execution.id} · until ${new Date(placed + 1800_000 + 5 * MINUTE + BACKSTOP).toISOString()}` }],
		]);
		await sandbox().endCallWithEvent(callTo('+4930123456'), { duration: 20 });
		// 09:04 in New York: the call rang at 09:00 and is going on.
		clock().advance(34 * MINUTE);
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+12125550123'), { duration: 180 });
		await n8n.ended(execution);
		expect(output(execution).map(({ json, pairedItem }) => [json.to, json.scheduled, json.delaySeconds, json.outcome, json.timedOut, pairedItem])).toEqual([
			['+12125550123', true, 1800, 'answered', false, { item: 0 }],
			['+4930123456', undefined, undefined, 'answered', false, { item: 1 }],
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('a Retry of a failed execution: the call it scheduled to 09:00 in New York is not dialled again and is waited on until 5 minutes after it rings', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+4930123456' });
		const items = [
			{ to: '+12125550123', crm: 'ny' },
			{ to: '+4930123456', crm: 'berlin' },
		];
		const failed = await n8n.run(items, parameters({ waitLimit: 5, options: hours('delay') }, 0));
		expect(failed.status).toBe('error');
		const first = clock().now();
		clock().advance(2 * MINUTE);
		const retried = await n8n.run(items, parameters({ waitLimit: 5, options: hours('delay') }, 0), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => [r.body.to, r.body.delay_seconds])).toEqual([
			['+12125550123', 1800],
			['+4930123456', 0],
			['+4930123456', 0],
		]);
		// The earlier call rings at 09:00 (first + 30 min): its limit 5 minutes after, n8n's own end 10 after that.
		expect(retried.runs[0].waitTill!.getTime()).toBe(first + 1800_000 + 5 * MINUTE + BACKSTOP);
		await sandbox().endCallWithEvent(callTo('+4930123456'), { duration: 20 });
		sandbox().calls.find((c) => c.to === '+12125550123')!.status = 'initiated';
		clock().advance(first + 34 * MINUTE - clock().now());
		expect(retried.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+12125550123'), { duration: 90 });
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.scheduled, json.outcome, json.timedOut])).toEqual([
			['+12125550123', true, true, 'answered', false],
			['+4930123456', undefined, undefined, 'answered', false],
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('a call that may have been placed (no answer), found in Talkover’s list by the Retry: whether the hours delayed it is not known, so it is waited on until 5 minutes after the latest it may ring, never timed out before', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		const items = [
			{ to: '+12125550123', crm: 'ny' },
			{ to: '+4930123456', crm: 'berlin' },
		];
		const held = holdRequest(sandbox(), clock(), CALL, '+12125550123');
		const first = n8n.run(items, parameters({ waitLimit: 5, options: hours('delay') }, 0));
		await held.reached();
		held.timeOut();
		const failed = await first;
		expect(failed.status).toBe('error');
		// Talkover handles the held request: the call rings at 09:00 in New York, 30 minutes after it was requested.
		await held.letThrough(() => sandbox().calls.some((c) => c.to === '+12125550123'));
		const requested = Date.parse(String(sandbox().calls.find((c) => c.to === '+12125550123')!.created_at));
		expect(sandbox().calls.find((c) => c.to === '+12125550123')!.delay_seconds).toBe(1800);
		clock().advance(MINUTE);
		const found = clock().now();
		const retried = await n8n.run(items, parameters({ waitLimit: 5, options: hours('delay') }, 0), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+12125550123', '+4930123456']);
		// The latest it may ring is an hour after Talkover created it (its created_at, not when the Retry found it a
		// minute later): its limit 5 minutes after.
		expect(found).toBeGreaterThan(requested);
		expect(retried.runs[0].waitTill!.getTime()).toBe(requested + 3600_000 + 5 * MINUTE + BACKSTOP);
		// 09:01 in New York: the Berlin call ends; the New York call rang a minute ago and goes on.
		clock().advance(requested + 31 * MINUTE - clock().now());
		await sandbox().endCallWithEvent(callTo('+4930123456'), { duration: 20 });
		expect(retried.status).toBe('waiting');
		clock().advance(2 * MINUTE);
		await sandbox().endCallWithEvent(callTo('+12125550123'), { duration: 120 });
		// The look at the log shortly after the Berlin end comes at the same moment and may be the one that resumes.
		await until(() => retried.status !== 'waiting');
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.timedOut])).toEqual([
			['+12125550123', true, 'answered', false],
			['+4930123456', undefined, 'answered', false],
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('with Skip the Item, the lead outside the hours is not called and comes out at once as not called', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		const execution = await n8n.run([{ to: '+12125550123', crm: 'ny' }], parameters({ waitLimit: 5, options: hours('skip') }, 0));
		expect(execution.status).toBe('success');
		expect(sandbox().requestsTo('POST', CALL)).toEqual([]);
		expect(output(execution).map(({ json }) => [json.skipped, json.outcome])).toEqual([[true, 'notCalled']]);
		expect(waitWebhooks()).toEqual([]);
	});
});

describe('Add Call and Wait for Outcome', () => {
	const CAMPAIGN = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`;
	const DAY = 24 * 60 * MINUTE;
	const addCallAndWait = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.to }}', isTesting: true, ...extra });
	const iso = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

	test.each([
		{ ahead: 2 * DAY, label: 'two days on (the campaign’s next window)' },
		{ ahead: 3 * 3600_000, label: 'three hours on' },
	])('a campaign call Talkover schedules $label is waited on for the whole Wait Limit after its scheduled_at; its end then resumes the execution', async ({ ahead }) => {
		const now = clock().now();
		const campaignCall = { id: 'cc000000-0000-4000-8000-000000095001', campaign_id: ACTIVE_CAMPAIGN, to: '+15550095001', status: 'scheduled', scheduled_at: iso(now + ahead), created_at: iso(now) };
		sandbox().inject({ method: 'POST', path: `${CAMPAIGN}/call`, times: 1, reply: () => ({ status: 201, body: { campaign_call: campaignCall, campaign: { id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'active' } } }) });
		const execution = await n8n.run([{ to: '+15550095001' }], addCallAndWait());
		expect(execution.status).toBe('waiting');
		const [webhook] = waitWebhooks();
		// The webhook's name says the later moment n8n ends the wait (another wait's sweep deletes it only after that).
		expect(sandbox().requests.map((r) => [`${r.method} ${r.path}`, r.method === 'PUT' ? r.body : undefined])).toEqual([
			[`GET ${CAMPAIGN}/webhooks`, undefined],
			[`POST ${CAMPAIGN}/webhooks`, undefined],
			[`POST ${CAMPAIGN}/call`, undefined],
			[`PUT ${CAMPAIGN}/webhooks/${String(webhook.id)}`, { name: `n8n wait for outcome · execution ${execution.id} · until ${new Date(now + ahead + 3 * DAY + BACKSTOP).toISOString()}` }],
		]);
		// The default 3 days, from the moment Talkover dials.
		expect(execution.runs[0].waitTill!.getTime()).toBe(now + ahead + 3 * DAY + BACKSTOP);
		// A minute before that limit, nothing has ended the wait.
		clock().advance(now + ahead + 3 * DAY - MINUTE - clock().now());
		expect(execution.status).toBe('waiting');
		const end = { event: 'campaign_call.completed', campaign_call: { id: campaignCall.id, to: campaignCall.to, status: 'completed' } };
		expect((await sandbox().deliver(String(webhook.id), end)).status).toBe(200);
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.id, json.outcome, json.timedOut])).toEqual([[campaignCall.id, 'answered', false]]);
		expect(waitWebhooks()).toEqual([]);
	});

	test.each([
		{ later: 2, listed: 'scheduled', label: '2 minutes' },
		{ later: 3 * 60, listed: 'scheduled', label: '3 hours' },
		{ later: 2 * 24 * 60, listed: 'queued', label: '2 days' },
	])('the executions list’s Retry after a crash, $label after the lead was queued, finds its campaign call still $listed (Get Campaign lists no scheduled_at): it has not rung, so it is waited on for the whole Wait Limit from now, never timed out before', async ({ later, listed }) => {
		const to = `+15550096${String(later).padStart(3, '0').slice(-3)}`;
		const items = [{ to }];
		const startedAt = clock().now();
		clock().advance(2_000);
		// The crashed execution's lead: Talkover queued it, then n8n died before saving anything of the node's run.
		await n8n.run(items, { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.to }}', isTesting: true });
		const queued = sandbox().campaignCalls.find((c) => c.to === to)!;
		queued.status = listed;
		clock().advance(later * MINUTE);
		const found = clock().now();
		const retried = await n8n.run(items, addCallAndWait({ waitLimit: 60 }), undefined, undefined, crashedData({ items, startedAt, crashedNode: 'Talkover' }));
		expect(sandbox().requestsTo('POST', `${CAMPAIGN}/call`)).toHaveLength(1);
		expect(retried.status).toBe('waiting');
		expect(retried.runs[0].waitTill!.getTime()).toBe(found + 60 * MINUTE + BACKSTOP);
		clock().advance(59 * MINUTE);
		expect(retried.status).toBe('waiting');
		const [webhook] = waitWebhooks();
		queued.status = 'completed';
		expect((await sandbox().deliver(String(webhook.id), { event: 'campaign_call.completed', campaign_call: { id: queued.id, to, status: 'completed' } })).status).toBe(200);
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.id, json.alreadyPlaced, json.outcome, json.timedOut])).toEqual([[queued.id, true, 'answered', false]]);
	});
});

test('a call a Retry after a crash finds, created by a Talkover clock ahead of n8n’s, is dated no later than the Retry: its limit does not move on by the clocks’ difference', async () => {
	const to = '+15550071901';
	const { items, startedAt, call } = await crashedExecutionsCall(to);
	call.status = 'initiated';
	// Talkover's clock 10 minutes ahead: its created_at is after the Retry (45 s after the call) by n8n's.
	call.created_at = new Date(clock().now() + 10 * MINUTE).toISOString();
	clock().advance(45_000);
	const retried = await n8n.run(items, parameters({ waitLimit: 5 }), undefined, undefined, crashedData({ items, startedAt, crashedNode: 'Talkover' }));
	expect(retried.status).toBe('waiting');
	expect(retried.runs[0].waitTill!.getTime()).toBe(clock().now() + 600_000 + 5 * MINUTE + BACKSTOP);
});
