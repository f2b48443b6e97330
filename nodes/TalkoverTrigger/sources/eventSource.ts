/**
 * Where an event source's webhooks live: the agent (call events) or the campaign (campaign events) the node's
 * field names, the Talkover paths of its webhooks and their delivery logs, and the events chosen for it.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { agentNotFound, readAgentId } from '../../shared/agent';
import { campaignNotFound, readCampaignId } from '../../shared/campaign';
import { webhooksOf } from '../../shared/transport';
import type { LogPaths } from '../catchUp/catchUp';
import type { Ctx } from './common';

export type EventKind = 'agent' | 'campaign';

/** Where the webhook lives: on an agent (call events) or on a campaign (campaign events). */
export interface Source {
	kind: EventKind;
	id: string;
	/** The static-data key of the ID (`agentId` as in version 1, or `campaignId`). */
	key: 'agentId' | 'campaignId';
	webhooks: string;
	webhook(webhookId: string): string;
	/** The webhook's delivery log, and a retry of one of its entries. */
	log(webhookId: string): LogPaths;
	notFound: string;
}

export function sourceFor(kind: EventKind, id: string): Source {
	const campaign = kind === 'campaign';
	const paths = webhooksOf(kind, id);
	return {
		kind,
		id,
		key: campaign ? 'campaignId' : 'agentId',
		webhooks: paths.webhooks,
		webhook: paths.webhook,
		log: (w) => ({ log: paths.log(w), retry: (l) => paths.retry(w, l) }),
		notFound: campaign ? campaignNotFound(id) : agentNotFound(id),
	};
}

/** The kind's Agent or Campaign, checked like the Talkover node's (list, ID or URL mode). */
export function sourceOf(ctx: Ctx, kind: EventKind): Source {
	return kind === 'campaign'
		? sourceFor('campaign', readCampaignId(ctx, undefined, ctx.getNodeParameter('campaignId', '')))
		: sourceFor('agent', readAgentId(ctx, undefined, ctx.getNodeParameter('agentId', '')));
}

/** The events chosen for the kind. */
export function chosenEvents(ctx: Ctx | IWebhookFunctions, kind: EventKind): unknown {
	return kind === 'campaign' ? ctx.getNodeParameter('campaignEvents', []) : ctx.getNodeParameter('events', []);
}

/** Per-call events of a campaign webhook (they need `include_call_events`). */
export function isCallEvent(event: string): boolean {
	return event.startsWith('event_');
}

export function label(event: string): string {
	const words = event
		.replace(/^event_/, '')
		.replace(/^campaign_call\./, 'campaign call ')
		.replace(/^campaign\./, 'campaign ')
		.replace(/_/g, ' ');
	return words.replace(/^./, (c) => c.toUpperCase());
}
