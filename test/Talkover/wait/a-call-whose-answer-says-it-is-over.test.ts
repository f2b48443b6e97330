/**
 * Make / Add Call and Wait for Outcome whose call Talkover answers as already over (Make Call's page lists
 * `busy`, `no-answer`, `failed`, `completed`; openapi.json's Call `completed`, `failed`): that answer is the
 * item's outcome at once, never waited on; with every item's call over there is no wait at all and no webhook
 * left in Talkover. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { retryData, useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';
import type { SavedExecution } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

const WEBHOOKS = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const CAMPAIGN = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`;
const CREATED = '2026-01-15T10:30:00Z';

function makeAndWait(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, additionalFields: { contextJson: '={{ JSON.stringify({ crm_id: $json.crm }) }}' }, ...extra };
}

function addCallAndWait(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.to }}', isTesting: true, additionalFields: { contextJson: '={{ JSON.stringify({ crm_id: $json.crm }) }}' }, ...extra };
}

const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
const output = (execution: SavedExecution) => WaitingN8n.output(execution) as Array<{ json: IDataObject; pairedItem: unknown }>;
const sent = () => sandbox().requests.map((r) => `${r.method} ${r.path.replace(/\/webhooks\/[^/]+$/, '/webhooks/{id}')}`);

/** Talkover answers Make Call for `to` with this call (the page's `{success, data}`, or the bare call openapi.json shows). */
function answerCall(to: string, call: IDataObject, { bare = false } = {}): void {
	sandbox().inject({ method: 'POST', path: CALL, times: 1, when: (r) => r.body.to === to, reply: () => ({ status: 200, body: bare ? call : { success: true, data: call } }) });
}

describe('Make and Wait for Outcome', () => {
	test.each([
		{ status: 'busy', outcome: 'notReached' },
		{ status: 'no-answer', outcome: 'notReached' },
		{ status: 'failed', outcome: 'notReached' },
		{ status: 'completed', outcome: 'answered' },
		{ status: 'voicemail', outcome: 'voicemail' },
	])('a call Make Call answers as $status comes out at once as $outcome: no wait, its webhook deleted, nothing else sent', async ({ status, outcome }) => {
		answerCall('+15550080001', { id: 'c0ffee00-0000-4000-8000-000000080001', agent_id: SALES_AGENT, to: '+15550080001', status, created_at: CREATED });
		const execution = await n8n.run([{ to: '+15550080001', crm: 'a' }], makeAndWait());
		expect(execution.status).toBe('success');
		expect(sent()).toEqual([`GET ${WEBHOOKS}`, `POST ${WEBHOOKS}`, `POST ${CALL}`, `DELETE ${WEBHOOKS}/{id}`]);
		expect(output(execution)).toEqual([
			{ json: { id: 'c0ffee00-0000-4000-8000-000000080001', agent_id: SALES_AGENT, to: '+15550080001', status, created_at: CREATED, outcome, timedOut: false, endedAsPlaced: true, context: { crm_id: 'a' } }, pairedItem: { item: 0 } },
		]);
		expect(waitWebhooks()).toEqual([]);
		expect(clock().alarmsSet).toBe(0);
	});

	test.each([
		{ shape: 'current_status instead of status', call: { id: 'c0ffee00-0000-4000-8000-000000080002', to: '+15550080002', current_status: 'busy', created_at: CREATED }, bare: false, outcome: 'notReached' },
		{ shape: 'status and current_status agreeing, in other cases', call: { id: 'c0ffee00-0000-4000-8000-000000080002', to: '+15550080002', status: 'No-Answer', current_status: 'no-answer', created_at: CREATED }, bare: false, outcome: 'notReached' },
		{ shape: 'openapi.json’s bare Call, failed', call: { id: 'c0ffee00-0000-4000-8000-000000080002', sid: 'TQ1', status: 'failed', to: '+15550080002', from: '+15550000000', created_at: CREATED }, bare: true, outcome: 'notReached' },
		{ shape: 'openapi.json’s bare Call, completed with its duration', call: { id: 'c0ffee00-0000-4000-8000-000000080002', status: 'completed', to: '+15550080002', duration: 12, created_at: CREATED, ended_at: CREATED }, bare: true, outcome: 'answered' },
	])('an answer in another documented shape ($shape) is read the same: the item comes out at once as $outcome', async ({ call, bare, outcome }) => {
		answerCall('+15550080002', call, { bare });
		const execution = await n8n.run([{ to: '+15550080002', crm: 'b' }], makeAndWait());
		expect(execution.status).toBe('success');
		expect(output(execution)).toEqual([{ json: { ...call, outcome, timedOut: false, endedAsPlaced: true, context: { crm_id: 'b' } }, pairedItem: { item: 0 } }]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('three leads, the second answered as busy: it comes out at its place as notReached, the wait goes on for the two others until their ends', async () => {
		answerCall('+15550081002', { id: 'c0ffee00-0000-4000-8000-000000081002', to: '+15550081002', status: 'busy', created_at: CREATED });
		const execution = await n8n.run(
			[
				{ to: '+15550081001', crm: 'a' },
				{ to: '+15550081002', crm: 'b' },
				{ to: '+15550081003', crm: 'c' },
			],
			makeAndWait(),
		);
		expect(execution.status).toBe('waiting');
		const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);
		await sandbox().endCallWithEvent(callTo('+15550081003'), { duration: 33 });
		expect(execution.status).toBe('waiting');
		await sandbox().endCallWithEvent(callTo('+15550081001'), { status: 'no-answer', duration: 0 });
		await n8n.ended(execution);
		expect(output(execution).map(({ json, pairedItem }) => [json.to, json.status, json.outcome, json.endedAsPlaced, json.context, pairedItem])).toEqual([
			['+15550081001', 'no-answer', 'notReached', undefined, { crm_id: 'a' }, { item: 0 }],
			['+15550081002', 'busy', 'notReached', true, { crm_id: 'b' }, { item: 1 }],
			['+15550081003', 'completed', 'answered', undefined, { crm_id: 'c' }, { item: 2 }],
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test.each([
		{ shape: 'status and current_status disagreeing (initiated, busy)', call: { status: 'initiated', current_status: 'busy' } },
		{ shape: 'a status no document names (canceled)', call: { status: 'canceled' } },
		{ shape: 'no status at all', call: {} },
	])('an answer that does not say the call is over ($shape) is waited on: its end resumes the execution', async ({ call }) => {
		const id = 'c0ffee00-0000-4000-8000-000000082001';
		answerCall('+15550082001', { id, to: '+15550082001', created_at: CREATED, ...call });
		const execution = await n8n.run([{ to: '+15550082001', crm: 'a' }], makeAndWait());
		expect(execution.status).toBe('waiting');
		const [webhook] = waitWebhooks();
		expect((await sandbox().deliver(String(webhook.id), { event: 'event_phone_call_ended', call_id: id, status: 'completed', duration: 7 })).status).toBe(200);
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.outcome, json.timedOut, json.endedAsPlaced])).toEqual([['answered', false, undefined]]);
	});
});

describe("n8n's Retry of a failed execution", () => {
	test('the call the failed execution placed, answered as busy, is not dialled again and comes out at once as notReached; the new call is waited on', async () => {
		answerCall('+15550083001', { id: 'c0ffee00-0000-4000-8000-000000083001', to: '+15550083001', status: 'busy', created_at: CREATED });
		sandbox().inject({ method: 'POST', path: CALL, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === '+15550083002' });
		const items = [
			{ to: '+15550083001', crm: 'a' },
			{ to: '+15550083002', crm: 'b' },
		];
		const failed = await n8n.run(items, makeAndWait());
		expect(failed.status).toBe('error');
		expect(waitWebhooks()).toEqual([]);
		const retried = await n8n.run(items, makeAndWait(), undefined, undefined, retryData(failed));
		expect(retried.status).toBe('waiting');
		expect(sandbox().requestsTo('POST', CALL).map((r) => r.body.to)).toEqual(['+15550083001', '+15550083002', '+15550083002']);
		// Only the new call is waited on: no look at the earlier call's listed status.
		clock().advance(60_000);
		expect(sandbox().requestsTo('GET', '/api/v1/calls')).toEqual([]);
		await sandbox().endCallWithEvent(String(sandbox().calls.find((c) => c.to === '+15550083002')!.id), { duration: 25 });
		await n8n.ended(retried);
		expect(output(retried).map(({ json, pairedItem }) => [json.to, json.alreadyPlaced, json.status, json.outcome, json.endedAsPlaced, json.context, pairedItem])).toEqual([
			['+15550083001', true, 'busy', 'notReached', true, { crm_id: 'a' }, { item: 0 }],
			['+15550083002', undefined, 'completed', 'answered', undefined, { crm_id: 'b' }, { item: 1 }],
		]);
		expect(waitWebhooks()).toEqual([]);
	});
});

describe('Add Call and Wait for Outcome', () => {
	/** Talkover answers Add Call for `to` with openapi.json's bare Call (200). */
	function answerCampaignCall(to: string, call: IDataObject): void {
		sandbox().inject({ method: 'POST', path: `${CAMPAIGN}/call`, times: 1, when: (r) => r.body.to === to, reply: () => ({ status: 200, body: call }) });
	}

	test.each([
		{ status: 'failed', outcome: 'notReached' },
		{ status: 'completed', outcome: 'answered' },
	])('a campaign call Add Call answers as $status (openapi.json’s Call) comes out at once as $outcome, its picked call events listed as missing: no wait, the campaign’s webhook deleted', async ({ status, outcome }) => {
		const call = { id: 'cc000000-0000-4000-8000-000000090001', status, to: '+15550090001', created_at: CREATED };
		answerCampaignCall('+15550090001', call);
		const execution = await n8n.run([{ to: '+15550090001', crm: 'a' }], addCallAndWait({ callEvents: ['transcript'] }));
		expect(execution.status).toBe('success');
		expect(sent()).toEqual([`GET ${CAMPAIGN}/webhooks`, `POST ${CAMPAIGN}/webhooks`, `POST ${CAMPAIGN}/call`, `DELETE ${CAMPAIGN}/webhooks/{id}`]);
		expect(output(execution)).toEqual([
			{ json: { ...call, outcome, timedOut: false, endedAsPlaced: true, callEvents: {}, missingCallEvents: ['transcript'], context: { crm_id: 'a' } }, pairedItem: { item: 0 } },
		]);
		expect(waitWebhooks()).toEqual([]);
	});

	test('a campaign call queued in a campaign whose own status is completed is waited on (the campaign’s status is not the call’s)', async () => {
		sandbox().inject({
			method: 'POST',
			path: `${CAMPAIGN}/call`,
			times: 1,
			reply: () => ({ status: 201, body: { campaign_call: { id: 'cc000000-0000-4000-8000-000000090002', campaign_id: ACTIVE_CAMPAIGN, to: '+15550090002', status: 'queued', created_at: CREATED }, campaign: { id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'completed' } } }),
		});
		const execution = await n8n.run([{ to: '+15550090002', crm: 'a' }], addCallAndWait());
		expect(execution.status).toBe('waiting');
		const [webhook] = waitWebhooks();
		const end = { event: 'campaign_call.completed', campaign_call: { id: 'cc000000-0000-4000-8000-000000090002', to: '+15550090002', status: 'completed' } };
		expect((await sandbox().deliver(String(webhook.id), end)).status).toBe(200);
		await n8n.ended(execution);
		expect(output(execution).map(({ json }) => [json.outcome, json.endedAsPlaced])).toEqual([['answered', undefined]]);
	});
});
