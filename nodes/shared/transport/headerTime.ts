/**
 * A point in time in a response header (`Retry-After`, `Date`, `X-RateLimit-Reset`), read only when it
 * says its zone: an HTTP-date (RFC 9110 §5.6.7: IMF-fixdate and the obsolete RFC 850 and asctime forms,
 * all GMT), the same in RFC 5322's wider form (day name optional, one-digit day, any letter case, the zone
 * GMT, UT, UTC, Z, ±hhmm, ±hh:mm or a US zone name), or ISO 8601 with its zone (`T` or a space between
 * day and time). Anything else is no time: JavaScript's Date.parse would read a time without a zone in
 * the n8n machine's own zone, a guess that moves the wait by hours.
 */
import { apiInstantMs } from '../dates';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2})(?::(\\d{2}))?';
const ZONE = '(gmt|ut|utc|z|[ecmp][sd]t|[+-]\\d{2}:?\\d{2})';
/** RFC 5322's zone names (obs-zone) in minutes east of UTC. */
const NAMED_ZONES: Record<string, number> = { gmt: 0, ut: 0, utc: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };

/** IMF-fixdate and RFC 5322: `[Sun, ]06 Nov 1994 08:49:37 GMT`, also with a two-digit year. */
const RFC_5322 = new RegExp(`^(?:[a-z]{3}, )?(\\d{1,2}) ${MONTH} (\\d{4}|\\d{2}) ${TIME} ${ZONE}$`);
/** RFC 850 (obsolete in HTTP): `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC_850 = new RegExp(`^[a-z]{6,9}, (\\d{2})-${MONTH}-(\\d{2}|\\d{4}) ${TIME} ${ZONE}$`);
/** asctime (obsolete in HTTP, GMT by definition): `Sun Nov  6 08:49:37 1994`. */
const ASCTIME = new RegExp(`^[a-z]{3} ${MONTH} (\\d{1,2}) ${TIME} (\\d{4})$`);

/** A two-digit year: the latest year with those digits not more than 50 years after `now` (RFC 9110). */
function fullYear(digits: string, now: number): number {
	if (digits.length === 4) return Number(digits);
	const thisYear = new Date(now).getUTCFullYear();
	let year = thisYear - (thisYear % 100) + Number(digits);
	if (year > thisYear + 50) year -= 100;
	return year;
}

/** Minutes east of UTC of a zone the patterns above matched. */
function zoneMinutes(zone: string): number {
	if (zone in NAMED_ZONES) return NAMED_ZONES[zone];
	const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
	return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** The instant of a date, time and zone, when that day and time exist (no 31 February, no 25:00). */
function instant(year: number, month: string, day: string, hours: string, minutes: string, seconds: string | undefined, zone: string): number | undefined {
	const m = MONTHS.indexOf(month);
	const [d, h, min, s] = [day, hours, minutes, seconds ?? '0'].map(Number);
	const offset = zoneMinutes(zone);
	if (h > 23 || min > 59 || s > 59 || Math.abs(offset) > 24 * 60) return undefined;
	const wall = Date.UTC(year, m, d, h, min, s);
	if (new Date(wall).getUTCDate() !== d) return undefined;
	return wall - offset * 60_000;
}

/**
 * The instant in ms since the epoch, or undefined when `value` does not say a time with its zone.
 * `now` places a two-digit year in its century.
 */
export function headerTimeMs(value: string, now: number): number | undefined {
	const text = value.trim().replace(/\s+/g, ' ').toLowerCase();
	let match = RFC_5322.exec(text) ?? RFC_850.exec(text);
	if (match) return instant(fullYear(match[3], now), match[2], match[1], match[4], match[5], match[6], match[7]);
	match = ASCTIME.exec(text);
	if (match) return instant(Number(match[6]), match[1], match[2], match[3], match[4], match[5], 'gmt');
	return apiInstantMs(value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T'));
}
