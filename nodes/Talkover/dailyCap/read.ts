import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { readTimeZone } from '../../shared/dates';
import { asObject } from '../../shared/transport';
import { invalidInput, show } from '../../shared/validation';
import { callsProperty, dayTimeZoneProperty, maxCallsPerDayOption } from './description';

/** Max Calls per Day as an item sets it: the most calls in a day, and the zone whose midnight starts a day. */
export interface DailyCap {
	calls: number;
	zone: string;
}

type Ctx = { getNode(): INode; getTimezone?: () => string };

/** "Max Calls per Day › Calls", as an error names the field. */
export function dailyCapField(property: Pick<INodeProperties, 'displayName' | 'name'>): Pick<INodeProperties, 'displayName' | 'name'> {
	return { displayName: `${maxCallsPerDayOption.displayName} › ${property.displayName}`, name: property.name };
}

/**
 * Options → Max Calls per Day of one item, read and checked before any request: undefined when not set; a number
 * of calls that is not a whole number from 1 up, or a zone that is not one, is an error naming the field, the value
 * and the item. An empty zone is the workflow's (n8n's Workflow Settings → Timezone, else the instance's).
 */
export function readDailyCap(ctx: Ctx, itemIndex: number, options: IDataObject): DailyCap | undefined {
	const given = asObject(options[maxCallsPerDayOption.name]);
	const limit = given && asObject(given.limit);
	if (!limit) return undefined;
	const value = limit[callsProperty.name] ?? callsProperty.default;
	const calls = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof calls !== 'number' || !Number.isSafeInteger(calls) || calls < 1) {
		throw invalidInput(ctx, itemIndex, dailyCapField(callsProperty), `${show(value)} is not a number of calls; use a whole number from 1 up (remove the option for no limit)`);
	}
	const zoneGiven = limit[dayTimeZoneProperty.name];
	const empty = zoneGiven === undefined || zoneGiven === null || String(zoneGiven).trim() === '';
	const zone = empty ? (ctx.getTimezone?.() ?? 'UTC') : readTimeZone(ctx, itemIndex, dailyCapField(dayTimeZoneProperty), zoneGiven);
	return { calls, zone };
}
