/**
 * Messages the node writes from values in Talkover's answer never print "[object Object]" or "undefined"
 * for a value that is not a text, where String() or a template literal would:
 * - calendar/fields.ts checkSlotFree: `String(conflict.title ?? conflict.id)`;
 * - calendar/fields.ts eventTimes: `String(event.id)` for an event without an ID;
 * - engine/dialGuard.ts skipReason: `String(found.status ?? 'call')` (a message the node writes, not
 *   Talkover's data passed through);
 * - agent/updateVoice.operation.ts: `${voice.name}` (String()ed in listVoices) and `String(voice.quality_tier)`.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../helpers/fixtures';
import { SALES_CALENDAR } from '../helpers/seed';
import { followingPage } from '../../nodes/shared/transport/pagination';

const { sandbox, credentials } = useSandbox();

const NOT_TEXT = /\[object|undefined|\bnull\b/;

describe('Book Only If Free (Calendar Event → Create) names an event of Talkover\'s list', () => {
	const create: INodeParameters = { resource: 'calendarEvent', operation: 'create', calendarId: byId(SALES_CALENDAR), title: 'Demo with Initech', startAt: '2026-03-02T16:00:00Z', endAt: '2026-03-02T16:30:00Z' };
	const listed = (event: Record<string, unknown>) => ({
		method: 'GET',
		path: `/api/v1/calendars/${SALES_CALENDAR}/events`,
		status: 200,
		body: { success: true, data: [{ calendar_id: SALES_CALENDAR, status: 'confirmed', type: 'meeting', ...event }] },
	});

	test.each([
		['a title that is an object', { id: 'e0e00000-0000-4000-8000-0000000000c1', title: { en: 'Board' } }],
		['no title and no id', {}],
	])('a conflicting event with %s: the message has no "[object Object]" or "undefined"', async (_kind, event) => {
		sandbox().inject(listed({ start_at: '2026-03-02T16:00:00Z', end_at: '2026-03-02T16:30:00Z', ...event }));
		const { error } = await runTalkover({ parameters: create, credentials: credentials() });
		expect(error?.message).toMatch(/^The time slot is no longer free/);
		expect(error?.message).not.toMatch(NOT_TEXT);
	});

	test('an event without an id whose time cannot be read: the message has no "undefined"', async () => {
		sandbox().inject(listed({ title: '', start_at: '2026-03-02T16:00:00', end_at: '2026-03-02T16:30:00Z' }));
		const { error } = await runTalkover({ parameters: create, credentials: credentials() });
		expect(error?.message).toMatch(/^Book Only If Free cannot tell whether the slot is free/);
		expect(error?.message).not.toMatch(NOT_TEXT);
	});
});

describe('Skip Numbers Called Within names the call it found', () => {
	test('a call in the window whose status is an object: the skip reason has no "[object Object]"', async () => {
		sandbox().inject({
			method: 'GET',
			path: `/api/v1/agents/${SALES_AGENT}/calls`,
			status: 200,
			body: {
				success: true,
				data: [{ id: 'c0ffee00-0000-4000-8000-0000000000a1', to: '+15559990001', status: { code: 'completed' }, direction: 'outbound', created_at: '2026-01-15T11:00:00Z' }],
				pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 },
			},
		});
		const { output, error } = await runTalkover({
			items: [{ phone: '+15559990001' }],
			parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { skipCalledWithinMinutes: 1440 } },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(output![0].json.skipped).toBe(true);
		expect(output![0].json.skipReason).not.toMatch(NOT_TEXT);
	});
});

describe('Update Voice names the voice it refuses', () => {
	test('a voice whose name and quality_tier are objects, chosen as Pro: the message has no "[object Object]"', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/voice-templates',
			status: 200,
			body: { success: true, data: [{ display_name: 'Ava', voices: [{ id: 'v-odd', name: { en: 'Ava' }, quality_tier: { tier: 'pro' }, language: 'en-US' }] }] },
			times: Infinity,
		});
		const { error } = await runTalkover({
			parameters: { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'pro', voiceId: 'v-odd', similarity: 0.9, stability: 0.6, conversationSpeed: 1.2, whoSpeaksFirst: 'agent', additionalFields: { language: 'en-US' } },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/^Voice \(item 0\): /);
		expect(error?.message).not.toMatch(NOT_TEXT);
	});
});

describe('Agent Action → Update names the action Talkover changed instead', () => {
	test('the other action\'s node_id in the list is an object: the message has no "[object Object]"', async () => {
		const seeded = JSON.parse(JSON.stringify(sandbox().agentActions[0])) as Record<string, unknown>;
		const other = { ...seeded, id: 'ac710000-0000-4000-8000-000000000002', node_id: 'node-other', name: 'Other' };
		const path = `/api/v1/agents/${SUPPORT_AGENT}/actions`;
		sandbox().inject({ method: 'GET', path, status: 200, body: { success: true, data: [{ ...seeded, node_id: { id: 'action-node-456' } }, other] } });
		const { error } = await runTalkover({
			parameters: { resource: 'agentAction', operation: 'update', agentId: byId(SUPPORT_AGENT), actionId: byId(other.id), actionType: 'webhook', name: 'Other', description: 'Book a meeting', nodeId: 'action-node-456', url: 'https://n8n.example.com/webhook/book' },
			credentials: credentials(),
		});
		expect(error?.message).toMatch(/^Talkover updated action /);
		expect(error?.message).not.toMatch(NOT_TEXT);
		expect(error?.description).not.toMatch(NOT_TEXT);
	});
});

describe('a page that is not the one asked for (pagination followingPage)', () => {
	test.each([
		['an object', { n: 2 }],
		['null', null],
	])('current_page is %s: the reason has no "[object Object]" or "null"', (_kind, currentPage) => {
		const reason = followingPage({ success: true, data: [{ id: 1 }], meta: { current_page: currentPage, last_page: 3, per_page: 1, total: 3 } }, 1, 1, [{ id: 1 }]);
		expect(typeof reason).toBe('string');
		expect(reason).not.toMatch(NOT_TEXT);
	});
});
