/** Calling Hours: the allowed days and hours of a call in the lead's local time. */
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
