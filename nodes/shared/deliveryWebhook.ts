import type { IExecuteFunctions, ILoadOptionsFunctions, INode, INodeProperties } from 'n8n-workflow';

import { agentNotFound, readAgentId } from './agent';
import { campaignNotFound, readCampaignId } from './campaign';
import type { LocatorSpec } from './locator';
import { locatorField, readLocatorId } from './locator';
import { webhooksOf } from './transport';

/**
 * The webhook whose deliveries an operation reads or retries (Webhook Delivery → Get Many, Retry): on an
 * agent (call events) or on a campaign (campaign events), as Webhook Of says, then picked by its Webhook
 * locator; and the paths of its webhooks and its log.
 */

export type WebhookOf = 'agent' | 'campaign';

/** The Webhook Of parameter (`webhookOf`). */
export const webhookOfField: INodeProperties = {
	displayName: 'Webhook Of',
	name: 'webhookOf',
	type: 'options',
	noDataExpression: true,
	default: 'agent',
	options: [
		{ name: 'Agent', value: 'agent', description: 'A webhook on a voice agent (call events)' },
		{ name: 'Campaign', value: 'campaign', description: 'A webhook on a campaign (campaign events and per-call events)' },
	],
};

/**
 * Talkover's pages call a webhook's ID a UUID, yet their own log examples name it "webhook-uuid": any ID that
 * cannot change the request's path is taken (readLocatorId), so an ID a documented answer gives is never refused.
 */
const WEBHOOK: LocatorSpec = {
	name: 'webhookId',
	displayName: 'Webhook',
	noun: 'webhook',
	description: 'The webhook whose deliveries to read or send again',
	searchListMethod: 'searchEventWebhooks',
};

/** The Webhook parameter (`webhookId`): pick from the agent's or the campaign's webhooks, or give its ID. */
export function webhookLocator(): INodeProperties {
	return locatorField(WEBHOOK);
}

/** Where the webhook lives: its owner, the path of the owner's webhooks, and the "not found" text. */
export interface WebhookOwner {
	webhookOf: WebhookOf;
	ownerId: string;
	/** GET: the owner's webhooks. */
	webhooks: string;
	/** GET: one webhook's delivery log. */
	logOf(webhookId: string): string;
	/** POST: sends a logged delivery again. */
	retryOf(webhookId: string, logId: string): string;
	/** The owner's "not found" text. */
	notFound: string;
}

/** noDataExpression: only the two values reach here; anything else (a workflow written by hand) is Agent, the default. */
function readWebhookOf(value: unknown): WebhookOf {
	return value === 'campaign' ? 'campaign' : 'agent';
}

/** The owner of the webhook (agent or campaign), as `getParameter` gives the parameters (an item's, or the editor's). */
export function readWebhookOwner(ctx: { getNode(): INode }, itemIndex: number | undefined, getParameter: (name: string) => unknown): WebhookOwner {
	const webhookOf = readWebhookOf(getParameter('webhookOf'));
	const campaign = webhookOf === 'campaign';
	const ownerId = campaign ? readCampaignId(ctx, itemIndex, getParameter('campaignId')) : readAgentId(ctx, itemIndex, getParameter('agentId'));
	const paths = webhooksOf(webhookOf, ownerId);
	return {
		webhookOf,
		ownerId,
		webhooks: paths.webhooks,
		logOf: paths.log,
		retryOf: paths.retry,
		notFound: campaign ? campaignNotFound(ownerId) : agentNotFound(ownerId),
	};
}

/** The webhook an item names: its owner, its ID and the path of its delivery log. */
export interface DeliveryWebhook extends WebhookOwner {
	webhookId: string;
	/** GET: the webhook's delivery log. */
	log: string;
	/** The "not found" text of the webhook's log. */
	logNotFound: string;
}

/** The item's webhook (Webhook Of, Agent or Campaign, Webhook), checked before anything is sent. */
export function getDeliveryWebhook(this: IExecuteFunctions, itemIndex: number): DeliveryWebhook {
	// The locators' values as stored ({ mode, value }): readLocatorId reads each mode itself.
	const owner = readWebhookOwner(this, itemIndex, (name) => this.getNodeParameter(name, itemIndex, ''));
	const webhookId = readLocatorId(this, itemIndex, this.getNodeParameter('webhookId', itemIndex, ''), { ...WEBHOOK, label: 'Webhook' });
	const where = owner.webhookOf === 'campaign' ? `campaign ${owner.ownerId}` : `agent ${owner.ownerId}`;
	return {
		...owner,
		webhookId,
		log: owner.logOf(webhookId),
		logNotFound: `Webhook not found: Talkover has no webhook with ID ${webhookId} on ${where} for this token's environment (or no such ${owner.webhookOf})`,
	};
}

/** The editor's owner of the webhook, for the Webhook picker (no item: outside an execution). */
export function pickerWebhookOwner(ctx: ILoadOptionsFunctions): WebhookOwner {
	return readWebhookOwner(ctx, undefined, (name) => ctx.getNodeParameter(name, ''));
}
