import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ListLimits } from '../../shared/transport';
import { checkParameter, findProperty, invalidInput, UNSENDABLE_KEY } from '../../shared/validation';

/**
 * Fields that several operations show, each next to its reader, and the reader of a collection
 * (Additional Fields, Filters) through an operation's explicit parameter → API field map.
 */

/** Parameter name → the API's field name. Written out in each operation: renaming a field in the UI never changes a request. */
export type ApiFields = Readonly<Record<string, string>>;

/** A resource's Operation parameter: each operation's label, value (public API), description and action. */
export function operationField(resource: string, defaultValue: string, options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultValue,
	};
}

/** Call statuses (List Calls, Get Agent Calls). */
export const CALL_STATUS_OPTIONS = [
	{ name: 'Answered', value: 'answered' },
	{ name: 'Busy', value: 'busy' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Initiated', value: 'initiated' },
	{ name: 'No Answer', value: 'no-answer' },
	{ name: 'Ringing', value: 'ringing' },
];

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

/**
 * What a Delete's item says when Talkover answered 404 to a retry of the DELETE after an unclear answer
 * (a 5xx, a dropped connection): the first attempt may have deleted it, so it is gone, not "not found".
 */
export function goneAfterRetryNote(noun: string): string {
	return `Talkover answered "not found" when the delete was sent again after an unclear answer: the ${noun} is gone (deleted by the first attempt, or gone before it)`;
}

/** Return All and Limit of a Get Many. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		description: 'Max number of results to return',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** What a Get Many sends: its limits and its query (the Filters). */
export interface ListRequest extends ListLimits {
	qs: IDataObject;
}

export function readListLimits(this: IExecuteFunctions, itemIndex: number): ListLimits {
	const returnAll = checkParameter(this, itemIndex, findProperty(returnAllAndLimit, 'returnAll'), this.getNodeParameter('returnAll', itemIndex)) as boolean;
	const limit = returnAll
		? 0
		: (checkParameter(this, itemIndex, findProperty(returnAllAndLimit, 'limit'), this.getNodeParameter('limit', itemIndex, 50)) as number);
	return { returnAll, limit };
}

export interface CollectionReading {
	/** Readers for fields that need more than their definition (agent, dates, phone). */
	special?: Record<string, (value: unknown) => unknown>;
	/** Leave out fields whose value is an empty text (filters: "no filter"). */
	omitEmpty?: boolean;
}

/**
 * Reads a collection parameter (Additional Fields, Filters): each field the user added, checked against
 * its definition (or by `special`) and put under its API name from `fields`.
 */
export function readCollection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	description: INodeProperties[],
	collection: string,
	fields: ApiFields,
	{ special = {}, omitEmpty = false }: CollectionReading = {},
): IDataObject {
	const values = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const result: IDataObject = {};
	for (const [name, value] of Object.entries(values)) {
		const checked = special[name] ? special[name](value) : checkParameter(ctx, itemIndex, findProperty(description, name, collection), value);
		if (!(name in fields)) throw new Error(`No API field for the parameter "${collection}.${name}"`);
		if (!(omitEmpty && checked === '')) result[fields[name]] = checked as IDataObject[string];
	}
	return result;
}

/** A key/value list field ("Payload (Key/Value)"), read with readKeyValues. */
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
		if (key === UNSENDABLE_KEY) throw invalidInput(this, itemIndex, property, `the key "${key}" cannot be sent (n8n's HTTP client drops it)`);
		// Own keys only: "constructor" or "toString" are keys like any other.
		if (Object.prototype.hasOwnProperty.call(result, key)) throw invalidInput(this, itemIndex, property, `has the key "${key}" twice`);
		Object.defineProperty(result, key, { value: pair.value, enumerable: true, writable: true, configurable: true });
	}
	return result;
}

/**
 * An object field twice: as key/value pairs (`name`) and as a JSON object (`<name>Json`). Payload and
 * Context of Make Call and Campaign → Add Call.
 */
export function objectFields(name: 'payload' | 'context', displayName: string, description: string): INodeProperties[] {
	return [
		keyValueField(name, `${displayName} (Key/Value)`, description),
		{
			displayName: `${displayName} (JSON)`,
			name: `${name}Json`,
			type: 'json',
			default: '{}',
			description: `The same as ${displayName} (Key/Value), as a JSON object; both may be used, key/value pairs win`,
		},
	];
}

export const PAYLOAD_DESCRIPTION = "Values for the placeholders in the agent's prompt, e.g. first_name, to personalise the conversation";
export const CONTEXT_DESCRIPTION = 'Your own data, e.g. the CRM record ID: not used in the conversation, sent back in every webhook event of this call';

/** Payload or Context from a collection: the JSON object, then the key/value pairs over it (undefined when neither is set). */
export function readObjectField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: INodeProperties[],
	collection: string,
	values: IDataObject,
	name: 'payload' | 'context',
): IDataObject | undefined {
	if (values[name] === undefined && values[`${name}Json`] === undefined) return undefined;
	const json =
		values[`${name}Json`] === undefined
			? {}
			: (checkParameter(ctx, itemIndex, findProperty(properties, `${name}Json`, collection), values[`${name}Json`]) as IDataObject);
	const pairs = readKeyValues.call(ctx, itemIndex, findProperty(properties, name, collection), values[name]);
	return { ...json, ...pairs };
}

/** The number to dial (Make Call, Campaign → Add Call), read with normalizePhone. */
export const toField: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	required: true,
	default: '',
	placeholder: '+15551234567',
	description:
		'The number to call, in international format with + and country code. Spaces, dashes, dots and brackets are removed, so "+1 (555) 123-4567" works.',
};

/** Test Call (Make Call, Campaign → Add Call): `is_testing`. */
export const isTestingField: INodeProperties = {
	displayName: 'Test Call (No Charge)',
	name: 'isTesting',
	type: 'boolean',
	default: false,
	description: 'Whether Talkover marks the call as a test: test calls use no credits and are left out of analytics',
};
