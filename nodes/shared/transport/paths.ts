/** Every Talkover API path starts here. */
export const API_PREFIX = '/api/v1';

/**
 * The one way to build a Talkover API path: `apiPath\`/agents/${agentId}/call\`` gives
 * `/api/v1/agents/<id>/call`, and every interpolated value becomes exactly one percent-encoded path
 * segment (a "/", "?", "#" or ".." in a value cannot reach another endpoint).
 */
export function apiPath(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
	return strings.reduce(
		(path, part, i) => path + part + (i < segments.length ? encodeURIComponent(String(segments[i])) : ''),
		API_PREFIX,
	);
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
