import type { IDataObject } from 'n8n-workflow';

import { kindOf } from '../transport/answer';
import { clip } from '../transport/shownText';
import { AnswerProblem } from './reader';

/** A currency as Talkover writes it: a three-letter code (ISO 4217), `USD` on the pricing and balance pages. */
const CURRENCY = /^[A-Za-z]{3}$/;

/**
 * Checks the money fields a workflow decides with (`what` names the object in the message): `currency`, a
 * three-letter code, and each amount field a JSON number (at least `min` when given). Anything else is an
 * AnswerProblem: an amount is never read from a guess.
 */
export function checkMoney(value: IDataObject, what: string, amounts: Array<{ field: string; min?: number; means: string }>): void {
	const currency = value.currency;
	if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
		const given = typeof currency === 'string' ? `"${clip(currency, 40)}"` : kindOf(currency);
		throw new AnswerProblem(`the ${what}'s currency is ${given}, not a currency code such as USD`);
	}
	for (const { field, min, means } of amounts) {
		const amount = value[field];
		if (typeof amount !== 'number' || !Number.isFinite(amount) || (min !== undefined && amount < min)) {
			const given = typeof amount === 'number' ? String(amount) : typeof amount === 'string' ? `the text "${clip(amount, 40)}"` : kindOf(amount);
			throw new AnswerProblem(`the ${what}'s ${field} is ${given}, not ${means}`);
		}
	}
}
