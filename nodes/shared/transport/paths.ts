import { holdsHalfCharacter } from './halfCharacter';
import { clip } from './shownText';
import { UnsendableValue } from './unsendableValue';

/** Every Talkover API path starts here. */
export const API_PREFIX = '/api/v1';

/**
 * The one way to build a Talkover API path: `apiPath\`/agents/${agentId}/call\`` gives
 * `/api/v1/agents/<id>/call`, and every interpolated value becomes exactly one percent-encoded path
 * segment (a "/", "?", "#" or ".." in a value cannot reach another endpoint).
 */
export function apiPath(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
	return strings.reduce((path, part, i) => path + part + (i < segments.length ? segment(segments[i]) : ''), API_PREFIX);
}

/** One value as a path segment; a text holding half of a character (no URL can carry it) is refused in words, never "URI malformed". */
function segment(value: string | number): string {
	const text = String(value);
	if (holdsHalfCharacter(text)) {
		throw new UnsendableValue(`The ID ${JSON.stringify(clip(text, 80))} holds half of a character (as an expression that cut an emoji in two leaves), which no URL can carry: nothing was sent to Talkover`);
	}
	return encodeURIComponent(text);
}

/** The paths of the webhooks of an agent or a campaign, and of their delivery logs (webhooksOf). */
export interface WebhookPaths {
	/** GET: the owner's webhooks; POST: registers one. */
	webhooks: string;
	/** GET, PUT, DELETE: one webhook. */
	webhook(webhookId: string): string;
	/** GET: one webhook's delivery log. */
	log(webhookId: string): string;
	/** POST: sends a logged delivery again. */
	retry(webhookId: string, logId: string): string;
}

/**
 * The one place the webhook paths are built: those of an agent (`/agents/{id}/webhooks…`, call events)
 * or of a campaign (`/campaigns/{id}/webhooks…`, campaign events), with their delivery logs.
 */
export function webhooksOf(owner: 'agent' | 'campaign', ownerId: string): WebhookPaths {
	const kind = owner === 'campaign' ? 'campaigns' : 'agents';
	return {
		webhooks: apiPath`/${kind}/${ownerId}/webhooks`,
		webhook: (webhookId) => apiPath`/${kind}/${ownerId}/webhooks/${webhookId}`,
		log: (webhookId) => apiPath`/${kind}/${ownerId}/webhooks/${webhookId}/logs`,
		retry: (webhookId, logId) => apiPath`/${kind}/${ownerId}/webhooks/${webhookId}/logs/${logId}/retry`,
	};
}
