/**
 * Failures without an answer (nodes/shared/transport/networkFailure.ts): the system error code read from
 * n8n's error (networkCode), what it was in words (networkProblem), and whether it proves that no byte of
 * the request was sent (failedBeforeSending).
 */
import { networkError } from '../../../nodes/shared/transport/nodeErrors';
import { failedBeforeSending, networkCode, networkProblem } from '../../../nodes/shared/transport/networkFailure';
import { mayHaveBeenProcessed } from '../../../nodes/shared/transport/nodeErrors';
import { NODE } from '../../helpers/context';

const request = { method: 'GET' as const, url: 'https://api.example.test/api/v1/agents', secret: 'tok' };

describe('networkCode: the system error code of a failure without an answer', () => {
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
		[{ message: 'stream has been aborted' }, 'ERR_BAD_RESPONSE'],
		[{ message: 'Request aborted' }, 'ERR_BAD_RESPONSE'],
		[{ message: 'x', messages: ['Socket Hang Up'] }, 'ECONNRESET'],
		[{ message: 'read ECONNRESET' }, 'ECONNRESET'],
		// A temporary DNS failure, known from n8n's text alone: nothing was sent (it was "network error", "may have been processed").
		[{ message: 'x', messages: ['getaddrinfo EAI_AGAIN app.talkover.ai'] }, 'EAI_AGAIN'],
		// The same for Node's ERR_ codes (a certificate refused: nothing was sent).
		[{ message: "Hostname/IP does not match certificate's altnames: ERR_TLS_CERT_ALTNAME_INVALID" }, 'ERR_TLS_CERT_ALTNAME_INVALID'],
		[{ message: 'EOF' }, undefined],
		[{ cause: {}, code: 'EPIPE' }, 'EPIPE'],
		[{}, undefined],
	])('networkCode(%o) → %s', (error, code) => {
		expect(networkCode(error)).toBe(code);
	});
});

describe('what a network failure was, read from n8n\'s texts', () => {
	test('a system error code n8n lists on its own, after its own message, is read', () => {
		expect(networkCode({ message: 'Request failed', messages: ['ECONNREFUSED'] })).toBe('ECONNREFUSED');
	});

	test('a connect timeout that only n8n\'s list of messages names sent nothing', () => {
		expect(failedBeforeSending({ code: 'ETIMEDOUT', message: 'Request failed', messages: ['connect ETIMEDOUT 10.0.0.1:443'] })).toBe(true);
	});

	test('a timeout without a cause that names the connect (a read timed out) may have been processed', () => {
		expect(failedBeforeSending({ code: 'ETIMEDOUT', message: 'read ETIMEDOUT' })).toBe(false);
	});
});

describe('a network error whose code field is not a text', () => {
	test.each([
		['an object', { x: 1 }],
		['an object without a prototype', Object.create(null) as object],
		['a Symbol', Symbol('ECONNREFUSED')],
		['a number', 111],
	])('cause.code is %s and the text says ECONNREFUSED: the code is ECONNREFUSED (nothing was sent)', (_kind, odd) => {
		const error = { cause: { code: odd }, message: 'connect ECONNREFUSED 127.0.0.1:9' };
		expect(networkCode(error)).toBe('ECONNREFUSED');
	});

	test.each([
		['cause.code', { cause: { code: '' }, message: 'connect ECONNREFUSED 127.0.0.1:9' }],
		['code', { code: '', message: 'connect ECONNREFUSED 127.0.0.1:9' }],
	])('an empty %s is no code: the text says ECONNREFUSED, so the error says the connection was refused and nothing was sent', (_field, error) => {
		const code = networkCode(error);
		expect(code).toBe('ECONNREFUSED');
		const failure = networkError(NODE, code, request);
		expect([failure.message, failure.context.notSent, mayHaveBeenProcessed(failure)]).toEqual(['Could not reach Talkover: the connection was refused', true, false]);
	});

	test.each([
		['an object', { x: 1 }],
		['an object without a prototype', Object.create(null) as object],
		['a Symbol', Symbol('x')],
	])('code is %s: networkCode gives a text or nothing, and the error is built (no "[object Object]", no TypeError)', (_kind, odd) => {
		const code = networkCode({ code: odd, message: 'something failed' });
		expect(code === undefined || typeof code === 'string').toBe(true);
		const error = networkError(NODE, code, request);
		expect(error.message).not.toMatch(/\[object|undefined|null/);
		expect(mayHaveBeenProcessed(error)).toBe(true);
	});
});

describe('networkProblem: the failure in words', () => {
	test.each([
		['EPIPE', 'the connection was closed before Talkover answered'],
		['ERR_BAD_RESPONSE', 'the connection was closed while Talkover was answering'],
		['ECONNABORTED', 'Talkover did not answer in time'],
		['ERR_UNESCAPED_CHARACTERS', 'the Base URL is not a valid web address'],
		['ERR_INVALID_HEADER_VALUE', 'a header (the token) has a character that cannot be sent'],
		['CERT_NOT_YET_VALID', 'its certificate was not accepted (CERT_NOT_YET_VALID)'],
		['HOSTNAME_MISMATCH', 'its certificate was not accepted (HOSTNAME_MISMATCH)'],
		['EWEIRD', 'network error EWEIRD'],
	])('networkProblem(%s): %s', (code, problem) => {
		expect(networkProblem(code)).toBe(problem);
	});
});

describe('failedBeforeSending: only what the error proves counts as nothing sent', () => {
	// A TLS handshake that failed, or a TCP connect that timed out, sent nothing; only
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

	test('a connect that timed out, told by the system call alone, sent nothing', () => {
		expect(failedBeforeSending({ code: 'ETIMEDOUT', cause: { syscall: 'connect' } })).toBe(true);
		expect(failedBeforeSending({ code: 'ETIMEDOUT', cause: { syscall: 'read' } })).toBe(false);
		expect(failedBeforeSending({ code: 'ECONNRESET', message: 'connect ETIMEDOUT' })).toBe(false);
		expect(failedBeforeSending({ cause: { code: 'EPROTO', message: 'alert protocol version' } })).toBe(true);
	});
});
