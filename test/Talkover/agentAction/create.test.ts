import type { INodeParameters } from 'n8n-workflow';

import { callMethod, runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, SALES_AGENT, SUPPORT_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';
import { SEEDED_ACTION } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const create = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'agentAction',
	operation: 'create',
	agentId: byId(SALES_AGENT),
	actionType: 'webhook',
	name: 'lookup_customer',
	description: 'Look the caller up in the CRM',
	nodeId: 'crm-lookup',
	url: 'https://n8n.example.com/webhook/crm',
	...extra,
});
const posts = () => sandbox().requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/actions`);

describe('Agent Action → Create', () => {
	test('a webhook action: one POST with the page\'s fields; output the action', async () => {
		const { output, error } = await runTalkover({
			parameters: create({ inputs: { input: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }] } }),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/api/v1/agents/${SALES_AGENT}/actions`],
			['POST', `/api/v1/agents/${SALES_AGENT}/actions`],
		]);
		expect(posts()[0].body).toEqual({
			node_id: 'crm-lookup',
			name: 'lookup_customer',
			description: 'Look the caller up in the CRM',
			type: 'webhook',
			inputs: [{ name: 'phone', type: 'string', required: true, description: 'The caller’s phone number' }],
			url: 'https://n8n.example.com/webhook/crm',
		});
		const created = sandbox().agentActions.find((a) => a.node_id === 'crm-lookup')!;
		expect(output!.map((o) => o.json)).toEqual([expect.objectContaining({ id: created.id, name: 'lookup_customer', type: 'webhook', url: 'https://n8n.example.com/webhook/crm', current_status: 'active' })]);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('every Additional Field under its API name', async () => {
		await runTalkover({
			parameters: create({
				additionalFields: {
					authorizationScheme: 'custom',
					authorizationUrl: 'https://n8n.example.com/auth',
					customHeaders: { header: [{ key: 'X-Talkover-Secret', value: 's3cr3t' }] },
					executionMode: 'during_call',
					integration: 'crm',
					speakOnSend: 'One moment.',
					speakOnReceive: 'Found you.',
					currentStatus: 'inactive',
				},
			}),
			credentials: credentials(),
		});
		expect(posts()[0].body).toEqual({
			node_id: 'crm-lookup',
			name: 'lookup_customer',
			description: 'Look the caller up in the CRM',
			type: 'webhook',
			url: 'https://n8n.example.com/webhook/crm',
			authorization_scheme: 'custom',
			authorization_url: 'https://n8n.example.com/auth',
			custom_headers: [{ key: 'X-Talkover-Secret', value: 's3cr3t' }],
			execution_mode: 'during_call',
			integration: { id: 'crm' },
			speak_on_send: 'One moment.',
			speak_on_receive: 'Found you.',
			current_status: 'inactive',
		});
	});

	test.each<[string, INodeParameters, Record<string, unknown>]>([
		['transfer (the number normalised to E.164)', { actionType: 'transfer', transferTo: '+1 (555) 123-4567' }, { type: 'transfer', transfer_to: '+15551234567' }],
		['hold', { actionType: 'hold', holdDuration: 30 }, { type: 'hold', hold_duration: 30 }],
		['external after the call', { actionType: 'external', additionalFields: { integration: 'crm', executionMode: 'post_call' } }, { type: 'external', integration: { id: 'crm' }, execution_mode: 'post_call' }],
	])('a %s action sends its own fields only (a URL left in a hidden field is not sent)', async (_name, extra, fields) => {
		const { error } = await runTalkover({ parameters: create(extra), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()[0].body).toEqual({ node_id: 'crm-lookup', name: 'lookup_customer', description: 'Look the caller up in the CRM', ...fields });
	});

	test.each<[string, INodeParameters, string]>([
		['no name (an expression over an empty field)', { name: '={{ "" }}' }, 'Name (item 0): is required but empty'],
		['a name of 256 characters', { name: 'x'.repeat(256) }, 'Name (item 0): is 256 characters long; Talkover accepts at most 255'],
		['no description', { description: ' ' }, 'Description (item 0): is required but only spaces'],
		['no node ID (an expression over an empty field)', { nodeId: '={{ "" }}' }, 'Node ID (item 0): is required but empty'],
		['a URL without http(s)', { url: 'n8n.example.com/webhook/crm' }, 'URL (item 0): "n8n.example.com/webhook/crm" is not a full http:// or https:// URL'],
		['a header name with a space', { additionalFields: { customHeaders: { header: [{ key: 'X Secret', value: 'v' }] } } }, 'Custom Headers (item 0): header 1: the name "X Secret" cannot be an HTTP header name'],
		['a header value with a line break', { additionalFields: { customHeaders: { header: [{ key: 'X-A', value: 'a\nb' }] } } }, 'Custom Headers (item 0): header 1 ("X-A"): its value contains a line break'],
		['a Host header', { additionalFields: { customHeaders: { header: [{ key: 'Host', value: 'evil.example' }] } } }, 'Custom Headers (item 0): header 1: "Host" is set by the HTTP client itself'],
		['a header value with CRLF', { additionalFields: { customHeaders: { header: [{ key: 'X-A', value: 'a\r\nX-Injected: 1' }] } } }, 'Custom Headers (item 0): header 1 ("X-A"): its value contains a line break'],
		['a javascript: URL', { url: 'javascript:alert(1)' }, 'URL (item 0): "javascript:alert(1)" is not a full http:// or https:// URL'],
		['a transfer number with letters', { actionType: 'transfer', transferTo: '+1555CALLNOW' }, 'Transfer To (item 0)'],
		['post_call on a webhook', { additionalFields: { executionMode: 'post_call' } }, 'Execution Mode (item 0): post_call (after the call) is only valid for external actions, not for a webhook action'],
		['a transfer number without country code', { actionType: 'transfer', transferTo: '5551234567' }, 'Transfer To (item 0): "5551234567" has no leading + and country code'],
		['a hold of 0 seconds', { actionType: 'hold', holdDuration: 0 }, 'Hold Duration (Seconds) (item 0)'],
		['two inputs of one name', { inputs: { input: [{ name: 'a', type: 'string', required: true }, { name: 'a', type: 'string', required: false }] } }, 'Inputs (item 0): input 2: the name "a" is used by an input before it'],
	])('refused before anything is sent, naming the field and the item: %s', async (_name, extra, message) => {
		const { error } = await runTalkover({ parameters: create(extra), credentials: credentials() });
		expect(error?.message).toContain(message);
		expect(sandbox().requests).toEqual([]);
	});

	test('a Node ID the agent already has: Talkover replaces that action (Create/Update), and the item says so', async () => {
		const { output, error } = await runTalkover({ parameters: create({ agentId: byId(SUPPORT_AGENT), nodeId: 'action-node-456' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [o.json.id, o.json.note])).toEqual([
			[SEEDED_ACTION, 'Talkover updated the agent\'s existing action with Node ID "action-node-456" instead of adding one (Create/Update Action replaces the action with the same Node ID): its earlier settings are gone'],
		]);
		expect(sandbox().agentActions).toHaveLength(1);
	});

	test('the look-up before the create failing is not "may have been created": nothing was sent', async () => {
		sandbox().inject({ method: 'GET', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: { ...create(), options: { maxRetries: 0 } }, credentials: credentials() });
		expect(error?.message).toBe('Talkover had a problem on its side (HTTP 500)');
		expect(error?.description).toMatch(/^Nothing was created: the look-up of the agent’s actions before the create failed/);
		expect(posts()).toEqual([]);
	});

	test('404: the agent is named', async () => {
		const { error } = await runTalkover({ parameters: create({ agentId: byId(UNKNOWN_AGENT) }), credentials: credentials() });
		expect(error?.message).toBe(`Agent not found: Talkover has no agent with ID ${UNKNOWN_AGENT} for this token's environment`);
	});

	test('422: Talkover\'s refusal is shown (an integration Talkover does not know)', async () => {
		const { error } = await runTalkover({ parameters: create({ additionalFields: { integration: 'nope' } }), credentials: credentials() });
		expect(`${error?.message} ${error?.description}`).toContain('The selected integration.id is invalid.');
	});

	test('a 500 after which Talkover may have created it is not sent again under Retry On Fail', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: { ...create(), options: { maxRetries: 0 } }, credentials: credentials(), settings: retryOnFail(3) });
		expect(error?.message).toMatch(/^The action may have been created: /);
		expect(posts()).toHaveLength(1);
	});

	test('custom header values are secrets: Talkover’s answer echoing them gives `***` in the item', async () => {
		sandbox().inject({
			method: 'POST',
			path: `/api/v1/agents/${SALES_AGENT}/actions`,
			status: 200,
			body: { success: true, message: 'Agent action created successfully', data: { id: 'ac710000-0000-4000-8000-00000000abcd', name: 'lookup_customer', type: 'webhook', custom_headers: [{ key: 'X-Api-Key', value: 'sk_live_PASSWORD_VALUE' }] } },
		});
		const { output, error } = await runTalkover({ parameters: create({ additionalFields: { customHeaders: { header: [{ key: 'X-Api-Key', value: 'sk_live_PASSWORD_VALUE' }] } } }) as never, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()[0].body.custom_headers).toEqual([{ key: 'X-Api-Key', value: 'sk_live_PASSWORD_VALUE' }]);
		expect(output![0].json.custom_headers).toEqual([{ key: 'X-Api-Key', value: '***' }]);
		expect(JSON.stringify(output)).not.toContain('sk_live_PASSWORD_VALUE');
	});

	test.each<[string, unknown, RegExp]>([
		['{success: true, data: {}}', { success: true, message: 'Agent action updated successfully', data: {} }, /Talkover's answer does not have the expected data \(the record's id is missing\)/],
		['{success: true, data: {id, error}}', { success: true, data: { id: 'ac710000-0000-4000-8000-00000000abcd', error: { code: 'VALIDATION_ERROR', message: 'The action could not be saved' } } }, /Talkover's answer does not have the expected data \(an error instead of a record\)/],
		['{success: true, data: {name} } (no id)', { success: true, data: { name: 'lookup_customer', type: 'webhook' } }, /Talkover's answer does not have the expected data \(the record's id is missing\)/],
	])('an answer %s is not an action created: an error, not sent again', async (_what, body, message) => {
		sandbox().inject({ method: 'POST', path: `/api/v1/agents/${SALES_AGENT}/actions`, status: 200, body, times: Infinity });
		const { output, error } = await runTalkover({ parameters: create(), credentials: credentials(), settings: retryOnFail(3) });
		expect(output).toBeUndefined();
		expect(error?.message).toMatch(message);
		expect(posts()).toHaveLength(1);
	});

	test('openapi.json\'s answer (201, the bare Action) is the action too', async () => {
		sandbox().answerShape = 'openapi';
		const { output, error } = await runTalkover({ parameters: create(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ name: 'lookup_customer', type: 'webhook' });
	});

	test('the Integration picker lists Talkover\'s catalogue by identifier', async () => {
		const options = await callMethod('loadOptions', 'getActionIntegrations', credentials(), [], { resource: 'agentAction', operation: 'create' });
		expect(options).toEqual([
			{ name: 'Calendar (scheduling)', value: 'calendar', description: 'Create events on a connected calendar during a call.' },
			{ name: 'Email + Calendar Invite (scheduling)', value: 'email-calendar', description: 'Send a calendar invite via email after the call.' },
			{ name: 'CRM Sync (data)', value: 'crm', description: 'Push call summary and outcome to your CRM.' },
		]);
		expect(sandbox().requests.map((r) => [r.method, r.path, r.rawQuery])).toEqual([['GET', '/api/v1/action-integrations', '']]);
	});

	test('an integration entry without its identifier is an error, never a guess', async () => {
		sandbox().inject({ method: 'GET', path: '/api/v1/action-integrations', status: 200, body: { success: true, data: [{ display_name: 'CRM Sync' }] } });
		await expect(callMethod('loadOptions', 'getActionIntegrations', credentials(), [], { resource: 'agentAction', operation: 'create' })).rejects.toThrow(
			"Talkover's list of action integrations does not have the expected data (integration 1: its identifier is missing)",
		);
	});
});
