import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';

const { sandbox, credentials } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const addPath = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const make = (options: INodeParameters = { skipCalledWithinMinutes: 1440 }) => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options });
const addCall = (options: INodeParameters) => ({ resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options });
const posts = (path = callPath) => sandbox().requestsTo('POST', path);
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

describe('review24: Skip Numbers Called Within probes', () => {
	// README: "does not dial a number ... still queued or on a call: the item outputs that call with skipped: true".
	test.each([
		['started (on a call now)', 'started', 3 * 3600_000, 60],
		['retry_scheduled (the campaign will call again)', 'retry_scheduled', 48 * 3600_000, 1440],
	])('Add Call: a campaign call %s, created before the window, is skipped (not an error, not added again)', async (_n, status, age, window) => {
		const at = iso(NOW - age);
		(sandbox() as unknown as { campaignCalls: object[] }).campaignCalls.push({ id: 'cc000000-0000-4000-8000-0000000000aa', campaign_id: ACTIVE_CAMPAIGN, to: '+15557770001', status, retries: 1, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at });
		const { output, error } = await runTalkover({ items: [{ phone: '+15557770001' }], parameters: addCall({ skipCalledWithinMinutes: window }), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(posts(addPath)).toHaveLength(0);
		expect(output![0].json).toMatchObject({ skipped: true, status });
	});

	test('Add Call with Allow Duplicates on and Skip on: a lead on a call now (started 3 h ago), window 60: not added again', async () => {
		const at = iso(NOW - 3 * 3600_000);
		(sandbox() as unknown as { campaignCalls: object[] }).campaignCalls.push({ id: 'cc000000-0000-4000-8000-0000000000ab', campaign_id: ACTIVE_CAMPAIGN, to: '+15557770002', status: 'started', retries: 0, payload: null, context: null, is_testing: false, scheduled_at: at, created_at: at });
		const { output } = await runTalkover({ items: [{ phone: '+15557770002' }], parameters: { ...addCall({ skipCalledWithinMinutes: 60 }), allowDuplicates: true }, credentials: credentials() });
		expect(posts(addPath)).toHaveLength(0);
		expect(output![0].json.skipped).toBe(true);
	});

	test.each([
		['1e309 (Infinity)', '={{ 1e309 }}'],
		['negative', '={{ -5 }}'],
		['text', '={{ "soon" }}'],
		['NaN', '={{ NaN }}'],
		['fraction', '={{ 0.5 }}'],
	])('a window of %s is refused before anything is sent', async (_n, value) => {
		const { error } = await runTalkover({ items: [{ phone: '+15559990000' }], parameters: make({ skipCalledWithinMinutes: value }), credentials: credentials() });
		expect(error?.message).toMatch(/Skip Numbers Called Within/);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('a window as a numeric text from an expression ("60") works like 60', async () => {
		const { error } = await runTalkover({ items: [{ phone: '+15559990000' }], parameters: make({ skipCalledWithinMinutes: '={{ "60" }}' }), credentials: credentials() });
		expect(error?.message).toBeUndefined();
		expect(sandbox().requestsTo('GET', '/api/v1/calls')).toHaveLength(1);
	});

	test('same number in two items, the first with the option off by expression, the second on: dialled once', async () => {
		const { output, error } = await runTalkover({
			items: [{ phone: '+15559990005', w: 0 }, { phone: '+15559990005', w: 1440 }],
			parameters: make({ skipCalledWithinMinutes: '={{ $json.w }}', batchSize: 2 }),
			credentials: credentials(),
		});
		expect(error?.message).toBeUndefined();
		expect(posts()).toHaveLength(1);
		expect(output![1].json.skipped).toBe(true);
	});

	test('a call listed with its time without a zone (UTC) 30 minutes ago, n8n in a UTC+9 zone, window 60: skipped (note: jest does not apply a runtime TZ change, so this cannot show the local-time parse; see report)', async () => {
		const old = process.env.TZ;
		process.env.TZ = 'Asia/Tokyo';
		try {
			const at = iso(NOW - 30 * 60_000).replace('Z', '');
			sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 200, body: { success: true, data: [{ id: 'c0ffee00-0000-4000-8000-00000000abcd', to: '+15559990006', status: 'completed', direction: 'outbound', created_at: at }], pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 } } });
			console.log('zone-less', at, new Date(Date.parse(at)).toISOString());
			const { output } = await runTalkover({ items: [{ phone: '+15559990006' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
			expect(posts()).toHaveLength(0);
			expect(output![0].json.skipped).toBe(true);
		} finally {
			process.env.TZ = old;
		}
	});

	test('the list answers every page with the same calls and a last_page of 100000: the read ends', async () => {
		const data = Array.from({ length: 100 }, (_, i) => ({ id: `x${i}`, to: `+1555100${String(i).padStart(4, '0')}`, status: 'completed', direction: 'outbound', created_at: iso(NOW - 60_000) }));
		sandbox().inject({ method: 'GET', path: '/api/v1/calls', status: 200, body: { success: true, data, pagination: { current_page: 1, last_page: 100000, per_page: 100, total: 10000000 } }, times: 100000 });
		const started = Date.now();
		const { error } = await runTalkover({ items: [{ phone: '+15559990007' }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		const reads = sandbox().requestsTo('GET', '/api/v1/calls').length;
		console.log('repeating pages: reads', reads, 'ms', Date.now() - started, 'error', error?.message);
		expect(reads).toBeLessThan(50);
	}, 120_000);
});

describe('review24: numbers written differently', () => {
	test.each([
		['00 prefix', '0015559990010'],
		['with an extension', '+1 555 999 0010 ext. 7'],
		['with (0)', '+1 (0)555 999 0010'],
	])('%s: either refused as input or matched to the call already made', async (_n, written) => {
		sandbox().calls.push({ id: 'c0ffee00-0000-4000-8000-00000000beef', agent_id: SALES_AGENT, to: '+15559990010', status: 'completed', direction: 'outbound', started_at: iso(NOW - 600_000), created_at: iso(NOW - 600_000), duration_seconds: 30 });
		const { output, error } = await runTalkover({ items: [{ phone: written }], parameters: make({ skipCalledWithinMinutes: 60 }), credentials: credentials() });
		console.log(written, '→', error?.message, posts().map((r) => r.body.to), output?.[0]?.json.skipped);
		expect(posts()).toHaveLength(0);
	});
});
