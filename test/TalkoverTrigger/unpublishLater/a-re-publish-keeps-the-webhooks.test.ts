/**
 * Unpublishing a moment later (nodes/TalkoverTrigger/sources/unpublishLater.ts), through the trigger's own hooks
 * in n8n-core's HookContext against the sandbox (test/helpers/triggerInProcess.ts), on the test clock: n8n 1.123
 * and 2.8 publish an edited published workflow again as its delete hook then its check (2.41 for a changed
 * trigger), and what Talkover failed to deliver in between, or still owes, must reach the workflow once. The
 * same in a real n8n on every line: test/e2e/trigger.e2e.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { catchUpSettled } from '../../../nodes/TalkoverTrigger/catchUp/catchUp';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../../nodes/TalkoverTrigger/sources/unpublishLater';
import { SALES_AGENT, SUPPORT_AGENT, TOKEN, useSandbox } from '../../helpers/fixtures';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const receiver = useDeliveryReceiver();


class Published extends TriggerInProcess {
	constructor(options?: IDataObject) {
		super(receiver, credentials, options);
	}
}

const ended = (callId: string): IDataObject => ({ event: 'event_phone_call_ended', call_id: callId, data: { to: '+15551234567', duration: 42 } });
const webhooksPath = (agent = SALES_AGENT) => `/api/v1/agents/${agent}/webhooks`;
const deletes = () => sandbox().requestsTo('DELETE').map((r) => r.path);
const registrations = () => sandbox().requestsTo('POST').filter((r) => r.path.endsWith('/webhooks')).length;

/** Moves the test clock `ms` (the grace's alarm fires when due) and lets a deletion it started end. */
async function after(ms: number): Promise<void> {
	clock().advance(ms);
	await deletionsEnded();
}

/** Lets the catch-up's retries and the sandbox's redeliveries finish. */
async function settled(): Promise<void> {
	await catchUpSettled();
	await sandbox().retriesSettled();
}

/** A published workflow that received one live event. */
async function receiving(options?: IDataObject): Promise<Published> {
	const wf = new Published(options);
	await wf.activate();
	await sandbox().deliver(wf.webhookId, ended('live'));
	return wf;
}

describe('publishing a published workflow again (its delete hook, then its check)', () => {
	test('the webhooks are kept (nothing deleted, nothing registered), and the event Talkover failed to deliver in between runs the workflow once', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		await wf.deactivate();
		// Between the two hooks n8n answers the URL with 404: Talkover logs the delivery failed.
		sandbox().logDelivery(id, ended('between'), { status: 'failed', attempt: 1 });
		await wf.activate();
		await settled();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([]);
		expect(registrations()).toBe(1);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([id]);
		expect(wf.items.map((i) => [i.call_id, i.caught_up])).toEqual([
			['live', undefined],
			['between', true],
		]);
		// The secret was kept: Talkover's deliveries still pass.
		expect((await sandbox().deliver(id, ended('after'))).status).toBe(200);
		expect(wf.items.map((i) => i.call_id)).toEqual(['live', 'between', 'after']);
	});

	test('kept at a re-publish, then n8n started again: the start keeps them too, and catches up what failed while it was down', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		await wf.deactivate();
		await wf.activate();
		await settled();
		const { trigger: next, settled: caughtUp } = wf.restarted(clock());
		clock().time += 60 * 60_000;
		const failed = sandbox().logDelivery(id, ended('while down'), { status: 'failed', attempt: 4 });
		await next.activate();
		await caughtUp();
		await sandbox().retriesSettled();
		expect(deletes()).toEqual([]);
		expect(registrations()).toBe(1);
		expect(sandbox().requests.some((r) => r.path.endsWith(`${failed.id}/retry`))).toBe(true);
		expect(next.items.map((i) => [i.call_id, i.caught_up])).toEqual([['while down', true]]);
	});

	test('two workflows unpublished together (the same node ID in each): publishing one again keeps its webhooks, the other’s are deleted when the grace ends', async () => {
		const one = await receiving();
		const other = new Published();
		(other.node as { webhookId: string }).webhookId = '7b2c3d4e-5f60-4a71-8b9c-0d1e2f3a4b5c';
		await other.activate();
		await one.deactivate();
		await other.deactivate();
		await one.activate();
		await after(UNPUBLISH_GRACE_MS);
		expect(deletes()).toEqual([`${webhooksPath()}/${other.webhookId}`]);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([one.webhookId]);
	});

	test('published again just before the grace ends: still kept; a moment after it: replaced, and nothing of the old log is sent again', async () => {
		const kept = await receiving();
		await kept.deactivate();
		clock().advance(UNPUBLISH_GRACE_MS - 1);
		await kept.activate();
		await after(UNPUBLISH_GRACE_MS);
		expect(deletes()).toEqual([]);

		sandbox().reset();
		const replaced = await receiving();
		const old = replaced.webhookId;
		await replaced.deactivate();
		await after(UNPUBLISH_GRACE_MS);
		expect(deletes()).toEqual([`${webhooksPath()}/${old}`]);
		const failed = sandbox().logDelivery(old, ended('lost'), { status: 'failed', attempt: 1 });
		await replaced.activate();
		await settled();
		expect(replaced.webhookId).not.toBe(old);
		expect(registrations()).toBe(2);
		expect(sandbox().requests.some((r) => r.path.includes(failed.id))).toBe(false);
		expect(replaced.items.map((i) => i.call_id)).toEqual(['live']);
	});

	test('published again with another agent: the old agent’s webhooks are deleted at the check, and no deletion fires later', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		await wf.deactivate();
		wf.node.parameters.agentId = { __rl: true, mode: 'id', value: SUPPORT_AGENT };
		await wf.activate();
		expect(deletes()).toEqual([`${webhooksPath()}/${old}`]);
		expect(sandbox().webhooks.map((w) => w.agent_id)).toEqual([SUPPORT_AGENT]);
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${old}`]);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([wf.webhookId]);
	});

	test('the grace ends while the check waits for Talkover (429, Retry-After 11 s): the webhooks are kept, nothing is deleted', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		await wf.deactivate();
		sandbox().inject({ method: 'GET', path: webhooksPath(), status: 429, headers: { 'Retry-After': '11' }, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } } } as never);
		clock().hold();
		const publishing = wf.activate();
		await clock().whenSleeping();
		await clock().runFor(11_000);
		clock().release();
		await publishing;
		await settled();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([]);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([id]);
		expect((await sandbox().deliver(id, ended('after'))).status).toBe(200);
	});

	test('a check that fails (Talkover answers 500 to the list) puts the deletion back: the webhooks are deleted when the grace ends', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		await wf.deactivate();
		sandbox().inject({ method: 'GET', path: webhooksPath(), status: 500, times: Infinity, body: { success: false, message: 'Internal server error.' } } as never);
		await expect(wf.activate()).rejects.toThrow();
		(sandbox() as unknown as { faults: unknown[] }).faults.length = 0;
		await deletionsEnded();
		expect(deletes()).toEqual([`${webhooksPath()}/${id}`]);
	});

	test('published again with another event within the grace, Talkover slow to delete (429, Retry-After 60 s): the publish fails within the hook’s 15 s (n8n 2.41 gives up at 84 s), and the next publish replaces the webhook', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		await wf.deactivate();
		wf.node.parameters.events = ['event_phone_call_started'];
		sandbox().inject({ method: 'DELETE', path: `${webhooksPath()}/${old}`, status: 429, headers: { 'Retry-After': '60' }, times: Infinity, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.' } } } as never);
		const start = clock().time;
		await expect(wf.activate()).rejects.toThrow(/more than 15 seconds|rate limit reached/);
		expect(clock().time - start).toBeLessThanOrEqual(15_000);
		(sandbox() as unknown as { faults: unknown[] }).faults.length = 0;
		await deletionsEnded();
		await wf.activate();
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started']]);
	});

	test('published again with another event within the grace, Talkover answers 500 to the new webhook after the old one was deleted: nothing is left registered, and the next publish registers it', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		await wf.deactivate();
		wf.node.parameters.events = ['event_phone_call_started'];
		sandbox().inject({ method: 'POST', path: webhooksPath(), status: 500, body: { success: false, message: 'Internal server error.' } } as never);
		await expect(wf.activate()).rejects.toThrow();
		expect(sandbox().webhooks).toEqual([]);
		// n8n's clean-up after the failed publish: its delete hook, on the static data saved before.
		await wf.deactivate();
		await after(UNPUBLISH_GRACE_MS * 3);
		await wf.activate();
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started']]);
		// Deleted at the check; the clean-up's deletion of what it still had on record found it gone (Talkover's 404).
		expect([...new Set(deletes())]).toEqual([`${webhooksPath()}/${old}`]);
	});

	test('published again with another event: the old webhook is replaced once, at the check', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		await wf.deactivate();
		wf.node.parameters.events = ['event_phone_call_started'];
		await wf.activate();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${old}`]);
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started']]);
	});
});

describe('a trigger published with version 0.1.0 (one webhook for all its events)', () => {
	const TWO_EVENTS = ['event_phone_call_started', 'event_phone_call_ended'];

	/** What 0.1.0 registered and n8n saved: one webhook for both events, without the event header, `webhookId` alone. */
	async function legacy(): Promise<{ wf: Published; id: string }> {
		const first = new Published();
		await first.activate();
		const hook = sandbox().webhooks[0];
		hook.events = [...TWO_EVENTS];
		hook.custom_headers = hook.custom_headers.filter((h: { key: string }) => h.key !== 'X-N8n-Talkover-Event');
		const { trigger } = first.restarted(clock());
		delete trigger.staticData.webhooks;
		trigger.node.parameters.events = TWO_EVENTS;
		return { wf: trigger as Published, id: String(hook.id) };
	}

	test('published again within the grace (n8n 1.123 and 2.8: unpublish, then publish): registered anew, one webhook per event, and call started and call ended of one call each run the workflow', async () => {
		const { wf, id } = await legacy();
		await wf.deactivate();
		await wf.activate();
		await settled();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${id}`]);
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started'], ['event_phone_call_ended']]);
		const body = { call_id: 'c-1', duration: 0 };
		for (const w of sandbox().webhooks) expect((await sandbox().deliver(String(w.id), body, { event: w.events[0] })).status).toBe(200);
		expect(wf.items.map((i) => i.event)).toEqual(['event_phone_call_started', 'event_phone_call_ended']);
	});

	test('n8n started again (no unpublish before): kept as it is, nothing deleted or registered', async () => {
		const { wf, id } = await legacy();
		const before = registrations();
		await wf.activate();
		await settled();
		expect(deletes()).toEqual([]);
		expect(registrations()).toBe(before);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([id]);
	});

	test('published again after the grace: replaced by one webhook per event, the old one deleted once', async () => {
		const { wf, id } = await legacy();
		await wf.unpublished(clock());
		await wf.activate();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${id}`]);
		expect(sandbox().webhooks.map((w) => w.events)).toEqual([['event_phone_call_started'], ['event_phone_call_ended']]);
	});
});

describe('unpublishing', () => {
	test('the webhooks are deleted once the grace has passed, not before; the unpublish itself sends nothing', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		const start = sandbox().requests.length;
		await wf.deactivate();
		expect(sandbox().requests.slice(start)).toEqual([]);
		await after(UNPUBLISH_GRACE_MS - 1);
		expect(deletes()).toEqual([]);
		await after(1);
		expect(deletes()).toEqual([`${webhooksPath()}/${id}`]);
		expect(sandbox().webhooks).toEqual([]);
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toHaveLength(1);
	});

	test('unpublished twice before the grace ends: each webhook is deleted once', async () => {
		const wf = await receiving();
		await wf.deactivate();
		clock().advance(UNPUBLISH_GRACE_MS / 2);
		await wf.deactivate();
		await after(UNPUBLISH_GRACE_MS * 2);
		expect(deletes()).toEqual([`${webhooksPath()}/${wf.webhookId}`]);
	});

	test('Talkover echoes the webhook’s secret, upper-cased, in its refusal: n8n’s log has *** instead', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		const secret = String(sandbox().requests.find((r) => r.method === 'POST' && r.path === webhooksPath())!.body.webhook_secret);
		sandbox().inject({ method: 'DELETE', path: `${webhooksPath()}/${id}`, status: 422, body: { success: false, error: { message: `Webhook ${secret.toUpperCase()} locked` } } } as never);
		await wf.deactivate();
		await after(UNPUBLISH_GRACE_MS);
		const logged = wf.logged.map(([, text]) => text).join('\n');
		expect(logged).toContain('Webhook *** locked');
		expect(logged.toLowerCase()).not.toContain(secret);
	});

	test('Talkover refuses the deletion: n8n’s log says which webhook and why (no token in it), the unpublish did not fail, and the next publish replaces the webhook', async () => {
		const wf = await receiving();
		const id = wf.webhookId;
		sandbox().inject({ method: 'DELETE', path: `${webhooksPath()}/${id}`, status: 403, body: { error: { code: 'FORBIDDEN', message: `Not allowed for ${TOKEN}` } } });
		await wf.deactivate();
		await after(UNPUBLISH_GRACE_MS);
		const warnings = wf.logged.filter(([level]) => level === 'warn').map(([, text]) => text);
		expect(warnings).toEqual([expect.stringContaining(`the webhook ${id} of the unpublished workflow could not be deleted in Talkover (the next publish replaces it)`)]);
		expect(warnings.join('\n')).not.toContain(TOKEN);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([id]);
		await wf.activate();
		expect(deletes()).toEqual(expect.arrayContaining([`${webhooksPath()}/${id}`]));
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([wf.webhookId]);
		expect(wf.webhookId).not.toBe(id);
	});

	test('n8n stopped within the grace, then published on another agent: the old agent’s webhooks are deleted there, and the new agent gets its own', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		await wf.deactivate();
		const { trigger: next } = wf.restarted(clock());
		next.node.parameters.agentId = { __rl: true, mode: 'id', value: SUPPORT_AGENT };
		await next.activate();
		expect(deletes()).toEqual([`${webhooksPath()}/${old}`]);
		expect(sandbox().webhooks.map((w) => w.agent_id)).toEqual([SUPPORT_AGENT]);
	});

	test('a deletion Talkover refused, then published on another agent: the old agent’s webhook is deleted there at the check', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		sandbox().inject({ method: 'DELETE', path: `${webhooksPath()}/${old}`, status: 403, body: { success: false, message: 'This action is unauthorized.' } } as never);
		await wf.deactivate();
		await after(UNPUBLISH_GRACE_MS);
		(sandbox() as unknown as { faults: unknown[] }).faults.length = 0;
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([old]);
		wf.node.parameters.agentId = { __rl: true, mode: 'id', value: SUPPORT_AGENT };
		await wf.activate();
		expect(sandbox().webhooks.map((w) => w.agent_id)).toEqual([SUPPORT_AGENT]);
	});

	test('n8n stopped within the grace: the webhooks stay in Talkover until the next publish, in the next process, replaces them', async () => {
		const wf = await receiving();
		const old = wf.webhookId;
		await wf.deactivate();
		// The process ends here: its alarm never fires. The next process reads the static data n8n saved.
		const { trigger: next } = wf.restarted(clock());
		clock().advance(UNPUBLISH_GRACE_MS * 6);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([old]);
		const failed = sandbox().logDelivery(old, ended('while unpublished'), { status: 'failed', attempt: 1 });
		await next.activate();
		await settled();
		expect(deletes()).toEqual([`${webhooksPath()}/${old}`]);
		expect(sandbox().webhooks.map((w) => w.id)).toEqual([next.webhookId]);
		expect(sandbox().requests.some((r) => r.path.includes(failed.id))).toBe(false);
		expect(next.items).toEqual([]);
	});
});

describe('the editor’s Listen for test event', () => {
	const testHooks = () => sandbox().webhooks.filter((w) => String(w.webhook_url).includes('-test/')).map((w) => String(w.id));

	test('its webhooks are deleted when listening ends, at once', async () => {
		const wf = new Published();
		await wf.listenForTestEvent();
		const id = String(wf.testStaticData.webhookId);
		expect(testHooks()).toEqual([id]);
		await wf.stopListening();
		expect(deletes()).toEqual([`${webhooksPath()}/${id}`]);
		expect(sandbox().webhooks).toEqual([]);
	});

	test('listening within the grace of an unpublish: the published workflow’s webhooks are still deleted when the grace ends, once; the test webhook stays until listening ends', async () => {
		const wf = await receiving();
		const published = wf.webhookId;
		await wf.deactivate();
		clock().advance(UNPUBLISH_GRACE_MS / 2);
		await wf.listenForTestEvent();
		const test = String(wf.testStaticData.webhookId);
		expect(deletes()).toEqual([]);
		await after(UNPUBLISH_GRACE_MS / 2);
		expect(deletes()).toEqual([`${webhooksPath()}/${published}`]);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([test]);
		await wf.stopListening();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${published}`, `${webhooksPath()}/${test}`]);
		expect(sandbox().webhooks).toEqual([]);
	});

	test('listening and stopping within the grace, then publishing again within it: the published webhooks are kept, nothing of them deleted', async () => {
		const wf = await receiving();
		const published = wf.webhookId;
		await wf.deactivate();
		await wf.listenForTestEvent();
		const test = String(wf.testStaticData.webhookId);
		await wf.stopListening();
		clock().advance(UNPUBLISH_GRACE_MS - 1);
		await wf.activate();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${test}`]);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([published]);
		expect((await sandbox().deliver(published, ended('after'))).status).toBe(200);
	});

	test('listening after the unpublish’s grace: the test webhook is registered beside nothing, the published ones were deleted once', async () => {
		const wf = await receiving();
		const published = wf.webhookId;
		await wf.unpublished(clock());
		await wf.listenForTestEvent();
		const test = String(wf.testStaticData.webhookId);
		await wf.stopListening();
		await after(UNPUBLISH_GRACE_MS * 3);
		expect(deletes()).toEqual([`${webhooksPath()}/${published}`, `${webhooksPath()}/${test}`]);
		expect(sandbox().webhooks).toEqual([]);
	});
});
