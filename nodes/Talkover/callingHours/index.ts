/**
 * Calling Hours: the allowed days and hours of a call in the lead's local time, all of it in this folder. From
 * the panel to the request: description.ts (the option's fields) → read.ts (read and checked once, Outside the
 * Hours beside the others; "Calling Hours › X" labels from description.ts's callingHoursField) → leadZone.ts
 * and plan.ts (the item's plan, plain data, settled before any request) → whenToCall.ts (asked as the item is
 * sent: decision.ts with the rules of allowed.ts, moment.ts, sameClock.ts; output.ts for what the item shows)
 * and queuedCallHours.ts (Add Call: the moment Talkover says it will dial). The rules (allowed.ts, moment.ts,
 * sameClock.ts, localTimes.ts, wallClock.ts) are pure code given the instant.
 */
export { allowedNow, nextAllowedInstant, SEARCH_WEEKS } from './allowed';
export { delaySecondsUntil, MAX_DELAY_SECONDS } from './delay';
export { callingHoursOption, outsideHoursProperty } from './description';
export { isoInZone } from './isoInstant';
export type { LeadZone } from './leadZone';
export { leadZone } from './leadZone';
export type { AllowedMoment } from './moment';
export { NoAllowedMomentError, nextAllowedMoment } from './moment';
export type { CallingHoursOption, OutsideHours, WhenZoneUnknown } from './read';
export { readCallingHours } from './read';
export type { CallingHoursRule, Weekday } from './rule';
export { DAY_NAMES, WEEKDAYS } from './rule';
