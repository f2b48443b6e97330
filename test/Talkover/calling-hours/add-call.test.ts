/**
 * Campaign → Add Call with Options → Calling Hours, on a clock the test sets: the campaign has its own
 * calling windows in Talkover, and the option still applies per item — outside the lead's hours the lead
 * is not added (nothing is sent) and the item comes out skipped with the next allowed moment.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const posts = () => sandbox().requestsTo('POST', path);
const NEW_YORK = '+12125550123';

const addCall = (hours: IDataObject = {}): INodeParameters => ({
	resource: 'campaign',
	operation: 'addCall',
	campaignId: byId(ACTIVE_CAMPAIGN),
	to: '={{ $json.phone }}',
	options: { callingHours: { hours: { from: '09:00', to: '17:00', ...hours } } },
});

test('a lead at 02:00 its time: not added, no request at all; skipped with 09:00 its time', async () => {
	clock().time = Date.parse('2026-01-15T07:00:00Z');
	const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: addCall(), credentials: credentials() });
	expect(error).toBeUndefined();
	expect(sandbox().requests).toEqual([]);
	expect(output).toEqual([
		{
			json: expect.objectContaining({ to: NEW_YORK, skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00', nextAllowedAtUtc: '2026-01-15T14:00:00.000Z', timeZone: 'America/New_York', timeZoneSource: 'number' }),
			pairedItem: { item: 0 },
		},
	]);
	expect(output![0].json.skipReason).toMatch(/^Not dialled: it is Thursday 02:00 for the lead/);
});

test('inside the hours the lead is added as before', async () => {
	clock().time = Date.parse('2026-01-15T15:00:00Z');
	const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: addCall(), credentials: credentials() });
	expect(error).toBeUndefined();
	expect(posts().map((r) => r.body)).toEqual([{ to: NEW_YORK, is_testing: false, allow_duplicates: false }]);
	expect(output![0].json).toMatchObject({ status: 'queued', campaign: { id: ACTIVE_CAMPAIGN } });
});

test('Add Call has no delay: at 08:30, even with Outside the Hours → Schedule in the value, the lead is skipped', async () => {
	clock().time = Date.parse('2026-01-15T13:30:00Z');
	const { output } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: addCall({ outsideHours: 'delay' }), credentials: credentials() });
	expect(sandbox().requests).toEqual([]);
	expect(output![0].json).toMatchObject({ skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00' });
});
