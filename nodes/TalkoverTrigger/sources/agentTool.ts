/**
 * Source "Agent Tool": this workflow is a tool of a Talkover voice agent. On activation it creates the
 * agent's action (type `webhook`, run during the call) pointing at this node's production URL, with a
 * random secret Talkover sends back in a custom header (`authorization_scheme: custom`): never in the URL,
 * never in an item or an error. Re-activation or an n8n restart finds the action again (its recorded ID
 * and URL) and keeps it when nothing changed, or replaces it: never a second action. Deactivation deletes
 * it. Each call of the action starts one execution with what Talkover sent as the item; the workflow's
 * result (last node, or a Respond to Webhook node) is the answer, and the fallback answer goes out
 * instead when the workflow is slower than the time limit or fails (answerInTime.ts).
 */
import { createHash, randomBytes } from 'crypto';

import type { IDataObject, IHookFunctions, ILoadOptionsFunctions, INodePropertyOptions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { agentLocator, agentNotFound, readAgentId } from '../../shared/agent';
import type { ActionDefinition, ActionInput, InputType } from '../../shared/agentActions';
import { INPUT_TYPE_OPTIONS, actionBody, actionProblem, deleteAction, listActions, saveAction } from '../../shared/agentActions';
import { agentStatusReader } from '../../shared/answers/agentStatus';
import { AGENT_FLOW } from '../../shared/answers/object';
import { collection } from '../../shared/fields';
import { hashOf, keepHashed, maskedError } from '../../shared/secrets';
import { apiPath, clock, mayHaveBeenProcessed, talkoverAnswer, unexpectedAnswerError } from '../../shared/transport';
import { firstCharacters } from '../../shared/validation';
import type { ToolAnswer } from '../deliveries';
import { keptAnswer, toolRequest } from '../deliveries';
import type { AnswerOutcome, GuardedResponse, WorkflowAnswer } from './answerInTime';
import { answerInTime, saysNothing } from './answerInTime';
import type { TriggerSource } from './common';
import { DELIVERY_HEADER, idOf, isObject, loggableMessage, refuseUnauthorized, sameId, secretMatches, urlKey } from './common';

/** Seconds Talkover waits for an answer: undocumented; the default answers well before the usual 15–30 s tool timeouts of voice platforms. */
export const DEFAULT_TIME_LIMIT = 10;
export const MIN_TIME_LIMIT = 1;
export const MAX_TIME_LIMIT = 120;
export const DEFAULT_FALLBACK = 'Sorry, I cannot get that information right now. Can I help you with something else?';

const show = { show: { source: ['agentTool'] } };

/**
 * What the static data records for this source (apart from the event sources' keys); `toolRequests` is no
 * longer written (a record of tool requests kept there by a pre-release build): removed at activation.
 * Not among them: `notOurs` (actions Talkover replaced with this tool: the user's, never deleted), kept
 * across unpublish, and `publishAgain`, kept until that publish succeeded.
 */
const KEYS = ['actionId', 'actionAgentId', 'actionSecret', 'actionFingerprint', 'agentWasPublished', 'otherActions', 'toolRequests'] as const;

type Ctx = IHookFunctions | IWebhookFunctions;

function options(ctx: Ctx): IDataObject {
	const value = ctx.getNodeParameter('toolOptions', {}) as IDataObject;
	return isObject(value) ? value : {};
}

/** The `node_id` sent: the Flow Node ID chosen, else one of n8n's own, stable for this node of this workflow. */
function nodeIdOf(ctx: IHookFunctions): string {
	const chosen = options(ctx).flowNodeId;
	if (typeof chosen === 'string' && chosen.trim() !== '') return chosen.trim();
	return automaticNodeId(ctx);
}

/** n8n's own node ID for this node of this workflow (no Flow Node chosen): no other action has it. */
function automaticNodeId(ctx: IHookFunctions): string {
	return firstCharacters(`n8n-${ctx.getWorkflow().id ?? 'workflow'}-${ctx.getNode().id ?? ctx.getNode().name}`, 255);
}

function inputsOf(ctx: IHookFunctions): ActionInput[] {
	const raw = ctx.getNodeParameter('inputs.values', []) as IDataObject[];
	return (Array.isArray(raw) ? raw : []).map((input) => ({
		name: typeof input.name === 'string' ? input.name.trim() : (input.name as unknown as string),
		type: (input.type ?? 'string') as InputType,
		required: input.required === true,
		...(typeof input.description === 'string' && input.description.trim() !== '' ? { description: input.description } : {}),
	}));
}

const FIELD_NAMES: Partial<Record<keyof ActionDefinition, string>> = {
	nodeId: 'Options → Flow Node Name or ID',
	name: 'Tool Name',
	description: 'Tool Description',
	inputs: 'Inputs',
	url: 'the webhook URL of this node (check WEBHOOK_URL of your n8n)',
	speakOnSend: 'Options → Speak on Send',
	speakOnReceive: 'Options → Speak on Receive',
};

/** What is wrong with the Answer Time Limit (undefined: nothing; not set: the default). */
function timeLimitProblem(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) return `${JSON.stringify(value) ?? String(value)} is not a number of seconds`;
	if (value < MIN_TIME_LIMIT || value > MAX_TIME_LIMIT) return `${value} is not between ${MIN_TIME_LIMIT} and ${MAX_TIME_LIMIT} seconds`;
	return undefined;
}

/** The action as the node makes it (without its secret header), checked before anything is sent. */
function definitionOf(ctx: IHookFunctions, agentId: string): ActionDefinition {
	const opts = options(ctx);
	const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
	const definition: ActionDefinition = {
		nodeId: nodeIdOf(ctx),
		name: String(ctx.getNodeParameter('toolName', '') ?? '').trim(),
		description: String(ctx.getNodeParameter('toolDescription', '') ?? '').trim(),
		type: 'webhook',
		inputs: inputsOf(ctx),
		url: ctx.getNodeWebhookUrl('default'),
		authorizationScheme: 'custom',
		customHeaders: [{ key: DELIVERY_HEADER, value: 'x' }],
		speakOnSend: text(opts.speakOnSend),
		speakOnReceive: text(opts.speakOnReceive),
		executionMode: 'during_call',
		currentStatus: 'active',
	};
	const limit = timeLimitProblem(opts.timeLimit);
	if (limit) throw new NodeOperationError(ctx.getNode(), `Options → Answer Time Limit (Seconds): ${limit}`, { description: `Nothing was sent to Talkover (agent ${agentId}).` });
	const problem = actionProblem(definition);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `${FIELD_NAMES[problem.field] ?? problem.field}: ${problem.problem}`, {
			description: `Nothing was sent to Talkover (agent ${agentId}).`,
		});
	}
	return definition;
}

/** What identifies the action's content (never its secret): a change means the action is replaced. */
function fingerprint(definition: ActionDefinition): string {
	const body = actionBody({ ...definition, customHeaders: [{ key: DELIVERY_HEADER, value: 'x' }] });
	return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function agentOf(ctx: IHookFunctions | ILoadOptionsFunctions): string {
	return readAgentId(ctx, undefined, ctx.getNodeParameter('agentId', ''));
}

/** Whether an error is Talkover's 404 (the action is already gone). */
function isNotFound(error: unknown): boolean {
	const e = error as { httpCode?: unknown; context?: { status?: unknown } };
	return String(e?.httpCode ?? '') === '404';
}

async function removeAction(ctx: IHookFunctions, agentId: string, actionId: string): Promise<void> {
	// deleteAction's errors are already NodeApiErrors (the transport's): a 404 means the action is gone.
	await deleteAction(ctx, agentId, actionId).catch((error: unknown) => {
		if (!isNotFound(error)) return Promise.reject(error);
		return undefined;
	});
}

/**
 * After Create Action failed in a way Talkover may have acted on: the actions now calling this node's URL that
 * are not among the agent's other actions (checkExists's list) are this attempt's, and are deleted. When that
 * cannot be done, the error says what to look for in Talkover.
 */
async function removeHalfMade(ctx: IHookFunctions, agentId: string, definition: ActionDefinition, others: IDataObject[], error: unknown): Promise<void> {
	const here = urlKey(definition.url);
	try {
		const actions = await listActions(ctx, agentId);
		for (const action of actions) {
			if (here === undefined || actionUrl(action) !== here || others.some((o) => sameId(o.id, action.id))) continue;
			await removeAction(ctx, agentId, String(idOf(action.id)));
		}
	} catch {
		const e = error as { description?: unknown };
		if (e !== null && typeof e === 'object') {
			e.description = `${typeof e.description === 'string' && e.description ? `${e.description}\n` : ''}Talkover may have created the action "${definition.name}" on agent ${agentId}, which calls this workflow while it is not published: look for it in the agent's actions in Talkover and delete it, or publish again (the node then replaces it).`;
		}
	}
}

/**
 * What a failed hook leaves for the next one. n8n saves a workflow's static data only when a hook
 * succeeded: on 2.8.4 (and 1.123, and the newest 2.x) ActiveWorkflowManager.add() runs checkExists/create
 * on the saved static data and saves it only at the end; when they fail it runs delete() at once on the
 * static data saved before (clearWebhooks), and saves that delete()'s static data only when delete()
 * succeeds; a re-publish is remove() (delete(), its error only logged) then add(), each on the saved data.
 * A record written only into a failing hook's static data is therefore lost. It is also kept here, in this
 * n8n process, keyed by workflow and node: the next hook of this node (that delete(), the add() after a
 * failed remove(), the next publish or unpublish) takes it into its own static data, finishes it, and n8n
 * saves whatever is left with that hook's success. delete() succeeds even when its publish fails (n8n only
 * logs delete()'s errors anyway), so that n8n saves the record with the workflow and it survives a restart.
 */
const unsaved = new Map<string, IDataObject>();

/** Forgets what failed hooks left in this process (tests: each starts with a fresh n8n). */
export function forgetUnsavedRecords(): void {
	unsaved.clear();
}

function recordKey(ctx: IHookFunctions): string {
	return `${String(ctx.getWorkflow().id ?? '')}\u0000${ctx.getNode().name}`;
}

/** An action Talkover replaced with this tool (same node ID): it carries this node's URL but is the user's. */
interface NotOurs extends IDataObject {
	agentId: string;
	id: string;
}

function notOursOf(value: unknown): NotOurs[] {
	return Array.isArray(value) ? (value as unknown[]).filter((e): e is NotOurs => isObject(e) && typeof e.agentId === 'string' && typeof e.id === 'string') : [];
}

/**
 * The node's static data with what failed hooks left in this process: a publish to finish (`publishAgain`)
 * and the actions that are not the node's although they carry its URL (`notOurs`). Every hook starts here.
 */
function records(ctx: IHookFunctions): IDataObject {
	const data = ctx.getWorkflowStaticData('node');
	const left = unsaved.get(recordKey(ctx));
	if (left) {
		if (typeof left.publishAgain === 'string' && data.publishAgain === undefined) data.publishAgain = left.publishAgain;
		const known = notOursOf(data.notOurs);
		const more = notOursOf(left.notOurs).filter((n) => !known.some((k) => k.agentId === n.agentId && sameId(k.id, n.id)));
		if (more.length) data.notOurs = [...known, ...more];
	}
	return data;
}

/** Records, in the static data and in this process, that `agentId` is to be published again (undefined: done). */
function recordPublishAgain(ctx: IHookFunctions, agentId: string | undefined): void {
	const data = ctx.getWorkflowStaticData('node');
	const key = recordKey(ctx);
	const left = unsaved.get(key) ?? {};
	if (agentId === undefined) {
		delete data.publishAgain;
		delete left.publishAgain;
	} else {
		data.publishAgain = agentId;
		left.publishAgain = agentId;
	}
	if (Object.keys(left).length) unsaved.set(key, left);
	else unsaved.delete(key);
}

/** Records an action Talkover replaced with this tool: the node never deletes it. */
function recordNotOurs(ctx: IHookFunctions, agentId: string, id: string): void {
	const data = ctx.getWorkflowStaticData('node');
	const entry: NotOurs = { agentId, id };
	const known = notOursOf(data.notOurs);
	if (!known.some((k) => k.agentId === agentId && sameId(k.id, id))) data.notOurs = [...known, entry];
	const key = recordKey(ctx);
	const left = unsaved.get(key) ?? {};
	const kept = notOursOf(left.notOurs);
	if (!kept.some((k) => k.agentId === agentId && sameId(k.id, id))) left.notOurs = [...kept, entry];
	unsaved.set(key, left);
}

function isNotOurs(data: IDataObject, agentId: string, id: unknown): boolean {
	return notOursOf(data.notOurs).some((n) => n.agentId === agentId && sameId(n.id, id));
}

/**
 * "After creating, updating or deleting actions, the agent will be automatically set to draft" (the
 * action pages): an agent that was published is published again after the node's change, unless
 * Options → Publish Agent Again is off. Its status is read before the first change (Get Agent, through
 * agentStatusReader: the page's `current_status` or openapi.json's `status`) and the agent to publish again
 * is recorded (`publishAgain`, see `unsaved`) until that publish succeeded: a failed publish (or a failed
 * change after the agent went to draft) is finished by the next hook, whichever it is.
 * 'gone': Talkover has no such agent (404): it was deleted, and its actions with it.
 */
async function wasPublished(ctx: IHookFunctions, agentId: string): Promise<boolean | 'gone'> {
	if (options(ctx).republishAgent === false) return false;
	const data = records(ctx);
	let published: boolean;
	if (data.publishAgain === agentId) {
		published = true;
	} else {
		// The request's errors are already NodeApiErrors (the transport's): a 404 means the agent is gone.
		const answer = await talkoverAnswer(ctx, 'GET', apiPath`/agents/${agentId}`, { notFoundMessage: agentNotFound(agentId), read: agentStatusReader }).catch(async (error: unknown) =>
			isNotFound(error) ? undefined : await Promise.reject(error),
		);
		if (answer === undefined) return 'gone';
		published = answer.value === 'published';
	}
	// Recorded before the first change: the agent is published again even if this hook fails after it.
	if (published) recordPublishAgain(ctx, agentId);
	return published;
}

async function publishAgain(ctx: IHookFunctions, agentId: string, published: boolean | 'gone'): Promise<void> {
	if (published !== true) return;
	try {
		const path = apiPath`/agents/${agentId}/publish`;
		const answer = await talkoverAnswer(ctx, 'POST', path, { notFoundMessage: agentNotFound(agentId), read: agentStatusReader });
		// The publish's answer says what the agent is now: one still in draft is not published (kept on record).
		if (answer.value !== 'published') throw unexpectedAnswerError(ctx.getNode(), `Talkover answered the publish with the agent's status ${answer.value}`, { status: answer.statusCode, method: 'POST', path });
	} catch (error) {
		// The agent was deleted meanwhile (404): nothing is left to publish.
		if (isNotFound(error)) {
			recordPublishAgain(ctx, undefined);
			return;
		}
		const e = error as { message?: unknown; description?: unknown };
		throw new NodeOperationError(ctx.getNode(), `The agent ${agentId} is now in draft: Talkover set it to draft when its actions changed, and publishing it again failed (${String(e?.message ?? error)})`, {
			description: `${typeof e?.description === 'string' && e.description ? `${e.description}\n` : ''}Publish the agent in Talkover, or publish or unpublish this workflow again: the node remembers that the agent was published and publishes it again.`,
		});
	}
	recordPublishAgain(ctx, undefined);
}

/**
 * A publish left by an earlier failed hook for an agent this hook does not change: finished first (a 404:
 * the agent is gone, nothing to publish). Off when Publish Agent Again is off.
 */
async function finishPending(ctx: IHookFunctions, except?: string): Promise<void> {
	const pending = records(ctx).publishAgain;
	if (typeof pending !== 'string' || pending === except || options(ctx).republishAgent === false) return;
	await publishAgain(ctx, pending, true);
}

/**
 * Whether n8n is registering or removing the test URL (Listen for test event) rather than publishing:
 * n8n 2.x registers it with activation `manual` and removes it with mode `internal`, activation `update`
 * (TestWebhooks.deactivateWebhooks), the same as a published workflow's update: only the webhook's
 * `isTest` (its URL is the test URL) tells them apart.
 */
function isTestListening(ctx: IHookFunctions): boolean {
	if (ctx.getActivationMode() === 'manual' || ctx.getMode() === 'manual') return true;
	return (ctx as unknown as { webhookData?: { isTest?: unknown } }).webhookData?.isTest === true;
}

/** The node ID of a listed action when Talkover shows it (`node_id`, or in the free `config`); undefined otherwise. */
function nodeIdOfAction(action: IDataObject): string | undefined {
	const id = action.node_id ?? (isObject(action.config) ? action.config.node_id : undefined);
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The URL an action calls: its `url`, or (openapi.json's free `config`) `config.url`; undefined when it has none. */
function actionUrl(action: IDataObject): string | undefined {
	return urlKey(action.url) ?? (isObject(action.config) ? urlKey(action.config.url) : undefined);
}

/** The flow's action nodes (Get Agent Flow: `flow_config.nodes[]` of type `action`) as Flow Node ID options. */
async function flowActionNodes(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const own: INodePropertyOptions = { name: 'Automatic (for Agents Without a Flow)', value: '', description: 'The same for this node on every activation: n8n-(workflow ID)-(node ID)' };
	try {
		const agentId = agentOf(ctx);
		const { value } = await talkoverAnswer(ctx, 'GET', apiPath`/agents/${agentId}/flow`, { notFoundMessage: agentNotFound(agentId), read: AGENT_FLOW });
		const flow = value.flow_config;
		const nodes = isObject(flow) && Array.isArray(flow.nodes) ? (flow.nodes as unknown[]) : [];
		const actions = nodes.filter((n): n is IDataObject => isObject(n) && n.type === 'action' && typeof n.id === 'string' && n.id !== '');
		return [own, ...actions.map((n) => ({ name: `Flow Node: ${String(n.id)}`, value: String(n.id), description: typeof n.content === 'string' ? n.content : 'An action node of the agent’s flow' }))];
	} catch {
		return [own];
	}
}

export const agentTool: TriggerSource = {
	option: { name: 'Agent Tool: Answer During the Call', value: 'agentTool', description: 'The agent calls this workflow as a tool during the call (an action of the agent), and says its answer' },
	properties: [
		{
			...agentLocator(),
			description: 'The Talkover voice agent that gets this workflow as a tool (one of its actions)',
			displayOptions: show,
		},
		{
			displayName: 'Tool Name',
			name: 'toolName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. look_up_caller',
			description: 'The name of the action the agent sees (at most 255 characters)',
			displayOptions: show,
		},
		{
			displayName: 'Tool Description',
			name: 'toolDescription',
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 3 },
			placeholder: 'e.g. Looks the caller up in the CRM by phone number and tells who they are',
			description: 'What the tool does and when to use it: the agent is told this to decide when to call it',
			displayOptions: show,
		},
		{
			displayName: 'Inputs',
			name: 'inputs',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Input',
			default: {},
			description: 'What the agent collects from the caller and sends to the workflow (each becomes a field of the item)',
			displayOptions: show,
			options: [
				{
					displayName: 'Input',
					name: 'values',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. phone', description: 'The field’s name in the item', required: true },
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							default: 'string',
							options: INPUT_TYPE_OPTIONS,
							description: 'The kind of value the agent sends',
						},
						{ displayName: 'Required', name: 'required', type: 'boolean', default: false, description: 'Whether the agent must have this value before it calls the tool' },
						{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What the value is, for the agent (e.g. "The caller’s phone number in E.164")' },
					],
				},
			],
		},
		{
			displayName: 'Respond',
			name: 'responseMode',
			type: 'options',
			default: 'lastNode',
			options: [
				{ name: 'When Last Node Finishes', value: 'lastNode', description: 'The first item of the last node is the answer (as JSON)' },
				{
					name: 'Using ‘Respond to Webhook’ Node',
					value: 'responseNode',
					description: 'A Respond to Webhook node of version 1 sends the answer (n8n’s later versions accept only n8n’s own Webhook node as the start: copy the node from the examples)',
				},
			],
			description: 'What the agent gets back. Whatever it is, the Fallback Answer goes out instead when the workflow fails or is slower than the Answer Time Limit.',
			displayOptions: show,
		},
		{
			...collection('options', [
				{
					displayName: 'Answer Time Limit (Seconds)',
					name: 'timeLimit',
					type: 'number',
					typeOptions: { minValue: MIN_TIME_LIMIT, maxValue: MAX_TIME_LIMIT },
					default: DEFAULT_TIME_LIMIT,
					description: 'How long the caller may wait: when the workflow has not answered by then, the Fallback Answer goes out. Talkover does not document its own limit.',
				},
				{
					displayName: 'Fallback Answer',
					name: 'fallbackAnswer',
					type: 'string',
					default: DEFAULT_FALLBACK,
					description: 'What the agent gets (as {"message": …}) when the workflow fails or is too slow, so it can say something instead of staying silent',
				},
				{
					displayName: 'Flow Node Name or ID',
					name: 'flowNodeId',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getFlowActionNodes', loadOptionsDependsOn: ['agentId.value'] },
					default: '',
					description:
						'The node_id Talkover requires ("Action node ID for workflow integration"): an action node of the agent’s flow, or n8n’s own ID for agents without a flow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Publish Agent Again',
					name: 'republishAgent',
					type: 'boolean',
					default: true,
					description:
						'Whether to publish the agent again after its action is created, replaced or deleted, when it was published before: Talkover sets an agent to draft on any change of its actions',
				},
				{
					displayName: 'Speak on Receive',
					name: 'speakOnReceive',
					type: 'string',
					default: '',
					placeholder: 'e.g. Thanks, I found you.',
					description: 'What the agent says after the workflow answered (Talkover: the answer can be referenced in it)',
				},
				{
					displayName: 'Speak on Send',
					name: 'speakOnSend',
					type: 'string',
					default: '',
					placeholder: 'e.g. One moment, let me look that up.',
					description: 'What the agent says while the workflow runs',
				},
			]),
			name: 'toolOptions',
			displayOptions: show,
		},
	],
	loadOptions: {
		async getFlowActionNodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return await flowActionNodes(this);
		},
	},

	/**
	 * True only if the action recorded at activation is still there, for this URL, unchanged (then it is
	 * kept). A publish an earlier hook left unfinished is finished here, whatever else happens.
	 */
	async checkExists(this: IHookFunctions): Promise<boolean> {
		// "Listen for test event": no action is made for the test URL (it would give the agent a second tool,
		// or replace the published one and its secret); the published workflow's action answers the calls.
		if (isTestListening(this)) return true;
		const data = records(this);
		const agentId = agentOf(this);
		const definition = definitionOf(this, agentId);
		// The action recorded on another agent (Agent changed): removed there; an agent deleted in Talkover
		// (404) took its actions with it: the record is forgotten.
		if (data.actionId && data.actionAgentId && data.actionAgentId !== agentId) {
			const old = String(data.actionAgentId);
			const published = await wasPublished(this, old);
			if (published !== 'gone') {
				await removeAction(this, old, String(data.actionId));
				await publishAgain(this, old, published);
			}
			for (const key of KEYS) delete data[key];
			if (data.publishAgain === old) recordPublishAgain(this, undefined);
		}
		// An agent left in draft by a failed hook of another agent (this node's Agent changed since): published now.
		await finishPending(this, agentId);
		const actions = await listActions(this, agentId);
		const here = urlKey(definition.url);
		const mine = data.actionId ? actions.find((a) => sameId(a.id, data.actionId)) : undefined;
		// The recorded action is the node's by its ID: kept when unchanged, its URL (when the list shows one) this node's.
		const mineUrl = mine ? actionUrl(mine) : undefined;
		if (mine && keepHashed(data, 'actionSecret') && (mineUrl === undefined || mineUrl === here) && data.actionFingerprint === fingerprint(definition)) {
			// Kept; an agent left in draft by an earlier failed hook is published again now.
			if (data.publishAgain === agentId && options(this).republishAgent !== false) await publishAgain(this, agentId, true);
			return true;
		}
		// Anything else of this node (the recorded action, changed; any action for this URL, whose secret is
		// not the one on record) is replaced: deleted here, created anew by create(). Never an action Talkover
		// replaced with this tool (notOurs: the user's, carrying this URL since), nor one whose URL cannot be
		// read (a webhook action of the user's without `url` is not this node's: its own is known by its ID).
		const replaced = actions.filter((a) => a === mine || (here !== undefined && actionUrl(a) === here && !isNotOurs(data, agentId, a.id)));
		// Talkover's Create/Update replaces the action with the same node_id: another action there (not this
		// node's) would be overwritten and then deleted on unpublish. Refused before anything is changed.
		// (Talkover's documented lists do not show node_id: when the list shows none, create() checks the answer.)
		const taken = actions.find((a) => !replaced.includes(a) && nodeIdOfAction(a) === definition.nodeId);
		if (taken) {
			throw new NodeOperationError(
				this.getNode(),
				`Options → Flow Node Name or ID: the agent already has an action on node "${definition.nodeId}" (action "${String(taken.name ?? '')}", ID ${String(idOf(taken.id))}) that is not this node's`,
				{
					description: `Nothing was sent to Talkover. Talkover keeps one action per node ID and would replace "${String(taken.name ?? '')}" with this tool. Choose another Flow Node (or leave it empty for n8n's own ID), or delete that action in Talkover if you no longer want it.`,
				},
			);
		}
		for (const key of KEYS) delete data[key];
		if (data.publishAgain !== undefined && data.publishAgain !== agentId) recordPublishAgain(this, undefined);
		data.otherActions = actions.filter((a) => !replaced.includes(a)).map((a) => ({ id: idOf(a.id) ?? '', name: typeof a.name === 'string' ? a.name : '' }));
		if (replaced.length) {
			// Read before the first change (it sets the agent to draft); create() publishes it again.
			const published = await wasPublished(this, agentId);
			data.agentWasPublished = published === true;
			for (const action of replaced) await removeAction(this, agentId, String(idOf(action.id)));
		}
		return false;
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const data = records(this);
		const agentId = agentOf(this);
		const definition = definitionOf(this, agentId);
		const secret = randomBytes(32).toString('hex');
		const body = actionBody({ ...definition, customHeaders: [{ key: DELIVERY_HEADER, value: secret }] });
		const published = (options(this).republishAgent !== false && data.publishAgain === agentId) || (typeof data.agentWasPublished === 'boolean' ? data.agentWasPublished : await wasPublished(this, agentId));
		delete data.agentWasPublished;
		if (published === 'gone') throw new NodeOperationError(this.getNode(), agentNotFound(agentId), { description: 'Nothing was sent to Talkover: choose another agent.' });
		// Recorded before the change (it sets the agent to draft): whatever fails after it, the next hook publishes it.
		if (published === true) recordPublishAgain(this, agentId);
		// The agent's other actions as checkExists listed them: an answer with one of their IDs means Talkover
		// replaced that action (same node ID) instead of adding this tool's.
		const others = Array.isArray(data.otherActions) ? (data.otherActions as IDataObject[]) : [];
		delete data.otherActions;
		let action: IDataObject;
		try {
			({ action } = await saveAction(this, agentId, body));
		} catch (error) {
			const shown = error !== null && typeof error === 'object' ? maskedError(error, { values: [secret] }) : error;
			// Talkover may have created the action before failing: one for this URL, not one of the agent's other
			// actions, is this attempt's and would call a workflow that is not published. Removed now.
			if (mayHaveBeenProcessed(error)) await removeHalfMade(this, agentId, definition, others, shown);
			throw shown;
		}
		const actionId = idOf(action.id);
		if (!actionId) {
			await publishAgain(this, agentId, published);
			throw new NodeOperationError(this.getNode(), 'Talkover did not return the ID of the new action', {
				description: `The action may have been created: look for "${definition.name}" in the agent’s actions in Talkover and delete it before activating again.`,
			});
		}
		// On n8n's own node ID (no Flow Node chosen) only this node ever made an action: one Talkover replaced
		// there is this node's own, listed without a URL (static data lost), and is taken as its own.
		const ownNodeId = definition.nodeId === automaticNodeId(this);
		const replacedOther = others.find((o) => sameId(o.id, actionId)) ?? (isNotOurs(data, agentId, actionId) ? { id: actionId, name: '' } : undefined);
		if (replacedOther && !ownNodeId) {
			// The user's action: recorded so that no later publish or unpublish deletes it (it carries this URL now).
			recordNotOurs(this, agentId, actionId);
			await publishAgain(this, agentId, published);
			throw new NodeOperationError(
				this.getNode(),
				`Options → Flow Node Name or ID: Talkover replaced the agent's action "${String(replacedOther.name ?? '')}" (ID ${actionId}) on node "${definition.nodeId}" with this tool instead of adding one`,
				{
					description: `Talkover keeps one action per node ID; its list does not show node IDs, so this could not be seen before. The action's earlier settings are gone and it now calls this workflow's URL, but it stays yours: this node never deletes it. Set it back in Talkover (or Agent Action → Update), then choose another Flow Node here (or leave it empty for n8n's own ID) and publish again.`,
				},
			);
		}
		data.actionId = actionId;
		data.actionAgentId = agentId;
		data.actionSecret = hashOf(secret);
		data.actionFingerprint = fingerprint(definition);
		await publishAgain(this, agentId, published);
		return true;
	},

	/**
	 * Deletes the action recorded at activation (a 404 of the action or of its agent: already gone), and
	 * finishes a publish an earlier hook left unfinished.
	 */
	async delete(this: IHookFunctions): Promise<boolean> {
		if (isTestListening(this)) return true;
		const data = records(this);
		let done: string | undefined;
		let unpublished: unknown;
		let undeleted: unknown;
		if (data.actionId && data.actionAgentId) {
			const agentId = String(data.actionAgentId);
			const published = await wasPublished(this, agentId);
			if (published !== 'gone' && !isNotOurs(data, agentId, data.actionId)) {
				// A failed delete is not thrown either (n8n would only log it and not save the records): the agent
				// is published again all the same (the delete may have set it to draft before failing), and the
				// action stays on record, so the next publish or unpublish removes it.
				await removeAction(this, agentId, String(data.actionId)).catch((error: unknown) => (undeleted = error));
				await publishAgain(this, agentId, published).catch((error: unknown) => (unpublished = error));
			}
			if (published === 'gone' && data.publishAgain === agentId) recordPublishAgain(this, undefined);
			done = agentId;
		}
		if (!unpublished) await finishPending(this, done).catch((error: unknown) => (unpublished = error));
		// What is logged goes through the hooks' masking step, with the secrets still on record.
		const unpublishedMessage = unpublished ? loggableMessage(this, unpublished) : undefined;
		if (undeleted) {
			this.logger?.warn?.(
				`Talkover agent tool "${this.getNode().name}": the tool's action ${String(data.actionId)} could not be deleted from agent ${String(data.actionAgentId)} (${loggableMessage(this, undeleted)}). Delete it in Talkover, or publish and unpublish this workflow again: the node remembers it.`,
			);
			if (unpublishedMessage) this.logger?.warn?.(`Talkover agent tool "${this.getNode().name}": ${unpublishedMessage}. The next publish of this workflow publishes the agent again.`);
			return true;
		}
		for (const key of KEYS) delete data[key];
		// A publish that failed is not delete()'s error: n8n only logs delete()'s errors (remove(), and its
		// clean-up after a failed publish) and saves the static data only when delete() succeeds. Succeeding
		// with `publishAgain` recorded, the record is saved with the workflow (it survives an n8n restart)
		// and the next publish finishes it.
		if (unpublishedMessage) {
			this.logger?.warn?.(`Talkover agent tool "${this.getNode().name}": ${unpublishedMessage}. The next publish of this workflow publishes the agent again.`);
		}
		return true;
	},

	/**
	 * One call of the tool: 401 without the secret (nothing starts); else one item, the body as Talkover
	 * sent it (the inputs, and whatever else it says about the call), and the answer guarded in time.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = this.getWorkflowStaticData('node');
		const headers = this.getHeaderData() as IDataObject;
		const secret = data.actionSecret;
		// The kept SHA-256 (or the clear secret of an earlier version, hashed here: a request writes nothing to the static data).
		if (!secretMatches(headers[DELIVERY_HEADER.toLowerCase()], secret)) return refuseUnauthorized(this, 'calls of this tool');
		const body: unknown = this.getBodyData();
		const item: IDataObject = isObject(body) ? { ...body } : { body: body as IDataObject };
		const opts = options(this);
		// Checked at publish (timeLimitProblem); an expression may still give another value per call: kept within 1–120 s.
		const limit = typeof opts.timeLimit === 'number' && Number.isFinite(opts.timeLimit) ? Math.min(Math.max(opts.timeLimit, MIN_TIME_LIMIT), MAX_TIME_LIMIT) : DEFAULT_TIME_LIMIT;
		const fallback = typeof opts.fallbackAnswer === 'string' && opts.fallbackAnswer.trim() !== '' ? opts.fallbackAnswer : DEFAULT_FALLBACK;
		const res = this.getResponseObject() as unknown as GuardedResponse;
		// One tool call, one execution: the same request again after its client gave up (its connection closed
		// before the answer) while its workflow runs is that client's retry: it waits for that execution's answer.
		// While the first's client still waits, the same request is another caller's: it runs (deliveries.ts).
		// Matched on the body as sent (not the item: a list becomes { body: [...] } there).
		const request = toolRequest(`${this.getMode?.() === 'manual' ? 'test:' : ''}${String(data.actionId ?? '')}`, body);
		if (request.repeat) {
			this.logger?.info?.(`Talkover agent tool "${this.getNode().name}": the same request again after its client gave up while the workflow runs: it gets that execution's answer, no new execution`);
			answerRepeat(res, request.answer, limit * 1000, { message: fallback });
			return { noWebhookResponse: true };
		}
		answerInTime(
			res,
			limit * 1000,
			{ message: fallback },
			(outcome: AnswerOutcome) => {
				if (outcome === 'gaveUp') {
					request.gaveUp();
					this.logger?.info?.(`Talkover agent tool "${this.getNode().name}": the client closed the connection before the answer; the workflow goes on, and a retry of the same request gets its answer`);
					return;
				}
				const why = { timeLimit: `no answer within ${limit} s`, failure: 'the workflow failed', empty: 'the workflow’s answer was empty' };
				if (outcome !== 'workflow') this.logger?.warn?.(`Talkover agent tool "${this.getNode().name}": answered with the Fallback Answer (${why[outcome]})`);
			},
			({ status, method, body: answer }: WorkflowAnswer) => request.settle(status >= 500 || saysNothing(answer) ? undefined : keptAnswer(status, method, answer)),
		);
		// The secret (the header that matched), the tokens and echoed header values: masked by the trigger's webhook() (withItemsMasked).
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	},
};

/**
 * A retry of a tool request whose client gave up while its workflow runs: that execution's answer as it was
 * written when it comes within this request's time limit; else (it failed or said nothing, too slow) the
 * fallback.
 */
function answerRepeat(res: GuardedResponse, answer: Promise<ToolAnswer | undefined>, limitMs: number, fallback: IDataObject): void {
	const write = (kept: ToolAnswer | undefined) => {
		if (res.headersSent || res.writableEnded) return;
		if (!kept) {
			res.status(200).json(fallback);
			return;
		}
		res.status(kept.status);
		if (kept.method === 'json') res.json(JSON.parse(kept.content.toString()));
		else if (res.send) res.send(kept.content);
	};
	const stop = new AbortController();
	const late = clock.sleep(limitMs, stop.signal).then(
		() => undefined,
		() => undefined,
	);
	void Promise.race([answer.then((kept) => ({ kept })), late]).then((won) => {
		stop.abort();
		write(won?.kept);
	});
}
