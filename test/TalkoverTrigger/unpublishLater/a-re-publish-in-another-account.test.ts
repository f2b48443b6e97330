/**
 * Publishing again within the unpublish's grace (nodes/TalkoverTrigger/sources/unpublishLater.ts) with the
 * trigger's credential switched to another Talkover account (another Base URL and API Token, or another token
 * alone): what the unpublish left waiting lives in the old account, so it is deleted there at once, with the
 * credential the unpublish read, and the check makes the webhooks or the tool's action anew in the new account.
 * Two sandboxes stand for two accounts; each test asserts the exact requests each saw.
 */
import type { IDataObject } from 'n8n-workflow';

import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../../nodes/TalkoverTrigger/sources/unpublishLater';
import { ACTIONS, AGENT, hookContext, hooks, LOOK_UP_CALLER, PUBLISH, staticData, toolWorkflow, useToolHooks } from '../../helpers/agentToolWorkflow';
import { now } from '../../helpers/clock';
import { SALES_AGENT, TOKEN, useSandbox } from '../../helpers/fixtures';
import { TriggerInProcess, useDeliveryReceiver } from '../../helpers/triggerInProcess';
import type { RecordedRequest } from '../../sandbox/talkover-sandbox';
import { TalkoverSandbox } from '../../sandbox/talkover-sandbox';

const { sandbox, credentials, clock } = useSandbox();
const receiver = useDeliveryReceiver();
const { activate } = useToolHooks({ sandbox, credentials, clock });

/** The other account: a Talkover of its own (another Base URL), with its own token. */
const OTHER_TOKEN = 'talq_other_account_token';
let other: TalkoverSandbox;
beforeAll(async () => {
	other = await new TalkoverSandbox({ tokens: [OTHER_TOKEN], now }).start();
});
beforeEach(() => other.reset());
afterEach(() => expect(other.violations).toEqual([]));
afterAll(async () => await other.stop());

/** The credential the trigger uses now: the first account's until a test switches it. */
let credential: () => { apiToken: string; baseUrl: string };
beforeEach(() => (credential = credentials));
const otherAccount = () => ({ apiToken: OTHER_TOKEN, baseUrl: other.url });

/** Each request as `METHOD path (token)`: which account's token it carried. */
const seen = (requests: RecordedRequest[]) => requests.map((r) => `${r.method} ${r.path} (${String(r.headers.authorization).replace('Bearer ', '')})`);

const webhooksPath = `/api/v1/agents/${SALES_AGENT}/webhooks`;
const ended = (callId: string): IDataObject => ({ event: 'event_phone_call_ended', call_id: callId, data: { to: '+15551234567', duration: 42 } });

async function graceOver(): Promise<void> {
	clock().advance(UNPUBLISH_GRACE_MS * 3);
	await deletionsEnded();
}

describe('the event webhooks: published again within the grace in another account', () => {
	test('another Base URL and token: the old account’s webhook is deleted at the check with the old token, the new account gets its own, and its deliveries run the workflow', async () => {
		const wf = new TriggerInProcess(receiver, () => credential());
		await wf.activate();
		const old = wf.webhookId;
		await wf.deactivate();
		sandbox().requests.length = 0;
		credential = otherAccount;
		await wf.activate();
		expect(seen(sandbox().requests)).toEqual([`DELETE ${webhooksPath}/${old} (${TOKEN})`]);
		expect(seen(other.requests)).toEqual([`GET ${webhooksPath} (${OTHER_TOKEN})`, `POST ${webhooksPath} (${OTHER_TOKEN})`]);
		await graceOver();
		expect(sandbox().requests).toHaveLength(1);
		expect(other.requests).toHaveLength(2);
		expect(sandbox().webhooks).toEqual([]);
		expect(other.webhooks.map((w) => String(w.id))).toEqual([wf.webhookId]);
		expect((await other.deliver(wf.webhookId, ended('new account'))).status).toBe(200);
		expect(wf.items.map((i) => i.call_id)).toEqual(['new account']);
	});

	test('the same Base URL, another token: the old webhook is deleted with the token that made it, the new one registered with the new token', async () => {
		sandbox().tokens.add(OTHER_TOKEN);
		const wf = new TriggerInProcess(receiver, () => credential());
		await wf.activate();
		const old = wf.webhookId;
		await wf.deactivate();
		sandbox().requests.length = 0;
		credential = () => ({ ...credentials(), apiToken: OTHER_TOKEN });
		await wf.activate();
		await graceOver();
		expect(seen(sandbox().requests)).toEqual([`DELETE ${webhooksPath}/${old} (${TOKEN})`, `GET ${webhooksPath} (${OTHER_TOKEN})`, `POST ${webhooksPath} (${OTHER_TOKEN})`]);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([wf.webhookId]);
	});

	test('the same account (its Base URL written with a trailing slash): the webhook is kept, nothing deleted or registered', async () => {
		const wf = new TriggerInProcess(receiver, () => credential());
		await wf.activate();
		const kept = wf.webhookId;
		await wf.deactivate();
		sandbox().requests.length = 0;
		credential = () => ({ ...credentials(), baseUrl: `${credentials().baseUrl}/` });
		await wf.activate();
		await graceOver();
		// Listed, and its delivery log read (the catch-up): nothing changed.
		expect(seen(sandbox().requests.filter((r) => r.method !== 'GET'))).toEqual([]);
		expect(wf.webhookId).toBe(kept);
		expect(sandbox().webhooks.map((w) => String(w.id))).toEqual([kept]);
	});
});

describe('the agent tool’s action: published again within the grace in another account', () => {
	test('another Base URL and token: the old account’s action is deleted at the check and its agent published again, with the old token; the new account gets the action', async () => {
		const { workflow, node } = toolWorkflow(LOOK_UP_CALLER);
		await activate(workflow, node);
		const old = String(staticData(workflow).actionId);
		await hooks.delete.call(hookContext(workflow, node, credentials()));
		sandbox().requests.length = 0;
		const at = (account: () => IDataObject) => hookContext(workflow, node, account() as never);
		if (!(await hooks.checkExists.call(at(otherAccount)))) await hooks.create.call(at(otherAccount));
		expect(seen(sandbox().requests)).toEqual([`DELETE ${ACTIONS}/${old} (${TOKEN})`, `POST ${PUBLISH} (${TOKEN})`]);
		expect(seen(other.requests)).toEqual([`GET ${ACTIONS} (${OTHER_TOKEN})`, `GET ${AGENT} (${OTHER_TOKEN})`, `POST ${ACTIONS} (${OTHER_TOKEN})`, `POST ${PUBLISH} (${OTHER_TOKEN})`]);
		const made = String(staticData(workflow).actionId);
		await graceOver();
		expect(sandbox().requests).toHaveLength(2);
		expect(other.requests).toHaveLength(4);
		const actions = (s: TalkoverSandbox) => (s as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id === SALES_AGENT && a.name === 'look_up_caller').map((a) => String(a.id));
		expect(actions(sandbox())).toEqual([]);
		expect(actions(other)).toEqual([made]);
		expect(staticData(workflow)).toMatchObject({ actionId: made, actionAgentId: SALES_AGENT });
		expect(staticData(workflow).publishAgain).toBeUndefined();
	});
});
