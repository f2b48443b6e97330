/** apiPath and the path families (nodes/shared/transport/paths.ts): every API path, its values encoded. */
import { apiPath, webhooksOf } from '../../../nodes/shared/transport/paths';

describe('apiPath', () => {
	test('every value is one encoded path segment under /api/v1', () => {
		expect(apiPath`/agents`).toBe('/api/v1/agents');
		expect(apiPath`/agents/${'a/../b'}/active-call/${'+1 555'}`).toBe('/api/v1/agents/a%2F..%2Fb/active-call/%2B1%20555');
		expect(apiPath`/x/${7}?`).toBe('/api/v1/x/7?');
	});

	test('a value holding half of a character is refused in words that name it, never "URI malformed"', () => {
		expect(() => apiPath`/agents/${'a\uD800'}/calls`).toThrow('The ID "a\\ud800" holds half of a character (as an expression that cut an emoji in two leaves), which no URL can carry: nothing was sent to Talkover');
		expect(() => apiPath`/agents/${'\uDC00'}`).toThrow(/half of a character/);
		expect(apiPath`/agents/${'a\uD83D\uDE00'}`).toBe('/api/v1/agents/a%F0%9F%98%80');
	});
});

describe('webhooksOf', () => {
	test('the webhooks of an agent: the list, one webhook, its delivery log and a logged delivery sent again', () => {
		const paths = webhooksOf('agent', 'ag-1');
		expect(paths.webhooks).toBe('/api/v1/agents/ag-1/webhooks');
		expect(paths.webhook('wh-1')).toBe('/api/v1/agents/ag-1/webhooks/wh-1');
		expect(paths.log('wh-1')).toBe('/api/v1/agents/ag-1/webhooks/wh-1/logs');
		expect(paths.retry('wh-1', 'log-1')).toBe('/api/v1/agents/ag-1/webhooks/wh-1/logs/log-1/retry');
	});

	test('the webhooks of a campaign: the same family under the campaign', () => {
		const paths = webhooksOf('campaign', 'cp-1');
		expect(paths.webhooks).toBe('/api/v1/campaigns/cp-1/webhooks');
		expect(paths.webhook('wh-1')).toBe('/api/v1/campaigns/cp-1/webhooks/wh-1');
		expect(paths.log('wh-1')).toBe('/api/v1/campaigns/cp-1/webhooks/wh-1/logs');
		expect(paths.retry('wh-1', 'log-1')).toBe('/api/v1/campaigns/cp-1/webhooks/wh-1/logs/log-1/retry');
	});

	test('every ID is one encoded path segment: none reaches another endpoint', () => {
		const paths = webhooksOf('agent', 'a/../b');
		expect(paths.retry('w?x', '#1/..')).toBe('/api/v1/agents/a%2F..%2Fb/webhooks/w%3Fx/logs/%231%2F../retry');
	});
});
