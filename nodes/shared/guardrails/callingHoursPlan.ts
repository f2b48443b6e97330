import type { INode, INodeProperties } from 'n8n-workflow';

import type { CallingHoursRule } from '../callingHours';
import { callingHoursOption, leadZone, outsideHoursProperty, readCallingHours } from '../callingHours';
import { timeZoneOf } from '../phoneNumbers/timeZone';
import { checkParameter } from '../validation';

/**
 * Calling Hours for one item, settled before any request: the option read and checked, and the lead's time
 * zone (the Lead's Time Zone field, else the zone of the number's prefix, else as When the Time Zone Is
 * Unknown says; refusing fails the item here). Whether the call may go is asked when it is sent
 * (whenToCall.ts), with the time then.
 */

type Ctx = { getNode(): INode };

export type OutsideHours = 'skip' | 'delay';

/** Where the lead's time zone came from: the option's field, the number's prefix, or the zone named for unknown ones. */
export type ZoneSource = 'field' | 'number' | 'fallback';

export interface HoursPlan {
	rule: CallingHoursRule;
	/** The lead's IANA time zone. */
	zone: string;
	zoneFrom: ZoneSource;
	/** Outside the hours: skip the item, or (Make Call) delay the call when the hours open within an hour. */
	outsideHours: OutsideHours;
	/** The node and the item, for an error found when the item is sent (whenToCall.ts). */
	ctx: Ctx;
	itemIndex: number;
}

/** The group's fields as the node holds them (`{ hours: {...} }`, or the inner object). */
function groupOf(value: unknown): Record<string, unknown> {
	const outer = (value ?? {}) as Record<string, unknown>;
	const inner = 'hours' in outer ? outer.hours : outer;
	return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : {};
}

/**
 * The plan for an item that calls `e164`, or undefined when the hours are not checked (the option is not
 * set, or the zone is unknown and the user chose Dial Anyway). `canDelay`: the operation can start a call
 * later (Make Call's `delay_seconds`); elsewhere Outside the Hours is always Skip.
 */
export function planCallingHours(ctx: Ctx, itemIndex: number, value: unknown, e164: string, canDelay: boolean): HoursPlan | undefined {
	const option = readCallingHours(ctx, itemIndex, value);
	if (!option) return undefined;
	let outsideHours: OutsideHours = 'skip';
	if (canDelay) {
		const property: INodeProperties = { ...outsideHoursProperty, displayName: `${callingHoursOption.displayName} › ${outsideHoursProperty.displayName}` };
		outsideHours = checkParameter(ctx, itemIndex, property, groupOf(value).outsideHours ?? outsideHoursProperty.default) as OutsideHours;
	}
	const ofNumber = timeZoneOf(e164);
	const zone = leadZone(ctx, itemIndex, option, ofNumber.known ? ofNumber.zone : undefined);
	if ('dial' in zone) return undefined;
	return { rule: option.rule, zone: zone.zone, zoneFrom: zone.from, outsideHours, ctx, itemIndex };
}
