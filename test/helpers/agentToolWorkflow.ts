/**
 * A workflow holding the Talkover Trigger with Source → Agent Tool, and its hooks as n8n runs them
 * (checkExists, create, delete through n8n-core's HookContext) against the sandbox: the set-up of the
 * tests of publishing the tool (nodes/TalkoverTrigger/sources/agentToolPublishing.ts) and of a call of it
 * (nodes/TalkoverTrigger/sources/agentToolAnswer.ts). The workflow keeps its static data between
 * activations: that is what n8n persists.
 */
import { HookContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeType, IWebhookData, WorkflowActivateMode, WorkflowExecuteMode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { forgetUnsavedRecords } from '../../nodes/TalkoverTrigger/sources/agentToolRecords';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../nodes/TalkoverTrigger/sources/unpublishLater';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { SALES_AGENT } from './fixtures';
import { additionalDataFor } from './n8n';

const TRIGGER_TYPE = 'n8n-nodes-talkover.talkoverTrigger';
/** n8n's webhook base URL and the trigger node's webhook ID: the tool's production URL is made of them. */
export const URL_BASE = 'http://127.0.0.1:5678/webhook';
export const WEBHOOK_ID = '5b2d3c4e-6f70-4a81-9b2c-3d4e5f6a7b8c';
export const TOOL_URL = `${URL_BASE}/${WEBHOOK_ID}/webhook`;
/** Talkover's paths of the agent the tool is published on (SALES_AGENT): its actions, itself, its publish. */
export const ACTIONS = `/api/v1/agents/${SALES_AGENT}/actions`;
export const AGENT = `/api/v1/agents/${SALES_AGENT}`;
export const PUBLISH = `/api/v1/agents/${SALES_AGENT}/publish`;

/** The trigger's parameters for a tool on SALES_AGENT: look_up_caller with two inputs and both spoken texts. */
export const LOOK_UP_CALLER = {
	source: 'agentTool',
	agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
	toolName: 'look_up_caller',
	toolDescription: 'Looks the caller up in the CRM by phone number',
	inputs: { values: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }, { name: 'vip', type: 'boolean', required: false, description: '' }] },
	toolOptions: { speakOnSend: 'One moment.', speakOnReceive: 'Found you.' },
};

/** The trigger's webhook methods (the hooks n8n runs on publish, unpublish and start). */
export const hooks = new trigger.TalkoverTrigger().webhookMethods.default;

/** A workflow named `name` with the trigger (`parameters`), holding `staticData` as its static data. */
export function toolWorkflow(parameters: IDataObject = LOOK_UP_CALLER, staticData: IDataObject = { 'node:Talkover Trigger': {} }, name = 'Caller lookup'): { workflow: Workflow; node: INode } {
	const nodeType = new trigger.TalkoverTrigger() as INodeType;
	const node = { id: 'n1', name: 'Talkover Trigger', type: TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters, webhookId: WEBHOOK_ID, credentials: { talkoverApi: { id: '1', name: 'Talkover API' } } } as INode;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'wf1', name, nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData });
	return { workflow, node };
}

/** The context n8n gives a hook of the trigger in `workflow`, with `credentials` and n8n's webhook base URL. */
export function hookContext(
	workflow: Workflow,
	node: INode,
	credentials: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode = 'trigger',
	activation: WorkflowActivateMode = 'activate',
	webhookData?: IWebhookData,
): HookContext {
	return new HookContext(workflow, node, { ...additionalDataFor(credentials), webhookBaseUrl: URL_BASE }, mode, activation, webhookData);
}

/** The trigger node's static data in `workflow`. */
export function staticData(workflow: Workflow): IDataObject {
	return workflow.staticData['node:Talkover Trigger'] as IDataObject;
}

/**
 * The tool's hooks on the test file's sandbox (from useSandbox), each test a fresh n8n: nothing a failed
 * hook of another test left in this process.
 */
export function useToolHooks({ sandbox, credentials, clock }: { sandbox: () => TalkoverSandbox; credentials: () => ICredentialDataDecryptedObject; clock?: () => { advance(ms: number): void } }) {
	beforeEach(() => forgetUnsavedRecords());

	/** What n8n does on activation: checkExists, then create when it answers false. */
	async function activate(workflow: Workflow, node: INode): Promise<void> {
		const context = () => hookContext(workflow, node, credentials());
		if (!(await hooks.checkExists.call(context()))) await hooks.create.call(context());
	}

	/** What n8n does on deactivation: delete; then (with the test clock) its grace passes and the deletion it left ends (unpublishLater.ts). */
	async function deactivate(workflow: Workflow, node: INode): Promise<void> {
		await hooks.delete.call(hookContext(workflow, node, credentials()));
		clock?.().advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
	}

	/** A tool published once (checkExists, create), then the sandbox's request log cleared: its action ID as recorded. */
	async function published(parameters: IDataObject = LOOK_UP_CALLER): Promise<{ workflow: Workflow; node: INode; actionId: string }> {
		const { workflow, node } = toolWorkflow(parameters);
		await activate(workflow, node);
		const actionId = String(staticData(workflow).actionId);
		sandbox().requests.length = 0;
		return { workflow, node, actionId };
	}

	/** The actions Talkover holds on SALES_AGENT. */
	function storedActions(): IDataObject[] {
		return (sandbox() as unknown as { agentActions: IDataObject[] }).agentActions.filter((a) => a.agent_id === SALES_AGENT);
	}

	return { activate, deactivate, published, storedActions };
}
