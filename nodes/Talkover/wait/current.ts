/**
 * The wait's record as of each item's latest call: an item whose calls Call Again Until Reached placed inside the
 * wait (nextCalls.ts) waits on its newest one, with that call's ID, answer and Wait Limit (from when it rings), and
 * the calls before it in its attempts. Everything that reads the record (the events' items, the limits, the output)
 * reads this one, so an item's later call is waited on exactly as its first.
 */
import { callKey } from '../../shared/answers';
import type { NextCall } from './nextCalls';
import type { CallItem, WaitItem, WaitRecord } from './record';
import { isCallItem } from './record';

/** The item's own Wait Limit (ms): its first call's limit less when that call rings. */
function waitLimitOf(item: CallItem): number | undefined {
	const rings = item.callAgain?.ringsAt;
	return rings === undefined ? undefined : item.deadline - rings;
}

/** The item as of its newest call: each next call said for the call it waits on, in turn. */
function latest(item: CallItem, calls: NextCall[]): CallItem {
	const limit = waitLimitOf(item);
	let current = item;
	for (;;) {
		const plan = current.callAgain;
		if (!plan || plan.notPlaced || limit === undefined) return current;
		const attempt = plan.before.length + 1;
		const next = calls.find((call) => call.item === item.item && call.ended.attempt === attempt && callKey(call.ended.callId) === callKey(current.callId));
		if (!next) return current;
		if (next.notPlaced) return { ...current, callAgain: { ...plan, notPlaced: next.notPlaced } };
		const { callId, call, placedAt, ringsAt } = next.placed!;
		// The next call was placed by this wait, not by the execution a Retry runs again.
		const rest: CallItem = { ...current };
		delete rest.placedEarlier;
		current = { ...rest, callId, call, placedAt, deadline: ringsAt + limit, callAgain: { ...plan, before: [...plan.before, next.ended], ringsAt } };
	}
}

/** The record with each item as of its newest call (the same record when no next call was placed). */
export function currentRecord(record: WaitRecord, calls: NextCall[]): WaitRecord {
	if (calls.length === 0) return record;
	const items: WaitItem[] = record.items.map((item) => (isCallItem(item) ? latest(item, calls) : item));
	return { ...record, items };
}

/** Whether the wait may place an item's next call itself (an item kept its call's request for it). */
export function placesNextCalls(record: WaitRecord): boolean {
	return record.items.some((item) => isCallItem(item) && item.callAgain?.resend !== undefined);
}
