import { dialledNumber } from './dialled';

/** numberKey's answers by digits (at most 10,000, then read again). */
const keys = new Map<string, string>();

/**
 * Compares numbers as the digits of the number Talkover dials (a leading + and any formatting ignored, a
 * national prefix after the calling code taken off as libphonenumber does: `+49 0900 1234567` and
 * `+499001234567` are one number).
 */
export function numberKey(to: string): string {
	const digits = to.replace(/\D/g, '');
	if (digits === '') return '';
	let key = keys.get(digits);
	if (key === undefined) {
		// Every item of a run is compared with every call listed: each number is read once.
		if (keys.size >= 10_000) keys.clear();
		key = dialledNumber(`+${digits}`).slice(1);
		keys.set(digits, key);
	}
	return key;
}
