/** The action body builder and checks both nodes use (nodes/shared/agentActions.ts). */
import type { IDataObject } from 'n8n-workflow';

import type { ActionDefinition } from '../../nodes/shared/agentActions';
import { actionBody, actionProblem, isHttpUrl, maskActionSecrets } from '../../nodes/shared/agentActions';

const WEBHOOK: ActionDefinition = { nodeId: 'action-node-456', name: 'Schedule Meeting', description: 'Schedule a meeting', type: 'webhook', url: 'https://api.example.com/schedule' };
const TRANSFER: ActionDefinition = { nodeId: 'n2', name: 'Transfer Call', description: 'To a human', type: 'transfer', transferTo: '+1234567890' };
const HOLD: ActionDefinition = { nodeId: 'n3', name: 'Hold', description: 'Hold the call', type: 'hold', holdDuration: 30 };
const EXTERNAL: ActionDefinition = { nodeId: 'n4', name: 'CRM', description: 'Sync', type: 'external', integrationId: 'crm', executionMode: 'post_call' };

describe('agent action definition', () => {
	test('builds the page\'s body, only with the fields given', () => {
		expect(
			actionBody({
				...WEBHOOK,
				inputs: [{ name: ' date ', type: 'string', required: true, description: 'Meeting date' }, { name: 'n', type: 'integer', required: false, value: 3 }],
				integrationId: 'calendar',
				authorizationUrl: 'https://api.example.com/auth',
				authorizationScheme: 'custom',
				customHeaders: [{ key: 'X-Secret', value: 's3cr3t' }],
				speakOnSend: 'One moment',
				speakOnReceive: 'Done',
				executionMode: 'during_call',
				currentStatus: 'inactive',
			}),
		).toEqual({
			node_id: 'action-node-456',
			name: 'Schedule Meeting',
			description: 'Schedule a meeting',
			type: 'webhook',
			inputs: [{ name: 'date', type: 'string', required: true, description: 'Meeting date' }, { name: 'n', type: 'integer', required: false, value: 3 }],
			integration: { id: 'calendar' },
			url: 'https://api.example.com/schedule',
			authorization_url: 'https://api.example.com/auth',
			authorization_scheme: 'custom',
			custom_headers: [{ key: 'X-Secret', value: 's3cr3t' }],
			speak_on_send: 'One moment',
			speak_on_receive: 'Done',
			execution_mode: 'during_call',
			current_status: 'inactive',
		});
		expect(actionBody(TRANSFER)).toEqual({ node_id: 'n2', name: 'Transfer Call', description: 'To a human', type: 'transfer', transfer_to: '+1234567890' });
		expect(actionBody(HOLD)).toEqual({ node_id: 'n3', name: 'Hold', description: 'Hold the call', type: 'hold', hold_duration: 30 });
		expect(actionBody(EXTERNAL)).toEqual({ node_id: 'n4', name: 'CRM', description: 'Sync', type: 'external', integration: { id: 'crm' }, execution_mode: 'post_call' });
	});

	test.each<[string, ActionDefinition, string, string]>([
		['no node ID', { ...WEBHOOK, nodeId: '' }, 'nodeId', 'is required but empty'],
		['a name of 256 characters', { ...WEBHOOK, name: 'x'.repeat(256) }, 'name', 'is 256 characters long; Talkover accepts at most 255'],
		['no description', { ...WEBHOOK, description: '  ' }, 'description', 'is required but only spaces'],
		['an unknown type', { ...WEBHOOK, type: 'hangup' as never }, 'type', '"hangup" is not one of webhook, transfer, hold, external'],
		['a webhook without URL', { ...WEBHOOK, url: undefined }, 'url', 'is required for a webhook action'],
		['a URL that is not http(s)', { ...WEBHOOK, url: 'ftp://example.com/x' }, 'url', '"ftp://example.com/x" is not a full http:// or https:// URL'],
		['a relative URL', { ...WEBHOOK, url: '/hook' }, 'url', '"/hook" is not a full http:// or https:// URL'],
		['a bad authorization URL', { ...WEBHOOK, authorizationUrl: 'example.com' }, 'authorizationUrl', '"example.com" is not a full http:// or https:// URL'],
		['a URL on a transfer', { ...TRANSFER, url: 'https://x.example' }, 'url', 'applies only to webhook actions, not to a transfer action'],
		['custom headers on a hold', { ...HOLD, customHeaders: [] }, 'customHeaders', 'applies only to webhook actions, not to a hold action'],
		['a header name with a colon', { ...WEBHOOK, customHeaders: [{ key: 'X-A:', value: 'v' }] }, 'customHeaders', 'header 1: the name "X-A:" cannot be an HTTP header name (letters, digits and ! # $ % & \' * + - . ^ _ ` | ~ only, no spaces or colons)'],
		['a header value with a line break', { ...WEBHOOK, customHeaders: [{ key: 'X-A', value: 'a\r\nX-B: b' }] }, 'customHeaders', 'header 1 ("X-A"): its value contains a line break or another control character, which a header cannot carry'],
		['a header given twice', { ...WEBHOOK, customHeaders: [{ key: 'X-A', value: '1' }, { key: 'x-a', value: '2' }] }, 'customHeaders', 'header 2: the header "x-a" is given twice'],
		['a Host header', { ...WEBHOOK, customHeaders: [{ key: 'Host', value: 'x' }] }, 'customHeaders', 'header 1: "Host" is set by the HTTP client itself, not by a custom header'],
		['an unknown scheme', { ...WEBHOOK, authorizationScheme: 'oauth' as never }, 'authorizationScheme', '"oauth" is not one of none, bearer, basic, api_key, custom'],
		['post_call on a webhook', { ...WEBHOOK, executionMode: 'post_call' }, 'executionMode', 'post_call (after the call) is only valid for external actions, not for a webhook action'],
		['a hold without duration', { ...HOLD, holdDuration: undefined }, 'holdDuration', 'is required for a hold action'],
		['a hold of 1.5 s', { ...HOLD, holdDuration: 1.5 }, 'holdDuration', '1.5 is not a whole number of seconds of at least 1'],
		['a hold of 0 s', { ...HOLD, holdDuration: 0 }, 'holdDuration', '0 is not a whole number of seconds of at least 1'],
		['a transfer without number', { ...TRANSFER, transferTo: undefined }, 'transferTo', 'is required for a transfer action'],
		['a transfer to a national number', { ...TRANSFER, transferTo: '0201234567' }, 'transferTo', '"0201234567" is not a phone number in E.164 format (+ and the country code, e.g. +15551234567)'],
		['an unknown status', { ...WEBHOOK, currentStatus: 'paused' as never }, 'currentStatus', '"paused" is not one of active, inactive'],
		['an input without name', { ...WEBHOOK, inputs: [{ name: '', type: 'string', required: true }] }, 'inputs', 'input 1: its name is required but empty'],
		['two inputs of one name', { ...WEBHOOK, inputs: [{ name: 'a', type: 'string', required: true }, { name: 'a ', type: 'number', required: false }] }, 'inputs', 'input 2: the name "a" is used by an input before it; each input needs its own name'],
		['an input of an unknown type', { ...WEBHOOK, inputs: [{ name: 'a', type: 'date' as never, required: true }] }, 'inputs', 'input 1 ("a"): its type "date" is not one of string, number, integer, boolean'],
		['an integer input with 1.5', { ...WEBHOOK, inputs: [{ name: 'a', type: 'integer', required: true, value: 1.5 }] }, 'inputs', 'input 1 ("a"): its value 1.5 is not a whole number'],
	])('refused before sending: %s', (_name, definition, field, problem) => {
		expect(actionProblem(definition)).toEqual({ field, problem });
		expect(() => actionBody(definition)).toThrow(problem);
	});

	test('a name of 255 emoji is 255 characters (code points), not 510', () => {
		expect(actionProblem({ ...WEBHOOK, name: '😀'.repeat(255) })).toBeUndefined();
	});

	test('isHttpUrl', () => {
		expect(['https://a.example/x?y=1', 'http://127.0.0.1:5678/webhook/abc'].every(isHttpUrl)).toBe(true);
		expect(['', ' https://a.example', 'mailto:a@b.c', 'https://', 'javascript:alert(1)', 42].some(isHttpUrl)).toBe(false);
	});
});

describe('a key Talkover sends is kept in the output whatever its name (maskActionSecrets, a sibling of scrubValue\'s defineKey)', () => {
	test('an action whose config has a key "__proto__" keeps it in the output; a custom header inside it is still masked', () => {
		const action = JSON.parse('{"id":"a-1","config":{"__proto__":{"custom_headers":[{"name":"X-Key","value":"s3cret"}]},"b":1}}') as IDataObject;
		const masked = maskActionSecrets(action);
		const config = masked.config as IDataObject;
		expect(Object.keys(config)).toEqual(['__proto__', 'b']);
		expect(JSON.stringify(masked)).toBe('{"id":"a-1","config":{"__proto__":{"custom_headers":[{"name":"X-Key","value":"***"}]},"b":1}}');
	});
});
