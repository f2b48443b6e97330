import { runTalkover } from '../../helpers/n8n';
import { TOKEN, useSandbox } from '../../helpers/fixtures';
import { ACCOUNT_TOKEN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const getBalance = { resource: 'credit', operation: 'getBalance' };
const withAccount = () => ({ ...credentials(), accountToken: ACCOUNT_TOKEN });

describe('Credits → Get Balance', () => {
	test('one GET, output the balance', async () => {
		sandbox().credits = 42;
		const { output, error } = await runTalkover({ parameters: getBalance, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([['GET', '/api/v1/credits/balance', `Bearer ${TOKEN}`]]);
		expect(output![0].json).toMatchObject({ balance: 42, currency: 'USD', auto_topup_enabled: true });
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	describe('contradiction: the balance page says "Account API" with a user token, the Authentication page says every request takes the environment token', () => {
		test('without an Account Token the API Token is sent (Talkover accepts it: environment variant)', async () => {
			sandbox().creditsAuth = 'environment';
			const { output, error } = await runTalkover({ parameters: getBalance, credentials: credentials() });
			expect(error).toBeUndefined();
			expect(output![0].json.balance).toBe(250);
		});

		test('with an Account Token that token is sent, through the credential’s authentication (account variant)', async () => {
			sandbox().creditsAuth = 'account';
			const { output, error } = await runTalkover({ parameters: getBalance, credentials: withAccount() });
			expect(error).toBeUndefined();
			expect(sandbox().requests[0].headers.authorization).toBe(`Bearer ${ACCOUNT_TOKEN}`);
			expect(output![0].json.balance).toBe(250);
		});

		test('the environment token refused (account variant): the error says to add an Account Token', async () => {
			sandbox().creditsAuth = 'account';
			const { error } = await runTalkover({ parameters: getBalance, credentials: credentials() });
			expect(error?.message).toBe('Talkover did not accept the API token: it is wrong or has expired');
			expect(error?.description).toContain('paste it into the credential’s Account Token field');
		});

		test('the Account Token refused: the error says to check that token', async () => {
			sandbox().creditsAuth = 'environment';
			const { error } = await runTalkover({ parameters: getBalance, credentials: withAccount() });
			expect(error?.description).toContain('Get Balance sent the credential’s Account Token');
			expect(error?.description).not.toContain(ACCOUNT_TOKEN);
		});

		test('the Account Token refused: the message names the Account Token, not the API token', async () => {
			sandbox().creditsAuth = 'environment';
			const { error } = await runTalkover({ parameters: getBalance, credentials: withAccount() });
			expect(error?.message).toBe('Talkover did not accept the Account Token: it is wrong or has expired');
			expect(error?.description).not.toContain('Account → Environments');
		});

		test('a 403 to the Account Token names the Account Token', async () => {
			sandbox().inject({ status: 403, body: { success: false, message: 'Forbidden.' } });
			const { error } = await runTalkover({ parameters: getBalance, credentials: withAccount() });
			expect(error?.message).toBe('The Talkover Account Token is not allowed to do this');
		});

		test('other operations never send the Account Token', async () => {
			await runTalkover({ parameters: { resource: 'campaign', operation: 'getMany', limit: 1 }, credentials: withAccount() });
			expect(sandbox().requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		});
	});

	test('a 500 is retried (a read)', async () => {
		sandbox().inject({ status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: getBalance, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests).toHaveLength(2);
	});

	test('Continue On Fail: a refused item is an error item, the next one gets the balance', async () => {
		sandbox().inject({ status: 401, body: { success: false, message: 'Unauthenticated.' } });
		const { output } = await runTalkover({ items: [{}, {}], parameters: getBalance, credentials: credentials(), settings: { continueOnFail: true } });
		expect(output!.map((o) => [o.json.error ?? o.json.balance, o.pairedItem])).toEqual([
			['Talkover did not accept the API token: it is wrong or has expired', { item: 0 }],
			[250, { item: 1 }],
		]);
	});

	const page = { balance: 250.0, currency: 'USD', auto_topup_enabled: true, as_of: '2024-01-15T19:30:00Z' };
	test.each([
		['a balance of null', { ...page, balance: null }, "Talkover's answer could not be read: the balance's balance is null, not an amount (a number)"],
		['a balance as text', { ...page, balance: '250.00' }, 'Talkover\'s answer could not be read: the balance\'s balance is the text "250.00", not an amount (a number)'],
		['no balance', { ...page, balance: undefined }, "Talkover's answer could not be read: the balance's balance is missing, not an amount (a number)"],
		['no currency', { ...page, currency: undefined }, "Talkover's answer could not be read: the balance's currency is missing, not a currency code such as USD"],
		['credits instead of a currency', { ...page, currency: 'credits' }, 'Talkover\'s answer could not be read: the balance\'s currency is "credits", not a currency code such as USD'],
		['an error marker inside the balance', { ...page, error: { code: 'BALANCE_UNAVAILABLE' } }, "Talkover's answer does not have the expected data (data: an error instead of the data)"],
	])('an answer that makes no sense (%s) is an error, never a balance to compare a run’s cost with', async (_what, data, message) => {
		sandbox().inject({ status: 200, body: { success: true, data }, times: Infinity });
		const { output, error } = await runTalkover({ parameters: { ...getBalance, options: { maxRetries: 0 } }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe(message);
	});

	test('a negative balance, its currency in small letters, is read as sent', async () => {
		sandbox().inject({ status: 200, body: { success: true, data: { ...page, balance: -3.5, currency: 'eur' } } });
		const { output, error } = await runTalkover({ parameters: getBalance, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ balance: -3.5, currency: 'eur' });
	});
});
