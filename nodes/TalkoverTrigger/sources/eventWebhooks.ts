/**
 * The event sources' webhooks in Talkover (Agent and Campaign): on activation one webhook per chosen event is
 * registered for this node's URL on the agent or the campaign (once: existing ones are found, not duplicated), each
 * with a random secret (the same for all of them) and its event name, sent back by Talkover as custom headers on
 * every delivery (eventDelivery.ts checks them). On deactivation the webhooks are deleted (a published workflow's a
 * moment later: unpublishLater.ts). A trigger activated by version 0.1.0 has one webhook for all its events
 * (recordedWebhooks.ts): kept, and read as before, until it is registered again.
 */
import { randomBytes } from 'crypto';

import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EVENT_WEBHOOK_DELETED, EVENT_WEBHOOK_RECORD } from '../../shared/answers';
import { hashOf, keepHashed } from '../../shared/secrets';
import type { RequestOptions, TalkoverAnswer } from '../../shared/transport';
import { CREDENTIAL_TYPE, credentialTokens, documentedNotFound, failureError, readFailure, shownValue, unexpectedAnswerError } from '../../shared/transport';
import { firstCharacters } from '../../shared/validation';
import { catchUpOnActivation, forgetCatchUp, startCatchUp, stopCatchUp } from '../catchUp/catchUp';
import { catchUpHours } from '../catchUp/field';
import { scopeOf } from '../catchUp/record';
import { hookTime } from '../hookTime';
import type { Ctx } from './common';
import { DELIVERY_HEADER, EVENT_HEADER, hookRequest, idOf, loggableFailure, sameId, teller, urlKey } from './common';
import type { EventKind, Source } from './eventSource';
import { chosenEvents, isCallEvent, label, sourceOf } from './eventSource';
import type { Recorded } from './recordedWebhooks';
import { isLegacy, recordedOwner, recordedWebhooks, sameEvents } from './recordedWebhooks';
import { deleteLater, forgetUnpublish, mayWait, stillFits, takeOver } from './unpublishLater';
import { listWebhooks } from './webhookList';

/** True only if the webhook this node registered is still there for this URL (then it is kept). */
export async function checkExists(ctx: IHookFunctions, kind: EventKind): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const url = ctx.getNodeWebhookUrl('default');
	const source = sourceOf(ctx, kind);
	// Every field is checked before any request (the Options' hours too).
	catchUpHours(ctx);
	// Unpublished a moment ago in this process (a re-publish): its webhooks wait to be deleted, and this check takes
	// the deletion over (it keeps them, or deletes them itself); unpublished before that (deleted, or n8n stopped
	// within the grace): they are replaced. A check that ends in an error puts the deletion back.
	const taken = await takeOver(ctx, 'webhooks', data);
	let decided = false;
	try {
		const { webhooks, status } = await listWebhooks(ctx, source);
		// The recorded webhooks, found by their IDs (compared as IDs), are kept if each still points at this URL
		// (as Talkover may write it back: trailing slash, case of scheme and host) and they are the chosen events'.
		const recorded = recordedWebhooks(data);
		const found = recorded.map((r) => webhooks.find((w) => sameId(w.id, r.id)));
		const mine = found.filter((w): w is IDataObject => w !== undefined);
		const here = urlKey(url);
		// 0.1.0's one webhook for every event is kept at a start of n8n, and registered anew (one per event) when
		// the workflow is published again.
		const kept = stillFits(taken, {
			same:
				recorded.length > 0 &&
				mine.length === recorded.length &&
				mine.every((w) => w.webhook_url === undefined || urlKey(w.webhook_url) === here) &&
				sameEvents(recorded, chosenEvents(ctx, kind)),
			current: !isLegacy(recorded),
		});
		// keepHashed: a secret an earlier version kept in clear is replaced by its hash (n8n saves the static data with every execution).
		if (kept && keepHashed(data, 'secret') && data[source.key] === source.id) {
			decided = true;
			forgetUnpublish('webhooks', data);
			// Kept: what failed to arrive while n8n was down is in their delivery logs (Options → Catch Up Missed
			// Events), read at each webhook's ID as Talkover lists it.
			await catchUpOnActivation(
				ctx,
				mine.map((w, i) => source.log(idOf(w.id) ?? recorded[i].id)),
				{ bare: isLegacy(recorded) },
			);
			return true;
		}
		// Otherwise every webhook for this URL is found by its webhook_url; an entry without one (and not
		// a recorded webhook) could be this node's: the list cannot be read (each activation would add one).
		const unreadable = webhooks.find((w) => !mine.includes(w) && urlKey(w.webhook_url) === undefined);
		if (unreadable) {
			const unreadableId = shownValue(unreadable.id);
			throw unexpectedAnswerError(
				ctx.getNode(),
				`Talkover's list of webhooks could not be read (a webhook ${unreadableId ? `(ID ${unreadableId}) ` : ''}has no webhook_url), so the node cannot tell whether its webhook is already registered`,
				{ status: status ?? 200, method: 'GET', path: source.webhooks },
			);
		}
		// The recorded webhooks on another agent or campaign (the field changed, or an unpublish's deletion failed or
		// never ran) are deleted there; this agent's or campaign's for this URL are found in its list.
		const owner = recordedOwner(data);
		const old: Array<{ at: Source; id: string }> = owner && (owner.kind !== source.kind || owner.id !== source.id) ? recorded.map((r) => ({ at: owner, id: r.id })) : [];
		const ours = webhooks.filter((w) => mine.includes(w) || urlKey(w.webhook_url) === here);
		// A webhook for this URL whose secret we no longer have (static data lost) cannot be trusted: replace it.
		for (const webhook of ours) {
			const id = idOf(webhook.id);
			if (!id) throw new NodeOperationError(ctx.getNode(), `Talkover lists a webhook for this node's URL without an ID, so it cannot be replaced: delete it in Talkover (${source.kind === 'campaign' ? 'the campaign' : 'the agent'}'s webhooks) and activate again`);
			old.push({ at: source, id });
		}
		for (const { at, id } of old) {
			await deleteWebhook(ctx, at, id, { settings: hookTime(ctx), doing: 'deleting the old webhook for this node', then: 'Nothing new was registered: try activating again later.' });
		}
		decided = true;
		return false;
	} finally {
		if (!decided) taken.putBack();
	}
}

/**
 * Deletes one webhook of the node (Delete Webhook / Delete Campaign Webhook answer `{ success: true, message }`):
 * Talkover's documented 404 is "already gone"; any other failure throws, `then` (what to do) in its description.
 */
async function deleteWebhook(ctx: Ctx, at: Source, id: string, { settings, doing, then = '' }: { settings: RequestOptions; doing: string; then?: string }): Promise<void> {
	const deleted = await hookRequest(ctx, 'DELETE', at.webhook(id), { ...settings, handleStatuses: [404], read: EVENT_WEBHOOK_DELETED, doing, then });
	goneOrFailed(ctx, deleted, then);
}

/**
 * A DELETE of a webhook answered 404: already gone only on Talkover's documented "not found" answer
 * (documentedNotFound). Any other 404 (a framework's `{"message":"Not Found"}`, a web page: a wrong Base URL or a proxy)
 * is an error, and nothing is taken as deleted. `then` says what to do.
 */
function goneOrFailed(ctx: Ctx, response: TalkoverAnswer<unknown>, then: string): void {
	if (response.statusCode !== 404) return;
	const failure = response.failure ?? readFailure(404, undefined);
	if (documentedNotFound(failure)) return;
	const error = failureError(ctx.getNode(), failure);
	error.description = [error.description, then].filter(Boolean).join('\n');
	throw error;
}

export async function create(ctx: IHookFunctions, kind: EventKind): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const source = sourceOf(ctx, kind);
	const chosen = chosenEvents(ctx, kind);
	const events = Array.isArray(chosen) ? [...new Set(chosen.map(String))] : [];
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `${source.kind === 'campaign' ? 'Campaign Events' : 'Events'}: choose at least one event`);
	}
	const hours = catchUpHours(ctx);
	const secret = randomBytes(32).toString('hex');
	const made: Recorded[] = [];
	let registered = false;
	try {
		// One webhook per event: a delivery whose body names no event is its webhook's one event (the event header).
		for (const event of events) made.push({ id: await register(ctx, source, event, events.length > 1, secret), event });
		registered = true;
	} finally {
		// A failure: the webhooks made before it would call a workflow that is not published, so they are deleted
		// now (what cannot be deleted is found by its URL and replaced at the next activation); its error goes on.
		if (!registered) await unregister(ctx, source, made);
	}
	// New webhooks, new delivery logs: nothing of the old ones' catch-up counts (nor an unpublish of them).
	forgetUnpublish('webhooks', data);
	forgetCatchUp(data);
	delete data.agentId;
	delete data.campaignId;
	data.webhookId = made[0].id;
	data.webhooks = made.map(({ id, event }) => ({ id, event }));
	data[source.key] = source.id;
	startCatchUp(data, hours);
	// Only its hash is kept: a delivery's header is compared with it (secretMatches). The secret is never
	// needed again: changed or lost webhooks are deleted and registered anew with a new secret (checkExists),
	// and the node does not check Talkover's HMAC signature (which would need the secret itself).
	data.secret = hashOf(secret);
	return true;
}

/** Registers the webhook of one event; returns its ID. `several`: the node registers one per event (its name says which). */
async function register(ctx: IHookFunctions, source: Source, event: string, several: boolean, secret: string): Promise<string> {
	const body: IDataObject = {
		// At most 255 characters as Talkover counts them (code points): never half an emoji.
		name: firstCharacters(`n8n: ${ctx.getWorkflow().name ?? 'workflow'} (Talkover Trigger${several ? `: ${label(event)}` : ''})`, 255),
		webhook_url: ctx.getNodeWebhookUrl('default'),
		webhook_secret: secret,
		events: [event],
		custom_headers: [
			{ key: DELIVERY_HEADER, value: secret },
			{ key: EVENT_HEADER, value: event },
		],
		// The trigger answers on receipt (responseMode onReceived), well inside 30 s; a delivery that failed
		// is sent again (3 times, Talkover's default), and a redelivery starts nothing (deliveries.ts).
		timeout: 30,
		max_retries: 3,
		enabled: true,
	};
	if (source.kind === 'campaign') body.include_call_events = isCallEvent(event);
	// Create Webhook, Create Campaign Webhook and openapi.json answer only `{ success, data: webhook }`.
	const response = await hookRequest(ctx, 'POST', source.webhooks, {
		...hookTime(ctx),
		body,
		notFoundMessage: source.notFound,
		read: EVENT_WEBHOOK_RECORD,
		secret,
		doing: 'registering the webhook',
		then: `No webhook ID was kept. If a webhook "${String(body.name)}" shows up in Talkover all the same, delete it before activating again.`,
	});
	// The record reader refused an answer without an ID (a non-empty text or a whole number) above.
	return String(response.value.id);
}

/** Deletes webhooks this hook made before it failed; what cannot be deleted is replaced at the next activation (found by its URL). */
async function unregister(ctx: IHookFunctions, source: Source, made: readonly Recorded[]): Promise<void> {
	for (const { id } of made) {
		await hookRequest(ctx, 'DELETE', source.webhook(id), { ...hookTime(ctx, 'restore'), handleStatuses: [404], read: EVENT_WEBHOOK_DELETED, doing: 'deleting a webhook of this failed activation' }).catch(() => undefined);
	}
}

/**
 * Deletes the webhooks recorded at activation (on the agent or the campaign they were made on): those of a published
 * workflow a moment later (unpublishLater.ts: a re-publish takes them back), those of the editor's test webhook now.
 */
export async function deleteRecorded(ctx: IHookFunctions): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const owner = recordedOwner(data);
	if (owner && mayWait(ctx)) {
		// The catch-up of these webhooks stops now; their record stays (a re-publish takes them back and catches up).
		stopCatchUp(scopeOf(data));
		const recorded = recordedWebhooks(data);
		// Read now: the deletion runs after this hook returned (as the catch-up's retries).
		const detached = { credentials: await ctx.getCredentials(CREDENTIAL_TYPE) };
		const tell = teller(ctx, await credentialTokens(ctx));
		await deleteLater(ctx, 'webhooks', data, async () => {
			for (const webhook of recorded) {
				try {
					await deleteWebhook(ctx, owner, webhook.id, { settings: { detached }, doing: 'deleting the webhook' });
				} catch (error) {
					tell('warn', `the webhook ${webhook.id} of the unpublished workflow could not be deleted in Talkover (the next publish replaces it): ${loggableFailure(ctx, error)}`);
				}
			}
		});
		return true;
	}
	if (owner) {
		const recorded = recordedWebhooks(data);
		const then =
			recorded.length === 1
				? 'The webhook is kept on record; if it is still in Talkover, delete it there, or deliveries keep arriving at this URL.'
				: 'The webhooks are kept on record; if they are still in Talkover, delete them there, or deliveries keep arriving at this URL.';
		// Each webhook is deleted, whatever happened to the one before: the first failure is thrown after all were
		// tried, and only the webhooks not deleted stay on record (a later activation then replaces them).
		let failure: { error: unknown } | undefined;
		const left: Recorded[] = [];
		for (const webhook of recorded) {
			try {
				await deleteWebhook(ctx, owner, webhook.id, { settings: hookTime(ctx), doing: 'deleting the webhook', then });
			} catch (error) {
				failure ??= { error };
				left.push(webhook);
			}
		}
		if (failure) {
			// 0.1.0's one webhook stays recorded as it was (`webhookId` alone).
			if (left.some((w) => w.event === undefined)) delete data.webhooks;
			else data.webhooks = left.map(({ id, event }) => ({ id, event }));
			data.webhookId = left[0].id;
			throw failure.error;
		}
	}
	forgetCatchUp(data);
	delete data.webhookId;
	delete data.webhooks;
	delete data.agentId;
	delete data.campaignId;
	delete data.secret;
	return true;
}

/** deleteRecorded as a hook function: shared by the Agent and Campaign sources (one record, one deletion). */
export async function deleteEventWebhook(this: IHookFunctions): Promise<boolean> {
	return await deleteRecorded(this);
}
