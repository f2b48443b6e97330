import { clip } from '../transport/shownText';
import { AnswerProblem } from './reader';

/**
 * How Talkover writes a moment in its answers. The pages call each time field an "ISO 8601 timestamp"
 * and every example is `2024-01-01T00:00:00Z`; openapi.json types them `format: date-time`, i.e. RFC 3339
 * (section 5.6): a date, `T` (or `t`, or a space, RFC 3339's note), a time with optional fraction, and
 * always an offset, `Z` or `±hh:mm`. ISO 8601's basic offsets (`+0000`, `+00`, PHP's DATE_ISO8601) say the
 * zone as exactly, so they are read too. A time without an offset (`2024-01-01T00:00:00`,
 * `2024-01-01 00:00:00`) names no zone: reading it in the n8n server's zone would be a guess (a lead called
 * 10 minutes ago in Tokyo is "9 hours ago" in UTC), so it is an AnswerProblem, never a guess.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;

function daysIn(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The moment (epoch ms) a Talkover time field holds, read exactly, whatever the n8n server's zone; undefined when
 * it holds no time as Talkover writes them (readTalkoverTime says why).
 */
export function talkoverTimeIn(value: unknown): number | undefined {
	const match = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s, fraction, z, sign, oh, om] = match;
	const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
	const offsetMinutes = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om ?? '0'));
	if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60 || Number(oh ?? '0') > 23 || Number(om ?? '0') > 59) return undefined;
	const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
	return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/**
 * The moment (epoch ms) a Talkover time field holds, read exactly, whatever the n8n server's zone.
 * `what` names the field for the problem, e.g. "a call's creation time (created_at)".
 */
export function readTalkoverTime(value: unknown, what: string): number {
	const at = talkoverTimeIn(value);
	if (at !== undefined) return at;
	if (typeof value !== 'string') throw new AnswerProblem(`${what} is not a text (Talkover documents times such as 2024-01-01T00:00:00Z)`);
	if (value.trim() === '') throw new AnswerProblem(`${what} is missing`);
	if (ZONELESS.test(value)) {
		throw new AnswerProblem(`${what} "${clip(value, 80)}" names no time zone, so the moment it means cannot be known without a guess (Talkover documents times with one, e.g. 2024-01-01T00:00:00Z)`);
	}
	throw new AnswerProblem(`${what} "${clip(value, 80)}" is not a date and time (Talkover documents times such as 2024-01-01T00:00:00Z)`);
}
