import type { INode } from 'n8n-workflow';

import { invalidInput } from '../../shared/validation';
import { callingHoursField, timeZoneProperty } from './description';
import type { CallingHoursOption } from './read';

/**
 * The time zone the calling hours are applied in: the one given in the option, else the one the number's
 * prefix has (from the phone data, passed in), else as "When the Time Zone Is Unknown" says.
 */

type Ctx = { getNode(): INode };

/** A zone to check the hours in, or `dial` (the user chose to dial when the zone is unknown). */
export type LeadZone = { zone: string; from: 'field' | 'number' | 'fallback' } | { dial: true };

export function leadZone(ctx: Ctx, itemIndex: number, option: CallingHoursOption, zoneOfNumber?: string): LeadZone {
	if (option.timeZone) return { zone: option.timeZone, from: 'field' };
	if (zoneOfNumber) return { zone: zoneOfNumber, from: 'number' };
	if (option.whenZoneUnknown === 'dial') return { dial: true };
	if (option.whenZoneUnknown === 'useZone' && option.fallbackZone) return { zone: option.fallbackZone, from: 'fallback' };
	throw invalidInput(
		ctx,
		itemIndex,
		callingHoursField(timeZoneProperty),
		"the lead's time zone is unknown (the field is empty, and the number does not tell one time zone: it may be in several that do not show the same time now, or its prefix names none), so the call is refused; map the lead's time zone, or choose another answer in When the Time Zone Is Unknown",
	);
}
