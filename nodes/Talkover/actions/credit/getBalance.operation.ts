import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CREDIT_BALANCE } from '../../../shared/answers';
import { apiPath, CREDENTIAL_TYPE, failureError, talkoverAnswer } from '../../../shared/transport';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['credit'], operation: ['getBalance'] } }, [
	{
		displayName:
			'Check the balance before a large run, e.g. with an If node after this one. Talkover documents the balance as part of its Account API: if the API Token is refused here, add an Account Token to the credential.',
		name: 'balanceNotice',
		type: 'notice',
		default: '',
	},
]);

/** A read. */
export const repeatable = true;

/** Sent with the Account Token when the credential has one (paced as that token: see the router). */
export const useAccountToken = true;

export function prepare(): null {
	return null;
}

/**
 * `{balance, currency, auto_topup_enabled, as_of}`. Sent with the credential's Account Token when it has
 * one (the balance page: "Account API", a user token), else with the API Token (the Authentication page:
 * every request takes the environment token). A 401 says which token was refused and what to do.
 */
export async function execute(this: IExecuteFunctions, _prepared: null, item: ItemContext): Promise<IDataObject[]> {
	const response = await talkoverAnswer(this, 'GET', apiPath`/credits/balance`, { ...item, useAccountToken: true, handleStatuses: [401], read: CREDIT_BALANCE });
	if (response.failure) {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const usedAccount = String(credentials.accountToken ?? '').trim() !== '';
		response.failure.lines.push(
			usedAccount
				? 'Get Balance sent the credential’s Account Token: check that it is a current personal access token (Talkover → Account → API Tokens).'
				: 'Get Balance is part of Talkover’s Account API, which may take a personal access token instead of the environment token: create one in Talkover (Account → API Tokens) and paste it into the credential’s Account Token field.',
		);
		throw failureError(this.getNode(), response.failure, { itemIndex: item.itemIndex, token: usedAccount ? 'Account Token' : 'API token' });
	}
	return [response.value];
}
