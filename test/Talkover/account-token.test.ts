/**
 * The Account Token of the "Talkover API" credential: only Credit → Get Balance sends it; one that cannot be
 * sent is Get Balance's error before anything is sent, and with Auto, Get Balance takes its places from the
 * Account Token's rate limit. The router on a context whose HTTP answers are scripted
 * (test/helpers/routerHarness.ts); through n8n's engine against the sandbox: test/Talkover/credit/getBalance.test.ts
 * and test/Talkover/concurrency.test.ts.
 */
import { accountPacing } from '../../nodes/shared/transport/rateLimit';
import type { Setup } from '../helpers/routerHarness';
import { AGENT, FIXED, TOKEN, publishUrl, published, run, useRouterHarness } from '../helpers/routerHarness';

useRouterHarness();

describe('the Account Token (Credit → Get Balance)', () => {
	const badAccountToken = { apiToken: TOKEN, accountToken: 'talq_acc\nount', baseUrl: 'http://talkover.test' };

	test('one that cannot be sent is Get Balance\'s error for the first item, before anything is sent', async () => {
		const { error, sent } = await run({ resource: 'credit', operation: 'getBalance', agents: [AGENT(1), AGENT(2)], answers: [], credentials: badAccountToken, options: (i) => (i === 1 ? { maxRetries: -3 } : FIXED) });
		expect(sent).toEqual([]);
		expect(error?.message).toMatch(/^Account Token of the "Talkover API" credential/);
		expect(error?.context?.itemIndex).toBe(0);
	});

	/** Auto: the places held on each token's rate limit (Account Token, API token) while the request is on its way. */
	async function placesHeld(setup: Pick<Setup, 'resource' | 'operation'>, body: unknown): Promise<number[][]> {
		const held: number[][] = [];
		const { output } = await run({
			...setup,
			agents: [AGENT(1)],
			credentials: { apiToken: TOKEN, accountToken: 'talq_account', baseUrl: 'http://talkover.test' },
			options: { maxRetries: 0 },
			answers: [
				() => {
					held.push([accountPacing('http://talkover.test', 'talq_account').auto.inFlight, accountPacing('http://talkover.test', TOKEN).auto.inFlight]);
					return { body };
				},
			],
		});
		expect(output).toHaveLength(1);
		return held;
	}

	test('with Auto, Get Balance\'s items take their places from the Account Token\'s rate limit, not the API token\'s', async () => {
		expect(await placesHeld({ resource: 'credit', operation: 'getBalance' }, { success: true, data: { balance: 10, currency: 'USD' } })).toEqual([[1, 0]]);
	});

	test('with Auto, other operations take their places from the API token\'s rate limit, also when the credential has an Account Token', async () => {
		expect(await placesHeld({}, { success: true, data: { id: AGENT(1), current_status: 'published' } })).toEqual([[0, 1]]);
	});

	test('operations that do not send it do not care', async () => {
		const { output, sent } = await run({ agents: [AGENT(1)], answers: [published(1)], credentials: badAccountToken });
		expect(sent).toEqual([publishUrl(1)]);
		expect(output).toHaveLength(1);
	});
});
