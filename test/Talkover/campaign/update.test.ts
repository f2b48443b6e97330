import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, PHONE_2, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, DRAFT_CAMPAIGN, UNKNOWN_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const update = (campaignId: string, updateFields: INodeParameters): INodeParameters => ({ resource: 'campaign', operation: 'update', campaignId: byId(campaignId), updateFields });
const puts = (id: string) => sandbox().requestsTo('PUT', `/api/v1/campaigns/${id}`);

describe('Campaign → Update', () => {
	test('sends only the fields added, under their API names', async () => {
		const { output, error } = await runTalkover({
			parameters: update(DRAFT_CAMPAIGN, {
				name: 'Renewals 2026',
				agentId: byId(SUPPORT_AGENT),
				callTimeRanges: { ranges: [{ start: '10:00', end: '12:00' }] },
				timezone: 'America/Sao_Paulo',
				maxRetries: 2,
				doNotCallEnabled: true,
			}),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(puts(DRAFT_CAMPAIGN).map((r) => r.body)).toEqual([
			{ name: 'Renewals 2026', agent_id: SUPPORT_AGENT, call_time_ranges: [{ start: '10:00', end: '12:00' }], timezone: 'America/Sao_Paulo', max_retries: 2, do_not_call_enabled: true },
		]);
		expect(output![0].json).toMatchObject({ id: DRAFT_CAMPAIGN, name: 'Renewals 2026', agent_id: SUPPORT_AGENT, max_retries: 2 });
	});

	test('Clear End Date sends end_date: null ("Send null to clear")', async () => {
		sandbox().campaigns.find((c) => c.id === DRAFT_CAMPAIGN)!.end_date = '2026-12-31';
		await runTalkover({ parameters: update(DRAFT_CAMPAIGN, { clearEndDate: true }), credentials: credentials() });
		expect(puts(DRAFT_CAMPAIGN)[0].body).toEqual({ end_date: null });
		expect(sandbox().campaigns.find((c) => c.id === DRAFT_CAMPAIGN)!.end_date).toBeNull();
	});

	test('Caller ID, Max Calls per Hour/Day and Voicemail Hours are sent when added, and only then', async () => {
		const { output, error } = await runTalkover({
			parameters: update(DRAFT_CAMPAIGN, { phoneNumberId: PHONE_2, maxCallsPerHour: 15, maxCallsPerDay: 150, voicemailHours: 48 }),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(puts(DRAFT_CAMPAIGN).map((r) => r.body)).toEqual([{ phone_number_id: PHONE_2, max_calls_per_hour: 15, max_calls_per_day: 150, voicemail_hours: 48 }]);
		expect(output![0].json).toMatchObject({ phone_number_id: PHONE_2, max_calls_per_hour: 15, max_calls_per_day: 150, voicemail_hours: 48 });
		// phone_number_id is not in openapi.json's Update schema: allowed by CONTRADICTIONS.md row 30 only.
		expect(sandbox().violations).toEqual([]);
		await runTalkover({ parameters: update(DRAFT_CAMPAIGN, { maxRetries: 2, phoneNumberId: '={{ "" }}' }), credentials: credentials() });
		expect(puts(DRAFT_CAMPAIGN)[1].body).toEqual({ max_retries: 2 });
	});

	test.each([
		[{ phoneNumberId: 'main line' }, /^Caller ID \(Phone Number\) Name or ID \(item 0\): "main line" is not a phone number ID/],
		[{ maxCallsPerHour: 0 }, /^Max Calls per Hour \(item 0\): 0 is out of range; expected a whole number of at least 1/],
		[{ maxCallsPerDay: 0.5 }, /^Max Calls per Day \(item 0\): 0\.5 is not a whole number/],
		[{ voicemailHours: -1 }, /^Voicemail Hours \(item 0\): -1 is out of range; expected a whole number of at least 0/],
	])('new field %o is refused before anything is sent', async (fields, message) => {
		const { error } = await runTalkover({ parameters: update(DRAFT_CAMPAIGN, fields as INodeParameters), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test.each([
		[{}, /^Update Fields \(item 0\): add at least one field to change/],
		[{ clearEndDate: true, endDate: '2026-12-31' }, /^Clear End Date \(item 0\): cannot be used together with End Date/],
		[{ startDate: '2026-05-01', endDate: '2026-04-30' }, /^End Date \(item 0\): 2026-04-30 is not after the start date 2026-05-01/],
		[{ name: '={{ "" }}' }, /^Name \(item 0\): is required but empty/],
		[{ daysOfWeek: '={{ ["someday"] }}' }, /^Days of Week \(item 0\): "someday" is not a day/],
	])('%o is refused before anything is sent', async (fields, message) => {
		const { error } = await runTalkover({ parameters: update(DRAFT_CAMPAIGN, fields as INodeParameters), credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('409 CAMPAIGN_HAS_ACTIVE_CALLS: a schedule change of a running campaign with queued calls becomes a sentence', async () => {
		const { error } = await runTalkover({ parameters: update(ACTIVE_CAMPAIGN, { timezone: 'Europe/Berlin' }), credentials: credentials() });
		expect(error?.message).toBe(
			'The campaign has queued calls, so its schedule cannot change while it runs: pause it first (Campaign → Update Status → Pause), update it, then start it again',
		);
		expect(error?.description).toContain('Error code: CAMPAIGN_HAS_ACTIVE_CALLS');
	});

	test('a change that is not a schedule change is accepted while it runs', async () => {
		const { error } = await runTalkover({ parameters: update(ACTIVE_CAMPAIGN, { description: 'Now with follow-ups' }), credentials: credentials() });
		expect(error).toBeUndefined();
	});

	test('422 from Talkover and 404 for an unknown campaign', async () => {
		sandbox().inject({ method: 'PUT', status: 422, body: { success: false, message: 'The given data was invalid.', errors: { 'call_time_ranges.0.end': ['The call time ranges.0.end must be a date after call time ranges.0.start.'] } } });
		const first = await runTalkover({ parameters: update(DRAFT_CAMPAIGN, { maxRetries: 1 }), credentials: credentials() });
		expect(first.error?.description).toContain('call_time_ranges.0.end: The call time ranges.0.end must be a date after call time ranges.0.start.');
		const second = await runTalkover({ parameters: update(UNKNOWN_CAMPAIGN, { maxRetries: 1 }), credentials: credentials() });
		expect(second.error?.message).toBe(`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN} for this token's environment`);
	});

	test('Continue On Fail: the refused campaign is an error item, the other one is updated', async () => {
		const { output } = await runTalkover({
			items: [{ id: ACTIVE_CAMPAIGN }, { id: DRAFT_CAMPAIGN }],
			parameters: { ...update(DRAFT_CAMPAIGN, { timezone: 'Europe/Berlin' }), campaignId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.timezone, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			['Europe/Berlin', { item: 1 }],
		]);
	});
});
