/**
 * The credential's tokens for the trigger's webhooks, kept in this process's memory per credential: a
 * call of the agent tool must not wait for the credential to be read (on n8n 2.41 one more expression
 * sandbox, about a quarter of the answer's time) only to mask tokens in its item.
 *
 * Why this is safe: the tokens live only in the memory of the n8n process that decrypts the credential for
 * every request anyway; they are never written (no static data, no execution data, no log). They are
 * keyed by the credential's ID, so a workflow gets only the tokens of the credential its node uses. A
 * process without them (a restart, a webhook worker) reads the credential on its first call. When they
 * are older than a minute, the call uses them and reads the credential again beside it (not waited for):
 * a rotated token is masked from the next call on, and the old one stays masked too (a few per credential).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, clock, credentialTokens } from '../transport';

/** How long tokens read are used without reading the credential again. */
export const TOKENS_FRESH_MS = 60_000;
/** Tokens kept per credential (the newest; the API Token and the Account Token, and a rotation or two). */
const KEPT_PER_CREDENTIAL = 6;
/** Credentials remembered (the oldest forgotten first). */
const MAX_CREDENTIALS = 200;

const kept = new Map<string, { tokens: string[]; readAt: number }>();

/** The ID of the credential the node uses, if n8n tells it. */
function credentialId(ctx: IWebhookFunctions): string | undefined {
	try {
		const id = ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
		return typeof id === 'string' && id !== '' ? id : undefined;
	} catch {
		return undefined;
	}
}

function remember(id: string, tokens: string[], readAt: number): string[] {
	const before = kept.get(id)?.tokens ?? [];
	const all = [...new Set([...tokens, ...before])].slice(0, KEPT_PER_CREDENTIAL);
	kept.delete(id);
	kept.set(id, { tokens: all, readAt });
	if (kept.size > MAX_CREDENTIALS) kept.delete(kept.keys().next().value as string);
	return all;
}

/** The tokens to mask in a webhook's item: from memory when known (see above), else read once. */
export async function webhookTokens(ctx: IWebhookFunctions): Promise<string[]> {
	const id = credentialId(ctx);
	if (id === undefined) return await credentialTokens(ctx);
	const now = clock.now();
	const known = kept.get(id);
	if (known) {
		if (now - known.readAt >= TOKENS_FRESH_MS) {
			known.readAt = now;
			void credentialTokens(ctx).then((tokens) => remember(id, tokens, now));
		}
		return known.tokens;
	}
	return remember(id, await credentialTokens(ctx), now);
}
