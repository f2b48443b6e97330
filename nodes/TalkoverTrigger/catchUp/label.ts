import { clock } from '../../shared/transport/clock';

/**
 * Which deliveries are catch-up deliveries (their items say `caught_up: true`). Talkover's redelivery of a
 * logged event carries nothing that tells it from a live one (Retry Webhook Delivery sends the logged
 * payload to the webhook's current URL and headers), so the process that had it sent again expects one
 * delivery of that event per queued retry, for EXPECT_MS: a delivery of an expected event takes one.
 * A live delivery of the same event while its catch-up runs may take the label in its place (the counts
 * stay right); a delivery received by another process (queue mode's webhook processes) is not labelled.
 */
export const EXPECT_MS = 10 * 60_000;
const MAX_EXPECTED = 5000;

const expected = new Map<string, number[]>();

const keyOf = (scope: string, event: string) => `${scope}\n${event}`;

/** One retry of `event` was queued for the webhook `scope`. */
export function expectRedelivery(scope: string, event: string, now: number = clock.now()): void {
	const key = keyOf(scope, event);
	const times = (expected.get(key) ?? []).filter((at) => now - at < EXPECT_MS);
	if (times.length < MAX_EXPECTED) times.push(now);
	expected.delete(key);
	expected.set(key, times);
	while (expected.size > MAX_EXPECTED) expected.delete(expected.keys().next().value as string);
}

/** Whether a delivery of `event` to `scope` is one that was expected (then it is counted off). */
export function isCatchUpDelivery(scope: string, event: string, now: number = clock.now()): boolean {
	const key = keyOf(scope, event);
	const times = (expected.get(key) ?? []).filter((at) => now - at < EXPECT_MS && at <= now);
	const taken = times.length > 0;
	if (taken) times.shift();
	if (times.length) expected.set(key, times);
	else expected.delete(key);
	return taken;
}

/** A retry of `event` was not queued after all: one delivery fewer is expected (the newest). */
export function withdrawExpected(scope: string, event: string): void {
	const key = keyOf(scope, event);
	const times = expected.get(key);
	times?.pop();
	if (times && times.length === 0) expected.delete(key);
}

/** Forgets what the webhook `scope` expects (it was deleted). */
export function forgetExpected(scope: string): void {
	for (const key of [...expected.keys()]) if (key.startsWith(`${scope}\n`)) expected.delete(key);
}
