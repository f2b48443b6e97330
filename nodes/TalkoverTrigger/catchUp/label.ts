import type { IDataObject } from 'n8n-workflow';

import { clock } from '../../shared/transport/clock';
import { readRecord, writeRecord } from './record';

/** How long after its activation a catch-up expects its deliveries (1,000 retries take about 10 minutes at 100 a minute). */
export const EXPECT_MS = 60 * 60_000;

/**
 * Which deliveries are catch-up deliveries (their items say `caught_up: true`). Talkover's redelivery of a
 * logged event carries nothing that tells it from a live one (Retry Webhook Delivery sends the logged
 * payload to the webhook's current URL and headers), so the catch-up's plan (record.ts, saved with the
 * activation: webhook processes read it too) expects one delivery per event it sends again, for
 * EXPECT_MS: a delivery of an expected event takes one. A live delivery of the same event while its
 * catch-up runs may take the mark in its place (the counts stay right).
 */
export function isCatchUpDelivery(data: IDataObject, event: string, now: number = clock.now()): boolean {
	const record = readRecord(data);
	const plan = record.plan;
	if (!plan || now - plan.at >= EXPECT_MS || now < plan.at || !((plan.expected[event] ?? 0) > 0)) return false;
	writeRecord(data, { ...record, plan: { ...plan, expected: { ...plan.expected, [event]: plan.expected[event] - 1 } } }, now);
	return true;
}
