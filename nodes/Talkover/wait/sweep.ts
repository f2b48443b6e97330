/**
 * Before a wait registers its webhook on an agent or a campaign, the webhooks earlier waits left there are deleted: a
 * wait n8n ended without running the node (the execution cancelled or deleted, or its limit passed while
 * n8n was down) cannot delete its own. Only a webhook a wait made is touched: its name starts with
 * WAIT_WEBHOOK_PREFIX and it delivers to this n8n's resume addresses. It is deleted when its time is over
 * (the moment in its name, when n8n ends the wait itself), when it delivers to the very address of the wait
 * that sweeps (an earlier try of the same node, which n8n's Retry On Fail ran before), or when its address says the execution no
 * longer waits (n8n's own words, never a proxy's in front of it): n8n answers a request without the wait's secret with 404 (deleted) or 409 "has finished"
 * (cancelled, failed or done), or 401 "Invalid token" (n8n 2.3x+ refuses the token the address carries: nothing
 * sent there reaches a node, as at the address of a crashed Retry, which holds the failed execution's token),
 * where a waiting execution's node answers 401 with its own words and a running one (still placing its calls)
 * 409 "is running already". In a retried execution (n8n's Retry from the executions list), a webhook
 * of this same node in another execution whose address n8n answers with a server error is also deleted: n8n
 * answers so at every address of an execution it crashed without keeping its data (its event log off or lost:
 * 2.8.4 fails reading the execution's last node), the very execution such a Retry runs again, which never
 * resumes; anywhere else a server error may be n8n's passing trouble, and the webhook is kept. Each wait asks a
 * few addresses, those asked longest ago first, a Retry's own node's first (PROBES_PER_WAIT). Nothing of this
 * is the run's error but a refused token.
 */
import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { EVENT_WEBHOOKS } from '../../shared/answers';
import { confirmedRequest } from '../../shared/confirmedRequest';
import { asObject, clock } from '../../shared/transport';
import type { WaitOwner, WaitWebhook } from './record';
import { ownerText, removeWaitWebhooks, untilOf, webhookPaths } from './webhooks';
import { NO_WAIT_HERE } from './address';

/** The part of a resume address all of this n8n's waits share (its origin and the waiting path). */
export function waitingBase(address: string): string | undefined {
	try {
		const url = new URL(address);
		const parts = url.pathname.split('/');
		// …/webhook-waiting/<execution>/<node>: the base is what comes before the execution's ID.
		return parts.length >= 3 ? `${url.origin}${parts.slice(0, -2).join('/')}/` : undefined;
	} catch {
		return undefined;
	}
}

/**
 * n8n's own error answer (response-helper.js: JSON `{code, message}`): what a proxy or tunnel in front of n8n
 * answers while n8n restarts behind it (a 502, a plain-text 404) is not n8n's word on the execution.
 */
function n8nSays(body: unknown): string | undefined {
	const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
	return typeof code === 'number' && typeof message === 'string' ? message : undefined;
}

/** n8n's 404s at a resume address: the execution deleted, or no waiting webhook of this path there (n8n 1.123 – 2.41). */
const N8N_NOT_WAITING = [/^The execution "[^"]*" does not exist\.?$/, /does not contain a waiting webhook with a matching path\/method/, /^Could not find node to process webhook\.?$/];

/**
 * The answer at a webhook's address of an execution that no longer waits there: n8n's 404 (deleted, or waiting
 * elsewhere) or this node's own (no wait of its own there), n8n's 409 saying it has finished (cancelled, failed
 * or done), n8n 2.3x+'s refused token; in a Retry of this node (`crashedPredecessor`), n8n's 500. A 409 saying it
 * is running is an execution still placing its calls (or resumed), and anything not n8n's or the node's words
 * (a proxy's, a tunnel's) may come from in front of a live wait: kept.
 */
function noLongerWaits(status: number, body: unknown, crashedPredecessor: boolean): boolean {
	const said = n8nSays(body);
	const own = (body as { message?: unknown } | undefined)?.message;
	if (status === 404) return own === NO_WAIT_HERE || (said !== undefined && N8N_NOT_WAITING.some((words) => words.test(said)));
	// n8n 2.3x+ refusing the token the address carries ({"error": "Invalid token"}, not the node's own 401): no
	// delivery to this address reaches a node any more (a crashed Retry holds the failed execution's token).
	if (status === 401 && (body as { error?: unknown } | undefined)?.error === 'Invalid token') return true;
	if (crashedPredecessor && status === 500 && said !== undefined) return true;
	return status === 409 && said !== undefined && /\bfinished\b/.test(said);
}

/** The node's ID, the last part of a resume address's path (see address.ts). */
function nodeOf(address: string): string | undefined {
	try {
		return new URL(address).pathname.split('/').at(-1) || undefined;
	} catch {
		return undefined;
	}
}

/**
 * How many addresses one wait asks at most (those asked longest ago first): with many executions waiting on
 * one agent, each new wait asks a few, not all (100 waits would otherwise send 4,950 requests to n8n).
 */
export const PROBES_PER_WAIT = 5;

/** When this process last asked each address (forgotten after a day). */
const probedAt = new Map<string, number>();
const FORGET_MS = 24 * 60 * 60_000;

async function stillWaits(ctx: IExecuteFunctions, url: string, crashedPredecessor: boolean): Promise<boolean> {
	try {
		// n8n's own answer (not Talkover's): its status and its message.
		const { statusCode, body: answer } = (await ctx.helpers.httpRequest({ method: 'POST', url, body: {}, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 10_000 })) as { statusCode?: number; body?: unknown };
		return !noLongerWaits(Number(statusCode), answer, crashedPredecessor);
	} catch {
		return true;
	}
}

/**
 * Deletes the webhooks earlier waits left on the agent or campaign (see above); returns those at this wait's
 * own address, for the wait to delete once its own webhook is registered.
 */
export async function sweepOwner(ctx: IExecuteFunctions, owner: WaitOwner, address: string): Promise<WaitWebhook[]> {
	const base = waitingBase(address);
	if (!base) return [];
	let webhooks: unknown;
	try {
		webhooks = (await confirmedRequest(ctx, 'GET', webhookPaths(owner).webhooks, { read: EVENT_WEBHOOKS, doing: `reading the webhooks of ${ownerText(owner)}` })).value.webhooks;
	} catch (error) {
		// A token Talkover refuses fails the run here, before anything is registered or dialled; anything else
		// leaves the sweep to a later wait.
		const status = Number((error as { httpCode?: unknown }).httpCode);
		if (status === 401 || status === 403) throw error as NodeApiError;
		return [];
	}
	if (!Array.isArray(webhooks)) return [];
	const now = clock.now();
	for (const [url, at] of probedAt) if (now - at > FORGET_MS) probedAt.delete(url);
	const gone: WaitWebhook[] = [];
	const earlier: WaitWebhook[] = [];
	const toAsk: Array<{ url: string; webhookId: string }> = [];
	for (const entry of webhooks) {
		const webhook = asObject(entry) as IDataObject | undefined;
		const until = untilOf(webhook?.name);
		const url = webhook?.webhook_url;
		const id = webhook?.id;
		if (until === undefined || typeof url !== 'string' || !url.startsWith(base)) continue;
		if ((typeof id !== 'string' || id === '') && typeof id !== 'number') continue;
		// At this very address: an earlier try of this node (n8n's Retry On Fail runs it again after an error item),
		// or an earlier wait of it in a loop: no wait of this node goes on while the node runs. Deleted once the
		// new wait's webhook is there (an end delivered meanwhile still reaches this address).
		if (url === address) earlier.push({ ...owner, webhookId: String(id) });
		else if (until < now) gone.push({ ...owner, webhookId: String(id) });
		else toAsk.push({ url, webhookId: String(id) });
	}
	// In a Retry, the webhooks of this node in other executions: the crashed execution it runs again may be one.
	const retried = typeof ctx.getMode === 'function' && ctx.getMode() === 'retry';
	const ownNode = nodeOf(address);
	const ofOwnNode = (url: string) => retried && ownNode !== undefined && nodeOf(url) === ownNode;
	toAsk.sort((a, b) => Number(ofOwnNode(b.url)) - Number(ofOwnNode(a.url)) || (probedAt.get(a.url) ?? 0) - (probedAt.get(b.url) ?? 0));
	for (const { url, webhookId } of toAsk.slice(0, PROBES_PER_WAIT)) {
		probedAt.set(url, now);
		if (!(await stillWaits(ctx, url, ofOwnNode(url)))) gone.push({ ...owner, webhookId });
	}
	await removeWaitWebhooks(ctx, gone);
	return earlier;
}
