/**
 * Skip Numbers Called Within reads Talkover's calls as both documents write them (the pages and
 * openapi.json): the agent's own calls (Get Agent Calls), times read exactly or refused, every call status a
 * document names, and a campaign's calls when Get Campaign answers openapi.json's bare Campaign.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { START } from '../../helpers/clock';
import { byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const agentCallsPath = `/api/v1/agents/${SALES_AGENT}/calls`;
const addPath = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const make = (options: INodeParameters) => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { maxRetries: 0, ...options } });
const addCall = (options: INodeParameters) => ({ resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options: { maxRetries: 0, ...options } });
const posts = () => sandbox().requestsTo('POST', callPath);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const MINUTE = 60_000;
const page = (data: unknown[]) => ({ success: true, data, pagination: { current_page: 1, last_page: 1, per_page: 100, total: data.length } });
/** openapi.json's Get Campaign answer: the bare Campaign (no `calls`). */
const bareCampaign = (fields: Record<string, unknown> = {}) => ({
	id: ACTIVE_CAMPAIGN,
	name: 'Customer Outreach Campaign',
	agent_id: SALES_AGENT,
	status: 'active',
	created_at: '2026-01-01T00:00:00Z',
	updated_at: '2026-01-01T00:00:00Z',
	...fields,
});

describe('Skip Numbers Called Within: Make Call reads the agent’s own calls', () => {
	test('the calls read are the agent’s (GET /agents/{agent_id}/calls, both documents), never the account’s /calls', async () => {
		const { error } = await runTalkover({ items: [{ phone: '+15559990000' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${agentCallsPath}`, `POST ${callPath}`]);
		expect(sandbox().requestsTo('GET', agentCallsPath)[0].query).toEqual({ direction: 'outbound', date_from: '2026-01-14', per_page: '100', page: '1' });
	});

	describe('a busy agent (3,000 calls and the seeded ones in the window: 31 pages)', () => {
		const busy = () => {
			for (let n = 0; n < 3000; n++) {
				const at = iso(START - 600 * MINUTE + n * 10_000);
				sandbox().calls.push({ id: `b0a5e000-0000-4000-8000-${String(n).padStart(12, '0')}`, agent_id: SALES_AGENT, to: `+1555777${String(n).padStart(4, '0')}`, status: 'completed', direction: 'outbound', started_at: at, created_at: at, duration_seconds: 30 });
			}
		};

		test('a run of one lead reads the first page and a search for its number (2 reads, not 31), and finds its call on the last page', async () => {
			busy();
			const { output } = await runTalkover({ items: [{ phone: '+15557772999' }], parameters: make({ skipCalledWithinMinutes: 180 }), credentials: credentials() });
			const reads = sandbox().requestsTo('GET', agentCallsPath).map((r) => r.query);
			expect(reads).toEqual([
				{ direction: 'outbound', date_from: '2026-01-14', per_page: '100', page: '1' },
				{ direction: 'outbound', date_from: '2026-01-14', search: '+15557772999', per_page: '100', page: '1' },
			]);
			expect(posts()).toEqual([]);
			expect(output![0].json).toMatchObject({ to: '+15557772999', skipped: true });
		});

		test('a run of 40 leads reads every page (fewer reads than 40 searches)', async () => {
			busy();
			const { error } = await runTalkover({ items: Array.from({ length: 40 }, (_, n) => ({ phone: `+1555888${String(n).padStart(4, '0')}` })), parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
			expect(error).toBeUndefined();
			const reads = sandbox().requestsTo('GET', agentCallsPath).map((r) => r.query);
			expect(reads).toHaveLength(31);
			expect(reads.every((q) => q.search === undefined)).toBe(true);
		});
	});

	test('another agent’s call to the number, in an account list that names no agent (openapi.json’s /calls), does not stop this agent: the lead is dialled', async () => {
		sandbox().inject({
			method: 'GET',
			path: '/api/v1/calls',
			status: 200,
			body: { data: [{ id: 'c0ffee00-0000-4000-8000-0000000000f7', to: '+15559990007', status: 'completed', created_at: iso(START - 5 * MINUTE) }], meta: { current_page: 1, per_page: 100, total: 1, last_page: 1 } },
			times: Infinity,
		});
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-0000000000f8', agent_id: SUPPORT_AGENT, to: '+15559990007', status: 'completed', direction: 'outbound', started_at: iso(START - 5 * MINUTE), created_at: iso(START - 5 * MINUTE), duration_seconds: 30 });
		const { output, error } = await runTalkover({ items: [{ phone: '+15559990007' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual(['+15559990007']);
		expect(output![0].json.skipped).toBeUndefined();
	});

	test('openapi.json’s answer ({data, meta}, no direction, status in-progress) is read: a call 10 minutes ago is skipped', async () => {
		sandbox().inject({
			method: 'GET',
			path: agentCallsPath,
			status: 200,
			body: { data: [{ id: 'c0ffee00-0000-4000-8000-0000000000f9', sid: 'TQ1', to: '+15559990009', from: '+15550001111', status: 'in-progress', duration: 0, created_at: iso(START - 10 * MINUTE) }], meta: { current_page: 1, per_page: 100, total: 1, last_page: 1 } },
		});
		const { output, error } = await runTalkover({ items: [{ phone: '+15559990009' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(0);
		expect(output![0].json).toMatchObject({ id: 'c0ffee00-0000-4000-8000-0000000000f9', skipped: true });
	});
});

describe('Skip Numbers Called Within: a call’s time is read exactly, never guessed', () => {
	test.each([
		['2026-01-15T11:50:00', 'T, no zone'],
		['2026-01-15 11:50:00', 'a space, no zone'],
		['2026-01-15T11:50:00.123456', 'a fraction, no zone'],
	])('a creation time without a zone (%s: %s) is an error for the item and nothing is dialled, whatever the n8n server’s zone', async (createdAt) => {
		sandbox().inject({ method: 'GET', path: agentCallsPath, status: 200, body: page([{ id: 'c0ffee00-0000-4000-8000-0000000000e1', to: '+15559990011', direction: 'outbound', status: 'completed', created_at: createdAt }]) });
		const { output } = await runTalkover({ items: [{ phone: '+15559990011' }, { phone: '+15559990012' }], parameters: make({ skipCalledWithinMinutes: 60 }), settings: { continueOnFail: true }, credentials: credentials() });
		expect(posts()).toHaveLength(0);
		for (const item of output!) {
			expect(item.json.error).toMatch(/^The calls already made could not be read, so the node did not dial \(Options → Skip Numbers Called Within\)/);
			expect(item.json.error).toContain(`"${createdAt}" names no time zone`);
		}
	});

	test.each([
		['+09:00, 10 minutes ago: skipped', '2026-01-15T20:50:00+09:00', true],
		['-05:00, 10 minutes ago: skipped', '2026-01-15T06:50:00-05:00', true],
		['-05:00, 2 hours ago: dialled (window 60)', '2026-01-15T05:00:00-05:00', false],
		['+0900 (ISO 8601 basic offset), 10 minutes ago: skipped', '2026-01-15T20:50:00+0900', true],
		['Z with a fraction, 59 minutes ago: skipped', '2026-01-15T11:01:00.5Z', true],
		['Z, 61 minutes ago: dialled', '2026-01-15T10:59:00Z', false],
	])('a creation time with its zone is read exactly: %s', async (_name, createdAt, skipped) => {
		sandbox().inject({ method: 'GET', path: agentCallsPath, status: 200, body: page([{ id: 'c0ffee00-0000-4000-8000-0000000000e2', to: '+15559990013', direction: 'outbound', status: 'completed', duration: 0, created_at: createdAt, updated_at: createdAt }]) });
		const { output, error } = await runTalkover({ items: [{ phone: '+15559990013' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(skipped ? 0 : 1);
		expect(output![0].json.skipped).toBe(skipped ? true : undefined);
	});
});

describe('Skip Numbers Called Within: a call not known to have ended counts whatever its age within the read (horizons.test.ts: the read’s first day)', () => {
	test.each(['active', 'pending', 'in_progress'])('Campaign → Add Call: a lead whose campaign call is “%s” (a status no document names), 3 h old, window 60: not queued again, and the reason says why', async (status) => {
		const at = iso(START - 3 * 3600_000);
		(sandbox() as unknown as { campaignCalls: object[] }).campaignCalls.push({ id: 'cc000000-0000-4000-8000-0000000000bb', campaign_id: ACTIVE_CAMPAIGN, to: '+15557770002', status, retries: 0, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at });
		const { output, error } = await runTalkover({ items: [{ phone: '+15557770002' }], parameters: addCall({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(sandbox().requestsTo('POST', addPath)).toHaveLength(0);
		expect(output![0].json).toMatchObject({ id: 'cc000000-0000-4000-8000-0000000000bb', skipped: true, status });
		expect(output![0].json.skipReason).toBe(
			`Not dialled: this campaign already has a call to +15557770002 (${status}, created ${at}) that is not known to have ended: Talkover documents no call status "${status}" (Options → Skip Numbers Called Within 1 hour)`,
		);
	});

	test.each(['queued', 'scheduled', 'external'])('a documented open status (%s), 3 h old, window 60: not dialled, “has not ended”', async (status) => {
		const at = iso(START - 3 * 3600_000);
		sandbox().inject({ method: 'GET', path: agentCallsPath, status: 200, body: page([{ id: 'c0ffee00-0000-4000-8000-0000000000e3', to: '+15559990014', status, created_at: at }]) });
		const { output, error } = await runTalkover({ items: [{ phone: '+15559990014' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(0);
		expect(output![0].json.skipReason).toBe(`Not dialled: this agent already has a call to +15559990014 (${status}, created ${at}) that has not ended (Options → Skip Numbers Called Within 1 hour)`);
	});

	test.each(['completed', 'failed', 'busy', 'no-answer', 'no_answer', 'voicemail', 'COMPLETED'])('a call that has ended (%s), 3 h old, window 60: dialled', async (status) => {
		const at = iso(START - 3 * 3600_000);
		sandbox().inject({ method: 'GET', path: agentCallsPath, status: 200, body: page([{ id: 'c0ffee00-0000-4000-8000-0000000000e4', to: '+15559990015', status, duration: 0, created_at: at, updated_at: at }]) });
		const { error } = await runTalkover({ items: [{ phone: '+15559990015' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(1);
	});
});

describe('Skip Numbers Called Within: Campaign → Add Call when Get Campaign lists no calls (openapi.json’s Campaign)', () => {
	test('the campaign’s agent’s calls are read: a lead that agent called within the window is not queued, another is', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`, status: 200, body: bareCampaign() });
		// Seeded: SALES_AGENT is on a call with +15551234567 (answered, 2026-01-15T11:00:00Z).
		const { output, error } = await runTalkover({ items: [{ phone: '+15551234567' }, { phone: '+15557778888' }], parameters: addCall({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v1/campaigns/${ACTIVE_CAMPAIGN}`, `GET ${agentCallsPath}`, `POST ${addPath}`]);
		expect(sandbox().requestsTo('POST', addPath)[0].body.to).toBe('+15557778888');
		const [skipped, queued] = output!.map((o) => o.json);
		expect(skipped).toMatchObject({ to: '+15551234567', status: 'answered', skipped: true });
		expect(skipped.skipReason).toBe(
			`Not dialled: the campaign's agent (${SALES_AGENT}) already has a call to +15551234567 (answered, created 2026-01-15T11:00:00Z) within 1 hour (Options → Skip Numbers Called Within; Talkover's campaign answer lists no calls, so its agent's calls were read)`,
		);
		expect(queued.skipped).toBeUndefined();
	});

	test('a campaign without calls that names no agent gives no way to know: every item’s error, nothing queued', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`, status: 200, body: bareCampaign({ agent_id: undefined }) });
		const { output } = await runTalkover({ items: [{ phone: '+15557778888' }], parameters: addCall({ skipCalledWithinMinutes: 60 }), settings: { continueOnFail: true }, credentials: credentials() });
		expect(sandbox().requestsTo('POST', addPath)).toHaveLength(0);
		expect(output![0].json.error).toMatch(/^The calls already made could not be read, so the node did not dial \(Options → Skip Numbers Called Within\): .*the campaign's calls are missing and it names no agent \(agent_id\)/);
	});
});

describe('Skip Numbers Called Within: Campaign → Add Call when Get Campaign lists only some of its calls (its page’s example: 2 calls, stats.total_calls 100)', () => {
	/** The page's example: `calls` lists two, `stats.total_calls` says 100. */
	const fewListed = (agent: Record<string, unknown> = { agent: { id: SALES_AGENT, name: 'Sales Agent', label: 'Sales Agent Label' } }) => ({
		success: true,
		data: {
			...bareCampaign({ agent_id: undefined }),
			...agent,
			calls: [
				{ id: 'call-uuid-1', to: '+1234567890', status: 'completed', retries: 0, created_at: '2024-01-01T00:00:00Z' },
				{ id: 'call-uuid-2', to: '+1987654321', status: 'failed', retries: 1, created_at: '2024-01-01T01:00:00Z' },
			],
			stats: { total_calls: 100, completed_calls: 80, failed_calls: 20, success_rate: 80.0, average_duration: 120 },
		},
	});

	test('the campaign’s agent’s calls are read too: a lead called 40 minutes ago, not among the listed calls, is not queued again', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`, status: 200, body: fewListed() });
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-000000000040', agent_id: SALES_AGENT, to: '+15557770040', status: 'completed', direction: 'outbound', started_at: iso(START - 40 * MINUTE), created_at: iso(START - 40 * MINUTE), duration_seconds: 30 });
		const { output, error } = await runTalkover({ items: [{ phone: '+15557770040' }, { phone: '+15557778888' }], parameters: addCall({ skipCalledWithinMinutes: 1440 }), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(sandbox().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v1/campaigns/${ACTIVE_CAMPAIGN}`, `GET ${agentCallsPath}`, `POST ${addPath}`]);
		expect(sandbox().requestsTo('POST', addPath).map((r) => r.body.to)).toEqual(['+15557778888']);
		const [skipped, queued] = output!.map((o) => o.json);
		expect(skipped).toMatchObject({ to: '+15557770040', skipped: true });
		expect(skipped.skipReason).toBe(
			`Not dialled: this campaign or its agent (${SALES_AGENT}) already has a call to +15557770040 (completed, created ${iso(START - 40 * MINUTE)}) within 24 hours (Options → Skip Numbers Called Within; Talkover's campaign answer lists only some of its calls, so its agent's calls were read too)`,
		);
		expect(queued.skipped).toBeUndefined();
	});

	test('naming no agent, it gives no way to know: every item’s error, nothing queued', async () => {
		sandbox().inject({ method: 'GET', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`, status: 200, body: fewListed({}) });
		const { output } = await runTalkover({ items: [{ phone: '+15557778888' }], parameters: addCall({ skipCalledWithinMinutes: 60 }), settings: { continueOnFail: true }, credentials: credentials() });
		expect(sandbox().requestsTo('POST', addPath)).toHaveLength(0);
		expect(output![0].json.error).toMatch(/the campaign lists 2 of its 100 calls \(stats\.total_calls\) and names no agent \(agent_id\)/);
	});
});

describe('Skip Numbers Called Within: a list entry that cannot tell which number was called when stops the run', () => {
	test.each([
		['not an object (null)', null, /a call is not an object/],
		['not an object (a text)', 'call-uuid-1', /a call is not an object/],
		['no number (to)', { id: 'x', status: 'completed', created_at: '2026-01-15T11:00:00Z' }, /a call has no number \(to\)/],
		['a number without digits', { id: 'x', to: '+', status: 'completed', created_at: '2026-01-15T11:00:00Z' }, /a call has no number \(to\)/],
		['no creation time (created_at)', { id: 'x', to: '+15557770003', status: 'completed' }, /a call has no creation time \(created_at\)/],
		['a creation time that is not a time', { id: 'x', to: '+15557770003', status: 'completed', created_at: 'yesterday' }, /"yesterday" is not a date and time/],
	])('Campaign → Add Call: a campaign call %s: an error, nothing queued', async (_name, entry, message) => {
		sandbox().inject({ method: 'GET', path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`, status: 200, body: { success: true, data: { ...bareCampaign(), calls: [entry] } } });
		const { output } = await runTalkover({ items: [{ phone: '+15557778888' }], parameters: addCall({ skipCalledWithinMinutes: 60 }), settings: { continueOnFail: true }, credentials: credentials() });
		expect(sandbox().requestsTo('POST', addPath)).toHaveLength(0);
		expect(output![0].json.error).toMatch(/^The calls already made could not be read, so the node did not dial \(Options → Skip Numbers Called Within\)/);
		expect(output![0].json.error).toMatch(message);
	});
});
