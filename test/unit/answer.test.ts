/**
 * What a 2xx answer must hold (nodes/shared/transport/answer.ts): anything else is an error for the item,
 * never a guess. Each kind of answer an operation expects, with the shapes Talkover's pages and
 * openapi.json document and the shapes that make no sense.
 */
import type { Expected } from '../../nodes/shared/transport/answer';
import { answerProblem } from '../../nodes/shared/transport/answer';

const noData = (what: string) => `Talkover's answer does not have the expected data (${what})`;

describe('answerProblem', () => {
	test.each<[string, number, unknown, Expected | undefined, string | undefined]>([
		['no expectation: an empty 200 is not checked further', 200, '', undefined, undefined],
		['no expectation: broken JSON is still an error', 200, '{"success":', undefined, 'Talkover sent an answer that is not valid JSON (HTTP 200)'],
		['object: data is an object', 200, { success: true, data: { id: 'a' } }, 'object', undefined],
		['object: data null', 200, { success: true, data: null }, 'object', noData('data is null')],
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
});
