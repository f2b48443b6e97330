/**
 * In n8n's engine (the same in a real n8n: test/e2e/faults.e2e.ts): an item that failed
 * under Continue On Fail, "Continue (regular output)" or "Continue (error output)" reaches the next node
 * with the message, the HTTP status, Talkover's error code and every problem line. n8n rewrites the JSON
 * of an item that carries `error` to `{ error: <message> }`, so the node's error item is the JSON
 * `{ error: <message>, message: <the whole text> }`: n8n routes exactly that shape to the error output,
 * keeps it (with the input item's fields) and passes it on.
 */
import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const create = { resource: 'agent', operation: 'create', label: 'Support', name: '={{ $json.name }}', options: { maxRetries: 0 } };
const rejected = {
	status: 422,
	body: {
		success: false,
		error: { code: 'VALIDATION_ERROR', message: 'The given data was invalid.' },
		errors: { name: ['The name may not be greater than 255 characters.'], language: ['The selected language is invalid.'] },
	},
};
const error = 'Talkover rejected the data: The given data was invalid.';
const message = [
	error,
	'HTTP status: 422',
	'Error code: VALIDATION_ERROR',
	'name: The name may not be greater than 255 characters.',
	'language: The selected language is invalid.',
].join('\n');

const items = [{ crm_id: 'crm-1', name: 'A' }, { crm_id: 'crm-2', name: 'B' }];

describe.each([
	['Continue On Fail (the old setting)', { continueOnFail: true }],
	['On Error: Continue (regular output)', { onError: 'continueRegularOutput' as const }],
])('%s', (_mode, settings) => {
	test('the failed item carries the message, the HTTP status, the code and every problem line; the other item its agent', async () => {
		sandbox().inject({ method: 'POST', path: '/api/v1/agents', ...rejected });
		const { output } = await runTalkover({ items, parameters: create, credentials: credentials(), settings });
		expect(output![0]).toEqual({ json: { error, message }, pairedItem: { item: 0 } });
		expect(output![1].json).toMatchObject({ name: 'B', current_status: 'draft' });
	});
});

describe('On Error: Continue (error output)', () => {
	test('the failed item goes to the error output with the input item\'s fields and the whole text; the other one to the success output', async () => {
		sandbox().inject({ method: 'POST', path: '/api/v1/agents', ...rejected });
		const { run } = await runTalkover({ items, parameters: create, credentials: credentials(), settings: { onError: 'continueErrorOutput' } });
		const [success, failed] = run.data.resultData.runData.Talkover[0].data!.main;
		expect(success!.map((o) => [o.json.name, o.pairedItem])).toEqual([['B', { item: 1 }]]);
		expect(failed).toHaveLength(1);
		expect(failed![0].json).toEqual({ crm_id: 'crm-1', name: 'A', error, message });
		expect(failed![0].pairedItem).toEqual({ item: 0 });
	});
});

describe('what to do next reaches the next node too', () => {
	test('Make Call after a 500: the message says the call may have been placed, the text how to check', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { output } = await runTalkover({
			parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550000001' },
			credentials: credentials(),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(output![0].json.error).toBe('The call may have been placed: Talkover had a problem on its side (HTTP 500)');
		expect(String(output![0].json.message).split('\n')).toEqual([
			'The call may have been placed: Talkover had a problem on its side (HTTP 500)',
			'HTTP status: 500',
			'Talkover may have acted on the request before the error, so the node does not send it again. Before you run this item again, check whether the call exists: Call → Get Active (this agent and number) or Call → Get Many (filter by the number).',
			'Talkover said: "Internal server error."',
		]);
	});

	test('bad input (nothing sent): the field, the item and what to change', async () => {
		const { output } = await runTalkover({
			items: [{ phone: 'call me' }],
			parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}' },
			credentials: credentials(),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(output![0].json).toEqual({
			error: 'To (item 0): "call me" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567',
			message:
				'To (item 0): "call me" contains characters a phone number cannot have; use the international format with + and the country code, e.g. +15551234567\nCheck the "To" field (parameter "to") for item 0. Nothing was sent to Talkover for this item.',
		});
		expect(sandbox().requests).toHaveLength(0);
	});
});
