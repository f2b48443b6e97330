import type { IDataObject, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clip } from './transport/shownText';

/**
 * Input checks that run before any request is sent. Limits are read from the operation's own
 * property definitions (minValue/maxValue, numberPrecision, options), so each limit is written once,
 * in the description the user sees.
 */

/** What the checks need of n8n's context: the node, for the error. */
type Ctx = { getNode(): INode };

export type ParameterValue = string | number | boolean | string[] | IDataObject;

export interface CheckOptions {
	/** `options` parameters whose API field is free text: the options are suggestions, any string is accepted. */
	freeText?: boolean;
	/** Longest string accepted (the API's "max 255 characters"). */
	maxLength?: number;
}

/** Longest value shown whole in a message; a longer one is cut, with its length. */
const SHOW_AT = 40;

/**
 * The length of a text in characters as Talkover counts them: Talkover is a Laravel application (its
 * 422 answers are Laravel's "The given data was invalid."), whose `max:` rule counts with mb_strlen,
 * i.e. Unicode code points. JavaScript's `length` counts UTF-16 units: an emoji would count twice.
 */
export function characters(text: string): number {
	return Array.from(text).length;
}

/** The first `count` characters (code points) of a text: never half an emoji. */
export function firstCharacters(text: string, count: number): string {
	return Array.from(text).slice(0, count).join('');
}

/** A value as a message shows it: a text in quotes, anything else as JSON, cut when long. */
export function show(value: unknown): string {
	if (typeof value === 'string') {
		// clip()'s mark inside the quotes: the masking step finds a secret cut there (secrets/mask.ts).
		return `"${clip(value, SHOW_AT)}"`;
	}
	// JSON would show Infinity and NaN (from an expression such as 1/0) as null.
	if (typeof value === 'number') return String(value);
	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return clip(text, SHOW_AT);
}

/** A number written in decimal (`12`, `-0.5`, `1e3`): not `0x10`, `0b11`, `0o17`, `Infinity` or `1_000`. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Deepest nesting accepted in a JSON field (Payload, Context, Flow Configuration). */
export const MAX_JSON_DEPTH = 100;

/** A key n8n's HTTP client drops from a JSON body without a word (it would set the prototype). */
export const UNSENDABLE_KEY = '__proto__';

/**
 * What is wrong with a parsed JSON value for a request body, walked without recursion (a value nested
 * 100,000 levels deep must not overflow the stack): too deep, or a key that would be dropped.
 */
function jsonProblem(value: unknown, max: number): string | undefined {
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length) {
		const [current, depth] = stack.pop()!;
		if (current === null || typeof current !== 'object') continue;
		if (depth > max) return `is nested more than ${max} levels deep`;
		if (Object.prototype.hasOwnProperty.call(current, UNSENDABLE_KEY)) {
			return `contains the key "${UNSENDABLE_KEY}", which cannot be sent (n8n's HTTP client drops it)`;
		}
		for (const child of Object.values(current as object)) stack.push([child, depth + 1]);
	}
	return undefined;
}

/** The error for a bad value: names the field, its parameter and the item (none outside an execution). */
export function invalidInput(
	ctx: Ctx,
	itemIndex: number | undefined,
	property: Pick<INodeProperties, 'displayName' | 'name'>,
	problem: string,
): NodeOperationError {
	if (itemIndex === undefined) {
		return new NodeOperationError(ctx.getNode(), `${property.displayName}: ${problem}`, {
			description: `Check the "${property.displayName}" field (parameter "${property.name}"). Nothing was sent to Talkover.`,
		});
	}
	return new NodeOperationError(ctx.getNode(), `${property.displayName} (item ${itemIndex}): ${problem}`, {
		itemIndex,
		description: `Check the "${property.displayName}" field (parameter "${property.name}") for item ${itemIndex}. Nothing was sent to Talkover for this item.`,
	});
}

/** Finds a property by name at the top level of a description or inside one of its collections. */
export function findProperty(description: INodeProperties[], name: string, collection?: string): INodeProperties {
	const list = collection
		? ((description.find((p) => p.name === collection)?.options ?? []) as INodeProperties[])
		: description;
	const property = list.find((p) => p.name === name);
	if (!property) throw new Error(`No property "${name}" in the description`);
	return property;
}

function checkNumber(ctx: Ctx, i: number, p: INodeProperties, value: unknown): number {
	const min = p.typeOptions?.minValue;
	const max = p.typeOptions?.maxValue;
	const integer = p.typeOptions?.numberPrecision === 0;
	const range =
		min !== undefined && max !== undefined
			? ` from ${min} to ${max}`
			: min !== undefined
				? ` of at least ${min}`
				: max !== undefined
					? ` of at most ${max}`
					: '';
	const expected = `${integer ? 'a whole number' : 'a number'}${range}`;
	let n: number;
	if (typeof value === 'number') n = value;
	// Number() ignores the spaces around the text, as DECIMAL is tested on the trimmed text.
	else if (typeof value === 'string' && DECIMAL.test(value.trim())) n = Number(value);
	else throw invalidInput(ctx, i, p, `${show(value)} is not a number; expected ${expected}`);
	if (!Number.isFinite(n)) throw invalidInput(ctx, i, p, `${show(value)} is not a number; expected ${expected}`);
	if (integer && !Number.isInteger(n)) throw invalidInput(ctx, i, p, `${show(value)} is not ${expected}`);
	if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
		throw invalidInput(ctx, i, p, `${show(value)} is out of range; expected ${expected}`);
	}
	return n;
}

function checkBoolean(ctx: Ctx, i: number, p: INodeProperties, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && ['true', 'false'].includes(value.trim().toLowerCase())) {
		return value.trim().toLowerCase() === 'true';
	}
	throw invalidInput(ctx, i, p, `${show(value)} is not true or false`);
}

function checkString(ctx: Ctx, i: number, p: INodeProperties, value: unknown, maxLength?: number): string {
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string') throw invalidInput(ctx, i, p, `${show(value)} is not text`);
	if (p.required && value.trim() === '') throw invalidInput(ctx, i, p, 'is required but empty');
	if (maxLength !== undefined && characters(value) > maxLength) {
		throw invalidInput(ctx, i, p, `is ${characters(value)} characters long; at most ${maxLength} are allowed`);
	}
	return value;
}

function checkOption(ctx: Ctx, i: number, p: INodeProperties, value: unknown, options: CheckOptions): string {
	const allowed = ((p.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
	if (options.freeText) {
		const text = checkString(ctx, i, { ...p, required: true }, value, options.maxLength ?? 255);
		return text.trim();
	}
	if (typeof value !== 'string' || !allowed.includes(value)) {
		throw invalidInput(ctx, i, p, `${show(value)} is not one of the allowed values: ${allowed.join(', ')}`);
	}
	return value;
}

function checkJsonObject(ctx: Ctx, i: number, p: INodeProperties, value: unknown): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw invalidInput(ctx, i, p, 'is required but empty');
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw invalidInput(ctx, i, p, `is not valid JSON (${(error as Error).message})`);
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw invalidInput(ctx, i, p, 'must be a JSON object ({ ... })');
	}
	const problem = jsonProblem(parsed, MAX_JSON_DEPTH);
	if (problem) throw invalidInput(ctx, i, p, problem);
	return parsed as IDataObject;
}

/**
 * A list field's value that is not an empty text: an empty text, or only commas and spaces (an
 * expression over an empty CRM field), is refused rather than sent as an empty list, which would replace, so remove, everything the
 * list holds. An empty list is sent only when it is one: `{{ [] }}`, or nothing chosen in a multi-select.
 */
export function notEmptyText<T>(ctx: Ctx, itemIndex: number, property: Pick<INodeProperties, 'displayName' | 'name'>, value: T): T {
	if (typeof value === 'string' && value.replace(/[\s,]/g, '') === '') {
		throw invalidInput(ctx, itemIndex, property, 'is an empty text; leave the field out to keep what is there, or give an empty list ({{ [] }}) or choose none in the list to remove them all');
	}
	return value;
}

/**
 * A list of texts from an expression's array or a text of entries separated by commas or new lines. An
 * empty list is sent only when it is one (`{{ [] }}`): an empty text is refused (see `notEmptyText`), and so is
 * an empty entry (`{{ [$json.phone] }}` over an empty CRM field, `{{ [" "] }}`, `a,,b`), named by its position:
 * dropping it would send less than was meant, or an empty list that removes everything there.
 */
export function readTextList(ctx: Ctx, itemIndex: number, property: Pick<INodeProperties, 'displayName' | 'name'>, value: unknown): string[] {
	const list: unknown[] = Array.isArray(value) ? value : String(notEmptyText(ctx, itemIndex, property, value ?? '')).trim().split(/\s*[,\n]\s*/);
	return list.map((entry, index) => {
		if (entry !== null && entry !== undefined && typeof entry !== 'string' && typeof entry !== 'number') {
			throw invalidInput(ctx, itemIndex, property, `entry ${index + 1} is ${show(entry)}, not a text`);
		}
		const text = String(entry ?? '').trim();
		if (text === '') throw invalidInput(ctx, itemIndex, property, `entry ${index + 1} is empty; remove it, or leave the field out to keep what is there`);
		return text;
	});
}

/**
 * A list of IDs from a multi-select, or from an expression as an array or a comma-separated string. An
 * empty list is sent only when it is one (nothing chosen, or `{{ [] }}`): an empty text (an empty CRM
 * field in an expression) is refused, since an empty list replaces, and so removes, everything there.
 */
function checkIdList(ctx: Ctx, i: number, p: INodeProperties, value: unknown): string[] {
	let list: unknown[];
	if (Array.isArray(value)) list = value;
	else if (typeof value === 'string') list = notEmptyText(ctx, i, p, value).split(',');
	else throw invalidInput(ctx, i, p, `${show(value)} is not a list of IDs`);
	return list.map((id, index) => {
		if (typeof id !== 'string' && typeof id !== 'number') throw invalidInput(ctx, i, p, `${show(id)} is not an ID`);
		const text = String(id).trim();
		if (text === '') throw invalidInput(ctx, i, p, `contains an empty ID (entry ${index + 1})`);
		return text;
	});
}

/** Checks one parameter value against its own property definition and returns it in the API's type. */
export function checkParameter(
	ctx: Ctx,
	itemIndex: number,
	property: INodeProperties,
	value: unknown,
	options: CheckOptions = {},
): ParameterValue {
	switch (property.type) {
		case 'number':
			return checkNumber(ctx, itemIndex, property, value);
		case 'boolean':
			return checkBoolean(ctx, itemIndex, property, value);
		case 'options':
			return checkOption(ctx, itemIndex, property, value, options);
		case 'json':
			return checkJsonObject(ctx, itemIndex, property, value);
		case 'multiOptions':
			return checkIdList(ctx, itemIndex, property, value);
		default:
			return checkString(ctx, itemIndex, property, value, options.maxLength);
	}
}
