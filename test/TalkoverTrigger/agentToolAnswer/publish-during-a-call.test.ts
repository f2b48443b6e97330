/**
 * A model of n8n 2.8.4's static-data handling around an Agent Tool request (read from
 * n8n 2.8.4's dist: live-webhooks.js loads the workflow, and its staticData, from the database for each
 * request and saves that copy whole (saveStaticDataById) in the response callback, i.e. when the
 * workflow's answer is written: at the end of the execution in "When Last Node Finishes" mode;
 * active-workflow-manager.js saves the activation's copy after the hooks ran). Since the tool's
 * one-call-one-execution record, a new tool request marks the static data changed, so n8n now saves the
 * request's copy; before, a tool request left it alone and n8n never saved it.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, INode, IWebhookFunctions, IWebhookResponseData, Workflow } from 'n8n-workflow';

import * as trigger from '../../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { hookContext, hooks, toolWorkflow } from '../../helpers/agentToolWorkflow';
import { expressLike } from '../../helpers/expressLike';
import { SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();
const PARAMETERS = {
	source: 'agentTool',
	agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
	toolName: 'book_slot',
	toolDescription: 'Books a slot',
	inputs: { values: [{ name: 'time', type: 'string', required: true, description: 'The time' }] },
	toolOptions: {},
};

/** The database row's static data (JSON), as n8n keeps it. */
let db = '{}';

function load(parameters: IDataObject = PARAMETERS): { workflow: Workflow; node: INode } {
	return toolWorkflow(parameters, JSON.parse(db) as IDataObject, 'Booking');
}

/** saveStaticData: only when changed, the whole object. */
function save(workflow: Workflow): void {
	if (workflow.staticData.__dataChanged === true) {
		db = JSON.stringify(workflow.staticData, (k, v: unknown) => (k === '__dataChanged' ? undefined : v));
		workflow.staticData.__dataChanged = false;
	}
}

async function publish(parameters: IDataObject = PARAMETERS): Promise<void> {
	const { workflow, node } = load(parameters);
	const context = () => hookContext(workflow, node, credentials());
	if (!(await hooks.checkExists.call(context()))) await hooks.create.call(context());
	save(workflow);
}

function request(body: IDataObject, secret: string, parameters: IDataObject = PARAMETERS) {
	const { workflow, node } = load(parameters);
	const response = expressLike();
	const context = {
		getWorkflowStaticData: () => workflow.getStaticData('node', node),
		getHeaderData: () => ({ 'x-n8n-talkover-secret': secret }),
		getBodyData: () => body,
		getNode: () => node,
		getMode: () => 'webhook',
		getCredentials: async () => credentials(),
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? (parameters as IDataObject)[name] : fallback),
		getResponseObject: () => response,
		helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
	} as unknown as IWebhookFunctions;
	const result: Promise<IWebhookResponseData> = new trigger.TalkoverTrigger().webhook.call(context);
	return { result, response, workflow };
}

function secretOnTalkover(): string {
	const actions = (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id === SALES_AGENT);
	expect(actions).toHaveLength(1);
	const headers = actions[0].custom_headers as Array<{ key: string; value: string }>;
	return headers[0].value;
}

test('a tool change published while a tool execution runs: when that execution ends, Talkover’s calls with the new secret are still accepted', async () => {
	db = '{}';
	await publish();
	const firstSecret = secretOnTalkover();
	clock().hold();
	// A caller books; the workflow is slow (the fallback went out at 10 s, the execution still runs).
	const slow = request({ time: '10:00' }, firstSecret);
	expect('workflowData' in (await slow.result)).toBe(true);
	clock().release();
	// Meanwhile the user changes the Tool Description and publishes: the action is replaced (new ID, new secret).
	const changed = { ...PARAMETERS, toolDescription: 'Books a slot in the calendar' };
	await publish(changed);
	const newSecret = secretOnTalkover();
	expect(newSecret).not.toBe(firstSecret);
	// The slow execution ends: n8n answers (dropped: the fallback went out) and saves that request's copy.
	// (The static data keeps the secrets' SHA-256 only.)
	const kept = (secret: string) => db.includes(createHash('sha256').update(secret).digest('hex'));
	expect(kept(newSecret)).toBe(true);
	slow.response.status(200).json({ booked: true });
	save(slow.workflow);
	// What n8n's database now holds: the old secret (and the deleted action's ID) again.
	expect({ old: kept(firstSecret), new: kept(newSecret) }).toEqual({ old: false, new: true });
	// Talkover calls the (new) action with its (new) secret.
	const next = request({ time: '11:00' }, newSecret, changed);
	await next.result;
	expect(next.response.answers.map((a) => a.status)).not.toContain(401);
});
