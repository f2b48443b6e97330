import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, COMPLETED_CAMPAIGN, DRAFT_CAMPAIGN, PAUSED_CAMPAIGN, UNKNOWN_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const status = (campaignId: string, value: string) => ({ resource: 'campaign', operation: 'updateStatus', campaignId: byId(campaignId), status: value });
const patches = (id: string) => sandbox().requestsTo('PATCH', `/api/v1/campaigns/${id}/status`);

describe('Campaign → Update Status', () => {
	test.each([
		[DRAFT_CAMPAIGN, 'active'],
		[DRAFT_CAMPAIGN, 'cancelled'],
		[ACTIVE_CAMPAIGN, 'paused'],
		[ACTIVE_CAMPAIGN, 'completed'],
		[PAUSED_CAMPAIGN, 'active'],
		[PAUSED_CAMPAIGN, 'cancelled'],
	])('%s → %s: one PATCH with the status, output Talkover’s answer', async (id, value) => {
		const { output, error } = await runTalkover({ parameters: status(id, value), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(patches(id).map((r) => r.body)).toEqual([{ status: value }]);
		expect(output![0].json).toMatchObject({ id, status: value });
	});

	test.each([
		[ACTIVE_CAMPAIGN, 'draft', 'The campaign cannot go from active to draft: from active it can only become paused, completed or cancelled'],
		[DRAFT_CAMPAIGN, 'paused', 'The campaign cannot go from draft to paused: from draft it can only become active or cancelled'],
		[COMPLETED_CAMPAIGN, 'active', 'The campaign cannot go from completed to active: completed is a final status'],
	])('invalid transition %s → %s (400, message only) becomes a sentence with the allowed ones', async (id, value, message) => {
		const { error } = await runTalkover({ parameters: status(id, value), credentials: credentials() });
		expect(error?.message).toBe(message);
		expect(error?.description).toContain('Talkover said: "Cannot transition from');
		expect(patches(id)).toHaveLength(1);
	});

	test('422 for a status Talkover does not know, 404 for an unknown campaign, 403', async () => {
		sandbox().inject({ status: 422, body: { success: false, message: 'The given data was invalid.', errors: { status: ['The selected status is invalid.'] } } });
		const invalid = await runTalkover({ parameters: status(DRAFT_CAMPAIGN, 'active'), credentials: credentials() });
		expect(invalid.error?.description).toContain('status: The selected status is invalid.');
		const unknown = await runTalkover({ parameters: status(UNKNOWN_CAMPAIGN, 'active'), credentials: credentials() });
		expect(unknown.error?.message).toBe(`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN} for this token's environment`);
		sandbox().inject({ status: 403, body: { success: false, message: 'Cannot update campaign status' } });
		const forbidden = await runTalkover({ parameters: status(DRAFT_CAMPAIGN, 'active'), credentials: credentials() });
		expect(forbidden.error?.message).toBe('The Talkover API token is not allowed to do this');
		expect(forbidden.error?.description).toContain('Talkover said: "Cannot update campaign status"');
	});

	test('contradiction: openapi.json answers the whole campaign, the page {id, status, updated_at}; both are output', async () => {
		sandbox().inject({ method: 'PATCH', status: 200, body: { id: DRAFT_CAMPAIGN, name: 'Renewals', status: 'active' } });
		const { output } = await runTalkover({ parameters: status(DRAFT_CAMPAIGN, 'active'), credentials: credentials() });
		expect(output![0].json).toEqual({ id: DRAFT_CAMPAIGN, name: 'Renewals', status: 'active' });
	});

	test('starting dials, so it is never sent twice: a 500 is not retried, even under n8n’s Retry On Fail', async () => {
		sandbox().inject({ method: 'PATCH', status: 500, body: { success: false, message: 'Internal server error.' } });
		const { error } = await runTalkover({ parameters: status(DRAFT_CAMPAIGN, 'active'), credentials: credentials(), settings: retryOnFail(2) });
		expect(error?.message).toBe('The campaign’s status may have been changed: Talkover had a problem on its side (HTTP 500)');
		expect(patches(DRAFT_CAMPAIGN)).toHaveLength(1);
	});

	test('Continue On Fail: the refused transition is an error item, the allowed one goes through', async () => {
		const { output } = await runTalkover({
			items: [{ id: COMPLETED_CAMPAIGN }, { id: PAUSED_CAMPAIGN }],
			parameters: { ...status(PAUSED_CAMPAIGN, 'active'), campaignId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ?? o.json.status, o.pairedItem])).toEqual([
			['The campaign cannot go from completed to active: completed is a final status', { item: 0 }],
			['active', { item: 1 }],
		]);
	});
});
