/**
 * The errors the transport throws (nodes/shared/transport/nodeErrors.ts): for a failure Talkover answered,
 * a request that got no answer, an answer that makes no sense, a redirect and an exhausted rate limit;
 * each with what a person acts on and whether Talkover may have acted on the request.
 */
import { deadlineError } from '../../../nodes/shared/transport/deadline';
import { documentedNotFound, failureError, isTalkoverNotFound, mayHaveBeenProcessed, networkError, rateLimitedError, redirectError, unexpectedAnswerError } from '../../../nodes/shared/transport/nodeErrors';
import { readFailure } from '../../../nodes/shared/transport/talkoverFailure';
import { fullText } from '../../../nodes/Talkover/actions/engine/errorItem';
import { NODE } from '../../helpers/context';

describe('failureError: the error for a failure Talkover answered', () => {
	test('failureError: a NodeApiError with the HTTP code, the item, the code in context, and the may-have-been-processed flag for a 5xx', () => {
		const error = failureError(NODE, readFailure(503, { error: { code: 'DOWN', message: 'down' } }), { itemIndex: 4 });
		expect([error.name, error.message, error.httpCode, error.context.itemIndex, error.context.code]).toEqual(['NodeApiError', 'Talkover had a problem on its side (HTTP 503)', '503', 4, 'DOWN']);
		expect(mayHaveBeenProcessed(error)).toBe(true);
		expect(mayHaveBeenProcessed(failureError(NODE, readFailure(400, {})))).toBe(false);
	});

	test('failureError without a code: no code in the context; not flagged for a 4xx', () => {
		const error = failureError(NODE, readFailure(400, { message: 'bad' }), { itemIndex: 1 });
		expect(error.context.code).toBeUndefined();
		expect(error.context.mayHaveBeenProcessed).toBeUndefined();
		expect(error.message).toBe('Talkover refused the request (HTTP 400): bad');
		expect(error.httpCode).toBe('400');
	});

	test('an empty error code from Talkover is no code: the error item has no empty "Error code:" line', () => {
		const error = failureError(NODE, readFailure(400, { error: '', message: 'Refused' }));
		expect(fullText(error)).toBe('Talkover refused the request (HTTP 400): Refused\nHTTP status: 400\nTalkover said: "Refused"');
	});

	test('failureError passes the operation\'s own words on', () => {
		const error = failureError(NODE, readFailure(404, {}), { notFoundMessage: 'Agent not found: X', codeMessages: {} });
		expect(error.message).toBe('Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential');
		const said = failureError(NODE, readFailure(404, { message: 'Agent not found' }), { notFoundMessage: 'Agent not found: X' });
		expect(said.message).toBe('Agent not found: X');
		const credits = failureError(NODE, readFailure(402, { code: 'INSUFFICIENT_CREDITS' }), { codeMessages: { INSUFFICIENT_CREDITS: 'top up or use Test Call' } });
		expect(credits.message).toBe('top up or use Test Call');
		const account = failureError(NODE, readFailure(401, {}), { token: 'Account Token' });
		expect(account.message).toBe('Talkover did not accept the Account Token: it is wrong or has expired');
	});
});

describe('isTalkoverNotFound: only Talkover’s own “not found” lets a caller take a thing as gone', () => {
	test.each([
		[{ success: false, message: 'Agent not found' }],
		[{ error: { code: 'ACTION_NOT_FOUND', message: 'Action does not exist' } }],
		[{ error: 'WEBHOOK_NOT_FOUND', message: 'Webhook not found', status_code: 404 }],
		[''],
	])('Talkover’s 404 %o (openapi.json’s without a body too): gone', (body) => {
		expect(isTalkoverNotFound(failureError(NODE, readFailure(404, body)))).toBe(true);
	});

	test.each([
		['a framework’s {"message":"Not Found"}', 404, { message: 'Not Found' }],
		// A server's JSON 404 without a message is not "no body": it names only its own status, not a thing of Talkover's.
		['a server’s JSON 404 with only its status in `error`, no message', 404, { timestamp: '2026-04-29T10:00:00.000+00:00', status: 404, error: 'Not Found', path: '/api/v1/agents/a-1' }],
		['a JSON:API 404 (its problem in `errors`, no message)', 404, { errors: [{ status: '404', title: 'Not Found' }] }],
		['a web page', 404, '<html><body><h1>404 Not Found</h1></body></html>'],
		['a JSON message that names nothing', 404, { success: false, message: 'Not found.' }],
		['Talkover’s "not found" with another status', 400, { message: 'Agent not found' }],
	])('%s: not gone', (_what, status, body) => {
		expect(isTalkoverNotFound(failureError(NODE, readFailure(status, body)))).toBe(false);
	});

	test.each([
		['Talkover’s "not found" words', 400, { success: false, message: 'Agent not found' }],
		['no body', 500, ''],
	])('%s with HTTP %i: not Talkover’s documented 404, and its error is not marked as one', (_what, status, body) => {
		const failure = readFailure(status, body);
		expect(documentedNotFound(failure)).toBe(false);
		expect(failureError(NODE, failure).context.talkoverNotFound).toBeUndefined();
	});

	test('an error of another status that carries the not-found mark: not gone (only a 404 can be)', () => {
		expect(isTalkoverNotFound({ httpCode: '500', context: { talkoverNotFound: true } })).toBe(false);
		expect(isTalkoverNotFound({ context: { talkoverNotFound: true } })).toBe(false);
	});

	test('anything that is not the transport’s error: not gone', () => {
		expect(isTalkoverNotFound({ httpCode: '404' })).toBe(false);
		expect(isTalkoverNotFound(undefined)).toBe(false);
		expect(isTalkoverNotFound(networkError(NODE, 'ECONNREFUSED', { method: 'GET', url: 'http://127.0.0.1:1/api/v1/agents/a', secret: '' }))).toBe(false);
	});
});

describe('networkError: the error for a request that got no answer', () => {
	test.each([
		['ECONNREFUSED', 'Could not reach Talkover: the connection was refused', false],
		['ENOTFOUND', 'Could not reach Talkover: the host name could not be resolved', false],
		['ECONNRESET', 'Could not reach Talkover: the connection was closed before Talkover answered', true],
		['ETIMEDOUT', 'Could not reach Talkover: Talkover did not answer in time', true],
		['EPROTO', 'Could not reach Talkover: the secure connection (TLS) failed (EPROTO)', true],
		[undefined, 'Could not reach Talkover: network error', true],
	])('networkError(%s): %s; may have been processed: %s', (code, message, maybe) => {
		const error = networkError(NODE, code, { method: 'POST', url: 'http://h/api/v1/x?t=talq_x', secret: 'talq_x', itemIndex: 0 });
		expect(error.message).toBe(message);
		expect(error.description).toBe('Request: POST http://h/api/v1/x?t=***. Check the Base URL of the "Talkover API" credential and your network.');
		expect(mayHaveBeenProcessed(error)).toBe(maybe);
	});

	test.each([
		['n8n refusing to send (n8n 1.123 after an activation ended)', 'No bridge acquired', 'Could not reach Talkover: the request failed (No bridge acquired)'],
		['a text with the token in it', 'bad header Bearer talq_x', 'Could not reach Talkover: the request failed (bad header Bearer ***)'],
		['a text of 1,000 characters', 'x'.repeat(1000), `Could not reach Talkover: the request failed (${'x'.repeat(200)})`],
		['an empty text', '  ', 'Could not reach Talkover: network error'],
		['no text', { not: 'a text' }, 'Could not reach Talkover: network error'],
		['a text with spaces and a line break around it', '  No bridge acquired\n', 'Could not reach Talkover: the request failed (No bridge acquired)'],
	])('a failure without a network code says what it was, not "network error": %s', (_what, detail, message) => {
		const error = networkError(NODE, undefined, { method: 'POST', url: 'http://h/api/v1/x', secret: 'talq_x', itemIndex: 0, detail });
		expect(error.message).toBe(message);
		expect(mayHaveBeenProcessed(error)).toBe(true);
	});

	test('a failure with a network code is named by its code, its text not shown', () => {
		expect(networkError(NODE, 'ECONNRESET', { method: 'GET', url: 'http://h/x', secret: '', detail: 'socket hang up at 10.0.0.7' }).message).toBe('Could not reach Talkover: the connection was closed before Talkover answered');
	});

	// Only a failure after the request may have reached Talkover says "may have".
	test.each([
		['EAI_AGAIN', 'Could not reach Talkover: the host name could not be resolved'],
		['ERR_INVALID_URL', 'Could not reach Talkover: the Base URL is not a valid web address'],
		['ERR_INVALID_CHAR', 'Could not reach Talkover: a header (the token) has a character that cannot be sent'],
		['ERR_HTTP_INVALID_HEADER_VALUE', 'Could not reach Talkover: a header (the token) has a character that cannot be sent'],
		['ERR_INVALID_PROTOCOL', 'Could not reach Talkover: the Base URL must start with http:// or https://'],
		['EHOSTUNREACH', 'Could not reach Talkover: the host could not be reached'],
		['ENETUNREACH', 'Could not reach Talkover: the host could not be reached'],
		['CERT_HAS_EXPIRED', 'Could not reach Talkover: its certificate was not accepted (CERT_HAS_EXPIRED)'],
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'Could not reach Talkover: its certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT)'],
		['ERR_TLS_CERT_ALTNAME_INVALID', 'Could not reach Talkover: its certificate was not accepted (ERR_TLS_CERT_ALTNAME_INVALID)'],
		// Every certificate refusal comes before the request is written.
		['CERT_REVOKED', 'Could not reach Talkover: its certificate was not accepted (CERT_REVOKED)'],
		['CERT_UNTRUSTED', 'Could not reach Talkover: its certificate was not accepted (CERT_UNTRUSTED)'],
		['CERT_REJECTED', 'Could not reach Talkover: its certificate was not accepted (CERT_REJECTED)'],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'Could not reach Talkover: its certificate was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'],
		['SELF_SIGNED_CERT_IN_CHAIN', 'Could not reach Talkover: its certificate was not accepted (SELF_SIGNED_CERT_IN_CHAIN)'],
	])('networkError(%s) is "not sent", never "may have been processed"', (code, message) => {
		const error = networkError(NODE, code, { method: 'POST', url: 'http://h/api/v1/x', secret: 'talq_x', itemIndex: 0 });
		expect(error.message).toBe(message);
		expect(mayHaveBeenProcessed(error)).toBe(false);
		expect(error.context.notSent).toBe(true);
	});

	test('networkError of a failed TLS handshake says how it happens', () => {
		const error = networkError(NODE, 'EPROTO', { method: 'POST', url: 'https://h/api/v1/x', secret: 'talq_x', beforeSending: true });
		expect(error.message).toBe('Could not reach Talkover: the secure connection (TLS) could not be set up (EPROTO); a Base URL with https:// for a server that speaks only http:// fails this way');
		expect(networkError(NODE, 'ETIMEDOUT', { method: 'POST', url: 'https://h/api/v1/x', secret: 'talq_x', beforeSending: true }).message).toBe(
			'Could not reach Talkover: the connection could not be made in time (the system’s connect timeout)',
		);
	});

	test.each([
		'CERT_SIGNATURE_FAILURE',
		'CERT_CHAIN_TOO_LONG',
		'INVALID_CA',
		'UNABLE_TO_GET_ISSUER_CERT',
		'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
		'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
		'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
		'ERR_UNESCAPED_CHARACTERS',
		'ERR_INVALID_HEADER_VALUE',
	])('%s: the request was not sent (the certificate or the request itself was refused first)', (code) => {
		const error = networkError(NODE, code, { method: 'POST', url: 'https://h/api/v1/x', secret: 'talq_x' });
		expect(error.context.notSent).toBe(true);
		expect(mayHaveBeenProcessed(error)).toBe(false);
	});
});

describe('the URL in an error never shows a user name or password', () => {
	// The user name and password of a Base URL are never printed.
	test('networkError, deadlineError and redirectError never print the userinfo of the URL', () => {
		const url = 'https://admin:hunter2secret@talkover.test:8443/api/v1/agents?x=1';
		const texts = [
			networkError(NODE, 'ECONNRESET', { method: 'GET', url, secret: 'talq_x' }),
			deadlineError(NODE, { method: 'GET', url, secret: 'talq_x', budgetMs: 300_000 }),
			redirectError(NODE, { status: 302, location: '/elsewhere', url, method: 'GET', path: '/api/v1/agents' }),
			redirectError(NODE, { status: 302, location: 'https://u:p4ssw0rd@foreign.test/x', url, method: 'GET', path: '/api/v1/agents' }),
		].map((e) => `${e.message}\n${e.description}`);
		for (const text of texts) expect(text).not.toMatch(/hunter2secret|admin|p4ssw0rd/);
		expect(texts[0]).toContain('Request: GET https://talkover.test:8443/api/v1/agents?x=1.');
		expect(texts[2]).toContain('a redirect to https://talkover.test:8443 ');
	});
});

describe('unexpectedAnswerError and redirectError: Talkover may have acted', () => {
	test('an answer that makes no sense: flagged (Talkover may have acted), with where it came from', () => {
		const error = unexpectedAnswerError(NODE, 'The answer was empty', { status: 201, method: 'POST', path: '/api/v1/calls', itemIndex: 2 });
		expect(error.message).toBe('The answer was empty');
		expect(error.description).toBe(
			'The answer came from POST /api/v1/calls. If this keeps happening, check the Base URL of the "Talkover API" credential. The Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.',
		);
		expect(error.httpCode).toBe('201');
		expect(error.context.itemIndex).toBe(2);
		expect(mayHaveBeenProcessed(error)).toBe(true);
	});

	test('a redirect: where to, that the token was not sent there, flagged', () => {
		const error = redirectError(NODE, { status: 301, location: 'https://other.test/x', url: 'https://talkover.test/api/v1/x', method: 'GET', path: '/api/v1/x', itemIndex: 0 });
		expect(error.message).toBe('Talkover answered with a redirect to https://other.test (HTTP 301), which the node does not follow');
		expect(error.description).toBe(
			'Your token was not sent there. The request was GET /api/v1/x: check the Base URL of the "Talkover API" credential. The Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.',
		);
		expect(error.httpCode).toBe('301');
		expect(mayHaveBeenProcessed(error)).toBe(true);
		const nowhere = redirectError(NODE, { status: 302, location: 'http://[bad', url: 'https://talkover.test/api/v1/x', method: 'GET', path: '/api/v1/x' });
		expect(nowhere.message).toBe('Talkover answered with a redirect to another address (HTTP 302), which the node does not follow');
	});
});

describe('rateLimitedError: the rate limit kept the request from succeeding', () => {
	test('rateLimitedError: sent, with the hint', () => {
		const error = rateLimitedError(NODE, { hintMs: 1500, attempts: 1, waitedMs: 0, maxWaitMs: 300_000, apiMessage: 'slow down', sent: true });
		expect(error.description).toBe(
			['Talkover said: "slow down"', 'Talkover asks to wait 2 seconds before the next request.', 'Tried 1 time and waited 0 seconds in all.', 'Send fewer items at once (Options → Batch Size, Batch Interval), raise Options → Max Retries, or ask Talkover for a higher limit.'].join('\n'),
		);
		expect(error.context).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', cause: 'rate-limited', retryAfterSeconds: 2 });
		expect(mayHaveBeenProcessed(error)).toBe(false);
	});

	test('rateLimitedError: not sent, because the wait is longer than allowed', () => {
		const error = rateLimitedError(NODE, { attempts: 0, waitedMs: 0, maxWaitMs: 60_000, sent: false });
		expect(error.description).toBe('Not sent: waiting for the rate limit would take longer than 60 seconds.\nSend fewer items at once (Options → Batch Size, Batch Interval), raise Options → Max Retries, or ask Talkover for a higher limit.');
		expect(error.context.retryAfterSeconds).toBeUndefined();
	});

	test('the rate-limit error: attempts and seconds in words, the wait rounded up, its cause on the error', () => {
		const error = rateLimitedError(NODE, { hintMs: 1_000, attempts: 3, waitedMs: 61_200, maxWaitMs: 300_000, sent: true, itemIndex: 5 });
		expect(error.description).toBe(
			[
				'Talkover asks to wait 1 second before the next request.',
				'Tried 3 times and waited 62 seconds in all.',
				'Send fewer items at once (Options → Batch Size, Batch Interval), raise Options → Max Retries, or ask Talkover for a higher limit.',
			].join('\n'),
		);
		expect(error.message).toBe('Talkover rate limit reached: too many requests in a short time');
		expect(error.httpCode).toBe('429');
		expect(error.context).toMatchObject({ itemIndex: 5, code: 'RATE_LIMIT_EXCEEDED', cause: 'rate-limited', retryAfterSeconds: 1 });
		expect((error as unknown as { cause: unknown }).cause).toBe('rate-limited');
		expect(rateLimitedError(NODE, { hintMs: 1_001, attempts: 1, waitedMs: 0, maxWaitMs: 1, sent: true }).context.retryAfterSeconds).toBe(2);
	});
});

describe('mayHaveBeenProcessed', () => {
	test('mayHaveBeenProcessed: only the flag itself counts', () => {
		expect(mayHaveBeenProcessed({ context: { mayHaveBeenProcessed: 'yes' } })).toBe(false);
		expect(mayHaveBeenProcessed({})).toBe(false);
	});
});
