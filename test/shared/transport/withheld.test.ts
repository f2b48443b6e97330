/**
 * RequestOptions.atSend (nodes/shared/transport/request.ts, withheld.ts): a request whose caller decides at
 * the moment each attempt leaves — after the account's pacing and every wait Talkover asks for — what it
 * sends, or that it sends nothing (a WithheldAttempt: nothing reached Talkover, the turn given back).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { CALL_RECORD } from '../../../nodes/shared/answers';
import { mayHaveBeenProcessed } from '../../../nodes/shared/transport/nodeErrors';
import { apiPath } from '../../../nodes/shared/transport/paths';
import { accountPacing, resetRateLimitState } from '../../../nodes/shared/transport/rateLimit';
import { talkoverAnswer } from '../../../nodes/shared/transport/talkoverAnswer';
import { WithheldAttempt } from '../../../nodes/shared/transport/withheld';
import { useTestClock } from '../../helpers/clock';
import { scripted } from '../../helpers/http';

const clock = useTestClock();
beforeEach(() => resetRateLimitState());

const placed = { statusCode: 200, body: { success: true, data: { id: 'call-1', status: 'initiated' } } };
const tooMany = (seconds: number) => ({ statusCode: 429, headers: { 'retry-after': String(seconds) }, body: { success: false, message: 'Rate limit exceeded' } });

/** The scripted context, with each attempt's body and clock time as it left (the request object is reused between attempts). */
function recorded(answers: Parameters<typeof scripted>[0]) {
	const { ctx, requests } = scripted(answers);
	const sent: Array<{ at: number; body: unknown }> = [];
	const helpers = (ctx as { helpers: { httpRequestWithAuthentication: (type: string, request: IHttpRequestOptions) => Promise<unknown> } }).helpers;
	const original = helpers.httpRequestWithAuthentication;
	helpers.httpRequestWithAuthentication = async (type, request) => {
		sent.push({ at: clock().time, body: JSON.parse(JSON.stringify(request.body ?? null)) });
		return await original(type, request);
	};
	return { ctx, requests, sent };
}

test('asked at each attempt with the time it leaves: after a 429 asking for 90 s, the second attempt carries the body decided then', async () => {
	const start = clock().time;
	const { ctx, sent } = recorded([tooMany(90), placed]);
	const asked: number[] = [];
	const atSend = (now: number) => {
		asked.push(now - start);
		return { body: { to: '+12125550123', delay_seconds: Math.max(0, 600 - Math.round((now - start) / 1000)) } };
	};
	const answer = await talkoverAnswer(ctx, 'POST', apiPath`/agents/${'a'}/call`, { body: { to: '+12125550123' }, atSend, read: CALL_RECORD });
	expect(answer.value).toEqual({ id: 'call-1', status: 'initiated' });
	expect(asked).toEqual([0, 90_000]);
	expect(sent).toEqual([
		{ at: start, body: { to: '+12125550123', delay_seconds: 600 } },
		{ at: start + 90_000, body: { to: '+12125550123', delay_seconds: 510 } },
	]);
});

test('withheld after a 429’s wait: the second attempt is not sent; the WithheldAttempt holds the caller’s output and says nothing reached Talkover', async () => {
	const start = clock().time;
	const { ctx, sent } = recorded([tooMany(90), placed]);
	const output: IDataObject = { skipped: true };
	const atSend = (now: number) => (now - start >= 60_000 ? { withhold: output } : undefined);
	const error = await talkoverAnswer(ctx, 'POST', apiPath`/agents/${'a'}/call`, { body: { to: '+1' }, atSend, read: CALL_RECORD }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(WithheldAttempt);
	expect((error as WithheldAttempt).output).toBe(output);
	expect(mayHaveBeenProcessed(error)).toBe(false);
	expect((error as WithheldAttempt).context.notSent).toBe(true);
	// The first attempt (answered 429) went as given: undefined sends the body unchanged.
	expect(sent).toEqual([{ at: start, body: { to: '+1' } }]);
});

test('a withheld request gives its turn back: nothing of it stays in flight on the account', async () => {
	const { ctx, sent } = recorded([placed]);
	await expect(talkoverAnswer(ctx, 'POST', apiPath`/agents/${'a'}/call`, { body: {}, atSend: () => ({ withhold: {} }), read: CALL_RECORD })).rejects.toBeInstanceOf(WithheldAttempt);
	const pacing = accountPacing('http://talkover.test', 'talq_secret');
	expect([pacing.window.inFlight, pacing.waiting]).toEqual([0, { slots: 0, window: 0 }]);
	await talkoverAnswer(ctx, 'POST', apiPath`/agents/${'a'}/call`, { body: { to: '+1' }, read: CALL_RECORD });
	expect(sent).toEqual([{ at: clock().time, body: { to: '+1' } }]);
});
