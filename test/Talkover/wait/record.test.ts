/**
 * What a waiting Make and Wait for Outcome / Add Call and Wait for Outcome keeps for its webhook
 * (nodes/Talkover/wait/record.ts): kept in the node's execution context by execute(), read back by webhook()
 * through an expression. A record this version did not write, or one that was changed, is not read at all:
 * nothing is guessed, and the webhook then answers as if no wait were there.
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isCallItem, keepWaitRecord, readWaitRecord, WAIT_KEY, waitRecordOf } from '../../../nodes/Talkover/wait/record';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);

const callItem = (extra: IDataObject = {}): IDataObject => ({ item: 0, agentId: 'agent-1', callId: 'call-1', to: '+15550001001', call: { id: 'call-1' }, deadline: T + 60_000, ...extra });
const saved = (extra: IDataObject = {}): IDataObject => ({
	v: 1,
	secretHash: 'ab'.repeat(32),
	address: 'https://n8n.example/webhook-waiting/7/node-1',
	since: T,
	deadline: T + 60_000,
	webhooks: [{ agentId: 'agent-1', webhookId: 'wh-1' }],
	items: [callItem(), { item: 1, output: { outcome: 'notCalled' } }],
	...extra,
});

describe('a record as saved is read back as it was', () => {
	test('a wait on calls of an agent, with an item that placed no call', () => {
		expect(readWaitRecord(saved())).toEqual({
			v: 1,
			secretHash: 'ab'.repeat(32),
			address: 'https://n8n.example/webhook-waiting/7/node-1',
			since: T,
			deadline: T + 60_000,
			webhooks: [{ agentId: 'agent-1', webhookId: 'wh-1' }],
			items: [{ item: 0, agentId: 'agent-1', callId: 'call-1', to: '+15550001001', call: { id: 'call-1' }, deadline: T + 60_000 }, { item: 1, output: { outcome: 'notCalled' } }],
		});
	});

	test('a campaign wait with every optional field of a call: each kept, and nothing else', () => {
		const item = callItem({ agentId: undefined, campaignId: 'camp-1', placedAt: T - 5_000, context: { crm_id: 'lead-1' }, events: ['call.transcript'], placedEarlier: true, extra: 'x' });
		delete item.agentId;
		const read = readWaitRecord(saved({ kind: 'campaign', webhooks: [{ campaignId: 'camp-1', webhookId: 'wh-2', extra: 1 }], items: [item], extra: 'y' }));
		expect(read).toEqual({
			v: 1,
			kind: 'campaign',
			secretHash: 'ab'.repeat(32),
			address: 'https://n8n.example/webhook-waiting/7/node-1',
			since: T,
			deadline: T + 60_000,
			webhooks: [{ campaignId: 'camp-1', webhookId: 'wh-2' }],
			items: [{ item: 0, campaignId: 'camp-1', callId: 'call-1', to: '+15550001001', call: { id: 'call-1' }, deadline: T + 60_000, placedAt: T - 5_000, context: { crm_id: 'lead-1' }, events: ['call.transcript'], placedEarlier: true }],
		});
	});

	test('optional fields of another shape are left out, not guessed (a placedAt that is no time, a context that is no object, placedEarlier not true)', () => {
		const read = readWaitRecord(saved({ items: [callItem({ placedAt: 'yesterday', context: 'lead-1', placedEarlier: 'yes' })] }));
		expect(read!.items).toEqual([{ item: 0, agentId: 'agent-1', callId: 'call-1', to: '+15550001001', call: { id: 'call-1' }, deadline: T + 60_000 }]);
		expect(Object.keys(readWaitRecord(saved({ items: [callItem({ placedAt: Number.NaN, context: null, placedEarlier: false })] }))!.items[0])).toEqual(['item', 'callId', 'agentId', 'to', 'call', 'deadline']);
	});

	test('a waiting execution’s Call Again plan is read back as it was saved', () => {
		const callAgain = { rule: { attempts: 3, afterMs: 600_000, when: ['notReached', 'voicemail'] }, before: [{ attempt: 1, callId: 'call-0', outcome: 'notReached' }], ringsAt: T, resend: { to: '+15550001001' } };
		expect(readWaitRecord(saved({ items: [callItem({ callAgain })] }))!.items).toEqual([{ item: 0, agentId: 'agent-1', callId: 'call-1', to: '+15550001001', call: { id: 'call-1' }, deadline: T + 60_000, callAgain }]);
	});

	test('an empty list of picked events is kept as picked (none)', () => {
		expect(readWaitRecord(saved({ items: [callItem({ events: [] })] }))!.items[0]).toMatchObject({ events: [] });
	});

	test('a call item is told from an item that placed no call', () => {
		const read = readWaitRecord(saved())!;
		expect(read.items.map(isCallItem)).toEqual([true, false]);
	});
});

describe('a record this version did not write is not read', () => {
	test.each<[string, unknown]>([
		['nothing', undefined],
		['no object', 'a wait'],
		['a list', [saved()]],
		['another version', saved({ v: 2 })],
		['no version', saved({ v: undefined })],
		['another kind', saved({ kind: 'call' })],
		['no secret hash', saved({ secretHash: '' })],
		['a secret hash that is no text', saved({ secretHash: 12 })],
		['no address', saved({ address: '' })],
		['an address that is no text', saved({ address: { href: 'x' } })],
		['no start', saved({ since: undefined })],
		['a start that is no time', saved({ since: Number.POSITIVE_INFINITY })],
		['a start as text', saved({ since: String(T) })],
		['no limit', saved({ deadline: undefined })],
		['a limit that is no time', saved({ deadline: Number.NaN })],
		['webhooks that are no list', saved({ webhooks: { agentId: 'agent-1', webhookId: 'wh-1' } })],
		['items that are no list', saved({ items: 'all' })],
		['a webhook that is no object', saved({ webhooks: ['wh-1'] })],
		['a webhook without its ID', saved({ webhooks: [{ agentId: 'agent-1' }] })],
		['a webhook with an empty ID', saved({ webhooks: [{ agentId: 'agent-1', webhookId: '' }] })],
		['a webhook of no agent or campaign', saved({ webhooks: [{ webhookId: 'wh-1' }] })],
		['a webhook of both an agent and a campaign', saved({ webhooks: [{ agentId: 'agent-1', campaignId: 'camp-1', webhookId: 'wh-1' }] })],
		['a webhook of an empty agent', saved({ webhooks: [{ agentId: '', webhookId: 'wh-1' }] })],
		['a webhook of an empty campaign', saved({ webhooks: [{ campaignId: '', webhookId: 'wh-1' }] })],
		['a later webhook wrong', saved({ webhooks: [{ agentId: 'agent-1', webhookId: 'wh-1' }, { agentId: 'agent-2' }] })],
	])('%s', (_, value) => {
		expect(readWaitRecord(value)).toBeUndefined();
	});

	test.each<[string, unknown]>([
		['an item that is no object', 'call-1'],
		['an item without its index', callItem({ item: undefined })],
		['an index as text', callItem({ item: '0' })],
		['an index that is not whole', callItem({ item: 0.5 })],
		['a negative index', callItem({ item: -1 })],
		['a call of no agent or campaign', callItem({ agentId: undefined })],
		['a call of both an agent and a campaign', callItem({ campaignId: 'camp-1' })],
		['a call of an agent that is no text', callItem({ agentId: 7 })],
		['a call without its ID', callItem({ callId: '' })],
		['a call ID that is no text', callItem({ callId: 7 })],
		['a call without its number', callItem({ to: '' })],
		['a number that is no text', callItem({ to: 15550001001 })],
		['a call that is no object', callItem({ call: 'call-1' })],
		['a call without its limit', callItem({ deadline: undefined })],
		['a limit that is no time', callItem({ deadline: Number.NaN })],
		['picked events that are no list', callItem({ events: 'call.transcript' })],
		['a picked event that is no text', callItem({ events: ['call.transcript', 3] })],
		['an empty picked event', callItem({ events: [''] })],
		['picked events of null', callItem({ events: null })],
		['a Call Again plan this version did not write (Attempts 1)', callItem({ callAgain: { rule: { attempts: 1, afterMs: 600_000, when: ['notReached'] }, before: [] } })],
		['a Call Again plan of null', callItem({ callAgain: null })],
	])('%s', (_, item) => {
		expect(readWaitRecord(saved({ items: [{ item: 1, output: {} }, item] }))).toBeUndefined();
	});

	test('an item that placed no call needs only its index and its output; an output that is no object makes it a call item to check', () => {
		expect(readWaitRecord(saved({ items: [{ item: 2, output: { error: 'x' }, callId: 7 }] }))!.items).toEqual([{ item: 2, output: { error: 'x' } }]);
		expect(readWaitRecord(saved({ items: [{ item: 2, output: 'x' }] }))).toBeUndefined();
		expect(readWaitRecord(saved({ items: [{ item: 2, output: ['x'] }] }))).toBeUndefined();
	});
});

describe('kept by execute(), read by webhook()', () => {
	test('kept under its key in the node’s context', () => {
		const context: IDataObject = {};
		const ctx = { getContext: (type: string) => (type === 'node' ? context : {}) } as unknown as IExecuteFunctions;
		const record = readWaitRecord(saved())!;
		keepWaitRecord(ctx, record);
		expect(context).toEqual({ [WAIT_KEY]: record });
		expect(WAIT_KEY).toBe('talkoverWait');
	});

	test('read through an expression naming the waiting node and the key; what it gives is checked', () => {
		const asked: Array<[string, number]> = [];
		const webhook = (kept: unknown) =>
			({
				getNode: () => ({ name: 'Call "them"' }),
				evaluateExpression: (expression: string, item: number) => {
					asked.push([expression, item]);
					return kept;
				},
			}) as unknown as IWebhookFunctions;
		expect(waitRecordOf(webhook(saved()))).toEqual(readWaitRecord(saved()));
		expect(asked).toEqual([['{{ $node["Call \\"them\\""].context["talkoverWait"] }}', 0]]);
		expect(waitRecordOf(webhook(saved({ v: 2 })))).toBeUndefined();
	});

	test('an expression n8n cannot evaluate (the node renamed, the context gone) is no wait', () => {
		const ctx = {
			getNode: () => ({ name: 'Call' }),
			evaluateExpression: () => {
				throw new Error('Referenced node does not exist');
			},
		} as unknown as IWebhookFunctions;
		expect(waitRecordOf(ctx)).toBeUndefined();
	});
});
