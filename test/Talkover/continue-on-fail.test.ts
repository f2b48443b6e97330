/**
 * Every operation under a failing Talkover: Continue On Fail, the retry of safe methods, stopping the
 * workflow, and the send-once rule for the operations that may not be repeated.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { loadSource, runTalkover } from '../helpers/n8n';
import { OPERATIONS, retryOnFail, useSandbox } from '../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

/** The method each operation sends, whether it states it may be repeated, and how its error starts when Talkover may have acted. */
const SENDS: Record<string, { method: string; repeatable: boolean; unsure?: string; path?: RegExp }> = {
	'agent create': { method: 'POST', repeatable: false, unsure: 'The agent may have been created: ' },
	'agent delete': { method: 'DELETE', repeatable: true },
	'agent get': { method: 'GET', repeatable: true },
	'agent getCalls': { method: 'GET', repeatable: true },
	'agent getMany': { method: 'GET', repeatable: true },
	'agent getPricing': { method: 'GET', repeatable: true },
	'agent publish': { method: 'POST', repeatable: false, unsure: 'The agent may have been published: ' },
	'agent unpublish': { method: 'POST', repeatable: false, unsure: 'The agent may have been unpublished: ' },
	'agent updateAdvancedSettings': { method: 'PATCH', repeatable: true },
	'agent updateCalling': { method: 'PUT', repeatable: true },
	'agent updateFlow': { method: 'PUT', repeatable: true },
	'agent updateKnowledge': { method: 'PUT', repeatable: true },
	'agent updateVoice': { method: 'PUT', repeatable: true },
	'agentAction create': { method: 'POST', repeatable: false, unsure: 'The action may have been created: ' },
	'agentAction delete': { method: 'DELETE', repeatable: true },
	'agentAction getMany': { method: 'GET', repeatable: true },
	'agentAction update': { method: 'POST', repeatable: false, unsure: 'The action may have been updated: ' },
	'calendar getAvailability': { method: 'GET', repeatable: true },
	'calendar getMany': { method: 'GET', repeatable: true },
	'calendarEvent create': { method: 'POST', repeatable: false, unsure: 'The event may have been created: ' },
	'calendarEvent delete': { method: 'DELETE', repeatable: true },
	'calendarEvent get': { method: 'GET', repeatable: true },
	'calendarEvent getMany': { method: 'GET', repeatable: true },
	'calendarEvent update': { method: 'PUT', repeatable: true },
	'call end': { method: 'POST', repeatable: false, unsure: 'The call may have been ended: ' },
	'call getActive': { method: 'GET', repeatable: true },
	'call getMany': { method: 'GET', repeatable: true },
	'call make': { method: 'POST', repeatable: false, unsure: 'The call may have been placed: ' },
	// Its webhook (a POST too) is registered before the call: its own request is the call's.
	'call makeAndWait': { method: 'POST', repeatable: false, unsure: 'The call may have been placed: ', path: /\/call$/ },
	'campaign addCall': { method: 'POST', repeatable: false, unsure: 'The lead may have been added to the campaign: ' },
	'campaign addCallAndWait': { method: 'POST', repeatable: false, unsure: 'The lead may have been added to the campaign: ', path: /\/call$/ },
	'campaign create': { method: 'POST', repeatable: false, unsure: 'The campaign may have been created: ' },
	'campaign delete': { method: 'DELETE', repeatable: true },
	'campaign get': { method: 'GET', repeatable: true },
	'campaign getMany': { method: 'GET', repeatable: true },
	'campaign update': { method: 'PUT', repeatable: true },
	'campaign updateStatus': { method: 'PATCH', repeatable: false, unsure: 'The campaign’s status may have been changed: ' },
	'credit getBalance': { method: 'GET', repeatable: true },
	'flow get': { method: 'GET', repeatable: true },
	'flow getVersions': { method: 'GET', repeatable: true },
	'flow validate': { method: 'POST', repeatable: true },
	'phoneNumber getMany': { method: 'GET', repeatable: true },
	'webhookDelivery getMany': { method: 'GET', repeatable: true },
	'webhookDelivery retry': { method: 'POST', repeatable: false, unsure: 'The delivery may have been queued again: ' },
};
/**
 * An error item's text: Continue On Fail's `error`. A delivery log entry (Webhook Delivery → Get Many) has a
 * field of Talkover's own named `error` ("Internal Server Error", what the target answered) beside its `id`,
 * which no error item has.
 */
const errorOf = (o: INodeExecutionData) => ('id' in o.json ? undefined : o.json.error);

const BOOM = { status: 500, body: { success: false, message: 'Internal server error.' } };

test('the table covers every operation the node offers', () => {
	const offered = loadSource()
		.node.description.properties.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions!.show!.resource![0]} ${o.value}`));
	expect(OPERATIONS.map(([name]) => name).sort()).toEqual(offered.sort());
	expect(Object.keys(SENDS).sort()).toEqual(offered.sort());
});

describe.each(OPERATIONS)('%s', (name, parameters: INodeParameters) => {
	const { method, repeatable, unsure = '', path } = SENDS[name];
	/** The requests of the operation's own method (Update Voice reads the agent and its voices first: GETs), and path where it has several of it. */
	const own = (r: { method: string; path: string }) => r.method === method && (!path || path.test(r.path));
	const sent = () => sandbox().requests.filter(own);
	const boom = { ...BOOM, method, ...(path ? { when: own } : {}) };

	test('Continue On Fail: the failing item is an error item paired with it, the next item still runs', async () => {
		sandbox().inject(boom);
		const { output, error } = await runTalkover({ items: [{}, {}], parameters: { ...parameters, options: { maxRetries: 0 } }, credentials: credentials(), settings: { continueOnFail: true } });
		expect(error).toBeUndefined();
		expect(output!.map((o) => [errorOf(o), o.pairedItem])).toEqual([
			[`${unsure}Talkover had a problem on its side (HTTP 500)`, { item: 0 }],
			[undefined, { item: 1 }],
		]);
		expect(sent().map((r) => r.method)).toEqual([method, method]);
	});

	const once = method === 'POST' || method === 'PATCH';
	test(`a 500 is ${once ? `not retried (${method})` : `retried (${method})`}`, async () => {
		sandbox().inject(boom);
		const { output, error } = await runTalkover({ parameters, credentials: credentials() });
		if (once) {
			expect(error?.message).toBe(`${unsure}Talkover had a problem on its side (HTTP 500)`);
			expect(sent().map((r) => r.method)).toEqual([method]);
		} else {
			expect(error).toBeUndefined();
			expect(output!.map(errorOf)).toEqual([undefined]);
			const [first, second] = sent();
			expect([second.method, second.path]).toEqual([first.method, first.path]);
		}
	});

	test(`n8n’s Retry On Fail after a 500: ${repeatable ? 'repeatable, so it may be sent again' : 'not repeatable, so it is sent once'}`, async () => {
		sandbox().inject({ ...boom, times: 10 });
		await runTalkover({ parameters: { ...parameters, options: { maxRetries: 0 } }, credentials: credentials(), settings: retryOnFail(2) });
		expect(sent().map((r) => r.method)).toEqual(repeatable ? [method, method] : [method]);
	});

	test('without Continue On Fail the workflow stops with the error', async () => {
		sandbox().inject({ status: 401, body: { success: false, message: 'Unauthenticated.' } });
		const { error, output } = await runTalkover({ items: [{}, {}], parameters, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toBe('Talkover did not accept the API token: it is wrong or has expired');
		expect(sandbox().requests).toHaveLength(1);
	});
});
