/**
 * The first moment the hours allow in every zone a number may be in (nodes/Talkover/callingHours/allowed.ts),
 * searched SEARCH_WEEKS (53) weeks ahead, that last instant included.
 */
import type { CallingHoursRule } from '../../../nodes/Talkover/callingHours';
import { isoInZone } from '../../../nodes/Talkover/callingHours';
import { nextAllowedInEvery, SEARCH_WEEKS } from '../../../nodes/Talkover/callingHours/allowed';

const rule: CallingHoursRule = { days: ['sunday'], from: 9 * 60, to: 9 * 60 + 30 };
const SPAN = SEARCH_WEEKS * 7 * 86_400_000;

describe('Moscow and Minsk, an hour apart from March 2011 until Moscow went back to +03:00 on 26 October 2014', () => {
	// Sunday 26 October 2014, 09:00 in both: the first minute of Sundays 09:00–09:30 both clocks show.
	const together = Date.parse('2014-10-26T06:00:00Z');

	test('asked exactly 53 weeks before: found, the last instant of the search included', () => {
		expect(nextAllowedInEvery(rule, ['Europe/Moscow', 'Europe/Minsk'], together - SPAN)).toBe(together);
		expect(isoInZone('Europe/Moscow', together)).toBe('2014-10-26T09:00:00+03:00');
	});

	test('asked a millisecond earlier: beyond the search, no moment (never a made-up one)', () => {
		expect(nextAllowedInEvery(rule, ['Europe/Moscow', 'Europe/Minsk'], together - SPAN - 1)).toBeUndefined();
	});
});
