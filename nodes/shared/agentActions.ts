import type { IDataObject } from 'n8n-workflow';

import { kindOf } from './transport';
import { characters, show } from './validation';

/**
 * An agent's action (create-action.mdx, list-actions.mdx; openapi.json `/agents/{agent_id}/actions`) as
 * both nodes make it: the Talkover node's Agent Action operations and the trigger's agent-tool source. Its
 * definition, its checks and its body are written here, once, and checked before anything is sent; the
 * requests that send and read actions are agentActionRequests.ts.
 *
 * There is no update endpoint: `POST /agents/{agent_id}/actions` is documented as "Create/Update Action"
 * (its example answer says "Agent action updated successfully"); the pages do not say which field picks
 * the action it updates. CONTRADICTIONS.md (the Agent Action row) says what the node does about it.
 */

export const ACTION_TYPES = ['webhook', 'transfer', 'hold', 'external'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const AUTHORIZATION_SCHEMES = ['none', 'bearer', 'basic', 'api_key', 'custom'] as const;
export type AuthorizationScheme = (typeof AUTHORIZATION_SCHEMES)[number];

export const EXECUTION_MODES = ['during_call', 'post_call'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

export const ACTION_STATUSES = ['active', 'inactive'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * Types of an action's input. The pages' examples show `string` and `integer` and list no others; the
 * node offers these four (what a voice agent can collect from a caller), documented nowhere as a list.
 */
export const INPUT_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** An input type as the editor names it, in the user's words (both nodes' Type field). */
export const INPUT_TYPE_NAMES: Record<InputType, string> = { string: 'Text', number: 'Number', integer: 'Whole Number', boolean: 'Yes/No' };

/** The options of an input's Type field (the Agent Action operations, the trigger's agent tool): the values are the API's. */
export const INPUT_TYPE_OPTIONS = INPUT_TYPES.map((type) => ({ name: INPUT_TYPE_NAMES[type], value: type }));

/** Talkover's "max 255 characters" (Laravel: Unicode code points). */
export const MAX_NAME = 255;

/** One input the agent collects before it runs the action (create-action.mdx's `inputs[]`). */
export interface ActionInput {
	name: string;
	type: InputType;
	required: boolean;
	description?: string;
	/** A fixed value (the pages' transfer and hold examples give one). */
	value?: string | number | boolean;
}

/** A header Talkover sends with a webhook action's request (`custom_headers[]`). */
export interface ActionHeader {
	key: string;
	value: string;
}

/** An action as the node means it, before it becomes the request body (field names: the API's, camelCased). */
export interface ActionDefinition {
	nodeId: string;
	name: string;
	description: string;
	type: ActionType;
	inputs?: ActionInput[];
	/** The catalogue's `identifier` (List Action Integrations), sent as `integration: { id }`. */
	integrationId?: string;
	url?: string;
	authorizationUrl?: string;
	authorizationScheme?: AuthorizationScheme;
	customHeaders?: ActionHeader[];
	speakOnSend?: string;
	speakOnReceive?: string;
	executionMode?: ExecutionMode;
	holdDuration?: number;
	transferTo?: string;
	currentStatus?: ActionStatus;
}

/** What is wrong with a definition: the definition's field (`inputs`, `customHeaders`, …) and the problem. */
export interface ActionProblem {
	field: keyof ActionDefinition;
	problem: string;
}

/** The action types each type-specific field applies to. */
const ONLY_FOR: Partial<Record<keyof ActionDefinition, readonly ActionType[]>> = {
	url: ['webhook'],
	authorizationUrl: ['webhook'],
	authorizationScheme: ['webhook'],
	customHeaders: ['webhook'],
	holdDuration: ['hold'],
	transferTo: ['transfer'],
};

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value cannot carry: line breaks and other control characters (Node's HTTP client refuses them). */
const NOT_IN_A_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Headers the HTTP client sets from the request itself: a custom one would break the request. */
const SET_BY_HTTP = ['host', 'content-length', 'transfer-encoding', 'connection'];
const E164 = /^\+[1-9]\d{6,14}$/;

/** Whether a text is an absolute http(s) URL with a host (Talkover: "must be a valid URL"). */
export function isHttpUrl(text: unknown): boolean {
	if (typeof text !== 'string' || text.trim() !== text || text === '') return false;
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

function textProblem(value: unknown, { required, max }: { required: boolean; max?: number }): string | undefined {
	if (value === undefined || value === null || value === '') return required ? 'is required but empty' : undefined;
	if (typeof value !== 'string') return `is ${kindOf(value)}, not a text`;
	if (value.trim() === '') return required ? 'is required but only spaces' : 'is only spaces; leave it out instead';
	if (max !== undefined && characters(value) > max) return `is ${characters(value)} characters long; Talkover accepts at most ${max}`;
	return undefined;
}

function inputProblem(input: ActionInput, index: number, seen: Set<string>): string | undefined {
	const at = `input ${index + 1}`;
	if (input === null || typeof input !== 'object') return `${at} is ${kindOf(input)}, not an input`;
	const name = textProblem(input.name, { required: true, max: MAX_NAME });
	if (name) return `${at}: its name ${name}`;
	if (seen.has(input.name.trim())) return `${at}: the name "${input.name.trim()}" is used by an input before it; each input needs its own name`;
	seen.add(input.name.trim());
	if (!INPUT_TYPES.includes(input.type)) return `${at} ("${input.name}"): its type ${show(input.type)} is not one of ${INPUT_TYPES.join(', ')}`;
	if (typeof input.required !== 'boolean') return `${at} ("${input.name}"): Required is ${show(input.required)}, not true or false`;
	const description = textProblem(input.description, { required: false });
	if (description) return `${at} ("${input.name}"): its description ${description}`;
	if (input.value !== undefined) {
		const ok =
			(input.type === 'string' && typeof input.value === 'string') ||
			(input.type === 'boolean' && typeof input.value === 'boolean') ||
			(input.type === 'number' && typeof input.value === 'number' && Number.isFinite(input.value)) ||
			(input.type === 'integer' && typeof input.value === 'number' && Number.isInteger(input.value));
		if (!ok) return `${at} ("${input.name}"): its value ${show(input.value)} is not ${input.type === 'integer' ? 'a whole number' : `a ${input.type}`}`;
	}
	return undefined;
}

function headerProblem(header: ActionHeader, index: number, seen: Set<string>): string | undefined {
	const at = `header ${index + 1}`;
	if (header === null || typeof header !== 'object') return `${at} is ${kindOf(header)}, not a header`;
	if (typeof header.key !== 'string' || header.key === '') return `${at}: its name is empty`;
	if (!HEADER_NAME.test(header.key)) return `${at}: the name ${show(header.key)} cannot be an HTTP header name (letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only, no spaces or colons)`;
	if (seen.has(header.key.toLowerCase())) return `${at}: the header "${header.key}" is given twice`;
	seen.add(header.key.toLowerCase());
	if (SET_BY_HTTP.includes(header.key.toLowerCase())) return `${at}: "${header.key}" is set by the HTTP client itself, not by a custom header`;
	if (typeof header.value !== 'string') return `${at} ("${header.key}"): its value is ${kindOf(header.value)}, not a text`;
	if (NOT_IN_A_HEADER_VALUE.test(header.value)) return `${at} ("${header.key}"): its value contains a line break or another control character, which a header cannot carry`;
	return undefined;
}

/**
 * What is wrong with an action before it is sent (undefined: nothing): the fields create-action.mdx
 * requires (`node_id`, `name` ≤ 255 characters, `description`, `type`), the documented values
 * (authorization scheme, execution mode, status), URLs that are absolute http(s) URLs, headers a request
 * can carry, a transfer number in E.164, a hold of whole seconds, and the rules that tie a field to a
 * type: `url`, `authorization_url`, `authorization_scheme`, `custom_headers` for `webhook` actions,
 * `transfer_to` for `transfer`, `hold_duration` for `hold`, `post_call` for `external` only. A webhook
 * action needs its URL, a transfer its number, a hold its duration.
 */
export function actionProblem(definition: ActionDefinition): ActionProblem | undefined {
	const d = definition;
	const text = (field: keyof ActionDefinition, required: boolean, max?: number): ActionProblem | undefined => {
		const problem = textProblem(d[field], { required, max });
		return problem ? { field, problem } : undefined;
	};
	const first =
		text('nodeId', true, MAX_NAME) ?? text('name', true, MAX_NAME) ?? text('description', true) ?? (ACTION_TYPES.includes(d.type) ? undefined : { field: 'type' as const, problem: `${show(d.type)} is not one of ${ACTION_TYPES.join(', ')}` });
	if (first) return first;
	for (const [field, types] of Object.entries(ONLY_FOR) as Array<[keyof ActionDefinition, readonly ActionType[]]>) {
		if (d[field] !== undefined && !types.includes(d.type)) return { field, problem: `applies only to ${types.join(', ')} actions, not to a ${d.type} action` };
	}
	if (d.type === 'webhook' && (d.url === undefined || d.url === '')) return { field: 'url', problem: 'is required for a webhook action' };
	for (const field of ['url', 'authorizationUrl'] as const) {
		if (d[field] !== undefined && !isHttpUrl(d[field])) return { field, problem: `${show(d[field])} is not a full http:// or https:// URL` };
	}
	if (d.authorizationScheme !== undefined && !AUTHORIZATION_SCHEMES.includes(d.authorizationScheme)) {
		return { field: 'authorizationScheme', problem: `${show(d.authorizationScheme)} is not one of ${AUTHORIZATION_SCHEMES.join(', ')}` };
	}
	if (d.customHeaders !== undefined) {
		if (!Array.isArray(d.customHeaders)) return { field: 'customHeaders', problem: `is ${kindOf(d.customHeaders)}, not a list of headers` };
		const seen = new Set<string>();
		for (const [index, header] of d.customHeaders.entries()) {
			const problem = headerProblem(header, index, seen);
			if (problem) return { field: 'customHeaders', problem };
		}
	}
	if (d.inputs !== undefined) {
		if (!Array.isArray(d.inputs)) return { field: 'inputs', problem: `is ${kindOf(d.inputs)}, not a list of inputs` };
		const seen = new Set<string>();
		for (const [index, input] of d.inputs.entries()) {
			const problem = inputProblem(input, index, seen);
			if (problem) return { field: 'inputs', problem };
		}
	}
	const optional = text('integrationId', false, MAX_NAME) ?? text('speakOnSend', false) ?? text('speakOnReceive', false);
	if (optional) return optional;
	if (d.executionMode !== undefined && !EXECUTION_MODES.includes(d.executionMode)) {
		return { field: 'executionMode', problem: `${show(d.executionMode)} is not one of ${EXECUTION_MODES.join(', ')}` };
	}
	if (d.executionMode === 'post_call' && d.type !== 'external') return { field: 'executionMode', problem: `post_call (after the call) is only valid for external actions, not for a ${d.type} action` };
	if (d.type === 'hold' && d.holdDuration === undefined) return { field: 'holdDuration', problem: 'is required for a hold action' };
	if (d.holdDuration !== undefined && (typeof d.holdDuration !== 'number' || !Number.isInteger(d.holdDuration) || d.holdDuration < 1)) {
		return { field: 'holdDuration', problem: `${show(d.holdDuration)} is not a whole number of seconds of at least 1` };
	}
	if (d.type === 'transfer' && (d.transferTo === undefined || d.transferTo === '')) return { field: 'transferTo', problem: 'is required for a transfer action' };
	if (d.transferTo !== undefined && (typeof d.transferTo !== 'string' || !E164.test(d.transferTo))) {
		return { field: 'transferTo', problem: `${show(d.transferTo)} is not a phone number in E.164 format (+ and the country code, e.g. +15551234567)` };
	}
	if (d.currentStatus !== undefined && !ACTION_STATUSES.includes(d.currentStatus)) {
		return { field: 'currentStatus', problem: `${show(d.currentStatus)} is not one of ${ACTION_STATUSES.join(', ')}` };
	}
	return undefined;
}

/**
 * The request body of Create/Update Action (create-action.mdx's field names). Only the fields given are
 * sent. Throws (a programming error) if the definition has a problem: call actionProblem first.
 */
export function actionBody(definition: ActionDefinition): IDataObject {
	const problem = actionProblem(definition);
	if (problem) throw new Error(`Action ${problem.field} ${problem.problem}`);
	const d = definition;
	const body: IDataObject = { node_id: d.nodeId, name: d.name, description: d.description, type: d.type };
	if (d.inputs !== undefined) {
		body.inputs = d.inputs.map((input) => ({
			name: input.name.trim(),
			type: input.type,
			required: input.required,
			...(input.description !== undefined && input.description !== '' ? { description: input.description } : {}),
			...(input.value !== undefined ? { value: input.value } : {}),
		}));
	}
	if (d.integrationId !== undefined && d.integrationId !== '') body.integration = { id: d.integrationId };
	const optional: Array<[keyof ActionDefinition, string]> = [
		['url', 'url'],
		['authorizationUrl', 'authorization_url'],
		['authorizationScheme', 'authorization_scheme'],
		['speakOnSend', 'speak_on_send'],
		['speakOnReceive', 'speak_on_receive'],
		['executionMode', 'execution_mode'],
		['holdDuration', 'hold_duration'],
		['transferTo', 'transfer_to'],
		['currentStatus', 'current_status'],
	];
	for (const [field, key] of optional) if (d[field] !== undefined && d[field] !== '') body[key] = d[field] as string | number;
	if (d.customHeaders !== undefined) body.custom_headers = d.customHeaders.map(({ key, value }) => ({ key, value }));
	return body;
}

// ---- secrets in answers ----

/** Header values are masked by the one masking step (secrets/mask.ts); re-exported for Agent → Get. */
export { MASKED, maskActionSecrets } from './secrets/mask';
