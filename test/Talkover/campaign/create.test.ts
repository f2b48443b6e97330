import { runTalkover } from '../../helpers/n8n';
import { byId, PHONE_1, retryOnFail, SALES_AGENT, UNKNOWN_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const create = {
	resource: 'campaign',
	operation: 'create',
	name: 'Spring leads',
	campaignType: 'sales',
	agentId: byId(SALES_AGENT),
	startDate: '2026-04-01T00:00:00',
	daysOfWeek: [1, 2, 3, 4, 5],
	callTimeRanges: { ranges: [{ start: '9:00', end: '12:00' }, { start: '14:00', end: '17:30' }] },
	timezone: 'America/New_York',
};
const posts = () => sandbox().requestsTo('POST', '/api/v1/campaigns');

describe('Campaign → Create', () => {
	test('sends the required fields in the API’s format and outputs the draft campaign', async () => {
		const { output, error } = await runTalkover({ parameters: create, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		expect(posts()[0].body).toEqual({
			name: 'Spring leads',
			campaign_type: 'sales',
			agent_id: SALES_AGENT,
			start_date: '2026-04-01',
			days_of_week: [1, 2, 3, 4, 5],
			call_time_ranges: [
				{ start: '09:00', end: '12:00' },
				{ start: '14:00', end: '17:30' },
			],
			timezone: 'America/New_York',
		});
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({ name: 'Spring leads', status: 'draft', max_retries: 3 });
		expect(output![0].json.id).toBe(sandbox().campaigns.at(-1)!.id);
		expect(output![0].pairedItem).toEqual({ item: 0 });
	});

	test('every Additional Field goes out under its API name, with its type', async () => {
		const { error } = await runTalkover({
			parameters: {
				...create,
				daysOfWeek: '={{ ["fri", "Monday", 3, "1"] }}',
				additionalFields: {
					description: 'Leads from the spring fair',
					endDate: '2026-06-30',
					initialCallDelay: 60,
					maxRetries: 5,
					retryCooldownHours: 48,
					autoComplete: true,
					retryOnNoConversion: true,
					enablePostCompletionCooldown: true,
					postCompletionCooldownHours: 72,
					successCooldownHours: 168,
					voicemailCooldownHours: 24,
					noAnswerCooldownHours: 12,
					busyCooldownHours: 6,
					failedCooldownHours: 72,
					doNotCallEnabled: true,
					doNotCallListSource: 'custom',
					doNotCallCustomList: '+1 (555) 123-4567,\n+15559876543',
					autoAddToDncEnabled: true,
					autoDncTriggerStatuses: 'completed, voicemail',
					autoDncTriggerErrors: 'invalid_number',
				},
			},
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		const { body } = posts()[0];
		expect(body.days_of_week).toEqual([1, 3, 5]);
		expect(body).toMatchObject({
			description: 'Leads from the spring fair',
			end_date: '2026-06-30',
			initial_call_delay: 60,
			max_retries: 5,
			retry_cooldown_hours: 48,
			auto_complete: true,
			retry_on_no_conversion: true,
			enable_post_completion_cooldown: true,
			post_completion_cooldown_hours: 72,
			success_cooldown_hours: 168,
			voicemail_cooldown_hours: 24,
			no_answer_cooldown_hours: 12,
			busy_cooldown_hours: 6,
			failed_cooldown_hours: 72,
			do_not_call_enabled: true,
			do_not_call_list_source: 'custom',
			do_not_call_custom_list: ['+15551234567', '+15559876543'],
			auto_add_to_dnc_enabled: true,
			auto_dnc_trigger_statuses: ['completed', 'voicemail'],
			auto_dnc_trigger_errors: ['invalid_number'],
		});
		expect(Object.keys(body)).toHaveLength(27);
	});

	test.each([
		['name', { name: '={{ "" }}' }, /^Name \(item 0\): is required but empty/],
		['name', { name: 'x'.repeat(256) }, /^Name \(item 0\): is 256 characters long; at most 255 are allowed/],
		['startDate', { startDate: '2026-02-30' }, /^Start Date \(item 0\): "2026-02-30" is not a date; use YYYY-MM-DD/],
		['daysOfWeek', { daysOfWeek: '={{ [] }}' }, /^Days of Week \(item 0\): has no day; choose at least one/],
		['daysOfWeek', { daysOfWeek: '={{ [8] }}' }, /^Days of Week \(item 0\): "8" is not a day/],
		['callTimeRanges', { callTimeRanges: {} }, /^Call Time Ranges \(item 0\): has no time range; add at least one/],
		['callTimeRanges', { callTimeRanges: { ranges: [{ start: '17:00', end: '09:00' }] } }, /^Call Time Ranges \(item 0\): range 1 ends at 09:00, not after its start 17:00/],
		['callTimeRanges', { callTimeRanges: { ranges: [{ start: '9am', end: '17:00' }] } }, /^Call Time Ranges 1 Start \(item 0\): "9am" is not a time of day/],
		['timezone', { timezone: 'Mars/Olympus' }, /^Timezone Name or ID \(item 0\): "Mars\/Olympus" is not a time zone/],
		['maxRetries', { additionalFields: { maxRetries: 11 } }, /^Max Retries \(item 0\): 11 is out of range; expected a whole number from 0 to 10/],
		['retryCooldownHours', { additionalFields: { retryCooldownHours: 0 } }, /^Retry Cooldown \(Hours\) \(item 0\): 0 is out of range; expected a whole number from 1 to 168/],
		['busyCooldownHours', { additionalFields: { busyCooldownHours: 169 } }, /^Busy Cooldown \(Hours\) \(item 0\): 169 is out of range/],
		['endDate', { additionalFields: { endDate: '2026-03-31' } }, /^End Date \(item 0\): 2026-03-31 is not after the start date 2026-04-01/],
		['doNotCallCustomList', { additionalFields: { doNotCallCustomList: '+15551234567, 5559876543' } }, /^Do-Not-Call Custom List \(item 0\): "5559876543" has no leading \+/],
		['doNotCallListSource', { additionalFields: { doNotCallListSource: 'campaign' } }, /^Do-Not-Call List Source \(item 0\): "campaign" is not one of the allowed values: custom, environment, global/],
	])('bad %s is refused before anything is sent', async (_field, change, message) => {
		const { error } = await runTalkover({ parameters: { ...create, ...change }, credentials: credentials() });
		expect(error?.message).toMatch(message);
		expect(sandbox().requests).toHaveLength(0);
	});

	describe('openapi.json’s Caller ID, Max Calls per Hour/Day and Voicemail Hours (CONTRADICTIONS.md rows 1, 23, 24)', () => {
		test('Caller ID (phone_number_id), max_calls_per_hour, max_calls_per_day and voicemail_hours are sent when given', async () => {
			const { output, error } = await runTalkover({
				parameters: { ...create, additionalFields: { phoneNumberId: PHONE_1.toUpperCase(), maxCallsPerHour: 10, maxCallsPerDay: '100', voicemailHours: 0 } },
				credentials: credentials(),
			});
			expect(error).toBeUndefined();
			expect(posts()[0].body).toMatchObject({ phone_number_id: PHONE_1, max_calls_per_hour: 10, max_calls_per_day: 100, voicemail_hours: 0 });
			expect(output![0].json).toMatchObject({ phone_number_id: PHONE_1, max_calls_per_hour: 10, max_calls_per_day: 100, voicemail_hours: 0 });
			expect(sandbox().violations).toEqual([]);
		});

		test('not sent when not added, or when an expression leaves them empty for an item', async () => {
			await runTalkover({ parameters: create, credentials: credentials() });
			await runTalkover({
				parameters: { ...create, additionalFields: { phoneNumberId: '={{ "" }}', maxCallsPerHour: '={{ null }}', maxCallsPerDay: '={{ "" }}', voicemailHours: '={{ " " }}' } },
				credentials: credentials(),
			});
			expect(posts()).toHaveLength(2);
			for (const { body } of posts()) {
				for (const field of ['phone_number_id', 'max_calls_per_hour', 'max_calls_per_day', 'voicemail_hours']) expect(Object.keys(body)).not.toContain(field);
			}
		});

		test.each([
			[{ phoneNumberId: '+15550001111' }, /^Caller ID \(Phone Number\) Name or ID \(item 1\): "\+15550001111" is not a phone number ID \(a UUID/],
			[{ maxCallsPerHour: 0 }, /^Max Calls per Hour \(item 1\): 0 is out of range; expected a whole number of at least 1/],
			[{ maxCallsPerHour: 2.5 }, /^Max Calls per Hour \(item 1\): 2\.5 is not a whole number/],
			[{ maxCallsPerDay: 'many' }, /^Max Calls per Day \(item 1\): "many" is not a number/],
			[{ maxCallsPerDay: -1 }, /^Max Calls per Day \(item 1\): -1 is out of range/],
			[{ voicemailHours: -2 }, /^Voicemail Hours \(item 1\): -2 is out of range; expected a whole number of at least 0/],
			[{ voicemailHours: 1.5 }, /^Voicemail Hours \(item 1\): 1\.5 is not a whole number/],
		])('%o is refused before anything is sent, naming the field and the item', async (fields, message) => {
			// Item 0 is fine, item 1 has the bad value: the error names item 1; every item is checked before the first is sent.
			const expression = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, `={{ $itemIndex === 1 ? ${JSON.stringify(v)} : ${k === 'phoneNumberId' ? JSON.stringify(PHONE_1) : 5} }}`]));
			const { error } = await runTalkover({ items: [{}, {}], parameters: { ...create, additionalFields: expression }, credentials: credentials() });
			expect(error?.message).toMatch(message);
			expect(error?.description).toMatch(/Nothing was sent to Talkover for this item/);
			expect(posts()).toHaveLength(0);
		});

		test('the Caller ID picker lists the environment’s numbers; its description says what Talkover may do without it', async () => {
			const { callMethod, loadSource } = await import('../../helpers/n8n');
			const options = (await callMethod('loadOptions', 'getPhoneNumbers', credentials(), [], { resource: 'campaign', operation: 'create' })) as Array<{ value: string }>;
			expect(options.map((o) => o.value)).toContain(PHONE_1);
			const collection = loadSource().node.description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.resource?.includes('campaign') && p.displayOptions?.show?.operation?.includes('create'))!;
			const field = (collection.options as Array<{ name: string; description?: string; typeOptions?: object }>).find((o) => o.name === 'phoneNumberId')!;
			expect(field.typeOptions).toEqual({ loadOptionsMethod: 'getPhoneNumbers' });
			expect(field.description).toMatch(/without it Talkover may refuse the campaign or call from a number it picks/);
		});
	});

	test('Talkover’s 422 lists each field’s problem (an agent the environment does not have)', async () => {
		const { error } = await runTalkover({ parameters: { ...create, agentId: byId(UNKNOWN_AGENT) }, credentials: credentials() });
		expect(error?.message).toBe('Talkover rejected the data: The given data was invalid.');
		expect(error?.description).toContain('agent_id: The selected agent id is invalid.');
	});

	test('403 CAMPAIGN_LIMIT_REACHED (code beside the message) becomes a sentence', async () => {
		sandbox().campaignLimit = sandbox().campaigns.length;
		const { error } = await runTalkover({ parameters: create, credentials: credentials() });
		expect(error?.message).toBe('Your Talkover plan allows no more campaigns: delete one you no longer need, or upgrade the plan');
		expect(error?.description).toContain('Error code: CAMPAIGN_LIMIT_REACHED');
		expect(error?.description).toContain('Talkover said: "Your plan does not allow creating more campaigns"');
	});

	test('Continue On Fail: a refused item is an error item, the next item is created', async () => {
		const { output, error } = await runTalkover({
			items: [{ name: '' }, { name: 'Second' }],
			parameters: { ...create, name: '={{ $json.name }}' },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2);
		expect(output![0]).toMatchObject({ json: { error: 'Name (item 0): is required but empty' }, pairedItem: { item: 0 } });
		expect(output![1]).toMatchObject({ json: { name: 'Second', status: 'draft' }, pairedItem: { item: 1 } });
		expect(posts()).toHaveLength(1);
	});

	test('never sent twice: a 500 is not retried, and n8n’s Retry On Fail reuses the first answer', async () => {
		sandbox().inject({ method: 'POST', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: create, credentials: credentials(), settings: retryOnFail(3) });
		expect(error?.message).toBe('The campaign may have been created: Talkover had a problem on its side (HTTP 500)');
		expect(posts()).toHaveLength(1);
	});
});

describe('Timezone picker', () => {
	test('lists the time zones Node.js knows, by name', async () => {
		const { callMethod } = await import('../../helpers/n8n');
		const zones = (await callMethod('loadOptions', 'getTimezones', credentials())) as Array<{ name: string; value: string }>;
		expect(zones).toEqual(expect.arrayContaining([{ name: 'America/New York', value: 'America/New_York' }, { name: 'Europe/London', value: 'Europe/London' }]));
		expect(sandbox().requests).toHaveLength(0);
	});
});
