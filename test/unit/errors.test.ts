import type { TalkoverFailure } from '../../nodes/shared/transport/errors';
import {
	clip,
	describeFailure,
	failedBeforeSending,
	failureError,
	mayHaveBeenProcessed,
	networkCode,
	networkError,
	rateLimitedError,
	readErrorBody,
	readFailure,
	redirectError,
	scrub,
	scrubError,
	scrubValue,
	withoutUserinfo,
} from '../../nodes/shared/transport/errors';
import { deadlineError } from '../../nodes/shared/transport/deadline';
import { NODE } from '../helpers/context';

describe('readErrorBody: every documented shape', () => {
	test.each([
		['{message}', { message: 'M' }, { message: 'M', lines: [] }],
		['{success:false,message}', { success: false, message: 'M' }, { message: 'M', lines: [] }],
		['{error:"CODE",message,status_code}', { error: 'C', message: 'M', status_code: 400 }, { code: 'C', message: 'M', lines: [] }],
		['{error:{code,message,details}}', { error: { code: 'C', message: 'M', details: { retry_after: 30 } } }, { code: 'C', message: 'M', retryAfter: 30, lines: [] }],
		['{success:false,error:{code,message}}', { success: false, error: { code: 'C', message: 'M' } }, { code: 'C', message: 'M', lines: [] }],
		['{success:false,message,code} (End Call’s 409)', { success: false, message: 'M', code: 'C' }, { code: 'C', message: 'M', lines: [] }],
		['details beside the error', { error: 'C', details: { retry_after: '2' } }, { code: 'C', retryAfter: 2, lines: [] }],
		['422 errors as a field map', { message: 'M', errors: { name: ['taken', 'short'], to: 'bad' } }, { message: 'M', lines: ['name: taken', 'name: short', 'to: bad'] }],
		['422 errors as a list', { errors: ['one', { two: 2 }] }, { lines: ['one', '{"two":2}'] }],
		['a JSON text', '{"message":"M"}', { message: 'M', lines: [] }],
		['an HTML page', '<html>Bad gateway</html>', { lines: [] }],
		['an array', [1, 2], { lines: [] }],
		['nothing', undefined, { lines: [] }],
		['a retry_after that is not a number', { details: { retry_after: 'soon' } }, { lines: [] }],
	])('%s', (_shape, body, read) => {
		expect(readErrorBody(body)).toEqual(read);
	});
});

describe('readFailure', () => {
	test('removes the token from everything Talkover said', () => {
		const failure = readFailure(401, { error: { code: 'BAD_talq_x', message: 'token talq_x revoked' }, errors: ['talq_x again'] }, 'talq_x');
		expect(failure).toEqual({ status: 401, code: 'BAD_***', message: 'token *** revoked', lines: ['*** again'], textBody: false, mayHaveBeenProcessed: false });
	});

	test('a 5xx may have been processed; a text body is marked', () => {
		expect(readFailure(502, '<html>Bad gateway</html>')).toEqual({ status: 502, lines: [], textBody: true, mayHaveBeenProcessed: true });
	});

	test('the wait asked for in the body', () => {
		expect(readFailure(429, { error: { details: { retry_after: 60 } } }).retryAfterSeconds).toBe(60);
	});
});

describe('describeFailure: the message and description shown in n8n', () => {
	const failure = (status: number, extra: Partial<TalkoverFailure> = {}): TalkoverFailure => ({ status, lines: [], textBody: false, mayHaveBeenProcessed: status >= 500, ...extra });

	test.each<[string, TalkoverFailure, string | undefined, string, string]>([
		['401', failure(401, { message: 'Unauthenticated.' }), undefined, 'Talkover did not accept the API token: it is wrong or has expired', 'Talkover said: "Unauthenticated."\nOpen the "Talkover API" credential and paste a current token from Talkover (Account → Environments).'],
		['401 with a known code: still the token', failure(401, { code: 'AGENT_INACTIVE' }), undefined, 'Talkover did not accept the API token: it is wrong or has expired', 'Open the "Talkover API" credential and paste a current token from Talkover (Account → Environments).\nError code: AGENT_INACTIVE'],
		['403', failure(403), undefined, 'The Talkover API token is not allowed to do this', ''],
		['404 with the caller’s meaning', failure(404, { message: 'Agent not found' }), 'Agent not found: X', 'Agent not found: X', 'Talkover said: "Agent not found"'],
		['404 that names what is missing, without the caller’s meaning', failure(404, { code: 'WEBHOOK_NOT_FOUND' }), undefined, 'Talkover could not find what was asked for', 'Error code: WEBHOOK_NOT_FOUND'],
		['404 of an address Talkover does not know (a framework’s "Not Found")', failure(404, { message: 'Not Found' }), 'Agent not found: X', 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential', 'Talkover said: "Not Found"\nThe Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.'],
		['404 without words', failure(404), undefined, 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential', 'The Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.'],
		['409 known from the message alone', failure(409, { message: 'Cannot delete agent while it has active calls.' }), undefined, 'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish', 'Talkover said: "Cannot delete agent while it has active calls."'],
		['409 call not active', failure(409, { message: 'Call is not active' }), undefined, 'The call is not active any more: it has already ended', 'Talkover said: "Call is not active"'],
		['402 known code', failure(402, { code: 'INSUFFICIENT_CREDITS', message: 'No credits' }), undefined, 'Not enough Talkover credits: top up your Talkover account', 'Talkover said: "No credits"\nError code: INSUFFICIENT_CREDITS'],
		['422: Talkover’s words in the message, the lines in the description', failure(422, { message: 'The given data was invalid.', lines: ['a: b'] }), undefined, 'Talkover rejected the data: The given data was invalid.', 'a: b'],
		['422 without a message', failure(422), undefined, 'Talkover rejected the data: validation failed', ''],
		['500', failure(500, { message: 'boom' }), undefined, 'Talkover had a problem on its side (HTTP 500)', 'Talkover said: "boom"\nThis is not caused by your input. Try again later.'],
		['502 with an HTML page', failure(502, { textBody: true }), undefined, 'Talkover had a problem on its side (HTTP 502)', 'This is not caused by your input. Try again later.\nThe response was not a Talkover JSON error; check the Base URL of the credential.'],
		['another 4xx', failure(418, { message: 'teapot', code: 'TEA' }), undefined, 'Talkover refused the request (HTTP 418): teapot', 'Talkover said: "teapot"\nError code: TEA'],
		['another 4xx without words', failure(400), undefined, 'Talkover refused the request (HTTP 400)', ''],
	])('%s', (_case, read, notFound, message, description) => {
		expect(describeFailure(read, notFound)).toEqual({ message, description });
	});

	// Issue 21 item 18: a text that names one operation is shown only where it fits.
	test.each<[string, TalkoverFailure, string]>([
		['402 on any operation: no "call", no Test Call', failure(402, { code: 'INSUFFICIENT_CREDITS' }), 'Not enough Talkover credits: top up your Talkover account'],
		['409 that mentions active calls but not a deletion (e.g. Unpublish)', failure(409, { message: 'Agent has active calls' }), 'Talkover refused the request (HTTP 409): Agent has active calls'],
		['409 that mentions "published" but not a deletion (e.g. Publish)', failure(409, { message: 'Agent is already published' }), 'Talkover refused the request (HTTP 409): Agent is already published'],
		['409 "Campaign is not active" (Add Call) is not about a call', failure(409, { message: 'Campaign is not active' }), 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)'],
		['409 "Cannot delete agent while it is published" is still the delete rule', failure(409, { message: 'Cannot delete a published agent' }), 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)'],
	])('item 18: %s', (_case, read, message) => {
		expect(describeFailure(read).message).toBe(message);
	});

	test('item 18: an operation’s own words for a code (Make Call’s 402), and the Account Token named (item 17)', () => {
		const noCredits = failure(402, { code: 'INSUFFICIENT_CREDITS' });
		expect(describeFailure(noCredits, undefined, { codeMessages: { INSUFFICIENT_CREDITS: 'own words' } }).message).toBe('own words');
		expect(describeFailure(failure(401), undefined, { token: 'Account Token' }).message).toBe('Talkover did not accept the Account Token: it is wrong or has expired');
	});
});

describe('the errors the transport throws', () => {
	test('failureError: a NodeApiError with the HTTP code, the item, the code in context, and the may-have-been-processed flag for a 5xx', () => {
		const error = failureError(NODE, readFailure(503, { error: { code: 'DOWN', message: 'down' } }), { itemIndex: 4 });
		expect([error.name, error.message, error.httpCode, error.context.itemIndex, error.context.code]).toEqual(['NodeApiError', 'Talkover had a problem on its side (HTTP 503)', '503', 4, 'DOWN']);
		expect(mayHaveBeenProcessed(error)).toBe(true);
		expect(mayHaveBeenProcessed(failureError(NODE, readFailure(400, {})))).toBe(false);
	});

	test.each([
		[{ cause: { code: 'ECONNREFUSED' } }, 'ECONNREFUSED'],
		[{ code: 'ETIMEDOUT' }, 'ETIMEDOUT'],
		[{ message: 'socket hang up' }, 'ECONNRESET'],
		[{ message: 'timeout of 60000ms exceeded' }, 'ECONNABORTED'],
		[{ message: 'x', messages: ['getaddrinfo ENOTFOUND example.invalid'] }, 'ENOTFOUND'],
		[{ message: 'something else' }, undefined],
	])('networkCode(%o) → %s', (error, code) => {
		expect(networkCode(error)).toBe(code);
	});

	// A texts-only read: an error from a library, or one made by another node, can carry anything in its
	// message fields. join() would throw on an object without a prototype or a Symbol, and write any other
	// object as "[object Object]"; the failure would then lose its own words.
	test('networkCode and failedBeforeSending read only the texts of an error, whatever else its fields hold', () => {
		const odd = [Object.create(null), Symbol('x'), { toString: () => 'ECONNREFUSED' }, 42, null];
		const error = { message: Object.create(null), messages: [...odd, 'getaddrinfo ENOTFOUND example.invalid'], cause: { message: Symbol('y') } };
		expect(networkCode(error)).toBe('ENOTFOUND');
		expect(networkCode({ messages: odd })).toBeUndefined();
		expect(failedBeforeSending({ message: Symbol('m'), messages: odd, cause: { code: 'EPROTO', message: Object.create(null) } })).toBe(false);
		expect(failedBeforeSending({ messages: [Object.create(null), 'write EPROTO ssl3_read_bytes:sslv3 alert handshake failure'], cause: { code: 'EPROTO' } })).toBe(true);
	});

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

	// Issue 21 item 5: only a failure after the request may have reached Talkover says "may have".
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
		// Issue 21 (review R15): every certificate refusal comes before the request is written.
		['CERT_REVOKED', 'Could not reach Talkover: its certificate was not accepted (CERT_REVOKED)'],
		['CERT_UNTRUSTED', 'Could not reach Talkover: its certificate was not accepted (CERT_UNTRUSTED)'],
		['CERT_REJECTED', 'Could not reach Talkover: its certificate was not accepted (CERT_REJECTED)'],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'Could not reach Talkover: its certificate was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'],
		['SELF_SIGNED_CERT_IN_CHAIN', 'Could not reach Talkover: its certificate was not accepted (SELF_SIGNED_CERT_IN_CHAIN)'],
	])('item 5: networkError(%s) is "not sent", never "may have been processed"', (code, message) => {
		const error = networkError(NODE, code, { method: 'POST', url: 'http://h/api/v1/x', secret: 'talq_x', itemIndex: 0 });
		expect(error.message).toBe(message);
		expect(mayHaveBeenProcessed(error)).toBe(false);
		expect(error.context.notSent).toBe(true);
	});

	// Issue 21 (review R15): a TLS handshake that failed, or a TCP connect that timed out, sent nothing; only
	// what the error proves counts.
	test.each<[string, object, boolean]>([
		['https:// to an http-only port', { message: 'write EPROTO 803C:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl3_record.c:350:', cause: { code: 'EPROTO' } }, true],
		['the server refused every protocol', { message: 'x', messages: ['write EPROTO C0:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure'] }, true],
		['TLS 1.0 only', { cause: { code: 'EPROTO', message: 'error:0A000102:SSL routines::unsupported protocol' } }, true],
		['EPROTO once the connection was up (bad record mac)', { message: 'read EPROTO error:0A000119:SSL routines::decryption failed or bad record mac', cause: { code: 'EPROTO' } }, false],
		['EPROTO without a reason', { code: 'EPROTO' }, false],
		['connect ETIMEDOUT (the system’s connect timeout)', { message: 'connect ETIMEDOUT 203.0.113.7:443', cause: { code: 'ETIMEDOUT' } }, true],
		['ETIMEDOUT of a read', { message: 'read ETIMEDOUT', cause: { code: 'ETIMEDOUT' } }, false],
		['the HTTP client’s own timeout (connect or answer: it does not say)', { message: 'timeout of 60000ms exceeded' }, false],
	])('failedBeforeSending: %s → %s', (_what, error, before) => {
		expect(failedBeforeSending(error)).toBe(before);
		const failure = networkError(NODE, networkCode(error), { method: 'POST', url: 'https://h/api/v1/x', secret: 'talq_x', beforeSending: failedBeforeSending(error) });
		expect([mayHaveBeenProcessed(failure), failure.context.notSent === true]).toEqual([!before, before]);
	});

	test('networkError of a failed TLS handshake says how it happens', () => {
		const error = networkError(NODE, 'EPROTO', { method: 'POST', url: 'https://h/api/v1/x', secret: 'talq_x', beforeSending: true });
		expect(error.message).toBe('Could not reach Talkover: the secure connection (TLS) could not be set up (EPROTO); a Base URL with https:// for a server that speaks only http:// fails this way');
		expect(networkError(NODE, 'ETIMEDOUT', { method: 'POST', url: 'https://h/api/v1/x', secret: 'talq_x', beforeSending: true }).message).toBe(
			'Could not reach Talkover: the connection could not be made in time (the system’s connect timeout)',
		);
	});

	// Issue 21 item 3: the user name and password of a Base URL are never printed.
	test('item 3: networkError, deadlineError and redirectError never print the userinfo of the URL', () => {
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

	test('item 3: withoutUserinfo', () => {
		expect(withoutUserinfo('https://a:b@h.test/x')).toBe('https://h.test/x');
		expect(withoutUserinfo('see https://a:b@h.test/x and http://c@d.test')).toBe('see https://h.test/x and http://d.test');
		expect(withoutUserinfo('https://h.test/a@b')).toBe('https://h.test/a@b');
		expect(withoutUserinfo('mail me: a@b.test')).toBe('mail me: a@b.test');
		expect(withoutUserinfo('https://u:p@ss@h.test/x@y')).toBe('https://h.test/x@y');
	});

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

	test('scrub', () => {
		expect(scrub('a talq_x b talq_x', 'talq_x')).toBe('a *** b ***');
		expect(scrub('a', '')).toBe('a');
	});
});

describe('issue 21 (review R7, R12): copies of server data and cut texts', () => {
	test('scrubValue keeps an own "__proto__" key as data (never the copy\'s prototype), at any depth', () => {
		const answer = JSON.parse('{"id":"a1","__proto__":{"isAdmin":true},"debug":"talq_x","nested":[{"__proto__":{"polluted":1},"t":"talq_x"}]}');
		const copy = scrubValue(answer, 'talq_x') as Record<string, unknown>;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(copy.isAdmin).toBeUndefined();
		expect(JSON.stringify(copy)).toBe('{"id":"a1","__proto__":{"isAdmin":true},"debug":"***","nested":[{"__proto__":{"polluted":1},"t":"***"}]}');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('scrubError rewrites an own "__proto__" text as a property, not a prototype', () => {
		const error = Object.defineProperty(new Error('m'), '__proto__', { value: 'talq_x', enumerable: true, writable: true, configurable: true });
		scrubError(error, 'talq_x');
		expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
		expect(Object.getOwnPropertyDescriptor(error, '__proto__')?.value).toBe('***');
	});

	test('clip cuts at characters (code points): never half an emoji, and counts characters', () => {
		const text = `a${'😀'.repeat(300)}`;
		const clipped = clip(text);
		expect(clipped).toBe(`a${'😀'.repeat(199)}… (301 characters)`);
		expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(clipped)).toBe(false);
		// 150 emoji are 300 UTF-16 units but 150 characters: not cut.
		expect(clip('😀'.repeat(150))).toBe('😀'.repeat(150));
	});
});
