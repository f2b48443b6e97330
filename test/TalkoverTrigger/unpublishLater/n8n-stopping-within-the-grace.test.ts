/**
 * n8n asked to stop (SIGTERM, SIGINT) within the 10 seconds after an unpublish: n8n runs its `n8n.stop` external hook
 * (nodes/TalkoverTrigger/externalHooks.ts, named in EXTERNAL_HOOK_FILES) during its graceful shutdown, and the
 * deletions waiting in the grace (sources/unpublishLater.ts) run then instead of never. The hook is run here as n8n's
 * ExternalHooks.run runs it (each function of `n8n.stop`, awaited); the same in a real n8n stopped with SIGTERM:
 * test/e2e/trigger.e2e.ts.
 */
import * as externalHooks from '../../../nodes/TalkoverTrigger/externalHooks';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../../nodes/TalkoverTrigger/sources/unpublishLater';
import { ACTIONS, hookContext, hooks, LOOK_UP_CALLER, PUBLISH, staticData, toolWorkflow, useToolHooks } from '../../helpers/agentToolWorkflow';
import { SALES_AGENT, until, useSandbox } from '../../helpers/fixtures';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';

const { sandbox, credentials, clock } = useSandbox();
const receiver = useDeliveryReceiver();
const { activate } = useToolHooks({ sandbox, credentials, clock });

const webhooksPath = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const changes = () => sandbox().requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

/** n8n's stop: every function of the hook file's `n8n.stop`, one after the other, awaited (ExternalHooks.run). */
async function n8nStops(): Promise<void> {
	for (const hook of externalHooks.n8n.stop) await hook.apply({});
}

/** The stop with the clock held: only the deletions' own answers end it, or the test moving the time. */
async function stopping(): Promise<{ stopped: () => boolean; done: Promise<void> }> {
	clock().hold();
	let ended = false;
	const done = n8nStops().then(() => void (ended = true));
	return { stopped: () => ended, done };
}

afterEach(() => clock().release());

describe('n8n asked to stop within the 10 seconds after an unpublish', () => {
	test('the event webhooks and the agent tool’s action are deleted at the stop (the agent published again), and the stop ends when they are', async () => {
		const wf = new TriggerInProcess(receiver, credentials);
		await wf.activate();
		const { workflow, node } = toolWorkflow(LOOK_UP_CALLER);
		await activate(workflow, node);
		const action = String(staticData(workflow).actionId);
		await wf.deactivate();
		await hooks.delete.call(hookContext(workflow, node, credentials()));
		sandbox().requests.length = 0;
		clock().advance(UNPUBLISH_GRACE_MS - 1);
		expect(changes()).toEqual([]);
		const { done } = await stopping();
		await done;
		expect(changes()).toEqual([`DELETE ${webhooksPath}/${wf.webhookId}`, `DELETE ${ACTIONS}/${action}`, `POST ${PUBLISH}`]);
		expect(sandbox().webhooks).toEqual([]);
		// The grace's own end, had the process lived on, deletes nothing again.
		clock().release();
		clock().advance(UNPUBLISH_GRACE_MS * 3);
		await deletionsEnded();
		expect(changes()).toHaveLength(3);
	});

	test('published again within the grace (the webhooks kept), then stopped: nothing is deleted', async () => {
		const wf = new TriggerInProcess(receiver, credentials);
		await wf.activate();
		await wf.deactivate();
		await wf.activate();
		sandbox().requests.length = 0;
		const { done } = await stopping();
		await done;
		expect(changes()).toEqual([]);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([wf.webhookId]);
	});

	test('nothing unpublished: the stop sends nothing and ends at once', async () => {
		const { done } = await stopping();
		await done;
		expect(sandbox().requests).toEqual([]);
	});

	test('Talkover does not answer the deletion: n8n’s stop waits 10 seconds at most, then goes on (the exit cuts the deletion off)', async () => {
		const wf = new TriggerInProcess(receiver, credentials);
		await wf.activate();
		await wf.deactivate();
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		sandbox().inject({ method: 'DELETE', path: `${webhooksPath}/${wf.webhookId}`, until: async () => await gate } as never);
		const { stopped, done } = await stopping();
		await until(() => sandbox().requestsTo('DELETE').length === 1);
		await clock().runFor(UNPUBLISH_GRACE_MS - 1);
		expect(stopped()).toBe(false);
		await clock().runFor(1);
		await done;
		expect(stopped()).toBe(true);
		open();
		clock().release();
		await deletionsEnded();
	});
});
