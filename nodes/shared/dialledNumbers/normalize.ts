import type { INode, INodeProperties } from 'n8n-workflow';

import { COUNTRIES, LEADING_ZERO_CALLING_CODES } from '../phoneData/countries';
import { invalidInput, show } from '../validation';
import { callingCodeOf } from './callingCode';
import { dialledNumber } from './dialled';

type Ctx = { getNode(): INode };

/**
 * Calling codes after which a bracketed "(0)" cannot be read as the national trunk prefix, from libphonenumber's
 * data (nodes/shared/phoneData): the numbers of the code may start with 0 and none of its countries dials 0 as a
 * trunk prefix (Italy, San Marino and Vatican City, Côte d'Ivoire, Congo, Gabon, Benin, Norway, …), or nobody
 * has the code (+379, which ITU keeps for Vatican City, has no numbers): the 0 may belong to the number.
 */
const LEADING_ZERO_CODES: ReadonlySet<string> = new Set(LEADING_ZERO_CALLING_CODES);
const ASSIGNED_CODES: ReadonlySet<string> = new Set(COUNTRIES.map((country) => country.callingCode));

/**
 * Phone numbers as users paste them (`+1 (555) 123-4567`, `+55 11 91234-5678`) → E.164 (`+15551234567`).
 * Spaces, dashes, dots and brackets are dropped. The national trunk prefix written in brackets right
 * after the country code (`+44 (0)20 7946 0958`, `+49 (030) 1234567`, common in the UK and Germany) is
 * not dialled from abroad, so it is dropped too; where a leading 0 belongs to the number, or a
 * bracketed 0 is elsewhere, the number is refused rather than guessed. So is anything else, or a number
 * without the leading `+` and country code. The result is the number Talkover will dial, as libphonenumber
 * reads it: a national prefix written after the country code without brackets is taken off the same way
 * (`+49 0900 1234567` → `+499001234567`, `+44 07700 900123` → `+447700900123`; dialledNumbers/dialled.ts), so
 * what is sent, shown and checked by every guard is that number.
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
	let text = value.trim();
	// "+44 (0)20 …" / "+49 (030) …": a bracket group right after the country code that starts with 0.
	const trunk = /^\+([\d\s\-.]+?)[\s\-.]*\((0\d*)\)/.exec(text);
	if (trunk) {
		const before = trunk[1].replace(/\D/g, '');
		const code = callingCodeOf(before);
		if (before !== code) {
			throw invalidInput(ctx, itemIndex, property, `${show(value)} has a bracketed 0 that is not right after the country code: write the number in international format, e.g. +15551234567`);
		}
		if (!ASSIGNED_CODES.has(code)) {
			throw invalidInput(ctx, itemIndex, property, `${show(value)} has (${trunk[2]}) after +${code}, which is no country's calling code, so whether the 0 is part of the number is unknown: write the number without brackets`);
		}
		if (LEADING_ZERO_CODES.has(code)) {
			throw invalidInput(ctx, itemIndex, property, `${show(value)} has (${trunk[2]}) after the country code +${code}, where a leading 0 belongs to the number: write the number without brackets`);
		}
		text = `+${code}${trunk[2].slice(1)}${text.slice(trunk[0].length)}`;
	} else if (/\(0/.test(text)) {
		throw invalidInput(ctx, itemIndex, property, `${show(value)} has a bracketed 0 that is not right after the country code: write the number in international format, e.g. +15551234567`);
	}
	const compact = text.replace(/[\s\-.()]/g, '');
	if (!/^\+\d+$/.test(compact)) {
		const problem = /^\d+$/.test(compact) ? 'has no leading + and country code' : 'contains characters a phone number cannot have';
		throw invalidInput(ctx, itemIndex, property, `${show(value)} ${problem}; ${example}`);
	}
	if (!/^\+[1-9]\d{6,14}$/.test(compact)) {
		throw invalidInput(ctx, itemIndex, property, `${show(value)} is not a valid E.164 number (7 to 15 digits after +, not starting with 0); ${example}`);
	}
	const dialled = dialledNumber(compact);
	if (!/^\+[1-9]\d{6,14}$/.test(dialled)) {
		throw invalidInput(ctx, itemIndex, property, `${show(value)} is ${dialled} without its national prefix (as it is dialled), which is not a valid E.164 number (7 to 15 digits after +, not starting with 0); ${example}`);
	}
	return dialled;
}

