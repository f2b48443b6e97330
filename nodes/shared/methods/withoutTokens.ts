import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { credentialTokens, scrubError, scrubValue } from '../transport';

/** A picker, whatever its arguments (`never[]`: every parameter list is assignable to it). */
type Method = (this: ILoadOptionsFunctions, ...args: never[]) => Promise<unknown>;

/**
 * The pickers (listSearch, loadOptions) with both tokens of the credential (API Token, Account Token)
 * removed from everything they give the editor, whatever Talkover echoes: labels, values, URLs, and
 * their errors. The one place every picker's answer passes through, so no picker can forget it.
 */
export function withoutTokens<T extends Record<string, Method>>(methods: T): T {
	const wrapped: Record<string, Method> = {};
	for (const [name, method] of Object.entries(methods)) {
		wrapped[name] = async function (this: ILoadOptionsFunctions, ...args: never[]) {
			// In each of their forms, as a link carries them too (scrub's secretForms: `|` becomes %7C).
			const tokens = await credentialTokens(this);
			try {
				return scrubValue(await method.apply(this, args), tokens);
			} catch (error) {
				throw error !== null && typeof error === 'object' ? scrubError(error, tokens) : error;
			}
		};
	}
	return wrapped as T;
}
