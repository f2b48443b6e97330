import { runTalkover } from '../../helpers/n8n';
import { byId, retryOnFail, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN, COMPLETED_CAMPAIGN, DRAFT_CAMPAIGN, PAUSED_CAMPAIGN, UNKNOWN_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials } = useSandbox();

const GONE_NOTE = (noun: string) =>
	`Talkover answered "not found" when the delete was sent again after an unclear answer: the ${noun} is gone (deleted by the first attempt, or gone before it)`;

const remove = (campaignId: string) => ({ resource: 'campaign', operation: 'delete', campaignId: byId(campaignId) });

describe('Campaign → Delete', () => {
	test.each([200, 204] as const)('contradiction: Talkover answers %i (page: 200 with a message, openapi: 204); the item says what was deleted', async (code) => {
		sandbox().deleteCampaignStatus = code;
		const { output, error } = await runTalkover({ parameters: remove(DRAFT_CAMPAIGN), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/v1/campaigns/${DRAFT_CAMPAIGN}`]]);
		expect(output![0].json).toEqual({ deleted: true, id: DRAFT_CAMPAIGN });
		expect(sandbox().campaigns.some((c) => c.id === DRAFT_CAMPAIGN)).toBe(false);
	});

	test('a DELETE answered 503 that went through, tried again by n8n\'s Retry On Fail into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			times: 1,
			reply: () => {
				sandbox().campaigns = sandbox().campaigns.filter((c) => c.id !== DRAFT_CAMPAIGN);
				return { status: 503, body: { message: 'Service unavailable' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: { ...remove(DRAFT_CAMPAIGN), options: { maxRetries: 0 } }, credentials: credentials(), settings: retryOnFail(2) });
		expect(error).toBeUndefined();
		expect(sandbox().requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
		expect(output![0].json).toEqual({ deleted: true, id: DRAFT_CAMPAIGN, note: GONE_NOTE('campaign') });
	});

	test('a DELETE answered 503 that went through, retried into a 404: deleted (it is gone), not "not found"', async () => {
		sandbox().inject({
			method: 'DELETE',
			reply: () => {
				sandbox().campaigns = sandbox().campaigns.filter((c) => c.id !== DRAFT_CAMPAIGN);
				return { status: 503, body: { message: 'Service unavailable' } };
			},
		});
		const { output, error } = await runTalkover({ parameters: remove(DRAFT_CAMPAIGN), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output![0].json).toEqual({ deleted: true, id: DRAFT_CAMPAIGN, note: GONE_NOTE('campaign') });
	});

	test('403 for an active campaign (message only) becomes a sentence', async () => {
		const { error } = await runTalkover({ parameters: remove(ACTIVE_CAMPAIGN), credentials: credentials() });
		expect(error?.message).toBe('The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)');
	});

	test('409 for calls in progress is not read as the agent’s "active calls"', async () => {
		const { error } = await runTalkover({ parameters: remove(PAUSED_CAMPAIGN), credentials: credentials() });
		expect(error?.message).toBe('The campaign has calls in progress, so it cannot be deleted: wait until they have finished');
	});

	test('404 for an unknown campaign', async () => {
		const { error } = await runTalkover({ parameters: remove(UNKNOWN_CAMPAIGN), credentials: credentials() });
		expect(error?.message).toBe(`Campaign not found: Talkover has no campaign with ID ${UNKNOWN_CAMPAIGN} for this token's environment`);
	});

	test('Continue On Fail: the active campaign is an error item, the completed one is deleted', async () => {
		const { output } = await runTalkover({
			items: [{ id: ACTIVE_CAMPAIGN }, { id: COMPLETED_CAMPAIGN }],
			parameters: { ...remove(DRAFT_CAMPAIGN), campaignId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			credentials: credentials(),
			settings: { continueOnFail: true },
		});
		expect(output!.map((o) => [o.json.error ? 'error' : o.json.id, o.pairedItem])).toEqual([
			['error', { item: 0 }],
			[COMPLETED_CAMPAIGN, { item: 1 }],
		]);
	});
});
