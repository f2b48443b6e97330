/**
 * Campaign → Add Call and Wait for Outcome in n8n-core's engine, around it what n8n does with a waiting
 * execution (test/helpers/waitingN8n.ts); Talkover is the sandbox, whose campaign events go to every
 * subscribed webhook of the campaign (the shape of a campaign event's body is not documented: the node reads
 * the campaign call's ID as `campaign_call.id`, `campaign_call_id`, under `data` too, and the call's as
 * `call_id`). What it shares with Make and Wait for Outcome (the secret, the sweep, the alarms, restarts):
 * test/Talkover/call/makeAndWait.test.ts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CHECK_AFTER_MS, CHECK_SPREAD_MS, EVENTS_AFTER_END_MS } from '../../../nodes/Talkover/wait/signals';
import { byId, SALES_AGENT, until } from '../../helpers/fixtures';
import { holdRequest } from '../../helpers/heldRequest';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

/** Talkover's test delivery of a campaign webhook (test-campaign-webhook.mdx: an event of the webhook's, marked `test: true`), as the wait's alarms arrive. */
const isTestDelivery = (body: unknown) => (body as IDataObject | null)?.test === true || (body as IDataObject | null)?.event === 'webhook.test';
const { sandbox, clock, n8n } = useMakeAndWait();

const CAMPAIGN = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.to }}', isTesting: true, additionalFields: { contextJson: '={{ JSON.stringify({ crm_id: $json.crm }) }}' }, ...extra };
}

const leads = (...numbers: string[]) => numbers.map((to, i) => ({ to, crm: `lead-${i + 1}` }));
const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
const campaignCall = (to: string) => sandbox().campaignCalls.find((c) => c.to === to)!;
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject; pairedItem: unknown }>;

/** The campaign call's end as the sandbox sends it: `{event, campaign_id, campaign_name, campaign_call: {…}, …}`. */
async function endCampaignCall(to: string, event = 'campaign_call.completed', extra: IDataObject = {}) {
	const call = campaignCall(to);
	call.status = event === 'campaign_call.failed' ? 'failed' : 'completed';
	return await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, event, { campaign_call: { id: call.id, to: call.to, status: call.status, context: call.context }, ...extra });
}

describe('queueing the calls and waiting', () => {
	test('the webhook is registered on the campaign before the call, for the campaign call’s two ends, with a secret header; the execution waits 3 days (and n8n’s own 10 minutes)', async () => {
		const execution = await n8n.run(leads('+15550101001'), parameters());
		expect(execution.status).toBe('waiting');
		const sent = sandbox().requests.map((r) => `${r.method} ${r.path}`);
		expect(sent).toEqual([`GET ${CAMPAIGN}/webhooks`, `POST ${CAMPAIGN}/webhooks`, `POST ${CAMPAIGN}/call`]);
		const [webhook] = waitWebhooks();
		expect([webhook.campaign_id, webhook.webhook_url, webhook.events, webhook.include_call_events]).toEqual([
			ACTIVE_CAMPAIGN,
			`${n8n.base}/${execution.id}/5b6c7d8e-0000-4000-8000-00000000a1a1`,
			['campaign_call.completed', 'campaign_call.failed'],
			false,
		]);
		expect(webhook.custom_headers).toEqual([{ key: 'X-N8n-Talkover-Secret', value: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
		expect(execution.runs[0].waitTill!.getTime()).toBe(clock().now() + 3 * 24 * 60 * 60_000 + 10 * 60_000);
	});

	test('three leads ended in a shuffled order: completed → answered, failed → notReached, a voicemail status → voicemail; a retry scheduled is no end; Context as sent', async () => {
		const execution = await n8n.run(leads('+15550102001', '+15550102002', '+15550102003'), parameters());
		await endCampaignCall('+15550102003', 'campaign_call.completed', { campaign_call: { id: campaignCall('+15550102003').id, status: 'voicemail' } });
		// Subscribed to by nobody here, and no end if it were delivered.
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.retry_scheduled', { campaign_call: { id: campaignCall('+15550102002').id } });
		await endCampaignCall('+15550102002', 'campaign_call.failed');
		expect(execution.status).toBe('waiting');
		await endCampaignCall('+15550102001');
		await n8n.ended(execution);
		expect(output(execution).map(({ json, pairedItem }) => [json.to, json.event, json.outcome, json.timedOut, json.context, pairedItem])).toEqual([
			['+15550102001', 'campaign_call.completed', 'answered', false, { crm_id: 'lead-1' }, { item: 0 }],
			['+15550102002', 'campaign_call.failed', 'notReached', false, { crm_id: 'lead-2' }, { item: 1 }],
			['+15550102003', 'campaign_call.completed', 'voicemail', false, { crm_id: 'lead-3' }, { item: 2 }],
		]);
		expect(output(execution)[0].json).toMatchObject({ id: campaignCall('+15550102001').id, campaign_id: ACTIVE_CAMPAIGN, campaign: expect.objectContaining({ id: ACTIVE_CAMPAIGN }) });
		expect(waitWebhooks()).toEqual([]);
	});

	test('the campaign call’s ID in the forms an event may give it (campaign_call_id, data.campaign_call.id, data.campaign_call_id, call_id) ends the wait', async () => {
		const numbers = ['+15550103001', '+15550103002', '+15550103003', '+15550103004'];
		const execution = await n8n.run(leads(...numbers), parameters());
		const [webhook] = waitWebhooks();
		const id = (to: string) => String(campaignCall(to).id).toUpperCase();
		const bodies = [
			{ event: 'campaign_call.completed', campaign_call_id: id(numbers[0]) },
			{ event: 'campaign_call.completed', data: { campaign_call: { id: id(numbers[1]) } } },
			{ event: 'campaign_call.completed', data: { campaign_call_id: id(numbers[2]) } },
			{ event: 'campaign_call.completed', call_id: id(numbers[3]) },
		];
		for (const body of bodies) expect((await sandbox().deliver(String(webhook.id), body)).status).toBe(200);
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => json.outcome)).toEqual(['answered', 'answered', 'answered', 'answered']);
	});
});

describe('never the wrong call', () => {
	test('another campaign call’s end is answered without a request and the wait goes on', async () => {
		const execution = await n8n.run(leads('+15550104001'), parameters());
		const [webhook] = waitWebhooks();
		const before = sandbox().requests.length;
		const answer = await sandbox().deliver(String(webhook.id), { event: 'campaign_call.completed', campaign_call: { id: 'c0ffee00-0000-4000-8000-00000000b001' } });
		expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { received: true, ignored: 'not a call this execution waits for' }]);
		expect(sandbox().requests.length).toBe(before);
		expect(execution.status).toBe('waiting');
		await endCampaignCall('+15550104001');
		await n8n.ended(execution);
	});

	test('an event that names no call, or two different campaign calls, is refused (400) and resumes nothing', async () => {
		const execution = await n8n.run(leads('+15550105001'), parameters());
		const [webhook] = waitWebhooks();
		const id = String(campaignCall('+15550105001').id);
		const none = await sandbox().deliver(String(webhook.id), { event: 'campaign_call.completed', campaign_id: ACTIVE_CAMPAIGN });
		const two = await sandbox().deliver(String(webhook.id), { event: 'campaign_call.completed', campaign_call_id: id, data: { campaign_call_id: 'c0ffee00-0000-4000-8000-00000000b002' } });
		expect([none.status, JSON.parse(none.body).message]).toEqual([400, 'Bad request: the campaign_call.completed event names no call (campaign_call_id or call_id)']);
		expect([two.status, JSON.parse(two.body).message]).toEqual([400, expect.stringMatching(/names two campaign calls/)]);
		expect(execution.status).toBe('waiting');
	});

	test('a request without the secret resumes nothing: 401', async () => {
		const execution = await n8n.run(leads('+15550106001'), parameters());
		const [webhook] = waitWebhooks();
		const end = { event: 'campaign_call.completed', campaign_call: { id: campaignCall('+15550106001').id } };
		expect((await sandbox().deliver(String(webhook.id), end, { headers: { 'X-N8n-Talkover-Secret': undefined } })).status).toBe(401);
		expect(execution.status).toBe('waiting');
	});
});

describe('Call Events to Include', () => {
	test('a transcript and a report picked: the webhook takes them (include_call_events); the call’s events, named by the call its end named, come out under callEvents', async () => {
		const execution = await n8n.run(leads('+15550107001'), parameters({ callEvents: ['transcript', 'report'] }));
		const [webhook] = waitWebhooks();
		expect([webhook.events, webhook.include_call_events]).toEqual([['campaign_call.completed', 'campaign_call.failed', 'event_call_transcript', 'event_call_report'], true]);
		const placed = 'ca11ca11-0000-4000-8000-00000000c001';
		await endCampaignCall('+15550107001', 'campaign_call.completed', { call_id: placed });
		expect(execution.status).toBe('waiting');
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { call_id: placed, transcript: [{ role: 'agent', text: 'Hello' }] });
		expect(execution.status).toBe('waiting');
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_report', { call_id: placed.toUpperCase(), summary: 'Interested' });
		await n8n.ended(execution);
		const [{ json }] = output(execution);
		expect([json.outcome, json.callEvents, json.missingCallEvents]).toEqual([
			'answered',
			{ transcript: expect.objectContaining({ transcript: [{ role: 'agent', text: 'Hello' }] }), report: expect.objectContaining({ summary: 'Interested' }) },
			undefined,
		]);
	});

	test('a picked event delivered in the body Talkover’s log shows ({call_id, duration}, no event name): naming the call the end named, it is the campaign call’s and comes out under callEvents once the log shows it; another call’s is answered and resumes nothing', async () => {
		const execution = await n8n.run(leads('+15550122001'), parameters({ callEvents: ['transcript'] }));
		const placed = 'ca11ca11-0000-4000-8000-00000000c122';
		const webhook = String(waitWebhooks()[0].id);
		const ignored = { received: true, ignored: 'not a call this execution waits for' };
		// Another campaign call's: answered without a request. A call the log links to none of the wait's: answered once the log is read.
		const before = sandbox().requests.length;
		const another = await sandbox().deliver(webhook, { campaign_call_id: 'ca11ca11-0000-4000-8000-00000000c199', duration: 3 }, { event: 'campaign_call.completed' });
		expect([another.status, JSON.parse(another.body), sandbox().requests.slice(before)]).toEqual([200, ignored, []]);
		const unlinked = await sandbox().deliver(webhook, { call_id: 'ca11ca11-0000-4000-8000-00000000c198', duration: 3 }, { event: 'event_call_transcript' });
		expect([unlinked.status, JSON.parse(unlinked.body)]).toEqual([200, ignored]);
		// Named: another campaign call's end (with the call it placed) and its transcript: answered without a request.
		const named = sandbox().requests.length;
		for (const body of [
			{ event: 'campaign_call.completed', campaign_call_id: 'ca11ca11-0000-4000-8000-00000000c199', call_id: 'ca11ca11-0000-4000-8000-00000000c197' },
			{ event: 'event_call_transcript', campaign_call_id: 'ca11ca11-0000-4000-8000-00000000c199', transcript: [] },
		]) {
			const answered = await sandbox().deliver(webhook, body);
			expect([answered.status, JSON.parse(answered.body)]).toEqual([200, ignored]);
		}
		expect(sandbox().requests.slice(named)).toEqual([]);
		await endCampaignCall('+15550122001', 'campaign_call.completed', { call_id: placed });
		expect(execution.status).toBe('waiting');
		const answered = await sandbox().deliver(webhook, { call_id: placed, duration: 45 }, { event: 'event_call_transcript' });
		expect([answered.status, JSON.parse(answered.body)]).toEqual([200, { received: true, waiting: 'for the call events picked' }]);
		clock().advance(EVENTS_AFTER_END_MS);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.outcome, json.callEvents, json.missingCallEvents])).toEqual([['answered', { transcript: expect.objectContaining({ call_id: placed, duration: 45 }) }, undefined]]);
	});

	test('a picked event that never comes: 15 minutes after the last end the wait ends, naming it in missingCallEvents', async () => {
		const execution = await n8n.run(leads('+15550108001'), parameters({ callEvents: ['recording'] }));
		const answers = await endCampaignCall('+15550108001');
		expect(answers.map((a) => [a.status, JSON.parse(a.body!)])).toEqual([[200, { received: true, waiting: 'for the call events picked' }]]);
		expect(execution.status).toBe('waiting');
		// The node's alarm: 15 minutes after the end (the Wait Limit, 3 days, is further).
		const ended = clock().now();
		expect(clock().alarms.filter((a) => !a.cancelled && !a.fired).map((a) => a.at - ended)).toContain(EVENTS_AFTER_END_MS);
		clock().advance(EVENTS_AFTER_END_MS);
		await until(() => execution.status === 'success');
		const [{ json }] = output(execution);
		expect([json.outcome, json.callEvents, json.missingCallEvents]).toEqual(['answered', {}, ['recording']]);
		// What the next node gets in the resumed run (before n8n saves it as JSON): no key for the event that did not come.
		const resumed = execution.runs.at(-1)!.data.resultData.runData.Talkover.at(-1)!.data!.main[0]![0].json;
		expect(Object.keys(resumed.callEvents as IDataObject)).toEqual([]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('the look at the log shortly after an end, once the other call has ended too, still waits for the picked events; they come, and the wait ends with them', async () => {
		const execution = await n8n.run(leads('+15550115001', '+15550115002'), parameters({ callEvents: ['transcript'] }));
		const checks = () => n8n.requests.filter((r) => r.path.includes(`/${execution.id}/`) && isTestDelivery(r.body)).map((r) => [r.answer.status, r.answer.body]);
		const placed = ['ca11ca11-0000-4000-8000-00000000c151', 'ca11ca11-0000-4000-8000-00000000c152'];
		// The first end leaves one call open: the node looks again shortly; the second ends before it does.
		await endCampaignCall('+15550115001', 'campaign_call.completed', { call_id: placed[0] });
		await endCampaignCall('+15550115002', 'campaign_call.completed', { call_id: placed[1] });
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => checks().length === 1);
		expect(checks()).toEqual([[200, { received: true, waiting: 'for the call events picked' }]]);
		expect(execution.status).toBe('waiting');
		for (const [i, call] of placed.entries()) await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { call_id: call, transcript: [{ role: 'agent', text: `Hello ${i + 1}` }] });
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.outcome, (json.callEvents as IDataObject).transcript, json.missingCallEvents])).toEqual([
			['answered', expect.objectContaining({ transcript: [{ role: 'agent', text: 'Hello 1' }] }), undefined],
			['answered', expect.objectContaining({ transcript: [{ role: 'agent', text: 'Hello 2' }] }), undefined],
		]);
	});

	test('a campaign call that failed is not waited on for its picked events (none comes): the wait ends at its end, naming them', async () => {
		const execution = await n8n.run(leads('+15550114001'), parameters({ callEvents: ['transcript', 'recording'] }));
		await endCampaignCall('+15550114001', 'campaign_call.failed');
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.outcome, json.callEvents, json.missingCallEvents])).toEqual([['notReached', {}, ['transcript', 'recording']]]);
	});

	test('another call’s transcript is not this call’s', async () => {
		const execution = await n8n.run(leads('+15550109001'), parameters({ callEvents: ['transcript'] }));
		await endCampaignCall('+15550109001', 'campaign_call.completed', { call_id: 'ca11ca11-0000-4000-8000-00000000c002' });
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { call_id: 'ca11ca11-0000-4000-8000-00000000c003', transcript: [] });
		expect(execution.status).toBe('waiting');
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: campaignCall('+15550109001').id, transcript: ['mine'] });
		await n8n.ended(execution);
		expect(output(execution)[0].json.callEvents).toEqual({ transcript: expect.objectContaining({ transcript: ['mine'] }) });
	});

	test('a transcript of an earlier attempt at the number (it names the campaign call and another call) is not the ended call’s: the wait goes on for that call’s own', async () => {
		const execution = await n8n.run(leads('+15550115001'), parameters({ callEvents: ['transcript'] }));
		const id = campaignCall('+15550115001').id;
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: id, call_id: 'ca11ca11-0000-4000-8000-0000000000a1', transcript: ['the voicemail greeting'] });
		await endCampaignCall('+15550115001', 'campaign_call.completed', { call_id: 'ca11ca11-0000-4000-8000-0000000000a2' });
		expect(execution.status).toBe('waiting');
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: id, call_id: 'ca11ca11-0000-4000-8000-0000000000a2', transcript: ['the conversation'] });
		await n8n.ended(execution);
		expect(output(execution)[0].json.callEvents).toEqual({ transcript: expect.objectContaining({ transcript: ['the conversation'] }) });
	});

	test('an end that names no call Talkover placed: a transcript delivered before it (an earlier attempt’s) is not the call’s; one delivered after it is', async () => {
		const execution = await n8n.run(leads('+15550119001'), parameters({ callEvents: ['transcript'] }));
		const id = campaignCall('+15550119001').id;
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: id, transcript: ['the voicemail greeting'] });
		clock().time += 60_000;
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call_id: id, status: 'completed' });
		expect(execution.status).toBe('waiting');
		clock().time += 30_000;
		await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: id, transcript: ['the conversation'] });
		await n8n.ended(execution);
		expect(output(execution)[0].json.callEvents).toEqual({ transcript: expect.objectContaining({ transcript: ['the conversation'] }) });
	});

	test('an end in a body without an event name: while Talkover neither lists the campaign call as ended nor names the event in its log, the wait goes on; then it resumes', async () => {
		const ended = { campaign_call_id: '', duration: 45 };
		// Listed as ended when it arrives: over at once, with that status.
		const first = await n8n.run(leads('+15550121001'), parameters());
		const call = campaignCall('+15550121001');
		call.status = 'completed';
		expect((await sandbox().deliver(String(waitWebhooks()[0].id), { ...ended, campaign_call_id: call.id }, { event: 'campaign_call.completed' })).status).toBe(200);
		await n8n.ended(first);
		expect(output(first).map(({ json }) => [json.outcome, json.timedOut, json.endedAsListed])).toEqual([['answered', false, true]]);
		// Not listed as ended yet: the wait goes on; the log, read again, names the delivery's event (an end).
		const second = await n8n.run(leads('+15550121002'), parameters());
		const other = campaignCall('+15550121002');
		expect((await sandbox().deliver(String(waitWebhooks()[0].id), { ...ended, campaign_call_id: other.id }, { event: 'campaign_call.completed' })).status).toBe(200);
		expect(second.status).toBe('waiting');
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => second.status === 'success');
		expect(output(second).map(({ json }) => [json.event, json.outcome, json.timedOut, json.duration])).toEqual([['campaign_call.completed', 'answered', false, 45]]);
	});

	test('an end in a body without an event name while the campaign lists none of its calls: its agent’s call with the campaign call’s ID, listed as ended, is one attempt, not the end (the campaign may dial again): the wait goes on until the log names the event', async () => {
		const execution = await n8n.run(leads('+15550123001'), parameters());
		const call = campaignCall('+15550123001');
		// The agent lists a call with the campaign call's ID (its example names both "call-uuid-1"), ended.
		sandbox().calls.push({ id: call.id, agent_id: SALES_AGENT, to: call.to, status: 'completed', direction: 'outbound', created_at: call.created_at });
		sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active', agent_id: SALES_AGENT }, times: 1 });
		const answered = await sandbox().deliver(String(waitWebhooks()[0].id), { campaign_call_id: call.id, duration: 45 }, { event: 'campaign_call.completed' });
		expect([answered.status, JSON.parse(answered.body)]).toEqual([200, { received: true, waiting: 1 }]);
		expect(execution.status).toBe('waiting');
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.event, json.outcome, json.timedOut, json.endedAsListed])).toEqual([['campaign_call.completed', 'answered', false, undefined]]);
	});

	describe('a campaign call dialled twice: the answered attempt’s transcript wins whatever order the deliveries arrive in', () => {
		/** Talkover sending a logged delivery again (its own retry, or Retry Webhook Delivery): a new attempt, the same body (nothing once the wait deleted its webhook). */
		async function sendAgain(entry: { webhook_id: string; request_payload: unknown; attempt: number; event: string | null }) {
			if (!sandbox().webhooks.some((w) => w.id === entry.webhook_id)) return;
			const again = sandbox().logDelivery(entry.webhook_id, entry.request_payload, { status: 'pending', attempt: entry.attempt + 1, ...(entry.event ? { event: entry.event } : {}) });
			return await sandbox().deliver(entry.webhook_id, entry.request_payload, { logEntry: again });
		}
		const minute = () => (clock().time += 60_000);

		test.each([
			['the earlier attempt’s transcript delivered, the end, Talkover sending it again, the answered attempt’s', 'delivered', 'before'],
			['the earlier attempt’s transcript failed, the end, Talkover sending it again, the answered attempt’s', 'failed', 'before'],
			['the earlier attempt’s transcript failed, the end, the answered attempt’s, Talkover sending the earlier one again', 'failed', 'after'],
			['the earlier attempt’s transcript delivered, the end, the answered attempt’s, Talkover sending the earlier one again', 'delivered', 'after'],
		])('%s (the end names no call)', async (_order, firstAttempt, answeredTranscript) => {
			const execution = await n8n.run(leads('+15550120001'), parameters({ callEvents: ['transcript'] }));
			const [webhook] = waitWebhooks();
			const id = campaignCall('+15550120001').id;
			const earlier = { event: 'event_call_transcript', campaign_id: ACTIVE_CAMPAIGN, campaign_call_id: id, transcript: ['the voicemail greeting'] };
			const first =
				firstAttempt === 'delivered'
					? (await sandbox().deliver(String(webhook.id), earlier), sandbox().webhookLogs.at(-1)!)
					: sandbox().logDelivery(String(webhook.id), earlier, { status: 'failed', attempt: 1, http_status: 503 });
			minute();
			await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call_id: id, status: 'completed' });
			expect(execution.status).toBe('waiting');
			minute();
			const answered = async () => await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: id, transcript: ['the conversation'] });
			if (answeredTranscript === 'after') await answered();
			minute();
			await sendAgain(first);
			if (answeredTranscript === 'before') {
				expect(execution.status).toBe('waiting');
				minute();
				await answered();
			}
			await n8n.ended(execution);
			expect(output(execution)[0].json.callEvents).toEqual({ transcript: expect.objectContaining({ transcript: ['the conversation'] }) });
		});

		test('the transcripts name their calls, the end the answered one: the earlier attempt’s, sent again after the end, is not taken', async () => {
			const execution = await n8n.run(leads('+15550120002'), parameters({ callEvents: ['transcript'] }));
			const [webhook] = waitWebhooks();
			const id = campaignCall('+15550120002').id;
			await sandbox().deliver(String(webhook.id), { event: 'event_call_transcript', campaign_call_id: id, call_id: 'ca11ca11-0000-4000-8000-0000000001a1', transcript: ['the voicemail greeting'] });
			const first = sandbox().webhookLogs.at(-1)!;
			minute();
			await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'campaign_call.completed', { campaign_call_id: id, call_id: 'ca11ca11-0000-4000-8000-0000000001a2', status: 'completed' });
			minute();
			await sendAgain(first);
			expect(execution.status).toBe('waiting');
			await sandbox().emitCampaignEvent(ACTIVE_CAMPAIGN, 'event_call_transcript', { campaign_call_id: id, call_id: 'ca11ca11-0000-4000-8000-0000000001a2', transcript: ['the conversation'] });
			await n8n.ended(execution);
			expect(output(execution)[0].json.callEvents).toEqual({ transcript: expect.objectContaining({ transcript: ['the conversation'] }) });
		});
	});

	test('a bad value on a later item fails the run before anything is sent, no webhook registered', async () => {
		const execution = await n8n.run(leads('+15550116001', '+15550116002'), parameters({ callEvents: '={{ $json.to.endsWith("2") ? ["bogus"] : [] }}' }));
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error?.message).toMatch(/Call Events to Include/);
		expect(sandbox().requests).toEqual([]);
	});

	test('an event that is not one of the choices (through an expression) fails the item naming the field, before anything is sent', async () => {
		const execution = await n8n.run(leads('+15550110001'), parameters({ callEvents: '={{ ["transcript", "summary"] }}' }));
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error?.message).toMatch(/Call Events to Include/);
		expect(execution.data.resultData.error?.message).toMatch(/"summary" is not one of transcript, report, recording/);
		expect(sandbox().requestsTo('POST').length).toBe(0);
	});
});

describe('what Talkover’s log shows', () => {
	test('a delivery log whose entries show no body (List Campaign Webhook Logs’ example): the ends already delivered are read from the campaign’s calls, and the wait resumes at the last end', async () => {
		const execution = await n8n.run(leads('+15550117001', '+15550117002'), parameters());
		const [webhook] = waitWebhooks();
		const entry = (id: string) => ({ id, event: 'campaign_call.completed', attempt: 1, status: 'success', http_status: 200, duration_ms: 142, delivered_at: '2026-01-15T11:00:01Z', created_at: '2026-01-15T11:00:00Z' });
		sandbox().inject({ method: 'GET', path: new RegExp(`/webhooks/${webhook.id}/logs$`), reply: () => ({ status: 200, body: { success: true, data: sandbox().deliveries.map((_, i) => entry(`log-${i}`)), pagination: { current_page: 1, per_page: 25, total: sandbox().deliveries.length } } }), times: Infinity });
		await endCampaignCall('+15550117001');
		expect(execution.status).toBe('waiting');
		await endCampaignCall('+15550117002');
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.endedAsListed, json.event])).toEqual([
			['+15550117001', 'answered', true, undefined],
			['+15550117002', 'answered', undefined, 'campaign_call.completed'],
		]);
	});

	test('a delivery log whose entries show no body and a campaign answer that lists none of its calls: its agent’s calls with the campaign calls’ IDs, listed as ended, are attempts, not the calls’ ends (the campaign may dial again): the wait goes on until the campaign lists the ends', async () => {
		const execution = await n8n.run(leads('+15550117101', '+15550117102'), parameters());
		const [webhook] = waitWebhooks();
		const entry = (id: string) => ({ id, event: 'campaign_call.completed', attempt: 1, status: 'success', http_status: 200, duration_ms: 142, delivered_at: '2026-01-15T11:00:01Z', created_at: '2026-01-15T11:00:00Z' });
		sandbox().inject({ method: 'GET', path: new RegExp(`/webhooks/${webhook.id}/logs$`), reply: () => ({ status: 200, body: { success: true, data: sandbox().deliveries.map((_, i) => entry(`log-${i}`)), pagination: { current_page: 1, per_page: 25, total: sandbox().deliveries.length } } }), times: Infinity });
		const [first, second] = [campaignCall('+15550117101'), campaignCall('+15550117102')];
		// The agent lists calls with the campaign calls' IDs (its example names both "call-uuid-1"), ended: the first answered, the second busy.
		sandbox().calls.push({ id: first.id, agent_id: SALES_AGENT, to: first.to, status: 'completed', direction: 'outbound', created_at: first.created_at });
		sandbox().calls.push({ id: second.id, agent_id: SALES_AGENT, to: second.to, status: 'busy', direction: 'outbound', created_at: second.created_at });
		await endCampaignCall(first.to);
		expect(execution.status).toBe('waiting');
		// Shortly after, the log holds that end without its body: each open call's status is read, the campaign listing none.
		sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active', agent_id: SALES_AGENT }, times: 1 });
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => n8n.requests.some((r) => r.path.includes(`/${execution.id}/`) && isTestDelivery(r.body)));
		await n8n.settled();
		expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => r.query.search)).toEqual([first.to, second.to]);
		expect(execution.status).toBe('waiting');
		// The second call's end; the campaign (answering as it documents) lists the first as completed.
		await endCampaignCall(second.to);
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.endedAsListed, json.event])).toEqual([
			[first.to, 'answered', false, true, undefined],
			[second.to, 'answered', false, undefined, 'campaign_call.completed'],
		]);
	});

	test('after an end with another call still open, the node looks at the log once shortly after, not again and again', async () => {
		const execution = await n8n.run(leads('+15550118001', '+15550118002'), parameters());
		const [webhook] = waitWebhooks();
		const logReads = () => sandbox().requestsTo('GET', new RegExp(`/webhooks/${webhook.id}/logs$`)).length;
		await endCampaignCall('+15550118001');
		expect(logReads()).toBe(1);
		clock().advance(CHECK_AFTER_MS + CHECK_SPREAD_MS);
		await until(() => logReads() === 2);
		for (let minute = 0; minute < 10; minute++) {
			clock().advance(60_000);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await n8n.settled();
		expect([logReads(), execution.status]).toEqual([2, 'waiting']);
	});
});

describe("n8n's Retry of a failed execution", () => {
	test('a lead whose request timed out but which Talkover queued: its Retry waits for its campaign call and gives its answered outcome; each lead added once', async () => {
		const numbers = ['+15550114001', '+15550114002', '+15550114003', '+15550114004', '+15550114005'];
		const held = holdRequest(sandbox(), clock(), `${CAMPAIGN}/call`, numbers[2]);
		const first = n8n.run(leads(...numbers), parameters());
		await held.reached();
		held.timeOut();
		const failed = await first;
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toMatch(/^The lead may have been added to the campaign: /);
		// Later Talkover handles the held request: the third lead is queued.
		clock().advance(30_000);
		await held.letThrough(() => sandbox().campaignCalls.some((c) => c.to === numbers[2]));
		clock().advance(60_000);
		const data = JSON.parse(JSON.stringify(failed.data)) as SavedExecution['data'];
		delete data.resultData.error;
		// n8n's Retry drops the failed node's last run.
		if (data.resultData.runData.Talkover?.at(-1)?.error !== undefined) data.resultData.runData.Talkover.pop();
		const retried = await n8n.run(leads(...numbers), parameters(), undefined, undefined, data);
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', `${CAMPAIGN}/call`).map((r) => r.body.to)).toEqual(numbers);
		for (const to of numbers) await endCampaignCall(to);
		await n8n.ended(retried);
		expect(output(retried).map(({ json }) => [json.to, json.outcome, json.timedOut])).toEqual(numbers.map((to) => [to, 'answered', false]));
		expect(output(retried)[2].json).toMatchObject({ id: campaignCall(numbers[2]).id, alreadyPlaced: true, event: 'campaign_call.completed', context: { crm_id: 'lead-3' } });
		expect(waitWebhooks()).toEqual([]);
	});
});

describe('the Wait Limit', () => {
	test('n8n restarted while the execution waited 3 days (the node’s alarm lost), nothing delivered after it: n8n’s own end of the wait gives the call `unknown`, timed out, its picked events missing, saying why nothing of its end was read', async () => {
		const execution = await n8n.run(leads('+15550109001'), parameters({ callEvents: ['transcript'] }));
		for (const entry of clock().alarms) entry.cancelled = true;
		clock().time = execution.runs[0].waitTill!.getTime();
		await n8n.timeOut(execution);
		expect(execution.status).toBe('success');
		expect(output(execution)).toEqual([
			{
				json: expect.objectContaining({ id: campaignCall('+15550109001').id, outcome: 'unknown', timedOut: true, callEvents: {}, missingCallEvents: ['transcript'], context: { crm_id: 'lead-1' }, statusError: expect.stringMatching(/^n8n ended the wait itself at .*, 10 minutes after the Wait Limit: /) }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('no end by the Wait Limit: the call comes out timedOut with its status as the campaign lists it (one read of the campaign); one listed as ended, with that outcome', async () => {
		const execution = await n8n.run(leads('+15550111001', '+15550111002'), parameters({ waitLimit: 60 }));
		campaignCall('+15550111002').status = 'failed';
		const reads = sandbox().requestsTo('GET', CAMPAIGN).length;
		clock().advance(60 * 60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.endedAsListed])).toEqual([
			['+15550111001', 'timedOut', true, 'queued', undefined],
			['+15550111002', 'notReached', false, 'failed', true],
		]);
		expect(sandbox().requestsTo('GET', CAMPAIGN).length).toBe(reads + 1);
		expect(waitWebhooks()).toEqual([]);
	});

	test('a campaign answer that lists no calls (openapi.json’s Campaign) at the limit: the status of its agent’s call with the campaign call’s ID is shown, never read as the end (the campaign may dial again); naming no agent either, the call says why', async () => {
		const execution = await n8n.run(leads('+15550112001', '+15550112002'), parameters({ waitLimit: 1 }));
		const [first, second] = [campaignCall('+15550112001'), campaignCall('+15550112002')];
		// The agent lists a call with the first campaign call's ID (its example names both "call-uuid-1"), ended.
		sandbox().calls.push({ id: first.id, agent_id: SALES_AGENT, to: first.to, status: 'busy', direction: 'outbound', created_at: first.created_at });
		sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active', agent_id: SALES_AGENT }, times: 1 });
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([
			[first.to, 'timedOut', true, 'busy', undefined],
			// Its status as queued (the call as Add Call gave it), and why no later one.
			[second.to, 'timedOut', true, 'queued', `Talkover does not list the call ${second.id}`],
		]);
		const alone = await n8n.run(leads('+15550112003'), parameters({ waitLimit: 1 }));
		sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active' }, times: 1 });
		clock().advance(60_000);
		await until(() => alone.status === 'success');
		expect(output(alone).map(({ json }) => [json.outcome, json.timedOut, json.statusError])).toEqual([['timedOut', true, expect.stringMatching(/the campaign's calls are missing and it names no agent/)]]);
	});

	test('the campaign deleted before the Wait Limit: each call comes out timed out with the status it was queued with and why it was not read (the campaign not found)', async () => {
		const execution = await n8n.run(leads('+15550112201', '+15550112202'), parameters({ waitLimit: 1 }));
		sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 404, body: { success: false, message: 'Campaign not found' }, times: 1 });
		clock().advance(60_000);
		await until(() => execution.status === 'success');
		const why = `Campaign not found: Talkover has no campaign with ID ${ACTIVE_CAMPAIGN} for this token's environment`;
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([
			['+15550112201', 'timedOut', true, 'queued', why],
			['+15550112202', 'timedOut', true, 'queued', why],
		]);
	});

	test('a campaign answer listing a call without an ID (openapi.json’s Campaign requires none) at the limit: it is passed over, the wait’s call comes out with its own listed status', async () => {
		const execution = await n8n.run(leads('+15550112401'), parameters({ waitLimit: 1 }));
		const call = campaignCall('+15550112401');
		const calls = [
			{ to: '+15550112499', status: 'completed', retries: 0, created_at: call.created_at },
			{ id: call.id, to: call.to, status: 'in-progress', retries: 0, created_at: call.created_at },
		];
		sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { success: true, data: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active', calls } }, times: 1 });
		clock().advance(60_000);
		// The limit's alarm answered: the wait ended there.
		await until(() => n8n.requests.some((r) => r.path.includes(`/${execution.id}/`)));
		await n8n.settled();
		expect(execution.status).toBe('success');
		expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([[call.to, 'timedOut', true, 'in-progress', undefined]]);
	});
});

test('a campaign answer that lists only some of its calls at the limit (its page’s example: 2 of 100, the wait’s not among them): the unlisted call’s status is read among its agent’s calls, shown, never read as the end', async () => {
	const execution = await n8n.run(leads('+15550112101'), parameters({ waitLimit: 1 }));
	const call = campaignCall('+15550112101');
	sandbox().calls.push({ id: call.id, agent_id: SALES_AGENT, to: call.to, status: 'no-answer', direction: 'outbound', created_at: call.created_at });
	const listed = [
		{ id: 'call-uuid-1', to: '+1234567890', status: 'completed', retries: 0, created_at: '2024-01-01T00:00:00Z' },
		{ id: 'call-uuid-2', to: '+1987654321', status: 'failed', retries: 1, created_at: '2024-01-01T01:00:00Z' },
	];
	sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { success: true, data: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active', agent: { id: SALES_AGENT, name: 'Sales Agent' }, calls: listed, stats: { total_calls: 100 } } }, times: 1 });
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([[call.to, 'timedOut', true, 'no-answer', undefined]]);
	expect(waitWebhooks()).toEqual([]);
});

test('a campaign answer that lists only some of its calls and names no agent at the limit: the call it does not list comes out timed out, saying the campaign does not list it; a listed one with its status', async () => {
	const execution = await n8n.run(leads('+15550112301', '+15550112302'), parameters({ waitLimit: 1 }));
	const [listed, unlisted] = [campaignCall('+15550112301'), campaignCall('+15550112302')];
	const calls = [{ id: listed.id, to: listed.to, status: 'in-progress', retries: 0, created_at: listed.created_at }];
	sandbox().inject({ method: 'GET', path: CAMPAIGN, status: 200, body: { success: true, data: { id: ACTIVE_CAMPAIGN, name: 'Q1', status: 'active', calls } }, times: 1 });
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect(output(execution).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([
		[listed.to, 'timedOut', true, 'in-progress', undefined],
		[unlisted.to, 'timedOut', true, 'queued', `Talkover does not list the call ${unlisted.id} in campaign ${ACTIVE_CAMPAIGN}`],
	]);
	expect(sandbox().requestsTo('GET', '/api/v1/calls')).toEqual([]);
});

test('a cancelled execution’s webhook on the campaign is deleted by the next wait on the campaign', async () => {
	const cancelled = await n8n.run(leads('+15550113001'), parameters());
	n8n.cancel(cancelled);
	expect(waitWebhooks()).toHaveLength(1);
	const next = await n8n.run(leads('+15550113002'), parameters());
	expect(waitWebhooks().map((w) => String(w.name))).toEqual([expect.stringContaining(`execution ${next.id} ·`)]);
});
