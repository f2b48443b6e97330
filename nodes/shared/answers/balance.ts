import type { IDataObject } from 'n8n-workflow';

import { checkMoney } from './money';
import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/**
 * The credit balance: `{success, data: {balance, currency, auto_topup_enabled, as_of}}` (get-credits-balance.mdx),
 * output as sent. What a workflow decides a run with must be there: `currency`, a three-letter code, and `balance`, a
 * JSON number (the page shows 250.00); else an AnswerProblem, never a balance to compare a run's cost with.
 */
export const CREDIT_BALANCE: ShapedReader<IDataObject> = shaped(['GET /credits/balance'], 'object', (body) => {
	const balance = dataOf(body) as IDataObject;
	checkMoney(balance, 'balance', [{ field: 'balance', means: 'an amount (a number)' }]);
	return balance;
});
