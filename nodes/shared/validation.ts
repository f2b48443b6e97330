import type { IDataObject, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

function show(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	// JSON would show Infinity and NaN (from an expression such as 1/0) as null.
	if (typeof value === 'number') return String(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
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
		min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : '';
	const expected = `${integer ? 'a whole number' : 'a number'}${range}`;
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value.trim()))) n = Number(value.trim());
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
	if (maxLength !== undefined && value.length > maxLength) {
		throw invalidInput(ctx, i, p, `is ${value.length} characters long; at most ${maxLength} are allowed`);
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
	return parsed as IDataObject;
}

/** A list of IDs from a multi-select, or from an expression as an array or a comma-separated string. */
function checkIdList(ctx: Ctx, i: number, p: INodeProperties, value: unknown): string[] {
	let list: unknown[];
	if (Array.isArray(value)) list = value;
	else if (typeof value === 'string') list = value.trim() === '' ? [] : value.split(',');
	else throw invalidInput(ctx, i, p, `${show(value)} is not a list of IDs`);
	return list.map((id) => {
		if (typeof id !== 'string' && typeof id !== 'number') throw invalidInput(ctx, i, p, `${show(id)} is not an ID`);
		const text = String(id).trim();
		if (text === '') throw invalidInput(ctx, i, p, 'contains an empty ID');
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

/**
 * Phone numbers as users paste them (`+1 (555) 123-4567`, `+55 11 91234-5678`) → E.164 (`+15551234567`).
 * Spaces, dashes, dots and brackets are dropped; anything else, or a number without the leading `+` and
 * country code, is refused rather than guessed.
 */
export function normalizePhone(
	ctx: Ctx,
	itemIndex: number,
	property: Pick<INodeProperties, 'displayName' | 'name'>,
	value: unknown,
): string {
	const example = 'use the international format with + and the country code, e.g. +15551234567';
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidInput(ctx, itemIndex, property, `is required but empty; ${example}`);
	}
	const compact = value.trim().replace(/[\s\-.()]/g, '');
	if (!/^\+\d+$/.test(compact)) {
		const problem = /^\d+$/.test(compact) ? 'has no leading + and country code' : 'contains characters a phone number cannot have';
		throw invalidInput(ctx, itemIndex, property, `${show(value)} ${problem}; ${example}`);
	}
	if (!/^\+[1-9]\d{6,14}$/.test(compact)) {
		throw invalidInput(ctx, itemIndex, property, `${show(value)} is not a valid E.164 number (7 to 15 digits after +, not starting with 0); ${example}`);
	}
	return compact;
}
