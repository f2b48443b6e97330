/**
 * Issue 25: answers a user's run relies on being read right, which the suite did not pin down (found by
 * mutation testing of nodes/shared/transport/answer.ts).
 */
import type { Expected } from '../../nodes/shared/transport/answer';
import { answerProblem, idKind, isId, kindOf } from '../../nodes/shared/transport/answer';

const noData = (what: string) => `Talkover's answer does not have the expected data (${what})`;

describe('issue 25: a Delete answered 204 No Content', () => {
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

describe('issue 25: an answer that is not a JSON object', () => {
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

describe('issue 25: records', () => {
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

	test('success: true with problems listed contradicts itself and is an error, whatever was expected', () => {
		const body = { success: true, data: { id: 'a' }, errors: { name: ['The name field is required.'] } };
		expect(answerProblem(200, body, 'object')).toBe("Talkover's answer contradicts itself (HTTP 200: success: true with problems listed)");
	});
});

// Review 6: JSON reads a number beyond 2^53 as another number, and 1e400 as Infinity: such an ID would
// become another record's ID in the workflow, so it is no ID, and the message says why.
describe('an ID JSON cannot read exactly', () => {
	test.each([
		['{"id":12345678901234567890}', 'a number too large to be read exactly'],
		['{"id":9007199254740992}', 'a number too large to be read exactly'],
		['{"id":1e400}', 'a number too large to be read'],
		['{"id":-1e400}', 'a number too large to be read'],
		['{"id":1.5}', 'a number with a fraction'],
		['{"id":""}', 'empty'],
		['{"id":{}}', 'an object'],
	])('%s is no ID: "%s"', (json, kind) => {
		const { id } = JSON.parse(json) as { id: unknown };
		expect([isId(id), idKind(id)]).toEqual([false, kind]);
		expect(answerProblem(200, JSON.parse(json), { bare: true, envelope: false })).toBe(noData(`the record's id is ${kind}`));
	});

	test.each([['{"id":9007199254740991}'], ['{"id":0}'], ['{"id":-4}'], ['{"id":"12345678901234567890"}']])('%s is an ID', (json) => {
		expect(isId((JSON.parse(json) as { id: unknown }).id)).toBe(true);
	});
});
