/**
 * Calling Hours in a real n8n (the packed package, run as the editor's Execute workflow button does, n8n's own clock): a lead for whom it is
 * 02:00 is neither called (Make Call) nor added to a campaign (Add Call) — nothing reaches Talkover — and both
 * items come out skipped with the next allowed moment, 09:00 the lead's time; a lead for whom it is midday is
 * called and added as before.
 *
 * n8n runs on the real clock, so the test picks the leads' zones from it: the fixed-offset IANA zone
 * (Etc/GMT±N, no summer time) where it is now 02:xx, and the one where it is 12:xx. Whatever the time of
 * day the test runs at, the night lead is seven hours before the hours open and the midday one five hours
 * before they close: a run that takes minutes decides the same.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer, WorkflowFile } from './real-n8n';
import { outputOf } from './real-n8n';
import { etcZone, HOUR, offsetWhereItIs, wallAt } from './wallClock';

const TYPE = 'n8n-nodes-talkover.talkover';
const CREDENTIAL = { id: 'talkoverHours', name: 'Talkover API' };
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const campaignPath = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
/** Every day, 09:00–17:00 in the lead's time, the lead's zone mapped from the CRM's field. */
const callingHours: INodeParameters = {
	callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], from: '09:00', to: '17:00', timeZone: '={{ $json.timezone }}' } },
};

function talkover(name: string, parameters: INodeParameters, y: number): IDataObject {
	return { id: name, name, type: TYPE, typeVersion: 1, position: [600, y], parameters, credentials: { talkoverApi: CREDENTIAL } };
}

/** Start → the lead (Set, raw JSON) → Make Call and Add Call, both with the hours. */
function leadWorkflow(id: string, lead: IDataObject): WorkflowFile {
	return {
		id,
		name: `Lead → call and campaign, Calling Hours (${String(lead.timezone)})`,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'lead', name: 'Lead', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [300, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify(lead), options: {} } },
			talkover('Make Call', { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', isTesting: true, options: callingHours }, -100),
			talkover('Add Call', { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '={{ $json.phone }}', options: callingHours }, 100),
		],
		connections: {
			Start: { main: [[{ node: 'Lead', type: 'main', index: 0 }]] },
			Lead: { main: [[{ node: 'Make Call', type: 'main', index: 0 }, { node: 'Add Call', type: 'main', index: 0 }]] },
		},
	};
}

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;
/** The offsets (hours) where it was 02:xx and 12:xx when the workflows were made. */
let nightOffset: number;
let noonOffset: number;
const NIGHT_LEAD = { phone: '+15557000201' };
const NOON_LEAD = { phone: '+15557000202' };

beforeAll(async () => {
	const now = Date.now();
	nightOffset = offsetWhereItIs(2, now);
	noonOffset = offsetWhereItIs(12, now);
	// One n8n for the file's runs, each as the editor's Execute workflow button runs it (an `n8n execute` per run
	// is a whole n8n started each time).
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		credentials: (url) => [{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [leadWorkflow('hoursNight', { ...NIGHT_LEAD, timezone: etcZone(nightOffset) }), leadWorkflow('hoursNoon', { ...NOON_LEAD, timezone: etcZone(noonOffset) })],
	}));
}, 600_000);

afterAll(async () => await stop?.());

test('the zones are picked right: Etc/GMT±N shows 02:xx and 12:xx now (checked with Intl, not the node)', () => {
	const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
	// Within the few seconds since beforeAll the hour may have just turned.
	expect([2, 3]).toContain(hourIn(etcZone(nightOffset)));
	expect([12, 13]).toContain(hourIn(etcZone(noonOffset)));
});

test('a lead at 02:00 its time: nothing reaches Talkover (no call, no campaign lead, no other request); Make Call and Add Call output it skipped with 09:00 its time', async () => {
	sandbox.requests.length = 0;
	const before = Date.now();
	const { run, status } = await server.runManually('hoursNight');
	const after = Date.now();
	expect(status).toBe(0);
	expect(sandbox.requestsTo('POST', callPath)).toEqual([]);
	expect(sandbox.requestsTo('POST', campaignPath)).toEqual([]);
	expect(sandbox.requests).toEqual([]);

	const zone = etcZone(nightOffset);
	const [start, end] = [wallAt(nightOffset, before), wallAt(nightOffset, after)];
	// From 02:00 to 08:59 the next allowed moment is the same: 09:00 today, the lead's time.
	expect(start.date).toBe(end.date);
	const nextAllowedAt = `${start.date}T09:00:00${start.iso}`;
	const nextAllowedAtUtc = new Date(Date.parse(`${start.date}T09:00:00Z`) - nightOffset * HOUR).toISOString();
	for (const node of ['Make Call', 'Add Call']) {
		const items = outputOf(run, node);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		const [{ json }] = items;
		expect(json).toEqual({ to: NIGHT_LEAD.phone, skipped: true, skipReason: expect.any(String), nextAllowedAt, nextAllowedAtUtc, timeZone: zone, timeZoneSource: 'field' });
		const reason = /^Not dialled: it is (\w+) (\d\d:\d\d) for the lead \((.+), from Lead's Time Zone\), outside the Calling Hours \(every day, 09:00–17:00\)\. The next allowed moment is (\w+) 09:00 in the lead's time \((.+)\)\.$/.exec(String(json.skipReason));
		expect(reason).not.toBeNull();
		const [, day, hhmm, reasonZone, nextDay, reasonNext] = reason!;
		expect([day, reasonZone, nextDay, reasonNext]).toEqual([start.day, zone, start.day, nextAllowedAt]);
		// The wall-clock minute the node decided at, between the test's start and end of the run.
		expect(hhmm >= start.hhmm && hhmm <= end.hhmm).toBe(true);
		expect(hhmm >= '02:00' && hhmm < '09:00').toBe(true);
	}
});

test('a lead at midday its time is called and added as before: one request each', async () => {
	sandbox.requests.length = 0;
	const { run, status } = await server.runManually('hoursNoon');
	expect(status).toBe(0);
	expect(sandbox.requestsTo('POST', callPath).map((r) => r.body)).toEqual([{ to: NOON_LEAD.phone, is_testing: true }]);
	expect(sandbox.requestsTo('POST', campaignPath).map((r) => r.body)).toEqual([{ to: NOON_LEAD.phone, is_testing: false, allow_duplicates: false }]);
	const [call] = outputOf(run, 'Make Call').map((item) => item.json);
	const [added] = outputOf(run, 'Add Call').map((item) => item.json);
	expect(call).toMatchObject({ to: NOON_LEAD.phone, status: 'initiated' });
	expect(added).toMatchObject({ status: 'queued', campaign: { id: ACTIVE_CAMPAIGN } });
	expect([call.skipped, added.skipped]).toEqual([undefined, undefined]);
});
