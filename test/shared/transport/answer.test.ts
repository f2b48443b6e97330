/**
 * What a 2xx answer must hold (nodes/shared/transport/answer.ts): anything else is an error for the item,
 * never a guess. Each kind of answer an operation expects, with the shapes Talkover's pages and
 * openapi.json document and the shapes that make no sense.
 */
import type { Expected } from '../../../nodes/shared/transport/answer';
import { answerProblem, idKind, isId, kindOf } from '../../../nodes/shared/transport/answer';

const noData = (what: string) => `Talkover's answer does not have the expected data (${what})`;

describe('answerProblem', () => {
	test.each<[string, number, unknown, Expected | undefined, string | undefined]>([
		['no expectation: an empty 200 is not checked further', 200, '', undefined, undefined],
		['no expectation: broken JSON is still an error', 200, '{"success":', undefined, 'Talkover sent an answer that is not valid JSON (HTTP 200)'],
		['object: data is an object', 200, { success: true, data: { id: 'a' } }, 'object', undefined],
		['object: data null', 200, { success: true, data: null }, 'object', noData('data is null')],
		['object: an error marker inside data', 200, { success: true, data: { balance: 0, error: { code: 'X' } } }, 'object', noData('data: an error instead of the data')],
		['object: problems listed inside data', 200, { success: true, data: { errors: ['x'] } }, 'object', noData('data: problems listed instead of the data')],
		['object: success false inside data', 200, { success: true, data: { success: false } }, 'object', noData('data: a failure (success: false) instead of the data')],
		['object: a status_code of 400 inside data', 200, { success: true, data: { status_code: 400 } }, 'object', noData('data: an error (status_code 400) instead of the data')],
		['object: a status_code of 399 inside data is no error', 200, { success: true, data: { status_code: 399 } }, 'object', undefined],
		['object: an empty 200', 200, '', 'object', 'Talkover sent an empty answer (HTTP 200)'],
		['object: a 204', 204, '', 'object', 'Talkover sent an empty answer (HTTP 204)'],
		['list: a list of objects', 200, { success: true, data: [{ id: 'a' }] }, 'list', undefined],
		['list: an entry that is text', 200, { success: true, data: [{ id: 'a' }, 'b'] }, 'list', noData('a list entry is text')],
		['success: success true without data', 200, { success: true, message: 'ok' }, 'success', undefined],
		['success: a 204 is not an answer', 204, '', 'success', 'Talkover sent an empty answer (HTTP 204)'],
		['deleted: the page’s {success: true}', 200, { success: true, message: 'Agent deleted' }, 'deleted', undefined],
		['deleted: openapi.json’s 204 No Content', 204, '', 'deleted', undefined],
		['deleted: a 204 with a body is not a 204 No Content', 204, 'gone', 'deleted', 'Talkover sent an empty answer (HTTP 204)'],
		['deleted: an empty 200 is not a Delete’s answer', 200, '', 'deleted', 'Talkover sent an empty answer (HTTP 200)'],
		['deleted: data true', 200, { success: true, data: true }, 'deleted', noData('data is true')],
		['objectIn: the page’s {campaign_call, campaign}', 201, { campaign_call: { id: 'c' }, campaign: { id: 'k' } }, { objectIn: 'campaign_call', bare: true }, undefined],
		['objectIn: the envelope', 200, { success: true, data: { id: 'c' } }, { objectIn: 'campaign_call', bare: true }, undefined],
		['bare: openapi.json’s bare record with its id', 200, { id: 'c', status: 'queued' }, { objectIn: 'campaign_call', bare: true }, undefined],
		['bare: a record without id is nothing', 200, { status: 'queued' }, { bare: true }, noData('data is missing')],
		['bare: success true without data is not a bare record', 200, { success: true, id: 'c' }, { bare: true }, noData('data is missing')],
		['bare: data null beside an id is not a bare record', 200, { id: 'c', data: null }, { bare: true }, noData('data is null')],
		['objectIn: the key holding text', 200, { campaign_call: 'queued' }, { objectIn: 'campaign_call' }, noData('data is missing')],
		['without bare, a bare record is refused', 200, { id: 'c' }, { objectIn: 'campaign_call' }, noData('data is missing')],
	])('%s', (_name, status, body, expected, problem) => {
		expect(answerProblem(status, body, expected)).toBe(problem);
	});

	// A bare record is an ID (non-empty text or a finite number) without the documented
	// error markers; the object in `objectIn` too. No documented record has a field named error/errors/status_code.
	const BARE: Expected = { bare: true };
	const ADD_CALL: Expected = { objectIn: 'campaign_call', bare: true };
	test.each<[string, unknown, Expected, string | undefined]>([
		['make-call.mdx’s error shape with an id', { id: 'c0ffee00', error: { code: 'INSUFFICIENT_CREDITS', message: 'Account has insufficient credits to place this call' } }, BARE, noData('an error instead of a record')],
		['authentication.mdx’s error shape with an id (Agent → Get)', { id: 'a1', error: 'NOT_FOUND', message: 'Agent not found', status_code: 404 }, BARE, noData('an error instead of a record')],
		['a status_code of 400 or more beside an id', { id: 'a1', message: 'Agent not found', status_code: 404 }, BARE, noData('an error (status_code 404) instead of a record')],
		['a 422’s errors beside an id', { id: 'a1', errors: { to: ['invalid'] } }, BARE, noData('problems listed instead of a record')],
		['an error body without id', { error: { code: 'AGENT_NOT_FOUND', message: 'Voice agent not found' } }, BARE, noData('an error instead of a record')],
		['an empty id', { id: '', status: 'initiated' }, BARE, noData("the record's id is empty")],
		['a blank id', { id: '  ', status: 'initiated' }, BARE, noData("the record's id is empty")],
		['id null', { id: null, status: 'initiated' }, BARE, noData("the record's id is null")],
		['id an object', { id: { value: 'c' } }, BARE, noData("the record's id is an object")],
		['a numeric id is an id', { id: 7, status: 'queued' }, BARE, undefined],
		['Add Call: campaign_call without id', { campaign_call: {}, campaign: { id: 'x', status: 'active' } }, ADD_CALL, noData("campaign_call: the record's id is missing")],
		['Add Call: campaign_call with an error', { campaign_call: { id: 'cc1', error: { code: 'X', message: 'failed' } }, campaign: { id: 'x' } }, ADD_CALL, noData('campaign_call: an error instead of a record')],
		['Add Call: the documented campaign_call', { campaign_call: { id: 'cc1', status: 'queued' }, campaign: { id: 'x' } }, ADD_CALL, undefined],
	])('bare record: %s', (_name, body, expected, problem) => {
		expect(answerProblem(200, body, expected)).toBe(problem);
	});

	// The 2xx statuses Talkover sends are 200, 201, 202 (read by their body) and 204; any other is an error.
	const CALL = { id: 'c0ffee00-0000-4000-8000-00000000beef', sid: 'CA1', status: 'initiated', to: '+15550009999', from: '+15550000000', created_at: '2026-01-01T00:00:00Z' };
	test.each([203, 205, 206, 207, 226, 299])('HTTP %i, whatever the body and the expectation, is an error', (status) => {
		const problem = `Talkover answered with HTTP ${status}, which it does not send`;
		expect(answerProblem(status, CALL, BARE)).toBe(problem);
		expect(answerProblem(status, { success: true, data: CALL }, 'object')).toBe(problem);
		expect(answerProblem(status, '', 'deleted')).toBe(problem);
		expect(answerProblem(status, { success: true })).toBe(problem);
	});

	test.each([200, 201, 202])('HTTP %i is read by its body: a created call answered 201 or 202 instead of 200 is the call', (status) => {
		expect(answerProblem(status, CALL, BARE)).toBeUndefined();
		expect(answerProblem(status, { success: true, data: CALL }, BARE)).toBeUndefined();
		expect(answerProblem(status, { id: '' }, BARE)).toBe(noData("the record's id is empty"));
	});

	test.each<[string, unknown, string | undefined]>([
		['openapi.json’s bare array of groups', [{ display_name: 'Ava', templates: [] }], undefined],
		['the page’s {success, data: [groups]}', { success: true, data: [{ display_name: 'Ava', voices: [] }] }, undefined],
		['an empty bare array', [], undefined],
		['a bare array with text in it', [{ display_name: 'Ava' }, 'Bianca'], noData('a list entry is text')],
		['an object without data', { success: true }, noData('data is missing')],
		['data an object', { success: true, data: { display_name: 'Ava' } }, noData('data is an object')],
	])('bareList: %s', (_name, body, problem) => {
		expect(answerProblem(200, body, 'bareList')).toBe(problem);
	});
});

describe('a Delete answered 204 No Content', () => {
	test.each([undefined, null, '', '  '])('a 204 Delete with no body at all (%o) is a success', (body) => {
		expect(answerProblem(204, body, 'deleted')).toBeUndefined();
	});

	test('a 204 where a record was expected is an empty answer, not a success', () => {
		expect(answerProblem(204, undefined, 'object')).toBe('Talkover sent an empty answer (HTTP 204)');
		expect(answerProblem(204, null, { bare: true })).toBe('Talkover sent an empty answer (HTTP 204)');
	});

	test('a 200 Delete with no body at all is not a success: the pages answer {success: true}', () => {
		expect(answerProblem(200, undefined, 'deleted')).toBe('Talkover sent an empty answer (HTTP 200)');
		expect(answerProblem(200, null, 'deleted')).toBe('Talkover sent an empty answer (HTTP 200)');
	});

	test('a Delete answered {success: false} without an error status is not a success', () => {
		expect(answerProblem(200, { success: false }, 'deleted')).toBe("Talkover's answer does not say whether the request succeeded (HTTP 200)");
		expect(answerProblem(200, { message: 'deleted' }, 'deleted')).toBe("Talkover's answer does not say whether the request succeeded (HTTP 200)");
	});

	test('a Delete answered {success: true, data: [..]} or {success: true, data: {..}} is a success; data text is not', () => {
		expect(answerProblem(200, { success: true, data: [] }, 'deleted')).toBeUndefined();
		expect(answerProblem(200, { success: true, data: { id: 'a' } }, 'deleted')).toBeUndefined();
		expect(answerProblem(200, { success: true, data: 'gone' }, 'success')).toBe(noData('data is text'));
		expect(answerProblem(200, { success: true, data: null }, 'success')).toBe(noData('data is null'));
	});
});

describe('an answer that is not a JSON object', () => {
	test.each<[unknown, string]>([
		[[{ id: 'a' }], 'a list'],
		[42, 'a number'],
		[true, 'true'],
		[false, 'false'],
	])('a top-level %o where one agent or call was expected is an error naming what came: the answer is %s', (body, kind) => {
		expect(answerProblem(200, body, 'object')).toBe(noData(`the answer is ${kind}`));
		expect(answerProblem(200, body, 'list')).toBe(noData(`the answer is ${kind}`));
		expect(answerProblem(200, body, { bare: true })).toBe(noData(`the answer is ${kind}`));
	});

	test('without an expectation, any JSON answer is passed on', () => {
		expect(answerProblem(200, [1, 2])).toBeUndefined();
		expect(answerProblem(200, 0)).toBeUndefined();
		expect(answerProblem(200, { anything: true })).toBeUndefined();
	});

	test.each(['<!DOCTYPE html><html>…', '  <html><body>Bad gateway</body></html>', '<?xml version="1.0"?><error/>', '<HEAD></HEAD>'])(
		'a web page (%s) is named as a web page: a wrong Base URL or a proxy',
		(page) => {
			expect(answerProblem(200, page, 'object')).toBe('Talkover sent a web page instead of data (HTTP 200)');
			expect(answerProblem(200, page)).toBe('Talkover sent a web page instead of data (HTTP 200)');
		},
	);

	test('a 200 whose body is only spaces and line breaks is an empty answer, not broken JSON', () => {
		expect(answerProblem(200, ' \n\t ', 'object')).toBe('Talkover sent an empty answer (HTTP 200)');
		expect(answerProblem(200, ' \n ')).toBeUndefined();
	});

	test('text that is neither JSON nor a web page is broken JSON, even when it mentions html later', () => {
		expect(answerProblem(201, 'ok <html>', 'object')).toBe('Talkover sent an answer that is not valid JSON (HTTP 201)');
	});

	test('kindOf names each kind of value as a message shows it', () => {
		expect([undefined, null, 'x', true, 3, [], {}].map(kindOf)).toEqual(['missing', 'null', 'text', 'true', 'a number', 'a list', 'an object']);
	});
});

describe('records', () => {
	const BARE: Expected = { bare: true };

	test('a bare record whose id is the number 0 is a record (a numeric id is an id)', () => {
		expect(answerProblem(200, { id: 0, status: 'queued' }, BARE)).toBeUndefined();
	});

	test('a status_code below 400 beside an id is part of the record; 400 written as text is an error', () => {
		expect(answerProblem(200, { id: 'c1', status_code: 200 }, BARE)).toBeUndefined();
		expect(answerProblem(200, { id: 'c1', status_code: 399 }, BARE)).toBeUndefined();
		expect(answerProblem(200, { id: 'c1', status_code: null }, BARE)).toBeUndefined();
		expect(answerProblem(200, { id: 'c1', status_code: '400' }, BARE)).toBe(noData('an error (status_code 400) instead of a record'));
	});

	test('an error body without an id is named as an error, not as a missing record', () => {
		expect(answerProblem(200, { message: 'Agent not found', status_code: 404 }, BARE)).toBe(noData('an error (status_code 404) instead of a record'));
		expect(answerProblem(200, { errors: { to: ['invalid'] } }, BARE)).toBe(noData('problems listed instead of a record'));
	});

	test('Make Campaign Call (no document wraps it in data): {success, data: {..}} is refused, naming the missing campaign_call', () => {
		const ADD: Expected = { objectIn: 'campaign_call', bare: true, envelope: false };
		expect(answerProblem(201, { success: true, data: { id: 'cc1' } }, ADD)).toBe(noData('campaign_call is missing; no document wraps this answer in data'));
		expect(answerProblem(201, { success: true, data: null }, ADD)).toBe(noData('data is null'));
		expect(answerProblem(201, { campaign_call: { id: 'cc1' } }, ADD)).toBeUndefined();
		expect(answerProblem(201, { success: true, data: { id: 'c' } }, { bare: true, envelope: false })).toBe(noData('the record is missing; no document wraps this answer in data'));
	});

	test('a page of a list whose data is an object, or missing, is an error', () => {
		expect(answerProblem(200, { success: true, data: { id: 'a' } }, 'list')).toBe(noData('data is an object'));
		expect(answerProblem(200, { success: true }, 'list')).toBe(noData('data is missing'));
		expect(answerProblem(200, { success: true, data: [] }, 'list')).toBeUndefined();
		expect(answerProblem(200, { success: true, data: [{ id: 'a' }, null] }, 'list')).toBe(noData('a list entry is null'));
		expect(answerProblem(200, [{ id: 'a' }, [1]], 'bareList')).toBe(noData('a list entry is a list'));
	});

	test('an error marker beside the data is Talkover’s error, not the record next to it', () => {
		expect(answerProblem(200, { success: true, data: { id: 'c1' }, error: { code: 'AGENT_OFFLINE' } }, 'record')).toBe(noData('an error instead of a record'));
		expect(answerProblem(201, { success: true, data: { id: 'c1' }, status_code: 422 }, 'record')).toBe(noData('an error (status_code 422) instead of a record'));
		expect(answerProblem(200, { success: true, data: { id: 'c1' } }, 'record')).toBeUndefined();
	});

	test('a record that says success: false is a failure, not a record', () => {
		expect(answerProblem(200, { success: true, data: { id: 'c1', success: false } }, 'record')).toBe(noData('a failure (success: false) instead of a record'));
	});

	test('a success answer whose data is there but not an object or a list is an error; without data it is a success', () => {
		expect(answerProblem(200, { success: true, data: 'done' }, 'success')).toBe(noData(`data is ${kindOf('done')}`));
		expect(answerProblem(200, { success: true, data: null }, 'deleted')).toBe(noData('data is null'));
		expect(answerProblem(200, { success: true }, 'success')).toBeUndefined();
		expect(answerProblem(200, { success: true, data: {} }, 'success')).toBeUndefined();
	});

	test('success: true with problems listed contradicts itself and is an error, whatever was expected', () => {
		const body = { success: true, data: { id: 'a' }, errors: { name: ['The name field is required.'] } };
		expect(answerProblem(200, body, 'object')).toBe("Talkover's answer contradicts itself (HTTP 200: success: true with problems listed)");
	});
});

// JSON reads a number beyond 2^53 as another number, and 1e400 as Infinity: such an ID would
// become another record's ID in the workflow, so it is no ID, and the message says why. Nor is a text holding half
// of a character: sent back in a path, it would fail as "URI malformed".
describe('an ID JSON cannot read exactly, or no URL can carry', () => {
	test.each([
		['{"id":12345678901234567890}', 'a number too large to be read exactly'],
		['{"id":9007199254740992}', 'a number too large to be read exactly'],
		['{"id":1e400}', 'a number too large to be read'],
		['{"id":-1e400}', 'a number too large to be read'],
		['{"id":1.5}', 'a number with a fraction'],
		['{"id":""}', 'empty'],
		['{"id":"  "}', 'empty'],
		['{"id":"a\\ud800"}', 'a text holding half of a character, which no URL can carry'],
		['{"id":"\\udc00b"}', 'a text holding half of a character, which no URL can carry'],
		['{"id":{}}', 'an object'],
	])('%s is no ID: "%s"', (json, kind) => {
		const { id } = JSON.parse(json) as { id: unknown };
		expect([isId(id), idKind(id)]).toEqual([false, kind]);
		expect(answerProblem(200, JSON.parse(json), { bare: true, envelope: false })).toBe(noData(`the record's id is ${kind}`));
	});

	test.each([['{"id":9007199254740991}'], ['{"id":0}'], ['{"id":-4}'], ['{"id":"12345678901234567890"}'], ['{"id":"a\\ud83d\\ude00"}']])('%s is an ID', (json) => {
		expect(isId((JSON.parse(json) as { id: unknown }).id)).toBe(true);
	});
});
