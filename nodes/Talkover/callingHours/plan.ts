import type { INode } from 'n8n-workflow';

import type { NumberTimeZone } from '../../shared/dialledNumbers/timeZone';
import { timeZoneOf } from '../../shared/dialledNumbers/timeZone';
import { clock } from '../../shared/transport/clock';
import { leadZone } from './leadZone';
import type { OutsideHours } from './read';
import { readCallingHours } from './read';
import type { CallingHoursRule } from './rule';
import { sameOffsetAt } from './wallClock';

/**
 * Calling Hours for one item, settled before any request: the option read and checked, and the lead's time
 * zone (the Lead's Time Zone field, else the number's zone by libphonenumber's rule, else as When the Time
 * Zone Is Unknown says; refusing fails the item here). A number that may be in several zones showing the
 * same time now (a UK mobile: London, Guernsey, Isle of Man) has the first of them, the others kept in
 * `sameClockAs`: the call is then decided in every one of them. Whether the call may go is asked when it is sent
 * (whenToCall.ts), with the time then. The plan is plain data: the node and the item are given to the step
 * that may fail the item (whenToCall.ts).
 */

type Ctx = { getNode(): INode };

/** Where the lead's time zone came from: the option's field, the number's prefix, or the zone named for unknown ones. */
export type ZoneSource = 'field' | 'number' | 'fallback';

export interface HoursPlan {
	rule: CallingHoursRule;
	/** The lead's IANA time zone. */
	zone: string;
	zoneFrom: ZoneSource;
	/** Outside the hours: skip the item, or (Make Call) delay the call when the hours open within an hour. */
	outsideHours: OutsideHours;
	/** The zone is the number's and the number may be in these zones too (they showed the same time when planned). */
	sameClockAs?: string[];
}

/** The number's zone as the plan takes it: the one it has, or the first of several that show the same time at `now`. */
export function numberZone(ofNumber: NumberTimeZone, now: number): { zone: string; sameClockAs: string[] } | undefined {
	if (ofNumber.known) return { zone: ofNumber.zone, sameClockAs: [] };
	const [zone, ...others] = ofNumber.candidates;
	if (!zone || !others.length || !sameOffsetAt(ofNumber.candidates, now)) return undefined;
	return { zone, sameClockAs: others };
}

/**
 * The plan for an item that calls `e164`, or undefined when the hours are not checked (the option is not
 * set, or the zone is unknown and the user chose Dial Anyway). `canDelay`: the operation can start a call
 * later (Make Call's `delay_seconds`); elsewhere Outside the Hours is always Skip.
 */
export function planCallingHours(ctx: Ctx, itemIndex: number, value: unknown, e164: string, canDelay: boolean): HoursPlan | undefined {
	const option = readCallingHours(ctx, itemIndex, value, canDelay);
	if (!option) return undefined;
	const ofNumber = numberZone(timeZoneOf(e164), clock.now());
	const zone = leadZone(ctx, itemIndex, option, ofNumber?.zone);
	if ('dial' in zone) return undefined;
	const sameClockAs = zone.from === 'number' && ofNumber?.sameClockAs.length ? { sameClockAs: ofNumber.sameClockAs } : {};
	return { rule: option.rule, zone: zone.zone, zoneFrom: zone.from, outsideHours: option.outsideHours, ...sameClockAs };
}
