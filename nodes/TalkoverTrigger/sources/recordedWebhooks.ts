/**
 * The webhooks a node registered, as its static data records them: one per chosen event (`webhooks`), or version
 * 0.1.0's one webhook for every event (`webhookId` alone), and the agent or campaign they were made on.
 */
import type { IDataObject } from 'n8n-workflow';

import { idOf, isObject } from './common';
import type { Source } from './eventSource';
import { sourceFor } from './eventSource';

/** A webhook the node registered: its ID and its one event (undefined: version 0.1.0's one webhook for every chosen event). */
export interface Recorded {
	id: string;
	event?: string;
}

/** The node's webhooks as the static data records them (`webhooks`, else version 0.1.0's `webhookId`). */
export function recordedWebhooks(data: IDataObject): Recorded[] {
	if (Array.isArray(data.webhooks)) {
		return (data.webhooks as unknown[]).flatMap((w) => {
			const id = isObject(w) ? idOf(w.id) : undefined;
			return id && isObject(w) && typeof w.event === 'string' ? [{ id, event: w.event }] : [];
		});
	}
	const id = idOf(data.webhookId);
	return id ? [{ id }] : [];
}

/** Whether the node still has version 0.1.0's one webhook for all its events (its deliveries remembered by their bodies alone). */
export function isLegacy(recorded: readonly Recorded[]): boolean {
	return recorded.some((r) => r.event === undefined);
}

/** Whether the recorded webhooks subscribe to the events chosen now (0.1.0's one webhook: as it was, kept). */
export function sameEvents(recorded: readonly Recorded[], chosen: unknown): boolean {
	if (recorded.length === 1 && recorded[0].event === undefined) return true;
	const events = new Set(Array.isArray(chosen) ? chosen.map(String) : []);
	const mine = new Set(recorded.map((r) => String(r.event)));
	return events.size === mine.size && [...events].every((e) => mine.has(e));
}

/** The agent or campaign the recorded webhooks were made on (none recorded: undefined). */
export function recordedOwner(data: IDataObject): Source | undefined {
	return data.campaignId ? sourceFor('campaign', String(data.campaignId)) : data.agentId ? sourceFor('agent', String(data.agentId)) : undefined;
}
