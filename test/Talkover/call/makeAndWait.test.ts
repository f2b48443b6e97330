/**
 * Call → Make and Wait for Outcome in n8n-core's engine, around it what n8n does with a waiting execution
 * (test/helpers/waitingN8n.ts: the saved execution, its resume address, n8n's answers); Talkover is the
 * sandbox, whose events go to every subscribed webhook of the agent (the real n8n: test/e2e/call-and-wait.e2e.ts).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CHECK_AFTER_MS, CHECK_SPREAD_MS } from '../../../nodes/Talkover/wait/signals';
import { holdRequest } from '../../helpers/heldRequest';
import { crashedData } from '../../helpers/reRuns';
import { byId, retryOnFail, SALES_AGENT, SUPPORT_AGENT, TOKEN, until } from '../../helpers/fixtures';
import { retryData, useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const WEBHOOKS = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const AGENT_CALLS = `/api/v1/agents/${SALES_AGENT}/calls`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, additionalFields: { contextJson: '={{ JSON.stringify({ crm_id: $json.crm }) }}' }, ...extra };
}

const leads = (...numbers: string[]) => numbers.map((to, i) => ({ to, crm: `lead-${i + 1}` }));
const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject; pairedItem: unknown }>;

describe('placing the calls and waiting', () => {
	test('the webhook is registered on the agent before the call, delivering to the execution’s resume address for this node, with a secret header; the execution waits', async () => {
		const execution = await n8n.run(leads('+15550001001'), parameters());
		expect(execution.status).toBe('waiting');
		const sent = sandbox().requests.map((r) => `${r.method} ${r.path}`);
		expect(sent).toEqual([`GET ${WEBHOOKS}`, `POST ${WEBHOOKS}`, `POST ${CALL}`]);
		const [webhook] = waitWebhooks();
		expect(webhook.webhook_url).toBe(`${n8n.base}/${execution.id}/5b6c7d8e-0000-4000-8000-00000000a1a1`);
		expect(webhook.events).toEqual(['event_phone_call_ended', 'event_phone_call_did_not_connect', 'event_voicemail_detected', 'event_voicemail_message_left']);
		expect(webhook.custom_headers).toEqual([{ key: 'X-N8n-Talkover-Secret', value: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
		expect(String(webhook.name)).toMatch(new RegExp(`^n8n wait for outcome · execution ${execution.id} · until \\d{4}-\\d\\d-\\d\\dT`));
		// While it waits: the calls as placed (n8n shows them), and the wait's limit 30 minutes on (and n8n's own 10 minutes after).
		expect(execution.runs[0].waitTill!.getTime()).toBe(clock().now() + 40 * 60_000);
		expect(clock().alarmsSet).toBe(1);
	});

	test('the call’s end resumes the execution: the call with the event’s fields, outcome answered, timedOut false, Context as sent; the webhook is deleted', async () => {
		const execution = await n8n.run(leads('+15550001002'), parameters());
		const answers = await sandbox().endCallWithEvent(callTo('+15550001002'), { duration: 73, endedReason: 'customer_hangup' });
		expect(answers.map((a) => a.status)).toEqual([200]);
		await n8n.ended(execution);
		expect(output(execution)).toEqual([
			{
				json: expect.objectContaining({ id: callTo('+15550001002'), to: '+15550001002', status: 'completed', duration: 73, ended_reason: 'customer_hangup', event: 'event_phone_call_ended', outcome: 'answered', timedOut: false, context: { crm_id: 'lead-1' } }),
				pairedItem: { item: 0 },
			},
		]);
		expect(waitWebhooks()).toEqual([]);
		expect(clock().alarmsSet).toBe(0);
	});

	test('an end delivered in the body Talkover’s log shows ({call_id, duration}, no event name) resumes the execution: the call over as Talkover lists it', async () => {
		const execution = await n8n.run(leads('+15550001003'), parameters());
		const answers = await sandbox().endCallWithEvent(callTo('+15550001003'), { duration: 45, named: false });
		expect(answers.map((a) => a.status)).toEqual([200]);
		expect(sandbox().deliveries.at(-1)!.body).toEqual({ call_id: callTo('+15550001003'), duration: 45 });
		await n8n.ended(execution);
		expect(output(execution)).toEqual([
			{
				json: expect.objectContaining({ id: callTo('+15550001003'), to: '+15550001003', status: 'completed', duration: 45, outcome: 'answered', timedOut: false, endedAsListed: true, context: { crm_id: 'lead-1' } }),
				pairedItem: { item: 0 },
			},
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('a voicemail event naming itself (the call still going on) is answered without a request to Talkover; the call’s end then resumes the execution', async () => {
		const execution = await n8n.run(leads('+15550001006'), parameters());
		const before = sandbox().requests.length;
		const answers = await sandbox().emitCallEvent(callTo('+15550001006'), 'event_voicemail_detected');
		expect([answers.map((a) => [a.status, JSON.parse(a.body!)]), sandbox().requests.slice(before)]).toEqual([[[200, { received: true }]], []]);
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550001006'), { duration: 20 });
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.event, json.outcome])).toEqual([['event_phone_call_ended', 'voicemail']]);
	});

	test('an end whose delivery log cannot be read then is refused with 503 (Talkover sends it again), and resumes nothing; sent again, it resumes the execution', async () => {
		const execution = await n8n.run(leads('+15550001007'), parameters());
		const [webhook] = waitWebhooks();
		let failing = true;
		sandbox().inject({ method: 'GET', path: new RegExp(`/webhooks/${webhook.id}/logs$`), status: 503, body: { success: false, message: 'Service unavailable' }, times: Infinity, when: () => failing });
		const end = { event: 'event_phone_call_ended', call_id: callTo('+15550001007'), duration: 30 };
		const refused = await sandbox().deliver(String(webhook.id), end);
		expect([refused.status, JSON.parse(refused.body)]).toEqual([503, { message: 'The node could not read the state of the wait from Talkover: send the event again later' }]);
		expect(execution.status).toBe('waiting');
		failing = false;
		expect((await sandbox().deliver(String(webhook.id), end)).status).toBe(200);
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.outcome, json.duration])).toEqual([['answered', 30]]);
	});

	test('a voicemail event in that body (the call still going on) resumes nothing; the call’s end then does', async () => {
		const execution = await n8n.run(leads('+15550001004'), parameters());
		const answers = await sandbox().emitCallEvent(callTo('+15550001004'), 'event_voicemail_detected', {}, { named: false });
		expect(answers.map((a) => a.status)).toEqual([200]);
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550001004'), { duration: 20 });
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.event, json.outcome])).toEqual([['event_phone_call_ended', 'voicemail']]);
	});

	test('another call’s end in that body is answered without a request to Talkover, and the wait goes on', async () => {
		const execution = await n8n.run(leads('+15550001005'), parameters());
		const [webhook] = waitWebhooks();
		const before = sandbox().requests.length;
		const answered = await sandbox().deliver(String(webhook.id), { call_id: 'c0ffee00-0000-4000-8000-0000000000aa', duration: 3 }, { event: 'event_phone_call_ended' });
		expect([answered.status, JSON.parse(answered.body)]).toEqual([200, { received: true, ignored: 'not a call this execution waits for' }]);
		expect(sandbox().requests.slice(before)).toEqual([]);
		expect(execution.status).toBe('waiting');
	});

	test('three leads ended in a shuffled order with different outcomes: each item its own, in input order; the execution waits until the last', async () => {
		const execution = await n8n.run(leads('+15550002001', '+15550002002', '+15550002003'), parameters());
		await sandbox().emitCallEvent(callTo('+15550002003'), 'event_voicemail_detected');
		await sandbox().endCallWithEvent(callTo('+15550002003'), { duration: 15, endedReason: 'hangup' });
		await sandbox().endCallWithEvent(callTo('+15550002001'), { connected: false, status: 'failed', duration: 0 });
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550002002'), { status: 'no-answer', duration: 0, endedReason: 'no_answer' });
		await n8n.ended(execution);
		expect(output(execution).map(({ json, pairedItem }) => [json.to, json.outcome, json.context, pairedItem])).toEqual([
			['+15550002001', 'notReached', { crm_id: 'lead-1' }, { item: 0 }],
			['+15550002002', 'notReached', { crm_id: 'lead-2' }, { item: 1 }],
			['+15550002003', 'voicemail', { crm_id: 'lead-3' }, { item: 2 }],
		]);
	});

	test('after an end, the node looks at the log again shortly while five calls or fewer are open; with six or more open, each end’s own delivery is waited for', async () => {
		for (const [count, looksAgain] of [
			[6, true],
			[7, false],
		] as const) {
			sandbox().reset();
			const numbers = Array.from({ length: count }, (_, i) => `+1555004100${i}`);
			const execution = await n8n.run(leads(...numbers), parameters());
			const [webhook] = waitWebhooks();
			const logReads = () => sandbox().requestsTo('GET', new RegExp(`/webhooks/${webhook.id}/logs$`)).length;
			const shortly = () => clock().alarms.filter((a) => !a.cancelled && !a.fired && a.at <= clock().now() + CHECK_AFTER_MS + CHECK_SPREAD_MS);
			const answers = await sandbox().endCallWithEvent(callTo(numbers[0]));
			// The answer Talkover's delivery log shows: how many calls the wait still waits for.
			expect(answers.map((a) => [a.status, JSON.parse(a.body!)])).toEqual([[200, { received: true, waiting: count - 1 }]]);
			expect([logReads(), shortly().length]).toEqual([1, looksAgain ? 1 : 0]);
			if (looksAgain) {
				clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
				await until(() => logReads() === 2);
			}
			await n8n.settled();
			expect(execution.status).toBe('waiting');
		}
	});

	test('the two last calls ending at the same moment resume the execution once, at the latest when the node looks again shortly after', async () => {
		const execution = await n8n.run(leads('+15550003001', '+15550003002'), parameters());
		await Promise.all([sandbox().endCallWithEvent(callTo('+15550003001')), sandbox().endCallWithEvent(callTo('+15550003002'))]);
		if (execution.status === 'waiting') clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => execution.status !== 'waiting' && execution.status !== 'running');
		await n8n.ended(execution);
		expect(execution.runs).toHaveLength(2);
		expect(output(execution).map(({ json }) => json.outcome)).toEqual(['answered', 'answered']);
	});
});

describe('the outcome, from what Talkover said of the call’s end', () => {
	const { outcomeOf } = require('../../../nodes/Talkover/wait/outcome') as typeof import('../../../nodes/Talkover/wait/outcome');
	const { outcomeOfStatus } = require('../../../nodes/Talkover/statusOutcome') as typeof import('../../../nodes/Talkover/statusOutcome');
	test.each([
		['event_phone_call_ended', { status: 'completed', ended_reason: 'customer_hangup' }, 'answered'],
		['event_phone_call_ended', { ended_reason: 'line_busy' }, 'notReached'],
		['event_phone_call_ended', { ended_reason: 'call_failed' }, 'notReached'],
		['event_phone_call_ended', { ended_reason: 'no_answer_timeout' }, 'notReached'],
		['event_phone_call_ended', { ended_reason: 'busy_signal' }, 'notReached'],
		['event_phone_call_ended', { status: 'no-answer' }, 'notReached'],
		['event_phone_call_ended', { ended_reason: 'Call Failed' }, 'notReached'],
		['event_phone_call_ended', { ended_reason: 'voicemail_reached' }, 'voicemail'],
		['event_phone_call_ended', { ended_reason: 'answering-machine' }, 'voicemail'],
		['event_phone_call_ended', { ended_reason: 'unfailed_retry_succeeded' }, 'answered'],
		['event_phone_call_did_not_connect', {}, 'notReached'],
	])('%s %j → %s', (event, end, outcome) => {
		expect(outcomeOf(event, end, false)).toBe(outcome);
	});
	test.each([
		['campaign_call.completed', { campaign_call: { id: 'x', status: 'voicemail' } }, 'voicemail'],
		['campaign_call.completed', { data: { campaign_call: { status: 'no_answer' } } }, 'notReached'],
		['event_phone_call_ended', { data: { ended_reason: 'busy' } }, 'notReached'],
		['event_phone_call_ended', { call: { status: 'failed' } }, 'notReached'],
		['campaign_call.failed', { campaign_call: { status: 'completed' } }, 'notReached'],
		['campaign_call.completed', { campaign_call: { status: 'completed' } }, 'answered'],
	])('%s %j (its words where its IDs are read) → %s', (event, end, outcome) => {
		expect(outcomeOf(event, end, false)).toBe(outcome);
	});
	test('a voicemail event of the call wins over an end that says nothing of it', () => {
		expect(outcomeOf('event_phone_call_ended', { ended_reason: 'customer_hangup' }, true)).toBe('voicemail');
	});
	test.each([
		['completed', 'answered'],
		['busy', 'notReached'],
		['no-answer', 'notReached'],
		['no_answer', 'notReached'],
		['failed', 'notReached'],
		['voicemail', 'voicemail'],
	])('listed as %s → %s', (status, outcome) => {
		expect(outcomeOfStatus(status)).toBe(outcome);
	});
});

describe('never the wrong call, never twice', () => {
	test('a request without the secret (or with another) resumes nothing: 401', async () => {
		const execution = await n8n.run(leads('+15550004001'), parameters());
		const [webhook] = waitWebhooks();
		const end = { event: 'event_phone_call_ended', call_id: callTo('+15550004001') };
		const refused = [await sandbox().deliver(String(webhook.id), end, { headers: { 'X-N8n-Talkover-Secret': undefined } }), await sandbox().deliver(String(webhook.id), end, { headers: { 'X-N8n-Talkover-Secret': 'f'.repeat(64) } })];
		// The answer Talkover's delivery log shows.
		expect(refused.map((a) => [a.status, JSON.parse(a.body)])).toEqual(Array(2).fill([401, { message: 'Unauthorized: this address only accepts call events from Talkover' }]));
		expect(execution.status).toBe('waiting');
	});

	test('a delivery with the secret whose body is no JSON object (a list) is refused (400) and resumes nothing', async () => {
		const execution = await n8n.run(leads('+15550004002'), parameters());
		const [webhook] = waitWebhooks();
		const refused = await sandbox().deliver(String(webhook.id), [{ event: 'event_phone_call_ended', call_id: callTo('+15550004002') }]);
		expect([refused.status, JSON.parse(refused.body)]).toEqual([400, { message: 'Bad request: a Talkover delivery is a JSON object' }]);
		expect(execution.status).toBe('waiting');
	});

	test('another call of the same agent ending is answered and the wait goes on', async () => {
		const execution = await n8n.run(leads('+15550005001'), parameters());
		const other = await n8n.run(leads('+15550005002'), parameters());
		const answers = await sandbox().endCallWithEvent(callTo('+15550005002'));
		// Both waits' webhooks get the event: one ignores it, the other resumes.
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		await n8n.settled();
		expect(execution.status).toBe('waiting');
		expect(other.status).toBe('success');
		// Only the wait whose call it was read its log: another call's event costs the other wait no request.
		expect(sandbox().requestsTo('GET', /\/logs$/)).toHaveLength(1);
	});

	test('an event that names no call, or two different calls, is refused (400) and resumes nothing', async () => {
		const execution = await n8n.run(leads('+15550006001'), parameters());
		const [webhook] = waitWebhooks();
		const id = callTo('+15550006001');
		expect((await sandbox().deliver(String(webhook.id), { event: 'event_phone_call_ended', duration: 3 })).status).toBe(400);
		expect((await sandbox().deliver(String(webhook.id), { event: 'event_phone_call_ended', call_id: id, call: { id: 'c0ffee00-0000-4000-8000-0000000000ff' } })).status).toBe(400);
		// The body Talkover's log shows without its call_id: nothing to tell which call ended.
		const nameless = await sandbox().deliver(String(webhook.id), { duration: 3 }, { event: 'event_phone_call_ended' });
		expect([nameless.status, JSON.parse(nameless.body)]).toEqual([400, { message: 'Bad request: the delivery names no event and no call (call_id)' }]);
		expect(execution.status).toBe('waiting');
	});

	test('the call ID in the forms Talkover may send it (call_id, call.id, data.call_id), in either case, ends the wait', async () => {
		for (const shape of [(id: string) => ({ call: { id } }), (id: string) => ({ data: { call_id: id.toUpperCase() } })]) {
			sandbox().reset();
			const to = '+15550007001';
			const execution = await n8n.run(leads(to), parameters());
			const [webhook] = waitWebhooks();
			expect((await sandbox().deliver(String(webhook.id), { event: 'event_phone_call_ended', ...shape(callTo(to)) })).status).toBe(200);
			await n8n.ended(execution);
		}
	});

	test('Talkover sending the end again after the execution resumed resumes nothing twice (n8n answers 409)', async () => {
		const execution = await n8n.run(leads('+15550008001'), parameters());
		const [webhook] = waitWebhooks();
		const end = { event: 'event_phone_call_ended', call_id: callTo('+15550008001') };
		await sandbox().deliver(String(webhook.id), end);
		await n8n.ended(execution);
		const again = await n8n.request(String(webhook.webhook_url).replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), { 'x-n8n-talkover-secret': String(webhook.custom_headers[0].value) }, end);
		expect(again.status).toBe(409);
		expect(execution.runs).toHaveLength(2);
	});

	test('the secret is in no output and nowhere in the saved execution', async () => {
		const execution = await n8n.run(leads('+15550009001'), parameters());
		const secret = String(waitWebhooks()[0].custom_headers[0].value);
		expect(JSON.stringify(execution.data)).not.toContain(secret);
		await sandbox().endCallWithEvent(callTo('+15550009001'), { endedReason: `echo ${secret} ${TOKEN}` });
		await n8n.ended(execution);
		expect(JSON.stringify(execution.data)).not.toContain(secret);
		expect(JSON.stringify(execution.data)).not.toContain(TOKEN);
		expect(output(execution)[0].json.ended_reason).toBe('echo *** ***');
	});
});

test('a loop’s next pass through the node waits at the same address with a new secret, and its call’s end resumes it', async () => {
	const first = await n8n.run(leads('+15550020001'), parameters());
	await sandbox().endCallWithEvent(callTo('+15550020001'));
	await n8n.ended(first);
	const again = await n8n.run(leads('+15550020002'), parameters(), undefined, first.id);
	expect(again.status).toBe('waiting');
	await sandbox().endCallWithEvent(callTo('+15550020002'));
	await n8n.ended(again);
	expect(output(again).map(({ json }) => [json.to, json.outcome])).toEqual([['+15550020002', 'answered']]);
});

/** What n8n hands the retry: the failed execution's saved data, the failed node's last run dropped. */
describe("n8n's Retry of a failed execution", () => {
	test.each([
		{ how: 'each end delivered as the event it is (answered, customer_hangup, 42 s)', end: 'named', extra: { event: 'event_phone_call_ended', ended_reason: 'customer_hangup', duration: 42 } },
		{ how: 'each end delivered in the body Talkover’s log shows ({call_id, duration}, no event name)', end: 'nameless', extra: { duration: 42 } },
		{ how: 'no end reaching the wait: at the Wait Limit each call’s listed status (completed)', end: 'none', extra: { status: 'completed', endedAsListed: true } },
	])('a call whose request timed out but which Talkover placed: its Retry waits for it and gives its answered outcome, each lead dialled once ($how)', async ({ end, extra }) => {
		const numbers = ['+15550030201', '+15550030202', '+15550030203', '+15550030204', '+15550030205'];
		const held = holdRequest(sandbox(), clock(), CALL, numbers[2]);
		const first = n8n.run(leads(...numbers), parameters({ waitLimit: 5 }));
		await held.reached();
		held.timeOut();
		const failed = await first;
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toMatch(/^The call may have been placed: /);
		// Later Talkover handles the held request: the third lead's call is placed.
		clock().advance(30_000);
		await held.letThrough(() => sandbox().calls.some((c) => c.to === numbers[2]));
		clock().advance(60_000);
		const retried = await n8n.run(leads(...numbers), parameters({ waitLimit: 5 }), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(numbers);
		if (end === 'none') {
			for (const to of numbers) sandbox().calls.find((c) => c.to === to)!.status = 'completed';
			// Past every call's own limit (each counts from when its call was accepted, or taken in this Retry).
			clock().advance(10 * 60_000);
			await until(() => retried.status !== 'waiting' && retried.status !== 'running');
		} else {
			for (const to of numbers) await sandbox().endCallWithEvent(callTo(to), { named: end === 'named' });
		}
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.outcome, json.timedOut])).toEqual(numbers.map((to) => [to, 'answered', false]));
		expect(output(retried)[2].json).toMatchObject({ id: callTo(numbers[2]), alreadyPlaced: true, context: { crm_id: 'lead-3' }, ...extra });
		expect(waitWebhooks()).toEqual([]);
	});

	test.each([
		{ line: 'n8n 2.8.4: the node answers 404 (no wait of its own there)', tokenRefused: false, answer: 404 },
		{ line: 'n8n 2.41.1: n8n answers 401 "Invalid token" (the Retry holds the failed execution’s token)', tokenRefused: true, answer: 401 },
	])('a Retry that crashed, retried again: the crashed Retry’s wait webhook is deleted by the next wait ($line); no lead dialled twice', async ({ tokenRefused, answer }) => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550030102' });
		const failed = await n8n.run(leads('+15550030101', '+15550030102'), parameters());
		expect(failed.status).toBe('error');
		const crashedRetry = await n8n.run(leads('+15550030101', '+15550030102'), parameters(), undefined, undefined, retryData(failed));
		expect(crashedRetry.status).toBe('waiting');
		const [ofCrashedRetry] = waitWebhooks();
		// n8n killed while the Retry waited: at its next start the Retry is "crashed", holding what it started with.
		n8n.crash(crashedRetry, retryData(failed), { tokenRefused });
		clock().time += 60_000;
		n8n.requests.length = 0;
		const retried = await n8n.run(leads('+15550030101', '+15550030102'), parameters(), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		expect(n8n.requests.filter((r) => r.path.startsWith(`/webhook-waiting/${crashedRetry.id}/`)).map((r) => r.answer.status)).toEqual([answer]);
		expect(waitWebhooks().map((w) => w.id)).not.toContain(ofCrashedRetry.id);
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550030101', '+15550030102', '+15550030102']);
		for (const to of ['+15550030101', '+15550030102']) await sandbox().endCallWithEvent(callTo(to));
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome])).toEqual([
			['+15550030101', true, 'answered'],
			['+15550030102', true, 'answered'],
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('the call the failed execution placed is waited on too: ended meanwhile, it comes out with the outcome of its listed status; the new call with its own', async () => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550030002' });
		const failed = await n8n.run(leads('+15550030001', '+15550030002'), parameters());
		expect(failed.status).toBe('error');
		// The first call ended while nobody waited for it (the failed execution's webhook was deleted when it failed).
		sandbox().calls.find((c) => c.to === '+15550030001')!.status = 'completed';
		expect(waitWebhooks()).toEqual([]);
		const retried = await n8n.run(leads('+15550030001', '+15550030002'), parameters(), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550030001', '+15550030002', '+15550030002']);
		// Shortly after the wait began, the node reads the earlier call's listed status.
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => sandbox().requestsTo('GET', '/api/v1/calls').length === 1);
		expect(retried.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550030002'));
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.endedAsListed, json.timedOut])).toEqual([
			['+15550030001', true, 'answered', true, false],
			['+15550030002', undefined, 'answered', undefined, false],
		]);
	});

	test('the call the failed execution placed still going on at the Wait Limit: its status read once there, with the new call’s; both come out timed out', async () => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550030502' });
		const failed = await n8n.run(leads('+15550030501', '+15550030502'), parameters({ waitLimit: 1 }));
		expect(failed.status).toBe('error');
		sandbox().calls.find((c) => c.to === '+15550030501')!.status = 'ringing';
		const retried = await n8n.run(leads('+15550030501', '+15550030502'), parameters({ waitLimit: 1 }), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		const searched = () => sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query?.search);
		// Shortly after the wait began, the node reads the earlier call's listed status: still going on.
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => searched().length === 1);
		expect(retried.status).toBe('waiting');
		clock().advance(60_000);
		await until(() => retried.status === 'success');
		expect(searched()).toEqual(['+15550030501', '+15550030501', '+15550030502']);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.timedOut, json.status])).toEqual([
			['+15550030501', true, 'timedOut', true, 'ringing'],
			['+15550030502', undefined, 'timedOut', true, 'initiated'],
		]);
	});

	test('the call the failed execution placed already past its Wait Limit when the Retry starts: its status is read once, at that limit (at once), not again shortly after', async () => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550030602' });
		const failed = await n8n.run(leads('+15550030601', '+15550030602'), parameters({ waitLimit: 1 }));
		expect(failed.status).toBe('error');
		sandbox().calls.find((c) => c.to === '+15550030601')!.status = 'ringing';
		clock().time += 2 * 60_000;
		const retried = await n8n.run(leads('+15550030601', '+15550030602'), parameters({ waitLimit: 1 }), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		const signals = () => n8n.requests.filter((r) => r.path.includes(`/${retried.id}/`)).map((r) => (r.body as IDataObject | null)?.event);
		const searched = () => sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query?.search);
		// Its limit passed while nobody waited: the limit's alarm (at once) reads its listed status; no look shortly after.
		expect(clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at - clock().now())).toEqual([0]);
		clock().advance(0);
		await until(() => signals().length === 1);
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await n8n.settled();
		expect([signals(), searched(), retried.status]).toEqual([['webhook.test'], ['+15550030601'], 'waiting']);
		await sandbox().endCallWithEvent(callTo('+15550030602'));
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.timedOut, json.status])).toEqual([
			['+15550030601', true, 'timedOut', true, 'ringing'],
			['+15550030602', undefined, 'answered', false, 'completed'],
		]);
	});

	test('the call the failed execution placed ended meanwhile, the new call’s end delivered in the body Talkover’s log shows ({call_id, duration}, no event name): the wait ends at that end, the earlier call with the outcome of its listed status', async () => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550030402' });
		const failed = await n8n.run(leads('+15550030401', '+15550030402'), parameters());
		expect(failed.status).toBe('error');
		sandbox().calls.find((c) => c.to === '+15550030401')!.status = 'completed';
		const retried = await n8n.run(leads('+15550030401', '+15550030402'), parameters(), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550030402'), { duration: 42, named: false });
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.alreadyPlaced, json.outcome, json.endedAsListed, json.timedOut])).toEqual([
			['+15550030401', true, 'answered', true, false],
			['+15550030402', undefined, 'answered', true, false],
		]);
	});
});

describe('the Wait Limit', () => {
	test('no end by the Wait Limit: the call comes out timedOut with its last status as Talkover lists it; ended calls keep their outcome', async () => {
		const execution = await n8n.run(leads('+15550010001', '+15550010002'), parameters({ waitLimit: 10 }));
		await sandbox().endCallWithEvent(callTo('+15550010001'), { duration: 30 });
		const stuck = sandbox().calls.find((c) => c.to === '+15550010002')!;
		stuck.status = 'ringing';
		clock().advance(10 * 60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status])).toEqual([
			['+15550010001', 'answered', false, 'completed'],
			['+15550010002', 'timedOut', true, 'ringing'],
		]);
		expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query)).toEqual([expect.objectContaining({ agent_id: SALES_AGENT, search: '+15550010002' })]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('a call whose status cannot be read at the limit comes out timed out with the status it was placed with and why it was not read (statusError)', async () => {
		const execution = await n8n.run(leads('+15550010101'), parameters({ waitLimit: 1 }));
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 400, body: { success: false, message: 'Bad filter' }, times: Infinity });
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		const [{ json }] = output(execution);
		expect([json.outcome, json.timedOut, json.status, json.statusError]).toEqual(['timedOut', true, 'initiated', expect.stringContaining('Bad filter')]);
	});

	test('a placed call whose answer leaves out the number (openapi.json does not require it): its status at the limit is searched by the number dialled', async () => {
		sandbox().inject({ method: 'POST', path: CALL, times: 1, reply: () => ({ status: 200, body: { success: true, data: { id: 'call-without-to', status: 'initiated' } } }) });
		const execution = await n8n.run(leads('+15550010201'), parameters({ waitLimit: 1 }));
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query)).toEqual([expect.objectContaining({ agent_id: SALES_AGENT, search: '+15550010201' })]);
		const [{ json }] = output(execution);
		expect([json.id, json.outcome, json.timedOut]).toEqual(['call-without-to', 'timedOut', true]);
	});

	test('a delivery log that cannot be read at the limit is asked again a minute later; gone (404), the calls come out with their listed status', async () => {
		const execution = await n8n.run(leads('+15550021001'), parameters({ waitLimit: 1 }));
		const [webhook] = waitWebhooks();
		const log = new RegExp(`/webhooks/${webhook.id}/logs$`);
		let failing = true;
		sandbox().inject({ method: 'GET', path: log, status: 503, body: { success: false, message: 'Service unavailable' }, times: Infinity, when: () => failing });
		clock().advance(60_000);
		await until(() => n8n.requests.some((r) => r.answer.status === 503));
		expect(execution.status).toBe('waiting');
		// A minute later Talkover answers again, but the webhook is gone (deleted by someone): the call is listed ringing.
		failing = false;
		sandbox().webhooks.splice(sandbox().webhooks.indexOf(webhook), 1);
		sandbox().calls.find((c) => c.to === '+15550021001')!.status = 'ringing';
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.status])).toEqual([['timedOut', true, 'ringing']]);
	});

	test('a delivery log that cannot be read at the limit at all is asked again each minute until 4 minutes after the limit (n8n ends the wait itself at 10); then the call comes out with its listed status', async () => {
		const execution = await n8n.run(leads('+15550021002'), parameters({ waitLimit: 1 }));
		const [webhook] = waitWebhooks();
		sandbox().inject({ method: 'GET', path: new RegExp(`/webhooks/${webhook.id}/logs$`), status: 503, body: { success: false, message: 'Service unavailable' }, times: Infinity });
		sandbox().calls.find((c) => c.to === '+15550021002')!.status = 'ringing';
		const signals = () => n8n.requests.filter((r) => r.path.includes(`/${execution.id}/`) && ['webhook.test', 'n8n.wait_limit'].includes(String((r.body as IDataObject | null)?.event))).map((r) => [r.answer.status, r.answer.body]);
		const pending = () => clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at);
		const again = [503, { message: 'The log could not be read: asked again in a minute' }];
		let reading = 0;
		for (let minute = 1; minute <= 4; minute++) {
			const waits = clock().waits.length;
			clock().advance(60_000);
			await until(() => signals().length === minute);
			expect(signals()).toEqual(Array(minute).fill(again));
			// Asked again a minute later (this process's alarm, the only one).
			expect(pending()).toEqual([clock().now() + 60_000]);
			expect(execution.status).toBe('waiting');
			// How long the failing read took (Talkover's 503s asked again a few times).
			reading = clock().waits.slice(waits).reduce((sum, ms) => sum + ms, 0);
		}
		// The failed read ending 4 minutes after the limit (to the millisecond, the alarm sent by hand): asking again would leave the end less
		// than its 4 minutes before n8n ends the wait itself (10 minutes after the limit).
		const address = String(webhook.webhook_url).replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
		clock().time = execution.runs[0].waitTill!.getTime() - 10 * 60_000 + 4 * 60_000 - reading;
		await n8n.request(address, { 'x-n8n-talkover-secret': String(webhook.custom_headers[0].value) }, { event: 'n8n.wait_limit', at: clock().now() });
		await until(() => execution.status === 'success');
		expect(signals().map(([status]) => status)).toEqual([503, 503, 503, 503, 200]);
		expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.status])).toEqual([['timedOut', true, 'ringing']]);
	});

	test('a call Talkover lists as ended whose end never reached the wait comes out with the outcome of its listed status', async () => {
		const execution = await n8n.run(leads('+15550022001', '+15550022002'), parameters({ waitLimit: 1 }));
		sandbox().calls.find((c) => c.to === '+15550022001')!.status = 'busy';
		// Another call to the same number listed without a creation time (openapi.json requires no field) hides nothing.
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-0000000000aa', agent_id: SALES_AGENT, to: '+15550022002', status: 'completed', direction: 'outbound' });
		sandbox().calls.find((c) => c.to === '+15550022002' && c.created_at)!.status = 'completed';
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.status])).toEqual([
			['notReached', false, 'busy'],
			['answered', false, 'completed'],
		]);
	});

	test.each([
		['the alarm saying the moment it was set for (the limit)', true],
		['an alarm that does not say it (a minute’s leeway)', false],
	])('the limit’s alarm reaching a process whose clock is a little behind (under a minute) still ends the wait; far behind, the alarm is set again there: %s', async (_, saysAt) => {
		const execution = await n8n.run(leads('+15550023001'), parameters({ waitLimit: 10 }));
		const [webhook] = waitWebhooks();
		const address = String(webhook.webhook_url).replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
		const secret = { 'x-n8n-talkover-secret': String(webhook.custom_headers[0].value) };
		const limit = clock().now() + 10 * 60_000;
		const signal = saysAt ? { event: 'n8n.wait_limit', at: limit } : { event: 'n8n.wait_limit' };
		clock().time += 10 * 60_000 - 5 * 60_000;
		const alarms = clock().alarms.length;
		const early = await n8n.request(address, secret, signal);
		expect([early.status, early.body]).toEqual([200, { received: true, waiting: 'until the Wait Limit' }]);
		expect(execution.status).toBe('waiting');
		// This process's own alarm at the limit, in place of the one it had.
		expect([clock().alarms.length, clock().alarmsSet, clock().alarms.at(-1)!.at]).toEqual([alarms + 1, 1, clock().now() + 5 * 60_000]);
		clock().time += 5 * 60_000 - 30_000;
		expect((await n8n.request(address, secret, signal)).status).toBe(200);
		// Ended by that request, the clock not moved on.
		const now = clock().now();
		await until(() => execution.status === 'success');
		expect(clock().now()).toBe(now);
		expect(output(execution).map(({ json }) => [json.outcome, json.timedOut])).toEqual([['timedOut', true]]);
	});

	test('many calls still open at the limit: their statuses come from one list of the agent’s calls since they were placed, not a read each', async () => {
		const numbers = Array.from({ length: 12 }, (_, i) => `+155500240${String(i).padStart(2, '0')}`);
		const execution = await n8n.run(leads(...numbers), parameters({ waitLimit: 1 }));
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(sandbox().requestsTo('GET', '/api/v1/calls')).toEqual([]);
		expect(sandbox().requestsTo('GET', AGENT_CALLS).map((r) => r.query)).toEqual([{ date_from: '2026-01-14', page: '1', per_page: '100' }]);
		expect(output(execution).map(({ json }) => [json.outcome, json.status])).toEqual(numbers.map(() => ['timedOut', 'initiated']));
	});

	test.each([
		['an end naming its event', true],
		['an end in the body Talkover’s log shows ({call_id, duration}, no event name)', false],
	])('after a restart (the node’s alarm lost), the first delivery from the limit on (its very millisecond) ends the wait: another call’s, %s', async (_how, named) => {
		const execution = await n8n.run(leads('+15550011001'), parameters({ waitLimit: 1 }));
		// The process that set the alarm is gone: its alarm never fires.
		for (const entry of clock().alarms) entry.cancelled = true;
		const other = await n8n.run([{ to: '+15550011002', crm: 'x' }], parameters({ agentId: byId(SALES_AGENT) }));
		// The Wait Limit: n8n ends the wait itself 10 minutes after it.
		clock().time = execution.runs[0].waitTill!.getTime() - 10 * 60_000;
		await sandbox().endCallWithEvent(callTo('+15550011002'), { named });
		await n8n.settled();
		expect(other.status).toBe('success');
		expect(execution.status).toBe('success');
		expect(output(execution).map(({ json }) => [json.outcome, json.timedOut])).toEqual([['timedOut', true]]);
	});

	test.each([
		['1 minute', 1],
		['3 hours', 180],
		['1 day (its longest)', 1440],
	])('n8n restarted while the execution waited (the node’s alarm lost), nothing delivered after it, Wait Limit %s: n8n’s own end of the wait, 10 minutes after the limit, gives every item an outcome (its call `unknown`, timed out, saying why nothing of its end was read); the webhook is left to the next wait', async (_, waitLimit) => {
		const execution = await n8n.run([...leads('+15550012001'), { to: '+15550012001', crm: 'again' }, { to: 'not a number', crm: 'bad' }], { ...parameters({ waitLimit }), options: { skipCalledWithinMinutes: 60 } }, { continueOnFail: true });
		for (const entry of clock().alarms) entry.cancelled = true;
		clock().time = execution.runs[0].waitTill!.getTime();
		await n8n.timeOut(execution);
		expect(execution.status).toBe('success');
		const [called, skipped, bad] = output(execution);
		const ends = new Date(clock().time).toISOString();
		expect(called).toEqual({
			json: expect.objectContaining({ id: callTo('+15550012001'), to: '+15550012001', outcome: 'unknown', timedOut: true, context: { crm_id: 'lead-1' }, statusError: `n8n ended the wait itself at ${ends}, 10 minutes after the Wait Limit: the node's own check at the limit did not come (n8n was restarted while the execution waited), so whether and how the call ended was not read. Call → Get Many (filter by the number) tells how it went.` }),
			pairedItem: { item: 0 },
		});
		// Not the status it was placed with ("initiated"): nothing later was read.
		expect(called.json).not.toHaveProperty('status');
		expect(skipped).toEqual({ json: expect.objectContaining({ skipped: true, outcome: 'notCalled' }), pairedItem: { item: 1 } });
		expect(bad).toEqual({ json: expect.objectContaining({ error: expect.any(String) }), pairedItem: { item: 2 } });
		expect(waitWebhooks()).toHaveLength(1);
		clock().time += 10 * 60_000;
		await n8n.run(leads('+15550012002'), parameters());
		expect(waitWebhooks().map((w) => String(w.name))).toEqual([expect.stringContaining(`execution wait-`)]);
		expect(waitWebhooks()).toHaveLength(1);
	});

	test('a wait ended by its call’s end is not given the output kept for n8n’s own end', async () => {
		const execution = await n8n.run(leads('+15550012101'), parameters());
		await sandbox().endCallWithEvent(callTo('+15550012101'), { duration: 12 });
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.outcome, json.statusError])).toEqual([['answered', undefined]]);
	});
});

describe('nothing left behind in Talkover', () => {
	test('a cancelled execution’s webhook is deleted by the next wait on the agent (its address answers 409); a waiting one’s is kept (401)', async () => {
		const cancelled = await n8n.run(leads('+15550013001'), parameters());
		const waiting = await n8n.run(leads('+15550013002'), parameters());
		n8n.cancel(cancelled);
		const [ofCancelled, ofWaiting] = waitWebhooks();
		await n8n.run(leads('+15550013003'), parameters());
		const left = waitWebhooks().map((w) => w.id);
		expect(left).not.toContain(ofCancelled.id);
		expect(left).toContain(ofWaiting.id);
		expect(waiting.status).toBe('waiting');
	});

	test('with many executions waiting on the agent, a new wait asks at most five of their addresses, those asked longest ago first', async () => {
		const waits = [];
		for (let i = 0; i < 7; i++) {
			clock().time += 1000;
			waits.push(await n8n.run(leads(`+155500180${String(i).padStart(2, '0')}`), parameters()));
		}
		const probes = () => n8n.requests.filter((r) => r.headers['x-n8n-talkover-secret'] === undefined).map((r) => r.path.split('/')[2]);
		clock().time += 1000;
		n8n.requests.length = 0;
		const eighth = await n8n.run(leads('+15550018100'), parameters());
		const first = probes();
		expect(first).toHaveLength(5);
		clock().time += 1000;
		n8n.requests.length = 0;
		await n8n.run(leads('+15550018101'), parameters());
		const second = probes();
		expect(second).toHaveLength(5);
		// Those the first did not ask come first: between them, every earlier wait was asked.
		expect([...new Set([...first, ...second])].sort()).toEqual([...waits, eighth].map((w) => w.id).sort());
		expect(waits.every((w) => w.status === 'waiting')).toBe(true);
	});

	test('a crash n8n kept no data of leaves its wait’s webhook: a later wait keeps it (n8n answers 500 at its address), the crashed execution’s Retry deletes it; a waiting execution’s is kept', async () => {
		const crashed = await n8n.run(leads('+15550019101'), parameters());
		const waitingOne = await n8n.run(leads('+15550019102'), parameters());
		const [ofCrashed, ofWaiting] = waitWebhooks();
		n8n.crash(crashed, crashedData({ items: leads('+15550019101'), startedAt: clock().now(), crashedNode: 'Talkover', nothingKept: true }));
		n8n.requests.length = 0;
		// Any other wait on the agent: a 500 may be n8n's passing trouble, so the webhook stays.
		clock().time += 1000;
		const other = await n8n.run(leads('+15550019103'), parameters());
		expect(n8n.requests.filter((r) => r.path.startsWith(`/webhook-waiting/${crashed.id}/`)).map((r) => r.answer.status)).toEqual([500]);
		expect(waitWebhooks().map((w) => w.id)).toEqual(expect.arrayContaining([ofCrashed.id, ofWaiting.id]));
		// The crashed execution's Retry: a crashed execution of this very node never resumes, so its webhook goes.
		clock().time += 1000;
		const retried = await n8n.run(leads('+15550019101'), parameters(), undefined, undefined, crashedData({ items: leads('+15550019101'), startedAt: clock().now() - 2000, crashedNode: 'Talkover', nothingKept: true }));
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550019101', '+15550019102', '+15550019103']);
		const left = waitWebhooks().map((w) => w.id);
		expect(left).not.toContain(ofCrashed.id);
		expect(left).toContain(ofWaiting.id);
		expect(waitingOne.status).toBe('waiting');
		for (const to of ['+15550019101', '+15550019102', '+15550019103']) await sandbox().endCallWithEvent(callTo(to));
		await n8n.ended(retried);
		await n8n.ended(waitingOne);
		await n8n.ended(other);
		expect(waitWebhooks()).toEqual([]);
	});

	test.each([
		{ proxy: 'a reverse proxy’s 502 while n8n restarts behind it', answer: { status: 502, body: { message: 'Bad Gateway' } } },
		{ proxy: 'a proxy’s or tunnel’s plain-text 404 while n8n restarts behind it', answer: { status: 404, body: undefined, text: '404 page not found' } },
		{ proxy: 'a 500 that is not n8n’s answer (no n8n error body)', answer: { status: 500, body: undefined, text: 'Internal Server Error' } },
	])('a waiting execution keeps its webhook when something other than n8n answers at its address ($proxy): in a Retry of the same node and in any other wait', async ({ answer }) => {
		const live = await n8n.run(leads('+15550019201'), parameters());
		expect(live.status).toBe('waiting');
		const [ofLive] = waitWebhooks();
		n8n.inFront.set(live.id, answer);
		// A Retry of a failed execution of the same node: it asks its own node's addresses first.
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550019202' });
		clock().time += 1000;
		const failed = await n8n.run(leads('+15550019202'), parameters());
		expect(failed.status).toBe('error');
		clock().time += 1000;
		n8n.requests.length = 0;
		const retried = await n8n.run(leads('+15550019202'), parameters(), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		clock().time += 1000;
		const other = await n8n.run(leads('+15550019203'), parameters());
		expect(other.status).toBe('waiting');
		expect(n8n.requests.filter((r) => r.path.startsWith(`/webhook-waiting/${live.id}/`)).map((r) => r.answer.status)).toEqual([answer.status, answer.status]);
		expect(waitWebhooks().map((w) => w.id)).toContain(ofLive.id);
		// n8n back: the live wait hears its call end.
		n8n.inFront.delete(live.id);
		for (const to of ['+15550019201', '+15550019202', '+15550019203']) await sandbox().endCallWithEvent(callTo(to));
		await n8n.ended(live);
		expect(output(live).map(({ json }) => [json.to, json.outcome])).toEqual([['+15550019201', 'answered']]);
		await n8n.ended(retried);
		await n8n.ended(other);
		expect(waitWebhooks()).toEqual([]);
	});

	test('an execution still placing its calls (n8n: 409 "is running already") keeps its webhook when another wait on the agent sweeps', async () => {
		let open: () => void = () => {};
		const gate = new Promise<void>((resolve) => (open = resolve));
		sandbox().inject({ method: 'POST', path: CALL, when: (r) => r.body.to === '+15550019001', before: async () => await gate, times: 1 });
		const placing = n8n.run(leads('+15550019001'), parameters());
		await until(() => waitWebhooks().length === 1);
		const [ofPlacing] = waitWebhooks();
		// The other wait sweeps, registers its own webhook, then waits for its turn to call (the account's pacing).
		const other = n8n.run(leads('+15550019002'), parameters());
		await until(() => waitWebhooks().length === 2);
		expect(waitWebhooks().map((w) => w.id)).toContain(ofPlacing.id);
		expect(n8n.requests.filter((r) => r.path.includes(ofPlacing.webhook_url.split('/').at(-2))).map((r) => r.answer.status)).toEqual([409]);
		open();
		const execution = await placing;
		await other;
		await sandbox().endCallWithEvent(callTo('+15550019001'));
		await n8n.ended(execution);
	});

	test('a webhook the node did not make is never touched (another name, or another n8n’s address)', async () => {
		const foreign = [
			{ name: 'CRM sync', webhook_url: `${n8n.base}/1/2` },
			{ name: 'n8n wait for outcome · execution 9 · until 2020-01-01T00:00:00.000Z', webhook_url: 'https://other-n8n.example/webhook-waiting/9/abc' },
		];
		for (const w of foreign) await fetch(`${sandbox().url}${WEBHOOKS}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...w, events: ['event_phone_call_ended'] }) });
		const before = sandbox().webhooks.length;
		await n8n.run(leads('+15550014001'), parameters());
		expect(sandbox().webhooks).toHaveLength(before + 1);
		expect(sandbox().requestsTo('DELETE')).toEqual([]);
	});

	test('a webhook that cannot be registered: no call is placed, and the error says so', async () => {
		sandbox().inject({ method: 'POST', path: WEBHOOKS, status: 500, body: { success: false, message: 'Internal server error.' }, times: 5 });
		const execution = await n8n.run(leads('+15550015001'), parameters());
		expect(execution.status).toBe('error');
		expect(sandbox().requestsTo('POST', CALL)).toEqual([]);
		const error = execution.data.resultData.error as unknown as { message: string; description: string };
		expect(error.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(error.description).toBe(
			'The node was registering the webhook that tells it when the call is over: no call was placed.\nTalkover said: "Internal server error."\nThis is not caused by your input. Try again later.',
		);
	});

	test('a webhook Talkover refuses without a word (403, empty body): no call is placed, and the error says only that', async () => {
		sandbox().inject({ method: 'POST', path: WEBHOOKS, status: 403, body: {}, times: 1 });
		const execution = await n8n.run(leads('+15550015101'), parameters());
		expect(execution.status).toBe('error');
		expect(sandbox().requestsTo('POST', CALL)).toEqual([]);
		const error = execution.data.resultData.error as unknown as { message: string; description: string };
		expect([error.message, error.description]).toEqual(['The Talkover API token is not allowed to do this', 'The node was registering the webhook that tells it when the call is over: no call was placed.']);
	});

	test('an item that places no call (Calling Hours skip) and an error item (Continue On Fail) come out at their place; with no call at all there is no wait', async () => {
		const execution = await n8n.run([{ to: 'not a number', crm: 'a' }], parameters(), { continueOnFail: true });
		expect(execution.status).toBe('success');
		expect(output(execution)).toEqual([{ json: expect.objectContaining({ error: expect.stringContaining('To') }), pairedItem: { item: 0 } }]);
		expect(waitWebhooks()).toEqual([]);
		const mixed = await n8n.run([{ to: 'not a number', crm: 'a' }, { to: '+15550016002', crm: 'b' }], parameters(), { continueOnFail: true });
		await sandbox().endCallWithEvent(callTo('+15550016002'));
		await n8n.ended(mixed);
		expect(output(mixed).map(({ json, pairedItem }) => [json.outcome ?? 'error', pairedItem])).toEqual([
			['error', { item: 0 }],
			['answered', { item: 1 }],
		]);
	});

	test('a lead Calling Hours skips (07:00 in New York) comes out at its place as not called; the Berlin lead’s call (13:00 there) is waited on', async () => {
		const hours = { callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00' } } };
		const execution = await n8n.run(leads('+12125550123', '+4930123456'), parameters({ options: hours }));
		expect(execution.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+4930123456']);
		await sandbox().endCallWithEvent(callTo('+4930123456'));
		await n8n.ended(execution);
		expect(output(execution).map(({ json, pairedItem }) => [json.to, json.skipped, json.outcome, pairedItem])).toEqual([
			['+12125550123', true, 'notCalled', { item: 0 }],
			['+4930123456', undefined, 'answered', { item: 1 }],
		]);
	});

	test('calls of two agents: a webhook on each, both deleted at the end', async () => {
		const execution = await n8n.run([{ to: '+15550017001', crm: 'a', agent: SALES_AGENT }, { to: '+15550017002', crm: 'b', agent: SUPPORT_AGENT }], parameters({ agentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' } }));
		if (execution.status !== 'waiting') throw new Error(JSON.stringify(execution.data.resultData.error));
		expect(waitWebhooks().map((w) => w.agent_id).sort()).toEqual([SALES_AGENT, SUPPORT_AGENT].sort());
		await sandbox().endCallWithEvent(callTo('+15550017002'));
		await sandbox().endCallWithEvent(callTo('+15550017001'));
		await n8n.ended(execution);
		expect(waitWebhooks()).toEqual([]);
	});
});

describe('each call’s own Wait Limit, counted from when Talkover accepted it', () => {
	/** n8n's answers to the limit's alarms of this execution. */
	const limitSignals = (execution: SavedExecution) => n8n.requests.filter((r) => r.path.includes(`/${execution.id}/`) && (r.body as IDataObject | null)?.event === 'webhook.test').map((r) => r.answer.status);

	test('placing slower than the limit (Batch Interval) takes nothing off a later call’s wait; the alarm n8n refused while the run was still placing (409) is sent again', async () => {
		const started = clock().now();
		const execution = await n8n.run(leads('+15550040001', '+15550040002', '+15550040003'), parameters({ waitLimit: 2, options: { batchSize: 1, batchInterval: 90_000 } }));
		expect(execution.status).toBe('waiting');
		// Accepted at 0, 90 and 180 s: the first call's limit passed while the run was placing the others.
		expect(clock().now() - started).toBe(180_000);
		// n8n ends the wait itself 10 minutes after the last call's own limit; the webhook's name says so.
		expect(execution.runs[0].waitTill!.getTime()).toBe(clock().now() + 2 * 60_000 + 10 * 60_000);
		// The first limit's alarm reaches n8n before it has saved the execution as waiting: 409, sent again 5 s later.
		execution.status = 'running';
		clock().advance(0);
		await until(() => limitSignals(execution).length === 1);
		expect(limitSignals(execution)).toEqual([409]);
		// Its next sending is set once n8n's answer is in.
		await until(() => clock().alarmsSet === 1);
		expect(clock().alarms.at(-1)!.at).toBe(clock().now() + 5_000);
		execution.status = 'waiting';
		sandbox().calls.find((c) => c.to === '+15550040001')!.status = 'ringing';
		clock().advance(5_000);
		await until(() => limitSignals(execution).length === 2);
		// Only the first call is past its limit: the wait goes on for the two others.
		expect(limitSignals(execution)).toEqual([409, 200]);
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550040002'));
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550040003'), { duration: 12 });
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status])).toEqual([
			['+15550040001', 'timedOut', true, 'ringing'],
			['+15550040002', 'answered', false, 'completed'],
			['+15550040003', 'answered', false, 'completed'],
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('each item keeps its own limit: the call with 1 minute comes out timed out at its minute, though another item waits 30', async () => {
		const execution = await n8n.run(
			[
				{ to: '+15550041001', crm: 'a', limit: 1 },
				{ to: '+15550041002', crm: 'b', limit: 30 },
			],
			parameters({ waitLimit: '={{ $json.limit }}' }),
		);
		await sandbox().endCallWithEvent(callTo('+15550041002'));
		expect(execution.status).toBe('waiting');
		sandbox().calls.find((c) => c.to === '+15550041001')!.status = 'ringing';
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status])).toEqual([
			['+15550041001', 'timedOut', true, 'ringing'],
			['+15550041002', 'answered', false, 'completed'],
		]);
	});

	test('no end at all: the wait goes on past the shorter limit to the next call’s own, then both come out timed out', async () => {
		const execution = await n8n.run(
			[
				{ to: '+15550043001', crm: 'a', limit: 1 },
				// A minute apart: the first limit's alarm (at its very moment) reaches no later call's limit.
				{ to: '+15550043002', crm: 'b', limit: 2 },
			],
			parameters({ waitLimit: '={{ $json.limit }}' }),
		);
		const placed = clock().now();
		const pending = () => clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at - placed);
		clock().advance(60_000);
		await until(() => limitSignals(execution).length === 1);
		expect(execution.status).toBe('waiting');
		// The limit's alarm goes on to the next call's limit.
		await until(() => pending().length === 1);
		expect(pending()).toEqual([2 * 60_000]);
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(limitSignals(execution)).toEqual([200, 200]);
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut])).toEqual([
			['+15550043001', 'timedOut', true],
			['+15550043002', 'timedOut', true],
		]);
	});

	test('a call’s end shortly before the other call’s limit moves nothing: the other comes out timed out at its limit', async () => {
		const execution = await n8n.run(leads('+15550044001', '+15550044002'), parameters({ waitLimit: 1 }));
		const placed = clock().now();
		clock().time += 55_000;
		await sandbox().endCallWithEvent(callTo('+15550044001'));
		expect(execution.status).toBe('waiting');
		// The limit's alarm where it was (the look at the log shortly after the end comes later).
		expect(clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at - placed)).toContain(60_000);
		clock().advance(5_000);
		await until(() => execution.status === 'success');
		expect(limitSignals(execution)).toEqual([200]);
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut])).toEqual([
			['+15550044001', 'answered', false],
			['+15550044002', 'timedOut', true],
		]);
	});

	test.each([
		['the log read', true, [200, { received: true, waiting: 1 }]],
		['the log not readable then', false, [503, { message: 'The log could not be read: the wait goes on' }]],
	])('the look at the log shortly after an end, half a minute before the other call’s limit, ends nothing (only the limit’s own alarm has a minute’s leeway): %s; the other comes out timed out at its limit', async (_, readable, answered) => {
		const execution = await n8n.run(leads('+15550045001', '+15550045002'), parameters({ waitLimit: 1 }));
		const [webhook] = waitWebhooks();
		const placed = clock().now();
		let failing = !readable;
		sandbox().inject({ method: 'GET', path: new RegExp(`/webhooks/${webhook.id}/logs$`), status: 503, body: { success: false, message: 'Service unavailable' }, times: Infinity, when: () => failing });
		const checks = () => n8n.requests.filter((r) => r.path.includes(`/${execution.id}/`) && (r.body as IDataObject | null)?.event === 'webhook.test').map((r) => [r.answer.status, r.answer.body]);
		clock().time += 20_000;
		failing = false;
		await sandbox().endCallWithEvent(callTo('+15550045001'));
		failing = !readable;
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => checks().length === 1);
		expect(checks()).toEqual([answered]);
		expect(execution.status).toBe('waiting');
		failing = false;
		clock().advance(placed + 60_000 - clock().now());
		await until(() => execution.status === 'success');
		// Talkover delivers both: the look at the log, then the limit's.
		expect(limitSignals(execution)).toEqual([answered[0], 200]);
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut])).toEqual([
			['+15550045001', 'answered', false],
			['+15550045002', 'timedOut', true],
		]);
	});

	test('the item with the shorter limit reached, the other call’s end ends the wait at once', async () => {
		const execution = await n8n.run(
			[
				{ to: '+15550042001', crm: 'a', limit: 1 },
				{ to: '+15550042002', crm: 'b', limit: 30 },
			],
			parameters({ waitLimit: '={{ $json.limit }}' }),
		);
		clock().advance(60_000);
		await until(() => limitSignals(execution).length === 1);
		expect(execution.status).toBe('waiting');
		clock().time += 5 * 60_000;
		await sandbox().endCallWithEvent(callTo('+15550042002'));
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.to, json.outcome])).toEqual([
			['+15550042001', 'timedOut'],
			['+15550042002', 'answered'],
		]);
	});
});

describe('reading the calls’ statuses, at any horizon', () => {
	/** `n` calls of the agent Talkover lists before the wait's own (oldest first), made on the wait's day. */
	function busyAgent(n: number) {
		for (let i = 0; i < n; i++) {
			const at = new Date(Date.UTC(2026, 0, 15, 0, 0, 0) + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
			sandbox().calls.push({ id: `b0b0b0b0-0000-4000-8000-${String(i).padStart(12, '0')}`, agent_id: SALES_AGENT, to: '+15559990000', status: 'completed', direction: 'outbound', created_at: at, started_at: at, duration_seconds: 10 });
		}
	}

	test('5,000 calls of the agent listed before the wait’s own (oldest first): each of its 12 calls is found, by a search each once the list’s first page shows it is longer', async () => {
		busyAgent(5000);
		const numbers = Array.from({ length: 12 }, (_, i) => `+155500430${String(i).padStart(2, '0')}`);
		const execution = await n8n.run(leads(...numbers), parameters({ waitLimit: 1 }));
		for (const to of numbers) sandbox().calls.find((c) => c.to === to)!.status = 'ringing';
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.outcome, json.status, json.statusError])).toEqual(numbers.map(() => ['timedOut', 'ringing', undefined]));
		// One page of the agent's calls (51 pages), then one search per call: 13 requests.
		expect(sandbox().requestsTo('GET', AGENT_CALLS).map((r) => r.query.page)).toEqual(['1']);
		expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query.search)).toEqual(numbers);
	});

	// 150 calls and a list of 5,000: 10 s on a quiet machine, over 30 s on the busy 2-core machine.
	test('n8n’s Retry 2 days later of a run that placed 150 calls: each is read as Talkover lists it (completed), from the agent’s calls since the day they were placed', async () => {
		busyAgent(5000);
		const numbers = Array.from({ length: 150 }, (_, i) => `+1555004${String(i).padStart(4, '0')}`);
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550049999' });
		const all = leads(...numbers, '+15550049999');
		const startedAt = clock().now();
		const failed = await n8n.run(all, parameters());
		expect(failed.status).toBe('error');
		for (const to of numbers) sandbox().calls.find((c) => c.to === to)!.status = 'completed';
		clock().time += 2 * 24 * 60 * 60_000;
		const data = JSON.parse(JSON.stringify(failed.data)) as SavedExecution['data'];
		delete data.resultData.error;
		const runs = data.resultData.runData.Talkover;
		if (runs?.at(-1)?.error !== undefined) runs.pop();
		// n8n-core dates the tasks by the machine's clock, Talkover the calls by the test's: they agree in life.
		for (const tasks of Object.values(data.resultData.runData)) for (const task of tasks) task.startTime = startedAt;
		sandbox().requests.length = 0;
		const retried = await n8n.run(all, parameters(), undefined, undefined, data);
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550049999']);
		// Their own limits (30 minutes from their acceptance) passed long ago: their listed status is read at once.
		clock().advance(0);
		await until(() => n8n.requests.some((r) => r.path.includes(`/${retried.id}/`) && (r.body as IDataObject | null)?.event === 'webhook.test'));
		await n8n.settled();
		expect(retried.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550049999'));
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.outcome, json.endedAsListed ?? false, json.statusError])).toEqual([...numbers.map(() => ['answered', true, undefined]), ['answered', false, undefined]]);
		// Each read (the statuses, and the retry's look at the calls its record does not hold): every page of the
		// agent's calls since the day before they were placed (5,151 and more: 52 pages), none cut short.
		const reads = sandbox().requestsTo('GET', AGENT_CALLS);
		expect(new Set(reads.map((r) => r.query.date_from))).toEqual(new Set(['2026-01-14']));
		expect(reads.filter((r) => r.query.page === '1').length * 52).toBe(reads.length);
		expect(sandbox().requestsTo('GET', '/api/v1/calls')).toEqual([]);
	}, 120_000);
});

describe('n8n’s Retry On Fail', () => {
	test('with Continue On Fail, each try reads the leads as they came (never the output kept for n8n’s own end); n8n’s own end after the last try gives each item its output', async () => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: Infinity, when: (r) => r.body.to === '+15550044101' });
		const execution = await n8n.run(leads('+15550044101', '+15550044102'), parameters(), { continueOnFail: true, ...retryOnFail(3) });
		expect(execution.status).toBe('waiting');
		// Every try asked for the same two leads with their own Context (an expression of the input item).
		expect(sandbox().requestsTo('POST', CALL).map((r) => [r.body.to, (r.body.context as IDataObject)?.crm_id])).toEqual([
			['+15550044101', 'lead-1'],
			['+15550044102', 'lead-2'],
			['+15550044101', 'lead-1'],
			['+15550044101', 'lead-1'],
		]);
		for (const entry of clock().alarms) entry.cancelled = true;
		clock().time = execution.runs[0].waitTill!.getTime();
		await n8n.timeOut(execution);
		expect(output(execution).map(({ json, pairedItem }) => [json.outcome ?? 'error', pairedItem])).toEqual([
			['error', { item: 0 }],
			['unknown', { item: 1 }],
		]);
	});

	test('with Continue On Fail, three tries each waiting at the same address leave no webhook of theirs in Talkover', async () => {
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: Infinity, when: (r) => r.body.to === '+15550044001' });
		const execution = await n8n.run(leads('+15550044001', '+15550044002'), parameters(), { continueOnFail: true, ...retryOnFail(3) });
		expect(execution.status).toBe('waiting');
		// Three tries registered a webhook each (item 0's error item makes n8n run the node again); the last stays.
		expect(sandbox().requestsTo('POST', WEBHOOKS)).toHaveLength(3);
		expect(waitWebhooks()).toHaveLength(1);
		// Item 1's call was placed once.
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550044001', '+15550044002', '+15550044001', '+15550044001']);
		await sandbox().endCallWithEvent(callTo('+15550044002'));
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => json.outcome ?? 'error')).toEqual(['error', 'answered']);
		expect(waitWebhooks()).toEqual([]);
	});
});

test('placing that took longer than 10 minutes: the wait’s webhook is renamed with the later moment n8n ends the wait (a sweep deletes it only after that)', async () => {
	const execution = await n8n.run(leads('+15550045001', '+15550045002'), parameters({ waitLimit: 1, options: { batchSize: 1, batchInterval: 11 * 60_000 } }));
	expect(execution.status).toBe('waiting');
	const until = clock().now() + 60_000 + 10 * 60_000;
	expect(execution.runs[0].waitTill!.getTime()).toBe(until);
	expect(sandbox().requestsTo('PUT').map((r) => [r.path, r.body])).toEqual([[`${WEBHOOKS}/${waitWebhooks()[0].id}`, { name: `n8n wait for outcome · execution ${execution.id} · until ${new Date(until).toISOString()}` }]]);
	expect(String(waitWebhooks()[0].name)).toMatch(new RegExp(`until ${new Date(until).toISOString()}$`));
});

test('placing that took exactly the 10 minutes allowed: the webhook’s name already says when n8n ends the wait, so it is not renamed', async () => {
	const execution = await n8n.run(leads('+15550046001', '+15550046002'), parameters({ waitLimit: 1, options: { batchSize: 1, batchInterval: 10 * 60_000 } }));
	expect(execution.status).toBe('waiting');
	const until = clock().now() + 60_000 + 10 * 60_000;
	expect(execution.runs[0].waitTill!.getTime()).toBe(until);
	expect(sandbox().requestsTo('PUT')).toEqual([]);
	expect(String(waitWebhooks()[0].name)).toMatch(new RegExp(`until ${new Date(until).toISOString()}$`));
});
