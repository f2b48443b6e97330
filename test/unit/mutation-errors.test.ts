/**
 * Issue 25: the words of failures (nodes/shared/transport/errors.ts) that a person acts on, beyond
 * errors.test.ts: the campaign's status rules, a duplicate's existing call, the optimized-costs
 * threshold, codes known only from a message, a 2xx that says it failed, network failures by name,
 * what is kept of an error body, long texts cut, and the token removed from copies and errors at every
 * depth. Found by mutation testing.
 */
import type { TalkoverFailure } from '../../nodes/shared/transport/errors';
import {
	CAMPAIGN_TRANSITIONS,
	clip,
	describeFailure,
	failedBeforeSending,
	failureError,
	mayHaveBeenProcessed,
	networkCode,
	networkError,
	networkProblem,
	rateLimitedError,
	readErrorBody,
	readFailure,
	redirectError,
	scrubError,
	scrubValue,
	talkoverSaysNotFound,
	unexpectedAnswerError,
	withoutUserinfo,
} from '../../nodes/shared/transport/errors';
import { fullText } from '../../nodes/Talkover/actions/engine/errorItem';
import { NODE } from '../helpers/context';

const failure = (status: number, extra: Partial<TalkoverFailure> = {}): TalkoverFailure => ({ status, lines: [], textBody: false, mayHaveBeenProcessed: status >= 500, ...extra });

describe('issue 25: a campaign status change Talkover refuses', () => {
	test.each([
		['Cannot transition from draft to paused', 'The campaign cannot go from draft to paused: from draft it can only become active or cancelled'],
		['Cannot transition from active to draft', 'The campaign cannot go from active to draft: from active it can only become paused, completed or cancelled'],
		['Cannot transition from Completed to active', 'The campaign cannot go from Completed to active: Completed is a final status'],
		['Cannot transition from archived to active', 'The campaign cannot go from archived to active'],
		['Invalid status change', 'Talkover does not allow this status change for the campaign in its current status'],
	])('"%s" reads "%s"', (message, text) => {
		expect(describeFailure(failure(400, { code: 'INVALID_TRANSITION', message })).message).toBe(text);
	});

	test('a refused status change without Talkover\'s words still says what happened', () => {
		expect(describeFailure(failure(400, { code: 'INVALID_TRANSITION' })).message).toBe('Talkover does not allow this status change for the campaign in its current status');
	});

	test('the rule is known from the message alone (a 400 without a code)', () => {
		expect(describeFailure(failure(400, { message: 'Cannot transition from paused to draft' })).message).toBe(
			'The campaign cannot go from paused to draft: from paused it can only become active, completed or cancelled',
		);
	});

	test('the status rules are the page\'s table', () => {
		expect(CAMPAIGN_TRANSITIONS).toEqual({
			draft: ['active', 'cancelled'],
			active: ['paused', 'completed', 'cancelled'],
			paused: ['active', 'completed', 'cancelled'],
			completed: [],
			cancelled: [],
		});
	});
});

describe('issue 25: the texts of known codes that name what the answer carried', () => {
	test('a duplicate campaign call names the open call Talkover already has', () => {
		const read = readFailure(409, { success: false, message: 'Phone number already exists in this campaign', existing_call: { id: 'cc-7', status: 'queued' } });
		expect(read.details).toEqual({ existing_call: { id: 'cc-7', status: 'queued' } });
		expect(describeFailure(read).message).toBe(
			'This number already has an open call in the campaign (campaign call cc-7, queued), so nothing was added: turn on Allow Duplicates to add it again on purpose',
		);
		expect(describeFailure(failure(409, { code: 'DUPLICATE_CALL' })).message).toBe(
			'This number already has an open call in the campaign, so nothing was added: turn on Allow Duplicates to add it again on purpose',
		);
	});

	test('the optimized-costs threshold says how many calls the agent has and needs', () => {
		const withDays = readFailure(422, { error: { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', message: 'no', details: { current_calls: 3, required_calls: 50, threshold_days: 30 } } });
		expect(describeFailure(withDays).message).toBe('The agent does not have enough calls for optimized costs yet (3 of the 50 calls needed in 30 days): Enable Initial Message Cache stays off');
		const withoutDays = readFailure(422, { success: false, code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { current_calls: 0, required_calls: 50 } });
		expect(describeFailure(withoutDays).message).toBe('The agent does not have enough calls for optimized costs yet (0 of the 50 calls needed): Enable Initial Message Cache stays off');
		expect(describeFailure(failure(422, { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { current_calls: 3 } })).message).toBe(
			'The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off',
		);
	});

	// The values of these two messages come from Talkover's body: only texts and numbers are shown.
	test('a duplicate or a threshold message shows what the body names only as text or numbers, never "[object Object]" or "null"', () => {
		const duplicate = (existing: unknown) => describeFailure(failure(409, { code: 'DUPLICATE_CALL', details: { existing_call: existing } as TalkoverFailure['details'] })).message;
		const plain = 'This number already has an open call in the campaign, so nothing was added: turn on Allow Duplicates to add it again on purpose';
		expect(duplicate({ id: { nested: 1 }, status: 'queued' })).toBe(plain);
		expect(duplicate({ id: null, status: null })).toBe(plain);
		expect(duplicate({ id: '  ', status: 'queued' })).toBe(plain);
		expect(duplicate({ id: 77, status: ['queued'] })).toContain('(campaign call 77), so nothing');
		expect(duplicate({ id: 'cc-1', status: 'x'.repeat(500) })).toContain('(campaign call cc-1, ' + 'x'.repeat(80) + '… (500 characters)), so nothing');
		const threshold = (details: object) => describeFailure(failure(422, { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: details as TalkoverFailure['details'] })).message;
		expect(threshold({ current_calls: {}, required_calls: 50 })).toBe('The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off');
		expect(threshold({ current_calls: 3, required_calls: 50, threshold_days: null })).toBe(
			'The agent does not have enough calls for optimized costs yet (3 of the 50 calls needed): Enable Initial Message Cache stays off',
		);
		expect(threshold({ current_calls: '3', required_calls: Number.NaN })).toBe('The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off');
	});

	test.each([
		[409, 'Campaign has active calls in progress', 'The campaign has calls in progress, so it cannot be deleted: wait until they have finished'],
		[409, 'The selected time slot is no longer available', 'The time slot is no longer free: another event was booked there. Get the availability again and choose another slot'],
		[409, 'Campaign is not active', 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)'],
		[400, 'Campaign is not active', 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)'],
		[403, 'Cannot delete active campaign', 'The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)'],
		[404, 'Voice template not found', 'Voice not found: Talkover has no voice template with this ID; choose the voice from the list again'],
		[409, 'Agent must be unpublished before deletion: it is published', 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)'],
		// The same words with another status keep Talkover's own.
		[400, 'Cannot delete active campaign', 'Talkover refused the request (HTTP 400): Cannot delete active campaign'],
		[409, 'Voice template not found', 'Talkover refused the request (HTTP 409): Voice template not found'],
	])('a %i "%s" reads "%s"', (status, message, text) => {
		expect(describeFailure(failure(status, { message })).message).toBe(text);
	});

	test('a 404: the operation\'s own "not found" text wins, unless Talkover\'s message says what was not found', () => {
		expect(describeFailure(failure(404, { code: 'VOICE_NOT_FOUND' }), 'Agent not found: X').message).toBe('Agent not found: X');
		expect(describeFailure(failure(404, { message: 'Voice template not found' }), 'Agent not found: X').message).toBe(
			'Voice not found: Talkover has no voice template with this ID; choose the voice from the list again',
		);
	});

	test('a known code on a 403 is said in its own words, the token named only for an unknown one', () => {
		expect(describeFailure(failure(403, { code: 'CAMPAIGN_IS_ACTIVE' })).message).toBe('The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)');
		expect(describeFailure(failure(403), undefined, { token: 'Account Token' }).message).toBe('The Talkover Account Token is not allowed to do this');
	});
});

describe('issue 25: other failures in words', () => {
	test('a 2xx whose body says it failed', () => {
		expect(describeFailure(failure(200, { message: 'Nope' }))).toEqual({ message: 'Talkover answered that the request failed (HTTP 200, success: false)', description: 'Talkover said: "Nope"' });
	});

	test('a 404 that is Talkover saying what it does not have, and the caller did not say', () => {
		expect(describeFailure(failure(404, { message: 'No active call found for this agent' })).message).toBe('Talkover could not find what was asked for');
	});

	test('a 404 web page (not a JSON error) is not blamed on the answer\'s format: the Base URL line says it', () => {
		expect(describeFailure(failure(404, { textBody: true }))).toEqual({
			message: 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential',
			description: "The Base URL is Talkover's address without /api/v1, e.g. https://app.talkover.ai.",
		});
	});

	test('a text body with Talkover\'s words or problem lines is a Talkover error after all', () => {
		expect(describeFailure(failure(502, { textBody: true, lines: ['a: b'] })).description).toBe('This is not caused by your input. Try again later.\na: b');
	});

	test.each([
		[{ code: 'AGENT_NOT_FOUND' }, true],
		[{ code: 'agent_not_found' }, true],
		[{ code: 'NOT_FOUND_HERE' }, false],
		[{ message: 'Agent not found' }, true],
		[{ message: '  No active call for this agent ' }, true],
		[{ message: 'Not Found' }, false],
		[{ message: 'not found.' }, false],
		// A server's bare "Not Found" with spaces around it is still an address nobody knows.
		[{ message: ' Not Found \n' }, false],
		// Talkover saying what it did not find, after a "Not found:".
		[{ message: 'Not found: agent a-1' }, true],
		[{ message: 'Route unknown' }, false],
		[{}, false],
	])('talkoverSaysNotFound(%o) → %s', (read, says) => {
		expect(talkoverSaysNotFound(read)).toBe(says);
	});
});

describe('issue 25: what is kept of an error body', () => {
	test('problem lines that are not texts are shown as JSON', () => {
		expect(readErrorBody({ errors: { age: [{ min: 18 }], name: 'taken' } }).lines).toEqual(['age: {"min":18}', 'name: taken']);
	});

	test('a code or a message that is not a text is not taken', () => {
		expect(readErrorBody({ error: { code: 7, message: { text: 'm' } }, code: 'TOP', message: 'top' })).toEqual({ code: 'TOP', message: 'top', lines: [] });
		expect(readErrorBody({ error: 7, code: 8, message: 9 })).toEqual({ lines: [] });
	});

	test('the code and message inside `error` win over those beside it', () => {
		expect(readErrorBody({ error: { code: 'IN', message: 'inside' }, code: 'OUT', message: 'outside' })).toEqual({ code: 'IN', message: 'inside', lines: [] });
		expect(readErrorBody({ error: 'IN', code: 'OUT' }).code).toBe('IN');
	});

	test('a wait in `error.details` wins over one beside it; an empty one is none', () => {
		expect(readErrorBody({ error: { details: { retry_after: 5 } }, details: { retry_after: 9 } }).retryAfter).toBe(5);
		expect(readErrorBody({ details: { other: 1 } }).retryAfter).toBeUndefined();
		expect(readErrorBody({ details: {} }).retryAfter).toBeUndefined();
	});

	test.each([
		['details in error', { error: { code: 'X', details: { field: 'to' } } }, { field: 'to' }],
		['details beside', { message: 'm', details: { field: 'to' } }, { field: 'to' }],
		['details and an existing call', { details: { a: 1 }, existing_call: { id: 'c' } }, { a: 1, existing_call: { id: 'c' } }],
		['as JSON text', '{"details":{"a":1}}', { a: 1 }],
		['nothing more', { message: 'm' }, undefined],
		['a text that is not JSON', 'Bad gateway', undefined],
		['a list', [{ details: { a: 1 } }], undefined],
		// A list is no error body, even one whose only entry is JSON text.
		['a list of one JSON text', ['{"details":{"a":1}}'], undefined],
	])('details: %s', (_what, body, details) => {
		expect(readFailure(400, body).details).toEqual(details);
	});

	test('a text body is marked only when it has something in it', () => {
		expect(readFailure(502, '   ').textBody).toBe(false);
		expect(readFailure(502, 'Bad gateway').textBody).toBe(true);
	});

	test('a 4xx was not acted on; a 500 may have been', () => {
		expect(readFailure(499, {}).mayHaveBeenProcessed).toBe(false);
		expect(readFailure(500, {}).mayHaveBeenProcessed).toBe(true);
	});

	test('a long code is cut at 80 characters, a long message and each long line at 200', () => {
		const read = readFailure(400, { error: 'C'.repeat(100), message: 'm'.repeat(250), errors: ['l'.repeat(201)] });
		expect(read.code).toBe(`${'C'.repeat(80)}… (100 characters)`);
		expect(read.message).toBe(`${'m'.repeat(200)}… (250 characters)`);
		expect(read.lines).toEqual([`${'l'.repeat(200)}… (201 characters)`]);
	});

	test('a text of exactly 200 characters is shown whole, emoji counted as one character each', () => {
		expect(clip('x'.repeat(200))).toBe('x'.repeat(200));
		const withEmoji = `${'x'.repeat(198)}😀😀`;
		expect(withEmoji.length).toBe(202);
		expect(clip(withEmoji)).toBe(withEmoji);
	});
});

describe('issue 25: the errors the transport throws', () => {
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

	test('a connect that timed out, told by the system call alone, sent nothing', () => {
		expect(failedBeforeSending({ code: 'ETIMEDOUT', cause: { syscall: 'connect' } })).toBe(true);
		expect(failedBeforeSending({ code: 'ETIMEDOUT', cause: { syscall: 'read' } })).toBe(false);
		expect(failedBeforeSending({ code: 'ECONNRESET', message: 'connect ETIMEDOUT' })).toBe(false);
		expect(failedBeforeSending({ cause: { code: 'EPROTO', message: 'alert protocol version' } })).toBe(true);
	});

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

	test('mayHaveBeenProcessed: only the flag itself counts', () => {
		expect(mayHaveBeenProcessed({ context: { mayHaveBeenProcessed: 'yes' } })).toBe(false);
		expect(mayHaveBeenProcessed({})).toBe(false);
	});
});

describe('issue 25: the token is removed from every copy and every error', () => {
	test('a Base URL\'s password in capitals of the scheme is removed too', () => {
		expect(withoutUserinfo('HTTPS://u:p@h.test/x')).toBe('HTTPS://h.test/x');
	});

	test('an answer without the token comes back as it is (not copied)', () => {
		const answer = { id: 'a', list: [1, 2] };
		expect(scrubValue(answer, ['talq_x', ''])).toBe(answer);
		expect(scrubValue(answer, '')).toBe(answer);
	});

	test('the token is removed from texts in lists, nested objects and keys; other values stay', () => {
		const answer = { list: ['talq_x', 2, null, true], deep: { talq_x: 'key', n: 1 } };
		expect(scrubValue(answer, 'talq_x')).toEqual({ list: ['***', 2, null, true], deep: { '***': 'key', n: 1 } });
		expect(answer.list[0]).toBe('talq_x');
	});

	test('every one of several tokens is removed', () => {
		expect(scrubValue({ a: 'talq_a', b: 'talq_b' }, ['talq_a', 'talq_b'])).toEqual({ a: '***', b: '***' });
	});

	test('a token with a quote is found as JSON writes it', () => {
		expect(scrubValue({ a: 'x"tok"y' }, '"tok"')).toEqual({ a: 'x***y' });
	});

	test('an answer that refers to itself is copied once, the token removed, without looping', () => {
		const answer: Record<string, unknown> = { t: 'talq_x' };
		answer.self = answer;
		const list: unknown[] = ['talq_x'];
		list.push(list);
		answer.list = list;
		const copy = scrubValue(answer, 'talq_x') as Record<string, unknown>;
		expect(copy.t).toBe('***');
		expect(copy.self).toBe(copy);
		const listCopy = copy.list as unknown[];
		expect(listCopy[0]).toBe('***');
		expect(listCopy[1]).toBe(listCopy);
	});

	test('an object that is not plain data (a Date) is kept as it is', () => {
		const when = new Date(0);
		const copy = scrubValue({ when, t: 'talq_x' }, 'talq_x') as { when: Date };
		expect(copy.when).toBe(when);
	});

	test('an object without a prototype is copied as data', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { t: 'talq_x' });
		expect(scrubValue({ bare }, 'talq_x')).toEqual({ bare: { t: '***' } });
	});

	test('an error: its texts at any depth up to six levels; the node\'s parameters and read-only texts are left alone', () => {
		const error = Object.assign(new Error('failed for talq_x'), {
			description: 'token talq_x',
			context: { list: ['talq_x'], deep: { a: { b: { c: { d: { e: 'talq_x' } } } } } },
			node: { parameters: { token: 'talq_x' } },
		});
		Object.defineProperty(error, 'fixed', { value: 'talq_x', writable: false, enumerable: true });
		Object.defineProperty(error, 'computed', { get: () => 'talq_x', enumerable: true });
		scrubError(error, ['', 'talq_x']);
		expect(error.message).toBe('failed for ***');
		expect(error.description).toBe('token ***');
		expect(error.context.list).toEqual(['***']);
		expect(error.context.deep.a.b.c.d.e).toBe('***');
		expect(error.node.parameters.token).toBe('talq_x');
		expect((error as unknown as { fixed: string }).fixed).toBe('talq_x');
		expect(String(error.stack)).not.toContain('talq_x');
	});

	test('an error nested deeper than that is left (n8n does not show it)', () => {
		const error = { a: { b: { c: { d: { e: { f: { g: { h: 'talq_x' } } } } } } } };
		scrubError(error, 'talq_x');
		expect(error.a.b.c.d.e.f.g.h).toBe('talq_x');
	});

	test('an error that refers to itself is walked once', () => {
		const error: Record<string, unknown> = { message: 'talq_x' };
		error.self = error;
		expect(scrubError(error, 'talq_x')).toBe(error);
		expect(error.message).toBe('***');
	});

	test('without a token nothing is touched', () => {
		const error = { message: 'talq_x' };
		expect(scrubError(error, ['', ''])).toBe(error);
		expect(error.message).toBe('talq_x');
	});
});

describe('issue 25: the sentences a person reads for Talkover\'s error codes', () => {
	test.each([
		['AGENT_INACTIVE', 'The agent is not published, so it cannot place calls: publish it first (Agent → Publish)'],
		['INVALID_PHONE_NUMBER', 'Talkover rejected the phone number: it must be in international format, e.g. +15551234567'],
		['MISSING_PHONE_NUMBER', 'Talkover needs a phone number to call'],
		['CAMPAIGN_HAS_ACTIVE_CALLS', 'The campaign has queued calls, so its schedule cannot change while it runs: pause it first (Campaign → Update Status → Pause), update it, then start it again'],
		['CAMPAIGN_LIMIT_REACHED', 'Your Talkover plan allows no more campaigns: delete one you no longer need, or upgrade the plan'],
	])('%s reads "%s"', (code, text) => {
		expect(describeFailure(failure(400, { code, message: 'm' })).message).toBe(text);
	});

	test('an agent Talkover will not delete because of one active call is the agent\'s rule too', () => {
		expect(describeFailure(failure(409, { message: 'Cannot delete agent while it has an active call.' })).message).toBe(
			'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
		);
	});

	test('only Talkover\'s campaign sentence (it starts "Campaign has active calls") is the campaign\'s rule: an agent\'s refusal that mentions a campaign stays the agent\'s', () => {
		expect(describeFailure(failure(409, { message: 'Cannot delete agent: its campaign has active calls' })).message).toBe(
			'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
		);
	});

	test('the optimized-costs threshold never shows a number Talkover did not give', () => {
		expect(describeFailure(failure(422, { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { required_calls: 50, threshold_days: 30 } })).message).toBe(
			'The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off',
		);
	});
});

describe('issue 25: a code or a status in Talkover\'s text is never taken for a property every object has', () => {
	test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('an error code "%s" is an unknown code, shown as Talkover sent it', (code) => {
		const read = readFailure(400, { error: code, message: 'Refused' });
		expect(describeFailure(read)).toEqual({ message: 'Talkover refused the request (HTTP 400): Refused', description: `Talkover said: "Refused"\nError code: ${code}` });
		expect(describeFailure(read, undefined, { codeMessages: { INSUFFICIENT_CREDITS: 'own words' } }).message).toBe('Talkover refused the request (HTTP 400): Refused');
		expect(failureError(NODE, read).message).toBe('Talkover refused the request (HTTP 400): Refused');
	});

	test.each(['constructor', '__proto__'])('a status change from "%s" is an unknown status: no rule is made up for it', (status) => {
		expect(describeFailure(failure(400, { code: 'INVALID_TRANSITION', message: `Cannot transition from ${status} to active` })).message).toBe(
			`The campaign cannot go from ${status} to active`,
		);
	});
});

describe('issue 25: the token is removed wherever it is, whichever token it is', () => {
	test('an answer holding only the Account Token (both tokens given) has it removed', () => {
		expect(scrubValue({ a: 'talq_account' }, ['talq_api', 'talq_account'])).toEqual({ a: '***' });
	});

	test('an error text holding only the Account Token (both tokens given) has it removed', () => {
		const error = { message: 'failed for talq_account' };
		scrubError(error, ['talq_api', 'talq_account']);
		expect(error.message).toBe('failed for ***');
	});

	test('a field without a value (undefined) beside the token is kept as it is', () => {
		expect(scrubValue({ a: 'talq_x', b: undefined, c: [undefined] }, 'talq_x')).toEqual({ a: '***', b: undefined, c: [undefined] });
	});

	test('a cleaned answer is ordinary data: a later step can change and delete its fields', () => {
		const copy = scrubValue({ a: 'talq_x', b: 1 }, 'talq_x') as Record<string, unknown>;
		copy.a = 'changed';
		delete copy.b;
		expect(copy).toEqual({ a: 'changed' });
	});

	test('an error with empty fields (null, undefined) still has the token removed from its texts', () => {
		const error = { message: 'failed for talq_x', httpCode: null, description: undefined, context: { itemIndex: undefined, data: null, text: 'talq_x' } };
		scrubError(error, 'talq_x');
		expect(error).toEqual({ message: 'failed for ***', httpCode: null, description: undefined, context: { itemIndex: undefined, data: null, text: '***' } });
	});
});

describe('issue 25: what a network failure was, read from n8n\'s texts', () => {
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
