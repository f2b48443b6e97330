import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, DRAFT_CAMPAIGN, QUEUED_CALL, QUEUED_PHONE, UNKNOWN_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const addCall = { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '+1 (555) 777-8888' };
const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const posts = () => sandbox().requestsTo('POST', path);

describe('Campaign → Add Call', () => {
	test('sends the normalised number, is_testing and allow_duplicates; outputs the queued call with its campaign', async () => {
		const { output, error } = await runTalkover({ parameters: addCall, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body)).toEqual([{ to: '+15557778888', is_testing: false, allow_duplicates: false }]);
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({ campaign_id: ACTIVE_CAMPAIGN, to: '+15557778888', status: 'queued', campaign: { id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'active' } });
		expect(output![0].json.id).toBe(sandbox().campaignCalls.at(-1)!.id);
	});

	test('payload and context from key/value pairs and JSON; test call', async () => {
		await runTalkover({
			items: [{ lead: { first_name: 'Ada' }, crmId: 'CRM-42' }],
			parameters: {
				...addCall,
				isTesting: true,
				additionalFields: { payloadJson: '={{ $json.lead }}', payload: { values: [{ key: 'plan', value: 'pro' }] }, context: { values: [{ key: 'crm_record_id', value: '={{ $json.crmId }}' }] } },
			},
			credentials: credentials(),
		});
		expect(posts()[0].body).toEqual({ to: '+15557778888', is_testing: true, allow_duplicates: false, payload: { first_name: 'Ada', plan: 'pro' }, context: { crm_record_id: 'CRM-42' } });
	});

	test('409 duplicate: the sentence names the existing call; nothing was added', async () => {
		const { error } = await runTalkover({ parameters: { ...addCall, to: QUEUED_PHONE }, credentials: credentials() });
		expect(error?.message).toBe(
			`This number already has an open call in the campaign (campaign call ${QUEUED_CALL}, queued), so nothing was added: turn on Allow Duplicates to add it again on purpose`,
		);
		expect(error?.httpCode).toBe('409');
		expect(sandbox().campaignCalls.filter((c) => c.to === QUEUED_PHONE)).toHaveLength(1);
	});

	test('Allow Duplicates adds the same number again on purpose', async () => {
		const { error } = await runTalkover({ parameters: { ...addCall, to: QUEUED_PHONE, allowDuplicates: true }, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()[0].body.allow_duplicates).toBe(true);
		expect(sandbox().campaignCalls.filter((c) => c.to === QUEUED_PHONE)).toHaveLength(2);
	});

	test('400 campaign not active (message only) says to start it', async () => {
		const { error } = await runTalkover({ parameters: { ...addCall, campaignId: byId(DRAFT_CAMPAIGN) }, credentials: credentials() });
		expect(error?.message).toBe('The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)');
	});

	test('404, 422 and 403 as documented', async () => {
		const unknown = await runTalkover({ parameters: { ...addCall, campaignId: byId(UNKNOWN_CAMPAIGN) }, credentials: credentials() });
		expect(unknown.error?.message).toBe(`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN} for this token's environment`);
		sandbox().inject({ status: 422, body: { success: false, message: 'The given data was invalid.', errors: { to: ['The to must be a valid phone number.'] } } });
		const invalid = await runTalkover({ parameters: addCall, credentials: credentials() });
		expect(invalid.error?.description).toContain('to: The to must be a valid phone number.');
		sandbox().inject({ status: 403, body: { success: false, message: 'Cannot make calls for this campaign' } });
		const forbidden = await runTalkover({ parameters: addCall, credentials: credentials() });
		expect(forbidden.error?.message).toBe('The Talkover API token is not allowed to do this');
		expect(forbidden.error?.description).toContain('Cannot make calls for this campaign');
	});

	test('a number without country code is refused before anything is sent', async () => {
		const { error } = await runTalkover({ parameters: { ...addCall, to: '555-777-8888' }, credentials: credentials() });
		expect(error?.message).toMatch(/^To \(item 0\): "555-777-8888" has no leading \+ and country code/);
		expect(sandbox().requests).toHaveLength(0);
	});

	test('contradiction: openapi.json answers 200 with the call itself, the page 201 {campaign_call, campaign}; both are output', async () => {
		sandbox().campaignCallResponse = 'openapi';
		const { output, error } = await runTalkover({ parameters: addCall, credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toMatchObject({ campaign_id: ACTIVE_CAMPAIGN, to: '+15557778888', status: 'queued' });
		expect(output![0].json).not.toHaveProperty('campaign_call');
	});

	test.each<[string, unknown, string]>([
		['201 {campaign_call: {}, campaign} (a queued call without any ID)', { campaign_call: {}, campaign: { id: ACTIVE_CAMPAIGN, status: 'active' } }, "campaign_call: the record's id is missing"],
		['201 {campaign_call: {id, error}, campaign}', { campaign_call: { id: 'cc-1', error: { code: 'X', message: 'not queued' } }, campaign: { id: ACTIVE_CAMPAIGN } }, 'campaign_call: an error instead of a record'],
		["201 {id: ''} (a bare call with an empty ID)", { id: '', status: 'queued' }, "the record's id is empty"],
		['200 {success: true, data: {campaign_call, campaign}} (no document wraps this answer)', { success: true, data: { campaign_call: { id: 'cc-1' }, campaign: { id: ACTIVE_CAMPAIGN } } }, 'campaign_call is missing; no document wraps this answer in data'],
	])('%s is an error, no call is output', async (_what, body, problem) => {
		sandbox().inject({ method: 'POST', path, status: 201, body });
		const { output, error } = await runTalkover({ parameters: addCall, credentials: credentials() });
		expect(output).toBeUndefined();
		expect(error?.message).toContain(`Talkover's answer does not have the expected data (${problem})`);
		expect(posts()).toHaveLength(1);
	});

	test('never sent twice: a dropped connection is not retried, and n8n’s Retry On Fail does not send again', async () => {
		sandbox().inject({ method: 'POST', path, destroy: true });
		const { error } = await runTalkover({ parameters: addCall, credentials: credentials(), settings: retryOnFail(3) });
		expect(error?.message).toBe('The lead may have been added to the campaign: Could not reach Talkover: the connection was closed before Talkover answered');
		expect(posts()).toHaveLength(1);
	});

	test('Continue On Fail: the duplicate is an error item paired with its lead, the new lead is queued', async () => {
		const { output } = await runTalkover({
			items: [{ phone: QUEUED_PHONE }, { phone: '+15550001234' }],
			parameters: { ...addCall, to: '={{ $json.phone }}' },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'duplicate' : o.json.to, o.pairedItem])).toEqual([
			['duplicate', { item: 0 }],
			['+15550001234', { item: 1 }],
		]);
		expect(posts()).toHaveLength(2);
	});
});
