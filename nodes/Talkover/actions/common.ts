import type { IDataObject, IDisplayOptions, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { checkAgentId, checkParameter, findProperty, invalidInput, readFilters } from '../helpers/validation';
import { apiPath, getList, talkoverRequest, unwrap } from '../transport';

/**
 * What every operation file exports. `prepare` only reads and checks the item's parameters and
 * throws a clear error for bad input; the router runs it for every item before `execute` sends
 * anything, so a bad item never leaves half of a run sent.
 */
export interface TalkoverOperation<Prepared> {
	description: INodeProperties[];
	/** Never send this item's request twice (POSTs that create, call or change state). */
	sendsOnce?: boolean;
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared;
	execute(this: IExecuteFunctions, prepared: Prepared, itemIndex: number): Promise<IDataObject[]>;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Extracts the agent ID from a Talkover app URL that contains `/agents/<uuid>`. */
export const AGENT_URL_REGEX = `^https?://[^\\s]*?/agents?/(${UUID})`;
// n8n anchors validation patterns itself (^…$), so this one must match the whole URL.
const AGENT_URL_VALIDATION = `https?://[^\\s]*?/agents?/${UUID}(?:[/?#][^\\s]*)?`;

export function agentLocator(show?: IDisplayOptions['show']): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Agent',
		name: 'agentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Talkover voice agent',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an agent...',
				typeOptions: { searchListMethod: 'searchAgents', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '550e8400-e29b-41d4-a716-446655440000',
				validation: [
					{
						type: 'regex',
						properties: { regex: `\\s*${UUID}\\s*`, errorMessage: 'Not a valid agent ID (expected a UUID)' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.talkover.ai/agents/550e8400-e29b-41d4-a716-446655440000',
				extractValue: { type: 'regex', regex: AGENT_URL_REGEX },
				validation: [
					{
						type: 'regex',
						properties: { regex: AGENT_URL_VALIDATION, errorMessage: 'Not a Talkover agent URL (…/agents/<agent ID>)' },
					},
				],
			},
		],
	};
	return show ? { ...property, displayOptions: { show } } : property;
}

export const DIRECTION_OPTIONS = [
	{ name: 'Inbound', value: 'inbound' },
	{ name: 'Outbound', value: 'outbound' },
];

/** The phone-number multi-select (loaded from Talkover, or IDs from an expression). */
export function phoneNumberIdsField(purpose: string): INodeProperties {
	return {
		displayName: 'Phone Number Names or IDs',
		name: 'phoneNumberIds',
		type: 'multiOptions',
		default: [],
		description: `${purpose} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
		typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
	};
}

export function getAgentId(this: IExecuteFunctions, itemIndex: number): string {
	const value = this.getNodeParameter('agentId', itemIndex, '', { extractValue: true });
	return checkAgentId(this, itemIndex, { displayName: 'Agent', name: 'agentId' }, value);
}

export function agentNotFound(agentId: string): string {
	return `Agent not found: Talkover has no agent with ID ${agentId} for this token's environment`;
}

/** Reads an agent resource locator value found inside a collection (e.g. Filters → Agent). */
export function agentIdFromLocator(this: IExecuteFunctions, itemIndex: number, value: unknown, label: string): string {
	const locator = value as { mode?: string; value?: unknown } | string | undefined;
	let id: unknown = typeof locator === 'object' && locator !== null ? locator.value : locator;
	if (typeof locator === 'object' && locator?.mode === 'url' && typeof id === 'string') {
		id = new RegExp(AGENT_URL_REGEX).exec(id)?.[1] ?? id;
	}
	return checkAgentId(this, itemIndex, { displayName: label, name: 'agentId' }, id);
}

export function returnAllAndLimit(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			description: 'Max number of results to return',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

export interface ListOptions {
	returnAll: boolean;
	limit: number;
}

export interface ListRequest extends ListOptions {
	qs: IDataObject;
}

/**
 * `prepare` and `execute` of a Get Many: Return All / Limit, the Filters as query parameters
 * (`special` reads the filters that need more than their definition), and the pages of `path`.
 */
export function listOperation(
	path: string,
	description: INodeProperties[],
	special?: (ctx: IExecuteFunctions, itemIndex: number) => Record<string, (value: unknown) => unknown>,
): Pick<TalkoverOperation<ListRequest>, 'prepare' | 'execute'> {
	return {
		prepare(itemIndex) {
			return {
				...readReturnAllAndLimit.call(this, itemIndex, description),
				qs: readFilters(this, itemIndex, description, special?.(this, itemIndex)),
			};
		},
		async execute({ qs, returnAll, limit }, itemIndex) {
			return await getList.call(this, path, qs, { returnAll, limit, itemIndex });
		},
	};
}

function readReturnAllAndLimit(this: IExecuteFunctions, itemIndex: number, description: INodeProperties[]): ListOptions {
	const returnAll = checkParameter(this, itemIndex, findProperty(description, 'returnAll'), this.getNodeParameter('returnAll', itemIndex)) as boolean;
	const limit = returnAll
		? 0
		: (checkParameter(this, itemIndex, findProperty(description, 'limit'), this.getNodeParameter('limit', itemIndex, 50)) as number);
	return { returnAll, limit };
}

/** A key/value list field ("Payload (Key/Value)") and its JSON twin, read into one object. */
export function keyValueField(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Value',
		description,
		options: [
			{
				displayName: 'Value',
				name: 'values',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

export function readKeyValues(
	this: IExecuteFunctions,
	itemIndex: number,
	property: INodeProperties,
	value: unknown,
): IDataObject {
	const pairs = ((value as IDataObject | undefined)?.values ?? []) as Array<{ key?: unknown; value?: unknown }>;
	const result: IDataObject = {};
	for (const pair of pairs) {
		const key = typeof pair.key === 'string' ? pair.key.trim() : '';
		if (key === '') throw invalidInput(this, itemIndex, property, 'has a value without a key');
		if (key in result) throw invalidInput(this, itemIndex, property, `has the key "${key}" twice`);
		result[key] = pair.value as IDataObject[string];
	}
	return result;
}

/**
 * An operation whose only input is the agent: `METHOD /api/v1/agents/{id}[/suffix]`, output Talkover's data.
 * Used by Agent → Get, Publish, Unpublish and Flow → Get.
 */
export function agentOnlyOperation(
	resource: string,
	operation: string,
	method: IHttpRequestMethods,
	suffix: '' | 'publish' | 'unpublish' | 'flow',
): TalkoverOperation<string> {
	return {
		description: [agentLocator({ resource: [resource], operation: [operation] })],
		sendsOnce: method === 'POST',
		prepare(itemIndex) {
			return getAgentId.call(this, itemIndex);
		},
		async execute(agentId, itemIndex) {
			const path = suffix ? apiPath`/agents/${agentId}/${suffix}` : apiPath`/agents/${agentId}`;
			const response = await talkoverRequest.call(this, method, path, { itemIndex, notFoundMessage: agentNotFound(agentId) });
			return [unwrap(response.body) as IDataObject];
		},
	};
}
