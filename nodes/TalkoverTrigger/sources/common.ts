/**
 * What the Talkover Trigger's sources share: the secret header and its constant-time check, Talkover's
 * IDs and URLs compared as a server may write them back, requests whose 2xx answer may still say
 * `success: false`, and the interface every source implements (the node file only wires them).
 */
import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { Secrets } from '../../shared/secrets';
import { keptHash, masked, matchesKept, maskedError, webhookTokens } from '../../shared/secrets';
import { DELIVERY_HEADER } from '../../shared/deliveryHeader';
import { asObject } from '../../shared/transport';

/** The header Talkover sends back with the secret (registered as a custom header): shared with the Talkover node's wait. */
export { DELIVERY_HEADER } from '../../shared/deliveryHeader';

/**
 * The header that names the event on every delivery of one of the event sources' webhooks (each subscribes to
 * one event): a delivery whose body names no event (the log's `{"call_id", "duration"}`) is that event.
 */
export const EVENT_HEADER = 'X-N8n-Talkover-Event';

export type Ctx = IHookFunctions | ILoadOptionsFunctions;

/** One Source of the trigger: its fields, its webhook's lifecycle and how it reads what Talkover sends. */
export interface TriggerSource {
	/** The `source` option. */
	option: INodePropertyOptions;
	/** Its fields, each shown only for this source. */
	properties: INodeProperties[];
	loadOptions?: Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
	checkExists(this: IHookFunctions): Promise<boolean>;
	create(this: IHookFunctions): Promise<boolean>;
	/** Removes what this source recorded at activation (a no-op when it recorded nothing). */
	delete(this: IHookFunctions): Promise<boolean>;
	webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

export function isObject(value: unknown): value is IDataObject {
	return asObject(value) !== undefined;
}

/** An ID as Talkover may give it (a UUID, or a number), as text; undefined when there is none. */
export function idOf(value: unknown): string | undefined {
	return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : undefined;
}

/** Two IDs are the same ID: numbers as text, a UUID in either case (Talkover may answer either). */
export function sameId(a: unknown, b: unknown): boolean {
	const key = (value: unknown) => {
		const id = idOf(value);
		return id !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.toLowerCase() : id;
	};
	const left = key(a);
	return left !== undefined && left === key(b);
}

/**
 * A webhook URL as a server may write it back: scheme and host in lower case, default port dropped,
 * without trailing slashes on the path. Undefined when it is not a text.
 */
export function urlKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	try {
		const url = new URL(value.trim());
		url.pathname = url.pathname.replace(/\/+$/, '');
		return url.href.replace(/\/+(?=$|[?#])/, '');
	} catch {
		return value.trim().replace(/\/+$/, '');
	}
}

/**
 * Whether the delivery's header is the secret kept (its SHA-256, or the clear secret an earlier version
 * kept), compared in constant time (secrets/secretHash.ts).
 */
export function secretMatches(received: unknown, secret: unknown): boolean {
	return matchesKept(received, secret);
}

/** A request whose 2xx answer may still say it failed: shared with the Talkover node's wait (shared/confirmedRequest). */
export { confirmedRequest as hookRequest } from '../../shared/confirmedRequest';

/** The credential's tokens (to keep them out of run data even if a delivery echoes one): the transport's, for the sources. */
export { credentialTokens } from '../../shared/transport';

/** Answers 401 (wrong or missing secret): nothing starts. */
export function refuseUnauthorized(ctx: IWebhookFunctions, what: string): IWebhookResponseData {
	ctx.getResponseObject().status(401).json({ message: `Unauthorized: this webhook only accepts ${what} from Talkover` });
	return { noWebhookResponse: true };
}

/** The static-data keys of the secrets the sources keep (the tool's `actionSecret`, the event sources' webhook `secret`). */
export const SECRET_KEYS = ['actionSecret', 'secret'] as const;

/** The secrets the sources keep: their hashes (a clear one kept by an earlier version: itself too). */
function knownSecrets(ctx: IHookFunctions): Required<Secrets> {
	const data = ctx.getWorkflowStaticData('node');
	const values = SECRET_KEYS.map((key) => data[key]).filter((s): s is string => typeof s === 'string' && s !== '' && !s.startsWith('sha256:'));
	const hashes = SECRET_KEYS.map((key) => keptHash(data, key)).filter((h): h is string => h !== undefined);
	return { values, hashes };
}

/**
 * The message of an error a hook only logs (n8n does not show it), through the same masking step as the
 * hooks' errors: no secret the node keeps, no header value Talkover echoed.
 */
export function loggableMessage(ctx: IHookFunctions, error: unknown): string {
	return messageOf(ctx, shownError(ctx, error));
}

/** loggableMessage and, after it, the error's description (Talkover's own words, what to do), through the same masking step. */
export function loggableFailure(ctx: IHookFunctions, error: unknown): string {
	const shown = shownError(ctx, error);
	const message = messageOf(ctx, shown);
	const description = (shown as { description?: unknown } | undefined)?.description;
	return typeof description === 'string' && description ? `${message} (${description})` : message;
}

/** An error (or what was thrown) through the masking step, once. */
function shownError(ctx: IHookFunctions, error: unknown): unknown {
	return error !== null && typeof error === 'object' ? maskedError(error, knownSecrets(ctx)) : error;
}

/** The message of a masked error; anything else thrown, as text through the masking step. */
function messageOf(ctx: IHookFunctions, shown: unknown): string {
	const message = (shown as { message?: unknown } | undefined)?.message;
	return typeof message === 'string' ? message : masked(String(shown), knownSecrets(ctx));
}

/** Writes to n8n's log, every line through the one masking step: the tokens, the secrets the node keeps, header values. */
export type Tell = (level: 'info' | 'warn', text: string) => void;

/** A Tell naming the node and its workflow; `tokens`: the credential's (credentialTokens), read while the hook runs. */
export function teller(ctx: IHookFunctions, tokens: string[]): Tell {
	const prefix = `Talkover Trigger "${ctx.getNode().name}" (workflow ${ctx.getWorkflow().id ?? ''}): `;
	return (level, text) => ctx.logger?.[level]?.(loggableText(ctx, prefix + text, tokens));
}

/** A text for n8n's log through the same masking step: the secrets the node keeps, and `values` (the credential's tokens). */
export function loggableText(ctx: IHookFunctions, text: string, values: readonly string[] = []): string {
	const known = knownSecrets(ctx);
	return masked(text, { values: [...known.values, ...values], hashes: known.hashes });
}

/**
 * Runs one of a source's webhook methods (check, create, delete) so that no error of it carries a secret
 * the node keeps, whatever Talkover echoed: every error leaves through the one masking step with the
 * secrets known before and after the call (found by their hashes) and any header value Talkover echoed
 * replaced by `***` (the one place: every request of the trigger's lifecycle goes through it).
 */
export async function withSecretsScrubbed<T>(ctx: IHookFunctions, run: () => Promise<T>): Promise<T> {
	const before = knownSecrets(ctx);
	try {
		return await run();
	} catch (error) {
		const after = knownSecrets(ctx);
		const secrets = { values: [...before.values, ...after.values], hashes: [...new Set([...before.hashes, ...after.hashes])] };
		throw error !== null && typeof error === 'object' ? maskedError(error, secrets) : error;
	}
}

/**
 * The one masking step of every item the trigger outputs, whatever its source: the credential's tokens
 * (kept in memory, secrets/tokens.ts: no wait for the credential), the secret the delivery carried (a
 * source starts a workflow only when it matched the one kept, so the received header is the secret), and
 * every header value Talkover echoes, become `***` (secrets/mask.ts).
 */
export async function withItemsMasked(ctx: IWebhookFunctions, result: IWebhookResponseData): Promise<IWebhookResponseData> {
	if (!result.workflowData) return result;
	const received = (ctx.getHeaderData() as IDataObject)[DELIVERY_HEADER.toLowerCase()];
	const secrets = { values: [...(await webhookTokens(ctx)), ...(typeof received === 'string' ? [received] : [])] };
	return { ...result, workflowData: result.workflowData.map((items) => items.map((item) => ({ ...item, json: masked(item.json, secrets) }))) };
}
