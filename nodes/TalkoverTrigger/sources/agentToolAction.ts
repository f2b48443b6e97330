/**
 * The tool's action on the agent: the action the node makes from its fields (checked before anything is
 * sent), its fingerprint, how an action Talkover lists is read (its node ID, its URL), and its removal.
 */
import { createHash } from 'crypto';

import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionDefinition, ActionInput, InputType } from '../../shared/agentActions';
import { deleteAction } from '../../shared/agentActionRequests';
import { actionBody, actionProblem } from '../../shared/agentActions';
import { isTalkoverNotFound } from '../../shared/transport';
import { firstCharacters } from '../../shared/validation';
import { hookTime } from '../hookTime';
import { MAX_TIME_LIMIT, MIN_TIME_LIMIT, options } from './agentToolFields';
import { DELIVERY_HEADER, isObject, urlKey } from './common';

/** The `node_id` sent: the Flow Node ID chosen, else one of n8n's own, stable for this node of this workflow. */
function nodeIdOf(ctx: IHookFunctions): string {
	const chosen = options(ctx).flowNodeId;
	if (typeof chosen === 'string' && chosen.trim() !== '') return chosen.trim();
	return automaticNodeId(ctx);
}

/** n8n's own node ID for this node of this workflow (no Flow Node chosen): no other action has it. */
export function automaticNodeId(ctx: IHookFunctions): string {
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
export function definitionOf(ctx: IHookFunctions, agentId: string): ActionDefinition {
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
export function fingerprint(definition: ActionDefinition): string {
	const body = actionBody({ ...definition, customHeaders: [{ key: DELIVERY_HEADER, value: 'x' }] });
	return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * Whether an error is Talkover saying that the agent or the action does not exist (its documented 404):
 * only then is it taken as gone. Any other 404 (a wrong Base URL, a proxy's page) is an error.
 */
export function isNotFound(error: unknown): boolean {
	return isTalkoverNotFound(error);
}

/** Deletes an action of the agent; Talkover's own 404 means it is already gone. */
export async function removeAction(ctx: IHookFunctions, agentId: string, actionId: string, step: 'change' | 'restore' = 'change'): Promise<void> {
	// deleteAction's errors are already NodeApiErrors (the transport's): Talkover's "not found" means the action is gone.
	await deleteAction(ctx, agentId, actionId, hookTime(ctx, step)).catch((error: unknown) => {
		if (!isNotFound(error)) return Promise.reject(error);
		return undefined;
	});
}

/** The node ID of a listed action when Talkover shows it (`node_id`, or in the free `config`); undefined otherwise. */
export function nodeIdOfAction(action: IDataObject): string | undefined {
	const id = action.node_id ?? (isObject(action.config) ? action.config.node_id : undefined);
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The URL an action calls: its `url`, or (openapi.json's free `config`) `config.url`; undefined when it has none. */
export function actionUrl(action: IDataObject): string | undefined {
	return urlKey(action.url) ?? (isObject(action.config) ? urlKey(action.config.url) : undefined);
}
