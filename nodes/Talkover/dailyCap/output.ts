import type { IDataObject } from 'n8n-workflow';

import { isoInZone } from '../callingHours';
import type { ZoneDay } from './day';
import type { DailyCap } from './read';

/**
 * What an item Max Calls per Day did not dial shows (nothing was sent): `{ to, skipped: true, skipReason,
 * callsThatDay, maxCallsPerDay, dayTimeZone, nextAllowedAt, nextAllowedAtUtc }`; `nextAllowedAt` is when the next
 * day starts, in the day's zone with its offset (an n8n Wait node's "At Specified Time" takes it as it is).
 */
export function dayFullOutput(to: string, owner: string, cap: DailyCap, day: ZoneDay, calls: number): IDataObject {
	return {
		to,
		skipped: true,
		skipReason: `Max Calls per Day: ${owner} has ${calls === 1 ? '1 call' : `${calls} calls`} on ${day.date} (${cap.zone}), the most the option allows (${cap.calls}); this call was not placed. The next day starts at ${isoInZone(cap.zone, day.end)}.`,
		callsThatDay: calls,
		maxCallsPerDay: cap.calls,
		dayTimeZone: cap.zone,
		nextAllowedAt: isoInZone(cap.zone, day.end),
		nextAllowedAtUtc: new Date(day.end).toISOString(),
	};
}
