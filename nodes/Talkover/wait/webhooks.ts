/**
 * The Talkover webhooks a wait registers: one per agent of its calls (Make and Wait for Outcome) or per
 * campaign (Add Call and Wait for Outcome), made before the first call is placed (an event of a call that
 * ends at once is never missed), delivering the events the wait reads to the execution's resume address with
 * the wait's secret as a custom header. They are deleted when the wait ends
 * (resumed or timed out); a wait n8n ended without the node (cancelled, deleted, or past its limit while
 * n8n was down) leaves its webhook, which the next wait on that agent sweeps (sweep.ts).
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { agentNotFound } from '../../shared/agent';
import { CAMPAIGN_CALL_ENDS, EVENT_WEBHOOK_DELETED, EVENT_WEBHOOK_RECORD, EVENT_WEBHOOK_UPDATED, WAIT_EVENTS } from '../../shared/answers';
import { campaignNotFound } from '../../shared/campaign';
import { confirmedRequest } from '../../shared/confirmedRequest';
import { DELIVERY_HEADER } from '../../shared/deliveryHeader';
import type { WebhookPaths } from '../../shared/transport';
import { webhooksOf } from '../../shared/transport';
import type { WaitOwner, WaitWebhook } from './record';

/** What every wait webhook's name starts with: the sweep touches no other webhook. */
export const WAIT_WEBHOOK_PREFIX = 'n8n wait for outcome';

/** The name of a wait's webhook: its execution, and the moment after which n8n ends the wait itself. */
export function waitWebhookName(executionId: string, until: number): string {
	return `${WAIT_WEBHOOK_PREFIX} · execution ${executionId} · until ${new Date(until).toISOString()}`;
}

/** The moment a wait webhook's name gives (undefined when its name is not one a wait gave). */
export function untilOf(name: unknown): number | undefined {
	if (typeof name !== 'string' || !name.startsWith(`${WAIT_WEBHOOK_PREFIX} · `)) return undefined;
	const match = / · until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/.exec(name);
	const at = match ? Date.parse(match[1]) : NaN;
	return Number.isFinite(at) ? at : undefined;
}

/** The paths of the wait's owner's webhooks (webhooksOf): an agent's or a campaign's. */
export function webhookPaths(owner: WaitOwner): WebhookPaths {
	return owner.campaignId !== undefined ? webhooksOf('campaign', owner.campaignId) : webhooksOf('agent', owner.agentId);
}

/** The owner's name in what the node says: "agent <id>" or "campaign <id>". */
export function ownerText(owner: WaitOwner): string {
	return owner.campaignId !== undefined ? `campaign ${owner.campaignId}` : `agent ${owner.agentId}`;
}

/** A webhook the wait registers: its owner, and a campaign's picked per-call events. */
export interface WebhookPlan {
	owner: WaitOwner;
	/** A campaign wait's picked per-call events (they need `include_call_events`). */
	callEvents?: string[];
}

/**
 * Registers the wait's webhook on each agent, before any call. A failure deletes those already made and
 * is the run's error: nothing was dialled.
 */
export async function registerWaitWebhooks(ctx: IExecuteFunctions, plans: WebhookPlan[], address: string, secret: string, name: string): Promise<WaitWebhook[]> {
	const made: WaitWebhook[] = [];
	let registered = false;
	try {
		for (const { owner, callEvents = [] } of plans) {
			const body: IDataObject = {
				name,
				webhook_url: address,
				// A campaign's: the campaign call's two ends, and the per-call events picked (include_call_events).
				events: owner.campaignId !== undefined ? [...CAMPAIGN_CALL_ENDS, ...callEvents] : WAIT_EVENTS,
				...(owner.campaignId !== undefined ? { include_call_events: callEvents.length > 0 } : {}),
				custom_headers: [{ key: DELIVERY_HEADER, value: secret }],
				// webhook() answers at once; an event that failed is sent again (Talkover's most).
				timeout: 30,
				max_retries: 10,
				enabled: true,
			};
			const response = await confirmedRequest(ctx, 'POST', webhookPaths(owner).webhooks, {
				body,
				notFoundMessage: owner.campaignId !== undefined ? campaignNotFound(owner.campaignId) : agentNotFound(owner.agentId),
				read: EVENT_WEBHOOK_RECORD,
				secret,
				doing: 'registering the webhook that tells the node the call is over',
				then: 'No call was placed.',
			});
			// The record reader refused an answer without an ID (a non-empty text or a whole number) above.
			made.push({ ...owner, webhookId: String(response.value.id) });
		}
		registered = true;
	} finally {
		if (!registered) await removeWaitWebhooks(ctx, made);
	}
	return made;
}

/**
 * Deletes the wait's webhooks; one already gone (404) is deleted. A failure is not the run's: the webhook is
 * left to the next wait's sweep. Returns the webhooks it could not delete.
 */
export async function removeWaitWebhooks(ctx: IExecuteFunctions | IWebhookFunctions, webhooks: WaitWebhook[]): Promise<WaitWebhook[]> {
	const left: WaitWebhook[] = [];
	for (const webhook of webhooks) {
		try {
			await confirmedRequest(ctx, 'DELETE', webhookPaths(webhook).webhook(webhook.webhookId), {
				handleStatuses: [404],
				read: EVENT_WEBHOOK_DELETED,
				maxRetries: 2,
				doing: 'deleting the webhook of the wait',
			});
		} catch {
			left.push(webhook);
		}
	}
	return left;
}

/**
 * Gives the wait's webhooks a new name (a later moment: placing the calls took a while, and each call's limit
 * counts from when it was accepted). A failure is not the run's: the webhook keeps its name, and a wait that
 * sweeps after that moment may delete it (the calls then come out with their listed status at the limit).
 */
export async function renameWaitWebhooks(ctx: IExecuteFunctions, webhooks: WaitWebhook[], name: string): Promise<void> {
	for (const webhook of webhooks) {
		try {
			await confirmedRequest(ctx, 'PUT', webhookPaths(webhook).webhook(webhook.webhookId), { body: { name }, read: EVENT_WEBHOOK_UPDATED, maxRetries: 2, doing: 'naming the webhook of the wait' });
		} catch {
			// Left as it is (see above).
		}
	}
}
