/**
 * Campaign → Add Call with Options → Calling Hours, on a clock the test sets: the campaign has its own
 * calling windows in Talkover, and the option still applies per item. Here what only Add Call has: no delay
 * (Schedule skips), and the time Talkover says it will dial the lead. The scenarios it shares with Call → Make
 * (outside the lead's hours the lead is not added and the item comes out skipped with the next allowed
 * moment; inside them it is added as before; a 429 at the end of the hours; Jakarta) are one table:
 * ./every-operation-that-dials.test.ts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const NEW_YORK = '+12125550123';

const addCall = (hours: IDataObject = {}): INodeParameters => ({
	resource: 'campaign',
	operation: 'addCall',
	campaignId: byId(ACTIVE_CAMPAIGN),
	to: '={{ $json.phone }}',
	options: { callingHours: { hours: { from: '09:00', to: '17:00', ...hours } } },
});

test('Add Call has no delay: at 08:30, even with Outside the Hours → Schedule in the value, the lead is skipped', async () => {
	clock().time = Date.parse('2026-01-15T13:30:00Z');
	const { output } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: addCall({ outsideHours: 'delay' }), credentials: credentials() });
	expect(sandbox().requests).toEqual([]);
	expect(output![0].json).toMatchObject({ skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00' });
});

describe('when Talkover says it will dial the lead (scheduled_at, make-campaign-call.mdx)', () => {
	/** The page's 201 answer, with the status and scheduled_at given. */
	const queued = (status: string, scheduledAt: unknown) => ({
		status: 201,
		body: {
			campaign_call: { id: 'call-uuid-1', campaign_id: ACTIVE_CAMPAIGN, to: NEW_YORK, status, scheduled_at: scheduledAt, created_at: '2026-01-15T15:00:00Z' },
			campaign: { id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'active' },
		},
	});

	test('added at 10:00, scheduled by the campaign for 03:00 the lead’s time: the call comes out flagged outside the Calling Hours, with a warning', async () => {
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		sandbox().inject({ method: 'POST', path, ...queued('scheduled', '2026-01-16T08:00:00Z') });
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: addCall(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(output).toEqual([
			{
				json: {
					id: 'call-uuid-1',
					campaign_id: ACTIVE_CAMPAIGN,
					to: NEW_YORK,
					status: 'scheduled',
					scheduled_at: '2026-01-16T08:00:00Z',
					created_at: '2026-01-15T15:00:00Z',
					campaign: { id: ACTIVE_CAMPAIGN, name: 'Q1 Outreach', status: 'active' },
					outsideCallingHours: true,
					scheduledAtLeadTime: '2026-01-16T03:00:00-05:00',
					timeZone: 'America/New_York',
					timeZoneSource: 'number',
					callingHoursWarning:
						"Added, but Talkover says it will dial the lead Friday 03:00 in the lead's time (2026-01-16T03:00:00-05:00, America/New_York, from the number), outside the Calling Hours (Monday to Friday, 09:00–17:00): the campaign's own calling windows decide when Talkover dials, and Talkover documents no way to withdraw a queued call. To stop it, pause the campaign (Campaign → Update Status) or change its calling windows before then.",
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('scheduled for 16:00 the same day (inside the hours), or queued now: the call as Talkover gives it, no flag', async () => {
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		sandbox().inject({ method: 'POST', path, ...queued('scheduled', '2026-01-15T21:00:00Z'), times: 1 });
		sandbox().inject({ method: 'POST', path, ...queued('queued', '2026-01-15T15:00:00Z'), times: 1 });
		const { output } = await runTalkover({ items: [{ phone: NEW_YORK }, { phone: NEW_YORK }], parameters: addCall(), credentials: credentials() });
		expect(output!.map((o) => Object.keys(o.json))).toEqual([
			['id', 'campaign_id', 'to', 'status', 'scheduled_at', 'created_at', 'campaign'],
			['id', 'campaign_id', 'to', 'status', 'scheduled_at', 'created_at', 'campaign'],
		]);
	});

	test('a scheduled_at that is no time (“tomorrow”) is an error saying the lead may have been added, never a guess', async () => {
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		sandbox().inject({ method: 'POST', path, ...queued('scheduled', 'tomorrow') });
		const { error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: addCall(), credentials: credentials() });
		expect(error?.message).toBe(
			'The lead may have been added to the campaign: Talkover\'s answer could not be read: the time Talkover will dial the lead (scheduled_at) "tomorrow" is not a date and time (Talkover documents times such as 2024-01-01T00:00:00Z)',
		);
	});
});
