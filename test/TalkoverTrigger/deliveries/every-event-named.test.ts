/**
 * A delivery in the one body the pages show (the log's `request_payload`, `{"call_id", "duration"}`, which names
 * no event) is read as its event, however many events the trigger is on: the trigger registers one webhook per
 * chosen event, each naming its event in a header (sources/eventWebhooks.ts, read by sources/eventDelivery.ts). The trigger's own hooks and
 * webhook in n8n-core's HookContext (test/helpers/triggerInProcess.ts), against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { deliveryKey } from '../../../nodes/TalkoverTrigger/deliveries';
import { SALES_AGENT, useSandbox } from '../../helpers/fixtures';
import { isoSeconds as iso } from '../../helpers/catchUp';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const receiver = useDeliveryReceiver();
const HOUR = 60 * 60_000;
const WEBHOOKS = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const TWO_EVENTS = ['event_phone_call_started', 'event_phone_call_ended'];


/** A published trigger on `events` (Catch Up Missed Events 24 hours). */
async function published(events: string[] = TWO_EVENTS, staticData?: IDataObject): Promise<TriggerInProcess> {
	const wf = new TriggerInProcess(receiver, credentials, { catchUpHours: 24 }, staticData);
	wf.node.parameters.events = events;
	await wf.activate();
	return wf;
}

/** The ID of the sandbox's webhook subscribed to `event`. */
function webhookOf(event: string): string {
	const hook = sandbox().webhooks.find((w) => w.events.includes(event));
	if (!hook) throw new Error(`no webhook for ${event}`);
	return String(hook.id);
}

describe('a trigger on two events registers a webhook per event', () => {
	test('one webhook per event, each naming its event in a header beside the secret; a restart keeps both and reads both logs', async () => {
		const wf = await published();
		expect(sandbox().webhooks.map((w) => [w.events, w.custom_headers.map((h: { key: string }) => h.key)])).toEqual([
			[['event_phone_call_started'], ['X-N8n-Talkover-Secret', 'X-N8n-Talkover-Event']],
			[['event_phone_call_ended'], ['X-N8n-Talkover-Secret', 'X-N8n-Talkover-Event']],
		]);
		const start = sandbox().requests.length;
		await wf.activate();
		expect(sandbox().requests.slice(start).map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET ${WEBHOOKS}`,
			`GET ${WEBHOOKS}/${webhookOf('event_phone_call_started')}/logs`,
			`GET ${WEBHOOKS}/${webhookOf('event_phone_call_ended')}/logs`,
		]);
		expect(sandbox().webhooks).toHaveLength(2);
	});

	test('the second registration refused: the first webhook is deleted, nothing is left, and the next activation registers both', async () => {
		sandbox().inject({ method: 'POST', path: WEBHOOKS, when: (r) => r.body?.events?.[0] === 'event_phone_call_ended', status: 500, body: { success: false, message: 'Internal server error.' }, times: 1 });
		await expect(published()).rejects.toThrow();
		expect(sandbox().webhooks).toEqual([]);
		await published();
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started'], ['event_phone_call_ended']]);
	});

	test('unpublish deletes every webhook of the trigger', async () => {
		const wf = await published();
		await wf.unpublished(clock());
		expect(sandbox().webhooks).toEqual([]);
		expect(sandbox().requestsTo('DELETE')).toHaveLength(2);
	});

	test('unpublish whose first deletion fails: the others are deleted all the same, the failure in n8n’s log, and the next publish registers anew without catching up what came while unpublished', async () => {
		const wf = await published(['event_phone_call_started', 'event_phone_call_ended', 'event_voicemail_detected']);
		const [first] = sandbox().webhooks.map((w) => String(w.id));
		sandbox().inject({ method: 'DELETE', path: `${WEBHOOKS}/${first}`, status: 500, body: { success: false, message: 'Internal server error.' }, times: Infinity } as never);
		await wf.unpublished(clock());
		expect(wf.logged.filter(([level]) => level === 'warn').map(([, text]) => text)).toEqual([expect.stringMatching(new RegExp(`the webhook ${first} of the unpublished workflow could not be deleted in Talkover .*(HTTP 500|Internal server error)`))]);
		(sandbox() as unknown as { faults: unknown[] }).faults.length = 0;
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([first]);
		// An event while unpublished fails to arrive.
		sandbox().logDelivery(first, { call_id: 'while-unpublished', duration: 0 }, { event: 'event_phone_call_started', status: 'failed', attempt: 4 });
		await wf.activate();
		await catchUpSettled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry'))).toEqual([]);
		expect(wf.items).toEqual([]);
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started'], ['event_phone_call_ended'], ['event_voicemail_detected']]);
	});
});

describe('a delivery whose body names no event', () => {
	test('is the event of the webhook that delivered it: call started and call ended of one call, with the same body, are two executions', async () => {
		const wf = await published();
		const body = { call_id: 'c-1', duration: 0 };
		await sandbox().deliver(webhookOf('event_phone_call_started'), body, { event: 'event_phone_call_started' });
		await sandbox().deliver(webhookOf('event_phone_call_ended'), body, { event: 'event_phone_call_ended' });
		expect(wf.items).toEqual([
			{ ...body, event: 'event_phone_call_started' },
			{ ...body, event: 'event_phone_call_ended' },
		]);
		// Talkover delivering one of them again: it starts nothing.
		await sandbox().deliver(webhookOf('event_phone_call_ended'), body, { event: 'event_phone_call_ended' });
		expect(wf.executions).toHaveLength(2);
	});

	test('an event header that is none of the trigger’s webhooks’ events is not believed: with two events the delivery is "unknown"', async () => {
		const wf = await published();
		const secret = sandbox().webhooks[0].custom_headers[0].value;
		await wf.receive({ 'x-n8n-talkover-secret': secret, 'x-n8n-talkover-event': 'event_voicemail_detected' }, { call_id: 'c-2', duration: 3 });
		expect(wf.items).toEqual([{ call_id: 'c-2', duration: 3, event: 'unknown' }]);
	});

	test('a body 0.1.0 remembered alone (call ended) does not swallow call started with the same body once the trigger has a webhook per event', async () => {
		const body = { call_id: 'c-4', duration: 0 };
		// What 0.1.0 remembered: the body's own digest, within the hour.
		const wf = await published(TWO_EVENTS, { deliveries: { [deliveryKey(body)]: clock().time } });
		await sandbox().deliver(webhookOf('event_phone_call_started'), body, { event: 'event_phone_call_started' });
		expect(wf.items).toEqual([{ ...body, event: 'event_phone_call_started' }]);
	});

	test('a trigger activated by version 0.1.0 (one webhook for both events) is kept at a restart, its log read and its deliveries read as before', async () => {
		// What 0.1.0 registered and recorded: one webhook for both events, webhookId alone.
		const legacy = sandbox().webhooks.length;
		const first = await published(['event_phone_call_ended']);
		const hook = sandbox().webhooks[legacy];
		hook.events = [...TWO_EVENTS];
		hook.custom_headers = hook.custom_headers.filter((h: { key: string }) => h.key !== 'X-N8n-Talkover-Event');
		const saved: IDataObject = { ...first.staticData };
		delete saved.webhooks;
		const wf = new TriggerInProcess(receiver, credentials, { catchUpHours: 24 }, saved, first.workflowId);
		wf.node.parameters.events = TWO_EVENTS;
		const start = sandbox().requests.length;
		await wf.activate();
		expect(sandbox().requests.slice(start).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${WEBHOOKS}`, `GET ${WEBHOOKS}/${hook.id}/logs`]);
		await sandbox().deliver(String(hook.id), { call_id: 'c-3', duration: 9 }, { event: 'event_phone_call_ended' });
		expect(wf.items).toEqual([{ call_id: 'c-3', duration: 9, event: 'unknown' }]);
	});
});

describe('catching up on a trigger with a webhook per event', () => {
	test('published again as n8n 1.123 and 2.8 do it (unpublish, then publish): the webhooks kept, and what failed before is caught up, read as its webhook’s event', async () => {
		const wf = await published();
		const ids = sandbox().webhooks.map((w) => String(w.id));
		clock().time += HOUR;
		const ended = webhookOf('event_phone_call_ended');
		const missed = sandbox().logDelivery(ended, { call_id: 'missed', duration: 5 }, { event: 'event_phone_call_ended', status: 'failed', attempt: 4, created_at: iso(clock().time - 10 * 60_000) });
		await wf.deactivate();
		await wf.activate();
		await catchUpSettled();
		await sandbox().retriesSettled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry')).map((r) => r.path)).toEqual([`${WEBHOOKS}/${ended}/logs/${missed.id}/retry`]);
		expect(wf.items).toEqual([{ call_id: 'missed', duration: 5, event: 'event_phone_call_ended', caught_up: true }]);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual(ids);
		expect(sandbox().requestsTo('DELETE')).toEqual([]);
	});

	test('failures of both webhooks are sent again, each through its own log, oldest first across both; each execution names its event', async () => {
		const wf = await published();
		await sandbox().deliver(webhookOf('event_phone_call_ended'), { call_id: 'live', duration: 1 }, { event: 'event_phone_call_ended' });
		clock().time += HOUR;
		const started = webhookOf('event_phone_call_started');
		const ended = webhookOf('event_phone_call_ended');
		const failed = [
			sandbox().logDelivery(ended, { call_id: 'a', duration: 10 }, { event: 'event_phone_call_ended', status: 'failed', attempt: 4, created_at: iso(clock().time - 30 * 60_000) }),
			sandbox().logDelivery(started, { call_id: 'b', duration: 0 }, { event: 'event_phone_call_started', status: 'failed', attempt: 4, created_at: iso(clock().time - 20 * 60_000) }),
			sandbox().logDelivery(ended, { call_id: 'b', duration: 20 }, { event: 'event_phone_call_ended', status: 'failed', attempt: 4, created_at: iso(clock().time - 10 * 60_000) }),
		];
		await wf.activate();
		await catchUpSettled();
		await sandbox().retriesSettled();
		expect(sandbox().requests.filter((r) => r.path.endsWith('/retry')).map((r) => r.path)).toEqual([
			`${WEBHOOKS}/${ended}/logs/${failed[0].id}/retry`,
			`${WEBHOOKS}/${started}/logs/${failed[1].id}/retry`,
			`${WEBHOOKS}/${ended}/logs/${failed[2].id}/retry`,
		]);
		expect(wf.items.map((i) => [i.call_id, i.event, i.caught_up])).toEqual([
			['live', 'event_phone_call_ended', undefined],
			['a', 'event_phone_call_ended', true],
			['b', 'event_phone_call_started', true],
			['b', 'event_phone_call_ended', true],
		]);
	});
});
