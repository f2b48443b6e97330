/**
 * How an event that names no call (a campaign's own event: `campaign.paused`) is known again when the catch-up has
 * Talkover send it after a restart. Such an event has no ID: the same body may be a second event (a campaign paused
 * twice), so the store of processed events (passOnce.ts) cannot hold it as "ran once, ever". The trigger's
 * webhook() compares a delivery the catch-up sent again with every delivery received within Catch Up Missed Events
 * hours (deliveries.ts), but on n8n 2.3x+ what webhook() writes is lost when its request starts an execution, so
 * after a restart only n8n's store outlives the process.
 *
 * n8n's store holds keys without times. A delivery received at `now` is recorded under its digest for each period
 * of `hours / PERIODS` hours (1 at least) from the one `now` falls in to the one `hours` later: a delivery the
 * catch-up sends again is the same event when its digest is recorded for the period it arrives in, that is within
 * Catch Up Missed Events hours of a delivery of the same body (and up to one period longer). At most PERIODS + 1 keys
 * per event. The period's length is in the key: a changed option starts afresh (an event may then run twice, as
 * before the change).
 */
export const PERIODS = 8;
const HOUR_MS = 60 * 60_000;

/**
 * The keys of the body whose digest is `key`, received at `now` (epoch ms) with Catch Up Missed Events `hours`
 * (more than 0): the first is the period `now` falls in (the one a delivery sent again is looked up by), then each
 * later period the delivery covers.
 */
export function periodKeys(key: string, hours: number, now: number): string[] {
	const periodHours = Math.max(1, Math.ceil(hours / PERIODS));
	const first = Math.floor(now / (periodHours * HOUR_MS));
	const later = Math.ceil(hours / periodHours);
	return Array.from({ length: later + 1 }, (_, i) => `${key}@${periodHours}h${first + i}`);
}
