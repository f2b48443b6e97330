/**
 * When a listed call rang and ended (nodes/shared/answers/callMoments.ts), read from the entry as callList's reader
 * gives it: `created_at`, `delay_seconds`, `updated_at`, `duration`, each optional but the first.
 */
import { callMoments, CREATED_BEFORE_ITS_END_MS, MAX_DELAY_MS, UNKNOWN_LENGTH_MS } from '../../../nodes/shared/answers/callMoments';
import { readCallEntry } from '../../../nodes/shared/answers/callList';

const T = Date.UTC(2026, 0, 15, 8, 10, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const moments = (fields: Record<string, unknown>) => callMoments(readCallEntry({ to: '+15550000001', created_at: iso(T), ...fields }));

describe('a listed call’s moments', () => {
	test('delayed by 3000 s, ended at updated_at: rang at 09:00 at the earliest, its last moment 09:04', () => {
		expect(moments({ delay_seconds: 3000, duration: 240, updated_at: iso(T + 54 * 60_000) })).toEqual({ requestedAt: T, earliestRing: T + 3_000_000, latestRing: T + 3_000_000, latestEnd: T + 54 * 60_000, latest: T + 54 * 60_000 });
	});

	test('an updated_at earlier than its delay and duration allow: the end they give', () => {
		expect(moments({ delay_seconds: 600, duration: 120, updated_at: iso(T) }).latest).toBe(T + 720_000);
	});

	test.each([
		['no updated_at', {}],
		['a zone-less updated_at', { updated_at: '2026-01-15 08:12:00' }],
		['an updated_at that is no time', { updated_at: 'soon' }],
		['an updated_at before its creation', { updated_at: iso(T - 1000) }],
	])('%s, no delay, no duration: it may have rung an hour later and lasted an hour', (_name, fields) => {
		expect(moments(fields)).toMatchObject({ earliestRing: T, latestRing: T + MAX_DELAY_MS, latest: T + MAX_DELAY_MS + UNKNOWN_LENGTH_MS });
	});

	test('no updated_at, a delay and a duration (seconds, as a number or a text): its end is its creation plus both', () => {
		expect(moments({ delay_seconds: 60, duration: 30 }).latest).toBe(T + 90_000);
		expect(moments({ delay_seconds: '60', duration: '30' }).latest).toBe(T + 90_000);
	});

	test('a delay outside 0–3600 s or a negative duration is read as unknown', () => {
		expect(moments({ delay_seconds: 3601, duration: 0 }).latestRing).toBe(T + MAX_DELAY_MS);
		expect(moments({ delay_seconds: 0, duration: -5 }).latest).toBe(T + UNKNOWN_LENGTH_MS);
	});

	test('an updated_at later than its delay and duration allow: it may have ended as late as updated_at', () => {
		expect(moments({ delay_seconds: 0, duration: 60, updated_at: iso(T + 30 * 60_000) }).latest).toBe(T + 30 * 60_000);
	});

	test('an updated_at equal to its creation, no delay, no duration: it ended when it was requested', () => {
		expect(moments({ updated_at: iso(T) }).latest).toBe(T);
	});

	test('a call that gives only its creation may ring or end as late as a read reaches back for (two hours)', () => {
		expect(moments({}).latest - T).toBe(CREATED_BEFORE_ITS_END_MS);
	});
});
