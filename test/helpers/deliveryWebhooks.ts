/**
 * Webhooks to read the deliveries of, made straight in the sandbox (as the trigger would register them):
 * one on an agent, one on a campaign, each with its own address.
 */
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';

export const AGENT_WEBHOOK = 'eb000000-0000-4000-8000-0000000000a1';
export const CAMPAIGN_WEBHOOK = 'eb000000-0000-4000-8000-0000000000c1';

/** Adds a webhook on the agent (`agent_id`) or the campaign (`campaign_id`) delivering to `url`. */
export function addWebhook(sandbox: TalkoverSandbox, owner: { agent_id: string } | { campaign_id: string }, id: string, url: string): void {
	const at = '2026-01-15T10:30:00Z';
	sandbox.webhooks.push({
		id,
		...owner,
		name: `n8n: Leads (${id.slice(-2)})`,
		webhook_url: url,
		events: ['event_phone_call_ended'],
		custom_headers: [],
		timeout: 30,
		max_retries: 3,
		enabled: true,
		http_method: 'POST',
		created_at: at,
		updated_at: at,
	});
}
