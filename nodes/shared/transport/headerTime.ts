/**
 * A point in time in a response header (`Retry-After`, `Date`, `X-RateLimit-Reset`): an HTTP-date
 * (RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms, all three in GMT), or ISO
 * 8601 with its zone. Anything else is no time: JavaScript's Date.parse would read a time without a zone
 * in the n8n machine's own zone, a guess that moves the wait by hours.
 */
import { apiInstantMs } from '../dates';

const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** The instant of a GMT date and time, when that day and time exist (no 31 February, no 25:00). */
function utc(year: number, month: string, day: string, hours: string, minutes: string, seconds: string): number | undefined {
	const m = MONTHS.indexOf(month);
	const [d, h, min, s] = [day, hours, minutes, seconds].map((part) => Number(part.trim()));
	const at = Date.UTC(year, m, d, h, min, s);
	const back = new Date(at);
	const exists = back.getUTCFullYear() === year && back.getUTCMonth() === m && back.getUTCDate() === d && h < 24 && min < 60 && s < 60;
	return exists ? at : undefined;
}

/** The instant in ms since the epoch, or undefined when `value` is none of the forms above. */
export function headerTimeMs(value: string): number | undefined {
	const text = value.trim();
	let match = IMF_FIXDATE.exec(text);
	if (match) return utc(Number(match[3]), match[2], match[1], match[4], match[5], match[6]);
	match = RFC_850.exec(text);
	// A two-digit year: the most recent year ending in those digits that is not more than 50 years ahead
	// (RFC 9110); the page's hints are about now, so 00–69 is read as 20xx.
	if (match) return utc(Number(match[3]) + (Number(match[3]) < 70 ? 2000 : 1900), match[2], match[1], match[4], match[5], match[6]);
	match = ASCTIME.exec(text);
	if (match) return utc(Number(match[6]), match[1], match[2], match[3], match[4], match[5]);
	return apiInstantMs(text);
}
