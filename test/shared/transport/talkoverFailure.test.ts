/**
 * Reading Talkover's failure answers (nodes/shared/transport/talkoverFailure.ts): every documented error
 * body, what readFailure keeps of it (cut, the token removed), and whether a 404 is Talkover saying what it
 * does not have.
 */
import { asObject } from '../../../nodes/shared/transport/objects';
import { clip } from '../../../nodes/shared/transport/shownText';
import { readErrorBody, readFailure, talkoverSaysNotFound } from '../../../nodes/shared/transport/talkoverFailure';
import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, TOKEN, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

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

	test('a token with a quote or a backslash, in a problem entry that is not a text (shown as JSON), is removed', () => {
		const token = 'tal"q\\x_9';
		const body = { message: 'invalid', errors: [{ field: 'auth', value: token }], more: 'x' };
		const failure = readFailure(422, JSON.stringify({ ...body, errors: { auth: [{ value: token }] } }), token);
		expect(failure.lines).toEqual(['auth: {"value":"***"}']);
		expect(readFailure(422, body, token).lines).toEqual(['{"field":"auth","value":"***"}']);
	});

	test('a 5xx may have been processed; a text body is marked', () => {
		expect(readFailure(502, '<html>Bad gateway</html>')).toEqual({ status: 502, lines: [], textBody: true, mayHaveBeenProcessed: true });
	});

	test('the wait asked for in the body', () => {
		expect(readFailure(429, { error: { details: { retry_after: 60 } } }).retryAfterSeconds).toBe(60);
	});
});

describe('readFailure: what is kept of an error body', () => {
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

describe('asObject: what counts as an object in a value Talkover sent', () => {
	// Callers tell "no object" by `=== undefined` too (the trigger's isObject, a wait's next call): a null
	// field of Talkover's (`"config": null`) must read as no object there, not as an object to read from.
	test('a null, a list or a text is no object: undefined, as for a field that is missing', () => {
		expect([asObject(null), asObject(undefined), asObject([{ id: 'a' }]), asObject('{"id":"a"}'), asObject(7)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
		const record = { id: 'a' };
		expect(asObject(record)).toBe(record);
	});
});

describe('talkoverSaysNotFound: a 404 that is Talkover saying what it does not have', () => {
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

describe('a token inside a value of the error body is removed before a message clips the value at 80 characters', () => {
	const { sandbox, credentials } = useSandbox();
	/** The token cut after 10 of its characters, as clip(…, 80) cuts it when 70 characters come before it. */
	const HALF = TOKEN.slice(0, 10);
	const holding = 'x'.repeat(70) + TOKEN;

	test('409 DUPLICATE_CALL whose existing_call.status holds the token after 70 characters: no part of the token in the error', async () => {
		sandbox().inject({
			status: 409,
			body: { success: false, message: 'A call to this number already exists in this campaign', existing_call: { id: 'cc-1', status: holding } },
			when: (r: { method: string; path: string }) => r.method === 'POST' && r.path === `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`,
		});
		const { error } = await runTalkover({ parameters: { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '+1 (555) 777-8888' }, credentials: credentials() });
		expect(error?.message).toContain('campaign call cc-1');
		expect(error?.message).not.toContain(HALF);
	});

	test('422 OPTIMIZED_COSTS_NOT_ELIGIBLE whose current_calls holds the token after 70 characters: no part of the token in the error', async () => {
		sandbox().inject({
			status: 422,
			body: { success: false, message: 'Agent does not meet the call volume threshold for optimized costs', code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { current_calls: holding, required_calls: 700, threshold_days: 7 } },
			when: (r: { method: string; path: string }) => r.method === 'PATCH' && r.path === `/api/v1/agents/${SALES_AGENT}/advanced-settings`,
		});
		const { error } = await runTalkover({ parameters: { resource: 'agent', operation: 'updateAdvancedSettings', agentId: byId(SALES_AGENT), enableInitialMessageCache: true }, credentials: credentials() });
		expect(error?.message).toContain('of the 700 calls needed');
		expect(error?.message).not.toContain(HALF);
	});
});
