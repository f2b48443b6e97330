import type { IDataObject } from 'n8n-workflow';

import { clock } from '../../shared/transport/clock';
import { redeliveryArrived } from './pacing';
import { holds, isExpecting, readRecord, scopeOf, writeRecord } from './record';

/**
 * What a delivery is to the catch-up. Talkover's redelivery of a logged event carries nothing that tells it
 * from a live one (Retry Webhook Delivery sends the logged payload to the webhook's current URL and
 * headers), so the catch-up's plan (record.ts, saved with the activation: webhook processes read it too)
 * expects one delivery per event it sends again, for EXPECT_MS (a paced catch-up of many entries: an hour past
 * the longest its retries can take, the plan's `until`):
 * - `caughtUp`: a delivery of an expected event takes one (its item says `caught_up: true`); a live
 *   delivery of the same event meanwhile may take the mark in its place (the counts stay right);
 * - `catchingUp`: the delivery's event is one the plan sends again, while expected: it is compared with
 *   the deliveries remembered as far back as the catch-up looks (deliveries.ts), whichever delivery took
 *   the mark. Other deliveries keep the delivery record's hour.
 */
export function catchUpDelivery(data: IDataObject, event: string, now: number = clock.now()): { caughtUp: boolean; catchingUp: boolean } {
	const record = readRecord(data);
	const plan = record.plan;
	if (!plan || !isExpecting(plan, now) || !holds(plan.expected, event)) return { caughtUp: false, catchingUp: false };
	if (!(plan.expected[event] > 0)) return { caughtUp: false, catchingUp: true };
	writeRecord(data, { ...record, plan: { ...plan, expected: { ...plan.expected, [event]: plan.expected[event] - 1 } } }, now);
	// A delivery of the catch-up arrived in this process: its retries go on (pacing.ts).
	redeliveryArrived(scopeOf(data));
	return { caughtUp: true, catchingUp: true };
}
