/**
 * An operation whose answer is one record (an agent, an action, a call, a campaign, an event) outputs it
 * only when it is one: inside the page's `{success, data}` envelope as in openapi.json's bare form, the
 * record has an ID and no error marker. `{success: true, data: {}}` is not a call placed, an action
 * created or an agent published; `data: {id, error: {…}}` is Talkover's error, not the record.
 */
import { runTalkover } from '../helpers/n8n';
import { useSandbox } from '../helpers/fixtures';
import { operation } from './operations';

const { sandbox, credentials } = useSandbox();

/** Every operation that outputs one record, with the method of its own request (reads before it are other rows). */
const RECORDS: Array<[string, string]> = [
	['agent create', 'POST'],
	['agent get', 'GET'],
	['agent publish', 'POST'],
	['agent unpublish', 'POST'],
	['agent updateAdvancedSettings', 'PATCH'],
	['agent updateCalling', 'PUT'],
	['agent updateKnowledge', 'PUT'],
	['agent updateVoice', 'PUT'],
	['agentAction create', 'POST'],
	['agentAction update', 'POST'],
	['calendarEvent create', 'POST'],
	['calendarEvent get', 'GET'],
	['calendarEvent update', 'PUT'],
	['call end', 'POST'],
	['call make', 'POST'],
	['campaign addCall', 'POST'],
	['campaign create', 'POST'],
	['campaign get', 'GET'],
	['campaign update', 'PUT'],
	['campaign updateStatus', 'PATCH'],
];

const ANSWERS: Array<[string, unknown]> = [
	['{success: true, data: {}}', { success: true, data: {} }],
	['{success: true, data: {id, error: {code, message}}}', { success: true, data: { id: 'rec-1', error: { code: 'FAILED', message: 'It did not work' } } }],
	['{success: true, data: {id: ""}}', { success: true, data: { id: '', name: 'x' } }],
	['{success: true, data: {id}, error: {code}} (the error beside the record)', { success: true, data: { id: 'rec-1' }, error: { code: 'INSUFFICIENT_CREDITS', message: 'Not enough credits' } }],
	['{data: {id}, error: {code}} (no success, the error beside the record)', { data: { id: 'rec-1' }, error: { code: 'FAILED' } }],
	['{success: true, data: {id}, status_code: 500}', { success: true, data: { id: 'rec-1' }, status_code: 500 }],
	['{campaign_call: {id}, error: {code}}', { campaign_call: { id: 'rec-1' }, campaign: { id: 'c-1' }, error: { code: 'FAILED' } }],
	['{campaign_call: {id}, status_code: 422}', { campaign_call: { id: 'rec-1' }, status_code: 422 }],
	['{success: true, data: {id, success: false, message}} (a failed record)', { success: true, data: { id: 'rec-1', success: false, message: 'Call failed' } }],
];

describe.each(RECORDS)('%s', (name, method) => {
	test.each(ANSWERS)('answered %s: an error for the item, no record output', async (_what, body) => {
		const { parameters } = operation(name);
		sandbox().inject({ method, status: 200, body, times: Infinity });
		const { output, error } = await runTalkover({ parameters: { ...parameters, options: { maxRetries: 0 } }, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toMatch(/Talkover's answer does not have the expected data \((the record's id is (missing|empty)|an error instead of a record|a failure \(success: false\) instead of a record|an error \(status_code \d+\) instead of a record|campaign_call is missing; no document wraps this answer in data|data is missing)\)/);
	});
});
