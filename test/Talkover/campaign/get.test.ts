import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, QUEUED_PHONE, UNKNOWN_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const get = (campaignId: object): INodeParameters => ({ resource: 'campaign', operation: 'get', campaignId: campaignId as INodeParameters });

describe('Campaign → Get', () => {
	test('from the list, by ID and by URL: one GET, the campaign with its calls and statistics', async () => {
		for (const campaignId of [
			{ __rl: true, mode: 'list', value: ACTIVE_CAMPAIGN },
			{ __rl: true, mode: 'id', value: ` ${ACTIVE_CAMPAIGN} ` },
			{ __rl: true, mode: 'url', value: `https://app.talkover.ai/campaigns/${ACTIVE_CAMPAIGN}?tab=calls` },
		]) {
			sandbox().reset();
			const { output, error } = await runTalkover({ parameters: get(campaignId), credentials: credentials() });
			expect(error).toBeUndefined();
			expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['GET', `/api/v1/campaigns/${ACTIVE_CAMPAIGN}`]]);
			expect(output![0].json).toMatchObject({ id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'active', agent: { name: 'SalesBot' } });
			expect((output![0].json.calls as Array<{ to: string }>).map((c) => c.to)).toContain(QUEUED_PHONE);
		}
	});

	test.each([
		['legacy', ['earliest_call_time', 'latest_call_time'], ['call_time_ranges']],
		['ranges', ['call_time_ranges'], ['earliest_call_time']],
		['both', ['call_time_ranges', 'earliest_call_time', 'latest_call_time'], []],
	] as const)(
		'contradiction: Get’s page shows earliest/latest_call_time, Create’s shows call_time_ranges; the schedule is output as Talkover sends it (%s)',
		async (shape, present, absent) => {
			sandbox().campaignScheduleShape = shape;
			const { output } = await runTalkover({ parameters: get({ __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN }), credentials: credentials() });
			for (const key of present) expect(output![0].json).toHaveProperty(key);
			for (const key of absent) expect(output![0].json).not.toHaveProperty(key);
		},
	);

	test('contradiction: openapi.json answers the bare campaign (no {success, data}); it is output as sent', async () => {
		const bare = { id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'active' };
		sandbox().inject({ method: 'GET', status: 200, body: bare });
		const { output, error } = await runTalkover({ parameters: get({ __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output!.map((o) => o.json)).toEqual([bare]);
	});

	test('404 names the campaign', async () => {
		const { error } = await runTalkover({ parameters: get({ __rl: true, mode: 'id', value: UNKNOWN_CAMPAIGN }), credentials: credentials() });
		expect(error?.message).toBe(`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN} for this token's environment`);
		expect(error?.description).toContain('Talkover said: "Campaign not found"');
	});

	test('an ID that could reach another endpoint is refused before sending', async () => {
		const { error } = await runTalkover({ parameters: get({ __rl: true, mode: 'id', value: '={{ "../agents" }}' }), credentials: credentials() });
		expect(error?.message).toBe('Campaign (item 0): "../agents" is not a campaign ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)');
		expect(sandbox().requests).toHaveLength(0);
	});

	test('Continue On Fail: the unknown campaign is an error item, the known one is output', async () => {
		const { output } = await runTalkover({
			items: [{ id: UNKNOWN_CAMPAIGN }, { id: ACTIVE_CAMPAIGN }],
			parameters: get({ __rl: true, mode: 'id', value: '={{ $json.id }}' }),
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ?? o.json.id, o.pairedItem])).toEqual([
			[`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN} for this token's environment`, { item: 0 }],
			[ACTIVE_CAMPAIGN, { item: 1 }],
		]);
	});
});

describe('Campaign picker', () => {
	test('searches Talkover’s campaigns (List Campaigns’ search), one page per n8n page, with a link to each', async () => {
		const { callMethod } = await import('../../helpers/n8n');
		const result = (await callMethod('listSearch', 'searchCampaigns', credentials(), ['outreach'])) as { results: Array<{ name: string; value: string; url: string }>; paginationToken?: string };
		expect(sandbox().requests[0].query).toEqual({ per_page: '50', page: '1', search: 'outreach' });
		expect(result).toEqual({ results: [{ name: 'Q1 Outreach (active, sales)', value: ACTIVE_CAMPAIGN, url: `${sandbox().url}/campaigns/${ACTIVE_CAMPAIGN}` }], paginationToken: undefined });
	});
});
