/**
 * Skip Numbers Called Within judges a listed call by when it rang and ended, not only when it was requested
 * (nodes/shared/answers/callMoments.ts): a call placed with a delay (`delay_seconds`, up to an hour: Calling Hours'
 * schedule, Make Call's Delay) is created before it rings, and a call longer than the window started before it. At
 * seconds, hours and days, on the test's clock; Talkover's list as the pages show it (`updated_at`, `duration`),
 * and without the fields openapi.json does not require.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();

const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const agentCalls = `/api/v1/agents/${SALES_AGENT}/calls`;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const make = (windowMinutes: number): INodeParameters => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options: { maxRetries: 0, skipCalledWithinMinutes: windowMinutes } });
const dialled = () => sandbox().requestsTo('POST', callPath).map((r) => (r.body as IDataObject).to);

/** The agent's list holds these calls (every read of it). */
function listed(calls: IDataObject[]): void {
	const data = calls.map((c, i) => ({ id: `c0ffee00-0000-4000-8000-${String(700_000 + i).padStart(12, '0')}`, direction: 'outbound', status: 'completed', ...c }));
	sandbox().inject({ method: 'GET', path: agentCalls, status: 200, body: { success: true, data, pagination: { current_page: 1, last_page: 1, per_page: 100, total: data.length } }, times: Infinity });
}

async function run(phones: string[], windowMinutes: number): Promise<{ outcome: Array<'skipped' | 'dialled'>; output: IDataObject[] }> {
	const { output, error } = await runTalkover({ items: phones.map((phone) => ({ phone })), parameters: make(windowMinutes), credentials: credentials() });
	expect(error).toBeUndefined();
	return { outcome: output!.map((o) => (o.json.skipped === true ? 'skipped' : 'dialled')), output: output!.map((o) => o.json) };
}

describe('a delayed call: requested before the window, rang and ended within it', () => {
	test('a form at 08:10 scheduled its call for 09:00 (delay_seconds 3000), it ended 09:04; the CRM fires again at 09:20 with Skip 60 minutes: not dialled again', async () => {
		const now = clock().time;
		const created = now - 70 * MINUTE;
		listed([{ to: '+15554200001', created_at: iso(created), updated_at: iso(created + 54 * MINUTE), delay_seconds: 3000, duration: 240 }]);
		const { outcome, output } = await run(['+15554200001'], 60);
		expect(outcome).toEqual(['skipped']);
		expect(dialled()).toEqual([]);
		expect(output[0].skipReason).toBe(`Not dialled: this agent already has a call to +15554200001 (completed, created ${iso(created)}, rang or ended as late as ${iso(created + 54 * MINUTE)}) within 1 hour (Options → Skip Numbers Called Within)`);
	});

	test('its delay and length listed without updated_at: the end they give (created 08:10 + 3000 s + 240 s) is within the window', async () => {
		const now = clock().time;
		listed([{ to: '+15554200002', created_at: iso(now - 70 * MINUTE), delay_seconds: 3000, duration: 240 }]);
		expect((await run(['+15554200002'], 60)).outcome).toEqual(['skipped']);
	});

	test('an hour-long call that started before a 30-minute window and ended 25 minutes ago is within it', async () => {
		const now = clock().time;
		listed([{ to: '+15554200003', created_at: iso(now - 90 * MINUTE), updated_at: iso(now - 25 * MINUTE), duration: 3600 }]);
		expect((await run(['+15554200003'], 30)).outcome).toEqual(['skipped']);
	});
});

describe('at seconds, hours and days: the window is compared with the call’s last moment', () => {
	test('seconds: Skip 1 minute, a call requested 10 minutes ago that ended 59 s and exactly 60 s ago is skipped; one that ended 61 s ago is dialled', async () => {
		const now = clock().time;
		const ended = (to: string, ago: number) => ({ to, created_at: iso(now - 10 * MINUTE), updated_at: iso(now - ago), duration: 60 });
		listed([ended('+15554200011', 59 * SECOND), ended('+15554200012', 60 * SECOND), ended('+15554200013', 61 * SECOND)]);
		const { outcome, output } = await run(['+15554200011', '+15554200012', '+15554200013'], 1);
		expect(outcome).toEqual(['skipped', 'skipped', 'dialled']);
		expect(output[1].skipReason).toBe(`Not dialled: this agent already has a call to +15554200012 (completed, created ${iso(now - 10 * MINUTE)}, rang or ended as late as ${iso(now - 60 * SECOND)}) within 1 minute (Options → Skip Numbers Called Within)`);
		expect(dialled()).toEqual(['+15554200013']);
	});

	test('seconds: Skip 1 hour, a call ringing since exactly an hour ago is said to be within the hour', async () => {
		const now = clock().time;
		listed([{ to: '+15554200014', status: 'ringing', created_at: iso(now - HOUR) }]);
		const { outcome, output } = await run(['+15554200014'], 60);
		expect(outcome).toEqual(['skipped']);
		expect(output[0].skipReason).toBe(`Not dialled: this agent already has a call to +15554200014 (ringing, created ${iso(now - HOUR)}) within 1 hour (Options → Skip Numbers Called Within)`);
		expect(dialled()).toEqual([]);
	});

	test('hours: Skip 2 hours, a call requested 2 h 50 min ago with a delay of an hour that ended 1 h 49 min ago is skipped', async () => {
		const now = clock().time;
		listed([{ to: '+15554200021', created_at: iso(now - 170 * MINUTE), updated_at: iso(now - 109 * MINUTE), delay_seconds: 3600, duration: 60 }]);
		expect((await run(['+15554200021'], 120)).outcome).toEqual(['skipped']);
	});

	test('days: Skip 24 hours, a call requested 24 h 30 min ago and ended 23 h 50 min ago is skipped; one ended 24 h 1 s ago is dialled', async () => {
		const now = clock().time;
		listed([
			{ to: '+15554200031', created_at: iso(now - DAY - 30 * MINUTE), updated_at: iso(now - DAY + 10 * MINUTE), delay_seconds: 2400, duration: 0 },
			{ to: '+15554200032', created_at: iso(now - DAY - 30 * MINUTE), updated_at: iso(now - DAY - SECOND), delay_seconds: 1799, duration: 0 },
		]);
		expect((await run(['+15554200031', '+15554200032'], 1440)).outcome).toEqual(['skipped', 'dialled']);
	});
});

describe('an entry without the fields openapi.json does not require: read toward not dialling twice, never an error', () => {
	test('no updated_at, no delay, no duration: the call may have rung up to an hour after it was requested and lasted an hour; requested 1 h 50 min ago it is within Skip 1 minute, 2 h 2 min ago it is not', async () => {
		const now = clock().time;
		listed([
			{ to: '+15554200041', created_at: iso(now - 110 * MINUTE) },
			{ to: '+15554200042', created_at: iso(now - 122 * MINUTE) },
		]);
		const { outcome, output } = await run(['+15554200041', '+15554200042'], 1);
		expect(outcome).toEqual(['skipped', 'dialled']);
		expect(output[0].skipReason).toContain(`listed without a readable updated_at, so it may have rung or ended as late as ${iso(now + 10 * MINUTE)}) within 1 minute`);
	});

	test('an updated_at without a time zone (or not a time at all) is read as missing, not an error; with duration 0 and no delay the call may have rung an hour after it was requested', async () => {
		const now = clock().time;
		listed([
			{ to: '+15554200051', created_at: iso(now - 50 * MINUTE), updated_at: '2026-01-15 11:59:00', duration: 0 },
			{ to: '+15554200052', created_at: iso(now - 62 * MINUTE), updated_at: 'yesterday', duration: 0 },
		]);
		expect((await run(['+15554200051', '+15554200052'], 1)).outcome).toEqual(['skipped', 'dialled']);
	});
});
