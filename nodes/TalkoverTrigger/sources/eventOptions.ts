import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { own, shownValue } from '../../shared/transport';
import type { EventKind } from './eventSource';
import { label, sourceOf } from './eventSource';
import { listWebhooks } from './webhookList';

/** The Events picker of the Agent and Campaign sources: the events Talkover says a webhook can subscribe to. */

/**
 * Event options from `available_events`: an object of name → description (agent webhooks) or an array
 * of names (campaign webhooks); `known` describes names given without a description.
 */
function eventOptions(events: Record<string, unknown> | unknown[], known: Record<string, string> = {}): INodePropertyOptions[] {
	const entries = Array.isArray(events) ? events.filter((e) => typeof e === 'string').map((e) => [e, undefined] as const) : Object.entries(events);
	// Talkover's description where it is a text, else the documented one: the editor shows a text.
	return entries
		.map(([value, description]) => ({ name: label(value), value, description: shownValue(description, 200) ?? own(known, value) ?? '' }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The kind's available events; `documented` when they cannot be loaded (none chosen yet, no access). */
export async function loadEvents(ctx: ILoadOptionsFunctions, kind: EventKind, documented: Record<string, string>): Promise<INodePropertyOptions[]> {
	try {
		const { available_events: events } = await listWebhooks(ctx, sourceOf(ctx, kind));
		if (events && typeof events === 'object' && Object.keys(events).length) return eventOptions(events, documented);
	} catch {
		// fall through to the documented events
	}
	return eventOptions(documented);
}
