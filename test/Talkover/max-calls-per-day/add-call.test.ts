/**
 * Campaign → Add Call with Options → Max Calls per Day, in runs of n8n-core's engine: the campaign's calls that may
 * ring on the day (added that day, or still queued from before) are counted from Get Campaign's list; beyond the
 * limit a lead is not added and comes out skipped.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, useSandbox } from '../../helpers/fixtures';
import { runTalkover } from '../../helpers/n8n';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();
const path = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
const added = () => sandbox().requestsTo('POST', path).map((r) => (r.body as IDataObject).to);
const numbers = Array.from({ length: 6 }, (_, i) => `+1212555${String(300 + i).padStart(4, '0')}`);
const addCall = (calls: number): INodeParameters => ({
	resource: 'campaign',
	operation: 'addCall',
	campaignId: byId(ACTIVE_CAMPAIGN),
	to: '={{ $json.to }}',
	options: { maxCallsPerDay: { limit: { calls, timeZone: 'UTC' } } } as INodeParameters,
});
const skippedCounts = (output: Array<{ json: IDataObject }> | undefined) => output!.filter((o) => o.json.skipped === true).map((o) => o.json.callsThatDay);

test('the campaign’s calls of today count (queued or over): with 2 and a limit of 4, 2 of 5 leads are added, 3 come out skipped', async () => {
	const { output, error } = await runTalkover({ items: numbers.slice(0, 5).map((to) => ({ to })), parameters: addCall(4), credentials: credentials() });
	expect(error).toBeUndefined();
	expect(added()).toEqual(numbers.slice(0, 2));
	expect(skippedCounts(output)).toEqual([4, 4, 4]);
	expect(output!.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
});

test('two days later the calls over since count no more; the one still queued does (the campaign may ring it today)', async () => {
	clock().time += 48 * 3600_000;
	const { output } = await runTalkover({ items: numbers.slice(0, 3).map((to) => ({ to })), parameters: addCall(2), credentials: credentials() });
	expect(added()).toEqual(numbers.slice(0, 1));
	expect(skippedCounts(output)).toEqual([2, 2]);
});
