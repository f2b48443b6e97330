import { asObject } from '../../shared/transport';
import { isTimeZone } from '../../shared/dates';
import type { HoursPlan, ZoneSource } from './plan';
import type { Weekday } from './rule';
import { WEEKDAYS } from './rule';

const SOURCES: readonly string[] = ['field', 'number', 'fallback'] satisfies ZoneSource[];
const isZone = (value: unknown): value is string => typeof value === 'string' && value !== '' && isTimeZone(value);
const isMinute = (value: unknown, from: number, to: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= from && value <= to;

/**
 * A plan as a waiting execution saved it (plain data: plan.ts), or undefined when it is not one this version
 * wrote: days of the week, a window of the day (from before to), known zones and settings. Nothing is guessed.
 */
export function readHoursPlan(value: unknown): HoursPlan | undefined {
	const plan = asObject(value);
	const rule = plan && asObject(plan.rule);
	if (!plan || !rule) return undefined;
	const { days, from, to } = rule;
	if (!Array.isArray(days) || days.length === 0 || !days.every((day) => (WEEKDAYS as readonly unknown[]).includes(day))) return undefined;
	if (!isMinute(from, 0, 1439) || !isMinute(to, 1, 1440) || from >= to) return undefined;
	if (!isZone(plan.zone) || !SOURCES.includes(plan.zoneFrom as string)) return undefined;
	if (plan.outsideHours !== 'skip' && plan.outsideHours !== 'delay') return undefined;
	if (plan.sameClockAs !== undefined && !(Array.isArray(plan.sameClockAs) && plan.sameClockAs.every(isZone))) return undefined;
	return {
		rule: { days: days as Weekday[], from, to },
		zone: plan.zone,
		zoneFrom: plan.zoneFrom as ZoneSource,
		outsideHours: plan.outsideHours,
		...(plan.sameClockAs !== undefined ? { sameClockAs: plan.sameClockAs as string[] } : {}),
	};
}
