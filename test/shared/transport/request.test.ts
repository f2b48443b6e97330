/**
 * talkoverAnswer (nodes/shared/transport/request.ts) with scripted HTTP answers and a TestClock: what is
 * sent, what is waited for, and that everything a request may do comes from its caller (the context has no
 * parameters). The answers are read by DATA, a reader that takes the envelope's `data` and checks nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Context } from '../../../nodes/shared/transport/credential';
import { apiPath } from '../../../nodes/shared/transport/paths';
import { resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import type { ReaderOf } from '../../../nodes/shared/transport/talkoverAnswer';
import { talkoverAnswer } from '../../../nodes/shared/transport/talkoverAnswer';
import type { RequestOptions } from '../../../nodes/shared/transport/requestOptions';
import { useTestClock } from '../../helpers/clock';
import { networkFailure, scripted } from '../../helpers/http';

const clock = useTestClock();
beforeEach(() => resetRateLimitState());

/** The envelope's `data`, nothing checked. */
const DATA: ReaderOf<unknown> = { routes: [], read: (body) => (body as IDataObject | undefined)?.data };

/** One request, its answer read by DATA. */
const request = async (ctx: Context, method: 'GET' | 'POST', path: string, options: RequestOptions = {}) => await talkoverAnswer(ctx, method, path, { ...options, read: DATA });

describe('talkoverAnswer', () => {
	test('the request: base URL without spaces or trailing slashes, JSON, full response, no throwing on status, 60 s timeout', async () => {
		const { ctx, requests } = scripted([{ body: { success: true, data: { id: 1 } } }]);
		const response = await request(ctx, 'POST', apiPath`/agents`, { body: { a: 1 }, qs: {} });
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
		expect(response.value).toEqual({ id: 1 });
		expect(response).not.toHaveProperty('body');
		expect(response.failure).toBeUndefined();
	});

	test('Max Retries comes from the caller: 1 retry, then the failure', async () => {
		const { ctx, requests } = scripted([{ statusCode: 500, body: {} }, { statusCode: 500, body: { message: 'still' } }]);
		await expect(request(ctx, 'GET', apiPath`/agents`, { maxRetries: 1, itemIndex: 2 })).rejects.toMatchObject({
			message: 'Talkover had a problem on its side (HTTP 500)',
			context: { itemIndex: 2, mayHaveBeenProcessed: true },
		});
		expect(requests).toHaveLength(2);
		expect(clock().waits).toEqual([375]);
	});

	test('the wait budget comes from the caller: a hint beyond it fails at once', async () => {
		const { ctx, requests } = scripted([{ statusCode: 429, headers: { 'retry-after': '3' }, body: {} }]);
		await expect(request(ctx, 'GET', apiPath`/agents`, { maxWaitMs: 2000 })).rejects.toMatchObject({ message: 'Talkover rate limit reached: too many requests in a short time' });
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
		await request(ctx, 'GET', apiPath`/calls`);
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
		await request(ctx, 'GET', apiPath`/a`);
		await request(ctx, 'GET', apiPath`/b`);
		// /b waits for the window (5000), gets a 502, then waits its back-off (375): the window is open by then.
		expect(clock().waits).toEqual([5000, 375]);
	});

	test('a POST is not sent again after a 5xx or a dropped connection, but is after a refused connection', async () => {
		const refused = scripted([networkFailure('ECONNREFUSED'), { body: { success: true, data: {} } }]);
		await request(refused.ctx, 'POST', apiPath`/x`);
		expect(refused.requests).toHaveLength(2);
		const reset = scripted([networkFailure('ECONNRESET')]);
		await expect(request(reset.ctx, 'POST', apiPath`/x`)).rejects.toMatchObject({ context: { mayHaveBeenProcessed: true } });
		const boom = scripted([{ statusCode: 500, body: {} }]);
		await expect(request(boom.ctx, 'POST', apiPath`/x`)).rejects.toMatchObject({ httpCode: '500' });
	});

	test('a status the caller handles comes back with the failure read once, token removed', async () => {
		const { ctx } = scripted([{ statusCode: 404, body: { error: 'AGENT_NOT_FOUND', message: 'no agent for talq_secret' } }]);
		const response = await request(ctx, 'GET', apiPath`/x`, { handleStatuses: [404] });
		expect(response.failure).toEqual({ status: 404, code: 'AGENT_NOT_FOUND', message: 'no agent for ***', lines: [], textBody: false, mayHaveBeenProcessed: false });
	});

	test('a 2xx whose body says it failed carries the failure to a caller that handles it, and is thrown to one that does not; a plain 2xx carries none', async () => {
		const failed = { body: { success: false, message: 'nope', errors: ['a'] } };
		const { ctx } = scripted([failed, failed, { body: { success: true, message: 'ok' } }]);
		expect((await request(ctx, 'POST', apiPath`/x`, { handleStatuses: [200] })).failure).toMatchObject({ status: 200, message: 'nope', lines: ['a'], mayHaveBeenProcessed: true });
		await expect(request(ctx, 'POST', apiPath`/x`)).rejects.toMatchObject({ context: { mayHaveBeenProcessed: true } });
		expect((await request(ctx, 'POST', apiPath`/x`)).failure).toBeUndefined();
	});

	test('a cancelled execution ends the wait', async () => {
		const { ctx, requests } = scripted([{ statusCode: 429, headers: { 'retry-after': '30' }, body: {} }, { body: {} }]);
		const controller = new AbortController();
		clock().hold();
		const pending = request(ctx, 'GET', apiPath`/x`, { signal: controller.signal });
		await clock().whenSleeping();
		controller.abort();
		await expect(pending).rejects.toThrow('The execution was cancelled');
		expect(requests).toHaveLength(1);
	});
});

describe('an error of any request has both tokens of the credential removed', () => {
	test('a request sent with the API Token: the Account Token echoed in the error is removed too', async () => {
		const { ctx } = scripted([{ statusCode: 400, body: { message: 'bad: talq_secret and 1|acc_secret' } }]);
		(ctx as { getCredentials: unknown }).getCredentials = async () => ({ apiToken: 'talq_secret', accountToken: '1|acc_secret', baseUrl: 'http://talkover.test' });
		const error = (await request(ctx, 'GET', apiPath`/agents`, { maxRetries: 0 }).catch((e: unknown) => e)) as { message: string; description: string };
		expect(`${error.message} ${error.description}`).toContain('bad: *** and ***');
		expect(JSON.stringify(error)).not.toMatch(/talq_secret|acc_secret/);
	});
});
