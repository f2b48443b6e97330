/**
 * talkoverRequest and getList with scripted HTTP answers and a TestClock: what is sent, what is waited
 * for, and that everything a request may do comes from its caller (the context has no parameters).
 */
import { followingPage, getList, pageFingerprint } from '../../nodes/shared/transport/pagination';
import { apiPath } from '../../nodes/shared/transport/paths';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { credentialProblem, credentialTokens, talkoverRequest, tokensOf, unwrap } from '../../nodes/shared/transport/request';
import { useTestClock } from '../helpers/clock';
import { networkFailure, scripted } from '../helpers/http';

const clock = useTestClock();
beforeEach(() => resetRateLimitState());

describe('apiPath', () => {
	test('every value is one encoded path segment under /api/v1', () => {
		expect(apiPath`/agents`).toBe('/api/v1/agents');
		expect(apiPath`/agents/${'a/../b'}/active-call/${'+1 555'}`).toBe('/api/v1/agents/a%2F..%2Fb/active-call/%2B1%20555');
		expect(apiPath`/x/${7}?`).toBe('/api/v1/x/7?');
	});
});

describe('talkoverRequest', () => {
	test('the request: base URL without spaces or trailing slashes, JSON, full response, no throwing on status, 60 s timeout', async () => {
		const { ctx, requests } = scripted([{ body: { success: true, data: { id: 1 } } }]);
		const response = await talkoverRequest.call(ctx, 'POST', apiPath`/agents`, { body: { a: 1 }, qs: {} });
		// abortSignal: the request's deadline (and the execution's cancel signal) stop it.
		const [{ abortSignal, ...sent }] = requests as Array<{ abortSignal?: unknown }>;
		expect(sent).toEqual({
			method: 'POST',
			url: 'http://talkover.test/api/v1/agents',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 60_000,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			body: { a: 1 },
		});
		expect(abortSignal).toBeInstanceOf(AbortSignal);
		expect(unwrap(response.body)).toEqual({ id: 1 });
		expect(response.failure).toBeUndefined();
	});

	test('Max Retries comes from the caller: 1 retry, then the failure', async () => {
		const { ctx, requests } = scripted([{ statusCode: 500, body: {} }, { statusCode: 500, body: { message: 'still' } }]);
		await expect(talkoverRequest.call(ctx, 'GET', apiPath`/agents`, { maxRetries: 1, itemIndex: 2 })).rejects.toMatchObject({
			message: 'Talkover had a problem on its side (HTTP 500)',
			context: { itemIndex: 2, mayHaveBeenProcessed: true },
		});
		expect(requests).toHaveLength(2);
		expect(clock().waits).toEqual([375]);
	});

	test('the wait budget comes from the caller: a hint beyond it fails at once', async () => {
		const { ctx, requests } = scripted([{ statusCode: 429, headers: { 'retry-after': '3' }, body: {} }]);
		await expect(talkoverRequest.call(ctx, 'GET', apiPath`/agents`, { maxWaitMs: 2000 })).rejects.toMatchObject({ message: 'Talkover rate limit reached: too many requests in a short time' });
		expect(requests).toHaveLength(1);
		expect(clock().waits).toEqual([]);
	});

	test('one waiting path: a 503 hint, a dropped connection and a 429 hint, one after the other, each waited for exactly', async () => {
		const { ctx, requests } = scripted([
			{ statusCode: 503, headers: { 'retry-after': '2' }, body: {} },
			networkFailure('ECONNRESET'),
			{ statusCode: 429, headers: { 'retry-after': '1' }, body: {} },
			{ statusCode: 200, body: { success: true, data: [] } },
		]);
		await talkoverRequest.call(ctx, 'GET', apiPath`/calls`);
		expect(requests).toHaveLength(4);
		// 503: its hint; reset: the second back-off step (0.75 × 1000); 429: its hint.
		expect(clock().waits).toEqual([2000, 750, 1000]);
	});

	test('the account’s pacing and a request’s own back-off: the longer of the two is waited for, once', async () => {
		const { ctx } = scripted([
			{ statusCode: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(clock().now() + 5000) }, body: {} },
			{ statusCode: 502, body: {} },
			{ statusCode: 200, body: {} },
		]);
		await talkoverRequest.call(ctx, 'GET', apiPath`/a`);
		await talkoverRequest.call(ctx, 'GET', apiPath`/b`);
		// /b waits for the window (5000), gets a 502, then waits its back-off (375): the window is open by then.
		expect(clock().waits).toEqual([5000, 375]);
	});

	test('a POST is not sent again after a 5xx or a dropped connection, but is after a refused connection', async () => {
		const refused = scripted([networkFailure('ECONNREFUSED'), { body: { success: true, data: {} } }]);
		await talkoverRequest.call(refused.ctx, 'POST', apiPath`/x`);
		expect(refused.requests).toHaveLength(2);
		const reset = scripted([networkFailure('ECONNRESET')]);
		await expect(talkoverRequest.call(reset.ctx, 'POST', apiPath`/x`)).rejects.toMatchObject({ context: { mayHaveBeenProcessed: true } });
		const boom = scripted([{ statusCode: 500, body: {} }]);
		await expect(talkoverRequest.call(boom.ctx, 'POST', apiPath`/x`)).rejects.toMatchObject({ httpCode: '500' });
	});

	test('a status the caller handles comes back with the failure read once, token removed', async () => {
		const { ctx } = scripted([{ statusCode: 404, body: { error: 'AGENT_NOT_FOUND', message: 'no agent for talq_secret' } }]);
		const response = await talkoverRequest.call(ctx, 'GET', apiPath`/x`, { handleStatuses: [404] });
		expect(response.failure).toEqual({ status: 404, code: 'AGENT_NOT_FOUND', message: 'no agent for ***', lines: [], textBody: false, mayHaveBeenProcessed: false });
	});

	test('a 2xx whose body says it failed carries the failure too; a plain 2xx does not', async () => {
		const { ctx } = scripted([{ body: { success: false, message: 'nope', errors: ['a'] } }, { body: { success: true, message: 'ok' } }]);
		expect((await talkoverRequest.call(ctx, 'POST', apiPath`/x`)).failure).toMatchObject({ status: 200, message: 'nope', lines: ['a'] });
		expect((await talkoverRequest.call(ctx, 'POST', apiPath`/x`)).failure).toBeUndefined();
	});

	test('a cancelled execution ends the wait', async () => {
		const { ctx, requests } = scripted([{ statusCode: 429, headers: { 'retry-after': '30' }, body: {} }, { body: {} }]);
		const controller = new AbortController();
		clock().hold();
		const request = talkoverRequest.call(ctx, 'GET', apiPath`/x`, { signal: controller.signal });
		await clock().whenSleeping();
		controller.abort();
		await expect(request).rejects.toThrow('The execution was cancelled');
		expect(requests).toHaveLength(1);
	});
});

describe('paging', () => {
	const full = Array.from({ length: 10 }, (_, i) => ({ id: i }));
	/** The pages seen before: only the page before (page - 1), as a picker knows it from its pagination token. */
	const before = (page: number, data: unknown[]) => new Map([[pageFingerprint(data), page - 1]]);
	test.each([
		// The paging object is `meta` or `pagination` (the API uses both), its numbers numbers or texts.
		['the paging object named pagination, numbers as texts', { pagination: { current_page: '2', last_page: '3' } }, 2, undefined, 3],
		['no paging object: one page', { data: [] }, 1, undefined, undefined],
		['a text: one page', 'text', 1, undefined, undefined],
		['a middle page', { meta: { current_page: 2, last_page: 5, total: 50 } }, 2, undefined, 3],
		['the last page', { meta: { current_page: 5, last_page: 5 } }, 5, undefined, undefined],
		['total 0, last_page 1', { meta: { current_page: 1, last_page: 1, total: 0 } }, 1, undefined, undefined],
		['total as text', { meta: { current_page: 1, last_page: 3, total: '25' } }, 1, undefined, 2],
		['total null', { meta: { current_page: 1, last_page: 3, total: null } }, 1, undefined, 2],
		['more pages than the total needs', { meta: { current_page: 1, last_page: 4, total: 25 } }, 1, undefined, 'it counts 25 entries, which fit in 3 pages of 10, yet it says there are 4 pages'],
		['the page before again', { meta: { current_page: 2, last_page: 5 } }, 2, before(2, full), 'page 2 has the same entries as page 1 (Talkover sent the same page again)'],
		['the page before again, on the last page', { meta: { current_page: 2, last_page: 2 } }, 2, before(2, full), 'page 2 has the same entries as page 1 (Talkover sent the same page again)'],
		['another page before', { meta: { current_page: 2, last_page: 5 } }, 2, before(2, [{ id: 99 }]), 3],
	])('followingPage: %s', (_what, body, page, previous, expected) => {
		expect(followingPage(body, page, 10, full, previous)).toBe(expected);
	});

	// Review of issue 21, R2: a page seen two or more pages before, or the same page in another order, is a repeat too.
	test.each([
		['a page seen two pages before', new Map([[pageFingerprint(full), 1], [pageFingerprint([{ id: 99 }]), 2]]), undefined, 'page 3 has the same entries as page 1 (Talkover sent the same page again)'],
		['the page before, its entries reversed', before(3, [...full].reverse()), undefined, 'page 3 has the same entries as page 2 (Talkover sent the same page again)'],
		['entries all seen before, in other pages', new Map<string, number>(), new Set(full.map((e) => String(e.id))), 'every entry of page 3 was on the pages before it (Talkover sent the same entries again)'],
		['one entry seen before (the list moved by one)', new Map<string, number>(), new Set(['0']), 4],
	])('followingPage: %s', (_what, previous, seenIds, expected) => {
		expect(followingPage({ meta: { current_page: 3, last_page: 5 } }, 3, 10, full, previous, { seenIds })).toBe(expected);
	});

	const page = (ids: number[], current: number, last: number, perPage?: number) => ({
		body: { success: true, data: ids.map((id) => ({ id })), meta: { current_page: current, last_page: last, ...(perPage ? { per_page: perPage } : {}) } },
	});
	const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

	test('Return All: pages of 100 until the last', async () => {
		const { ctx, requests } = scripted([page(range(1, 100), 1, 2), page([101], 2, 2)]);
		const items = await getList.call(ctx, apiPath`/agents`, { status: 'draft' }, { returnAll: true, limit: 0, itemIndex: 0 });
		expect(items.map((i) => i.id)).toEqual(range(1, 101));
		expect(requests.map((r) => r.qs)).toEqual([
			{ status: 'draft', per_page: 100, page: 1 },
			{ status: 'draft', per_page: 100, page: 2 },
		]);
	});

	test('Limit: pages of the limit (at most 100), no page more than needed, cut to the limit', async () => {
		// Talkover may give fewer a page than asked (its per_page says so): the list goes on to the next page.
		const { ctx, requests } = scripted([page([1, 2, 3], 1, 5, 3), page([4, 5, 6], 2, 5, 3)]);
		const items = await getList.call(ctx, apiPath`/agents`, {}, { returnAll: false, limit: 5, itemIndex: 0 });
		expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5]);
		expect(requests.map((r) => r.qs)).toEqual([
			{ per_page: 5, page: 1 },
			{ per_page: 5, page: 2 },
		]);
	});

	test('pages that do not add up end the list with an error, never an endless loop', async () => {
		const wrongPage = scripted([{ body: { data: [{ id: 1 }], meta: { current_page: 0, last_page: 9 } } }]);
		await expect(getList.call(wrongPage.ctx, apiPath`/x`, {}, { returnAll: true, limit: 0 })).rejects.toThrow(
			"Talkover's list does not add up: page 1 was asked for and page 0 came back",
		);
		expect(wrongPage.requests).toHaveLength(1);
		const shortPage = scripted([page([1], 1, 1e9)]);
		await expect(getList.call(shortPage.ctx, apiPath`/x`, {}, { returnAll: true, limit: 0 })).rejects.toThrow(
			"Talkover's list does not add up: page 1 of 1000000000 has 1 entries, 100 expected",
		);
	});
});

describe('issue 21 items 3 and 5: credentialProblem, checked before any request', () => {
	const ok = { apiToken: 'talq_x', baseUrl: 'https://app.talkover.ai/' };
	test.each<[string, Record<string, unknown>, boolean, string | undefined]>([
		['a good credential', ok, false, undefined],
		['spaces and trailing slashes around the Base URL', { ...ok, baseUrl: '  https://app.talkover.ai//  ' }, false, undefined],
		['no scheme', { ...ok, baseUrl: 'app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: "app.talkover.ai" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['host:port without scheme', { ...ok, baseUrl: 'localhost:8080' }, false, 'Base URL of the "Talkover API" credential: "localhost:8080" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['another scheme', { ...ok, baseUrl: 'ftp://app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: "ftp://app.talkover.ai" is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['user and password', { ...ok, baseUrl: 'https://u:secretpw@app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai'],
		['user only', { ...ok, baseUrl: 'https://u@app.talkover.ai' }, false, 'Base URL of the "Talkover API" credential: it contains a user name or password (user:password@), which Talkover does not use (it takes the API Token); remove them, e.g. https://app.talkover.ai'],
		['unparseable with a password: not echoed', { ...ok, baseUrl: 'u:secretpw@app talkover' }, false, 'Base URL of the "Talkover API" credential: it is not a web address: it must start with https:// (or http://), e.g. https://app.talkover.ai'],
		['an API Token with a line break', { ...ok, apiToken: 'talq_x\n' }, false, 'API Token of the "Talkover API" credential: it contains a line break or another character that cannot be sent; paste the token again without it'],
		['an Account Token with a line break, when it is sent', { ...ok, accountToken: 'acc\r\nx' }, true, 'Account Token of the "Talkover API" credential: it contains a line break or another character that cannot be sent; paste the token again without it'],
		['an Account Token with a line break, when it is not sent', { ...ok, accountToken: 'acc\r\nx' }, false, undefined],
		// Issue 21 (review R14): a query or a fragment would move /api/v1 out of the path; a path prefix (a proxy) stays.
		['a fragment', { ...ok, baseUrl: 'https://app.talkover.ai#top' }, false, 'Base URL of the "Talkover API" credential: it contains a fragment (#…), which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai'],
		['a query', { ...ok, baseUrl: 'https://app.talkover.ai/?env=prod' }, false, 'Base URL of the "Talkover API" credential: it contains a query (?…), which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai'],
		['an empty query', { ...ok, baseUrl: 'https://app.talkover.ai?' }, false, 'Base URL of the "Talkover API" credential: it contains a query (?…), which would move /api/v1 out of the address; remove it and what follows, e.g. https://app.talkover.ai'],
		['a path prefix (behind a proxy)', { ...ok, baseUrl: 'https://proxy.example/talkover/' }, false, undefined],
	])('%s', (_case, credentials, useAccountToken, message) => {
		const problem = credentialProblem(credentials as never, useAccountToken);
		expect(problem && `${problem.field}: ${problem.problem}`).toBe(message);
	});
});

describe('issue 21 (review R3): an error of any request has both tokens of the credential removed', () => {
	test('a request sent with the API Token: the Account Token echoed in the error is removed too', async () => {
		const { ctx } = scripted([{ statusCode: 400, body: { message: 'bad: talq_secret and 1|acc_secret' } }]);
		(ctx as { getCredentials: unknown }).getCredentials = async () => ({ apiToken: 'talq_secret', accountToken: '1|acc_secret', baseUrl: 'http://talkover.test' });
		const error = (await talkoverRequest.call(ctx, 'GET', apiPath`/agents`, { maxRetries: 0 }).catch((e: unknown) => e)) as { message: string; description: string };
		expect(`${error.message} ${error.description}`).toContain('bad: *** and ***');
		expect(JSON.stringify(error)).not.toMatch(/talq_secret|acc_secret/);
	});
});

describe('credentialTokens: the credential’s tokens, read in one place for every text the nodes give back', () => {
	const reading = (credentials: unknown) => ({ getCredentials: async () => credentials }) as never;

	test('both tokens, trimmed; an empty or missing one is left out', async () => {
		expect(await credentialTokens(reading({ apiToken: ' talq_x ', accountToken: '1|acc_y\n', baseUrl: 'http://talkover.test' }))).toEqual(['talq_x', '1|acc_y']);
		expect(await credentialTokens(reading({ apiToken: 'talq_x', accountToken: '  ' }))).toEqual(['talq_x']);
		expect(await credentialTokens(reading({ apiToken: 'talq_x' }))).toEqual(['talq_x']);
	});

	test('a credential that cannot be read (none chosen, a rejected or a thrown error): no tokens, no error', async () => {
		expect(await credentialTokens({ getCredentials: async () => Promise.reject(new Error('no credential')) } as never)).toEqual([]);
		expect(
			await credentialTokens({
				getCredentials: () => {
					throw new Error('no credential');
				},
			} as never),
		).toEqual([]);
	});

	test('tokensOf: the same from credentials already read', () => {
		expect(tokensOf({ apiToken: ' talq_x', accountToken: 'acc' })).toEqual(['talq_x', 'acc']);
		expect(tokensOf(undefined)).toEqual([]);
	});
});
