/**
 * Calling Hours: the allowed days and hours of a call in the lead's local time, all of it in this folder. From
 * the panel to the request: description.ts (the option's fields) → read.ts (read and checked once, Outside the
 * Hours beside the others; "Calling Hours › X" labels from description.ts's callingHoursField) → leadZone.ts
 * and plan.ts (the item's plan, plain data, settled before any request) → whenToCall.ts (asked as the item is
 * sent: decision.ts; output.ts for what the item shows) and queuedCallHours.ts (Add Call: the moment Talkover
 * says it will dial). The time-zone arithmetic is pure code given the instant, in two files each of which only
 * calls the one below it: wallClock.ts (a zone's wall clock at an instant) ← allowed.ts (whether the hours
 * allow an instant, and the next instant they allow, in one zone or in every zone a number may be in) ←
 * decision.ts (call, delay or skip, and the moment an item shows).
 */
export { allowedNow, nextAllowedInstant, SEARCH_WEEKS } from './allowed';
export { delaySecondsUntil, MAX_DELAY_SECONDS } from './decision';
export { callingHoursOption, outsideHoursProperty } from './description';
export { isoInZone } from './wallClock';
export type { LeadZone } from './leadZone';
export { leadZone } from './leadZone';
export type { AllowedMoment } from './decision';
export { NoAllowedMomentError, nextAllowedMoment } from './decision';
export type { CallingHoursOption, OutsideHours, WhenZoneUnknown } from './read';
export { readCallingHours } from './read';
export type { CallingHoursRule, Weekday } from './rule';
export { DAY_NAMES, WEEKDAYS } from './rule';
