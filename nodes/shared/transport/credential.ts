import { createHash } from 'crypto';

import type { IDataObject, IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, INode, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AccountPacing } from './pacing';
import { accountPacing, serverOf } from './rateLimit';

/**
 * The "Talkover API" credential as the transport uses it: its Base URL and tokens checked before any
 * request, the tokens no text may carry, the token a request sends and that token's pacing. Nothing here
 * sends a request.
 */

export const CREDENTIAL_TYPE = 'talkoverApi';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/** The credential's base URL without surrounding spaces or trailing slashes. */
export function baseUrlOf(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
}

/** Characters a header value cannot carry (what Node's HTTP client refuses): line breaks, other controls. */
const NOT_IN_A_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * What is wrong with the credential's Base URL or token, such that a request could not be sent, or
 * would send what it must not (a user name and password in the Base URL replace the token with HTTP
 * Basic authentication): the field and what to do, or undefined. Checked before any request (the
 * router checks it with the items, so nothing is sent and the error names the field), so such a
 * request never fails half-way with "may have been placed".
 */
export function credentialProblem(credentials: IDataObject, useAccountToken = false): { field: string; problem: string } | undefined {
	const baseUrl = baseUrlOf(credentials);
	const field = (name: string) => `${name} of the "Talkover API" credential`;
	let parsed: URL | undefined;
	try {
		parsed = new URL(baseUrl);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		// The value is shown only when it carries no user name or password.
		const shown = /@/.test(baseUrl) ? '' : ` "${baseUrl}"`;
		return { field: field('Base URL'), problem: `${shown.trim() || 'it'} is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai` };
	}
	// A query or a fragment would move /api/v1/… out of the path (https://host?x → https://host?x/api/v1/agents):
	// every request would go to the host's home page. A path (a proxy's prefix, https://host/talkover) stays.
	const tail = /[?#]/.exec(baseUrl)?.[0];
	if (tail) {
		const what = tail === '?' ? 'a query (?…)' : 'a fragment (#…)';
		return { field: field('Base URL'), problem: `it contains ${what}, which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai` };
	}
	if (parsed.username || parsed.password) {
		return {
			field: field('Base URL'),
			problem: 'it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai',
		};
	}
	const tokens: Array<[string, unknown]> = [['API Token', credentials.apiToken]];
	if (useAccountToken) tokens.push(['Account Token', String(credentials.accountToken ?? '').trim()]);
	for (const [name, value] of tokens) {
		if (NOT_IN_A_HEADER.test(String(value ?? ''))) {
			return { field: field(name), problem: 'it contains a line break or another character that cannot be sent; paste the token again without it' };
		}
	}
	return undefined;
}

/** The error for a credential that cannot be used (see credentialProblem): nothing was sent. */
export function credentialError(node: INode, { field, problem }: { field: string; problem: string }, itemIndex?: number): NodeOperationError {
	const error = new NodeOperationError(node, `${field}: ${problem}`, {
		description: 'Nothing was sent to Talkover. Open the credential, correct the field, and run the node again.',
		itemIndex,
	});
	error.context.notSent = true;
	return error;
}

/**
 * Both tokens of the credential (API Token, Account Token), trimmed, the empty ones left out: what no text
 * either node gives back may carry (errors, run data, the pickers' answers), whichever token was sent.
 */
export function tokensOf(credentials: IDataObject | undefined): string[] {
	return [credentials?.apiToken, credentials?.accountToken].map((t) => String(t ?? '').trim()).filter(Boolean);
}

/** The tokens (tokensOf) of the context's credential: none when it has none or it cannot be read (nothing then to keep out). */
export async function credentialTokens(ctx: Context | IWebhookFunctions): Promise<string[]> {
	const credentials = await Promise.resolve()
		.then(async () => await ctx.getCredentials(CREDENTIAL_TYPE))
		.catch(() => undefined);
	return tokensOf(credentials);
}

/** The token a request sends: the Account Token when asked for and the credential has one, else the API Token. */
function tokenSent(credentials: IDataObject, useAccountToken: boolean): string {
	const accountToken = useAccountToken ? String(credentials.accountToken ?? '').trim() : '';
	return accountToken || String(credentials.apiToken ?? '');
}

/**
 * The pacing of the token a context's requests carry (the Auto slots of the batch scheduler): the API
 * Token's, or the Account Token's for an operation that sends it. Each token has its own rate limit.
 */
export async function pacingOf(ctx: Context, useAccountToken = false): Promise<AccountPacing> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	return accountPacing(baseUrlOf(credentials), tokenSent(credentials, useAccountToken));
}

/**
 * The Talkover server a credential reaches (the Base URL as the requests use it), whatever its token: an agent's or
 * a campaign's ID names one thing there, whichever token of whichever account reads it.
 */
export function serverOfCredential(credentials: IDataObject): string {
	return serverOf(baseUrlOf(credentials));
}

/**
 * The Talkover account a credential reaches, to compare two credentials (the trigger's unpublish and the next
 * publish): its server (the Base URL as the requests use it) and a hash of the API Token the requests send,
 * never the token itself. Another token counts as another account.
 */
export function accountOf(credentials: IDataObject): string {
	return `${serverOf(baseUrlOf(credentials))} sha256:${createHash('sha256').update(tokenSent(credentials, false), 'utf8').digest('hex')}`;
}
