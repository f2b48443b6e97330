/**
 * Call → Make with Options → Calling Hours, in a run on a clock the test sets (the node's and the
 * sandbox's): what only Make Call has. With Outside the Hours → Schedule a call due within an hour goes with
 * delay_seconds; the hours are checked when each item is sent and after every wait (a Delay, Schedule, Skip
 * Numbers Called Within's read); a lead whose zone is unknown; a retried execution. The scenarios it shares
 * with Campaign → Add Call (outside and inside the hours, a 429 at the end of the hours, Jakarta) are one
 * table: ./every-operation-that-dials.test.ts.
 */
import type { IDataObject, INodeParameters, IRun, IRunExecutionData } from 'n8n-workflow';

import { runChain, runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials, clock } = useSandbox();
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const posts = () => sandbox().requestsTo('POST', callPath);

/** Mon–Fri 09:00–17:00 in the lead's time (the option's defaults), with `hours` on top; other Options beside. */
const make = (hours: IDataObject = {}, options: IDataObject = {}): INodeParameters => ({
	resource: 'call',
	operation: 'make',
	agentId: byId(SALES_AGENT),
	to: '={{ $json.phone }}',
	options: { callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '09:00', to: '17:00', ...hours } }, ...options },
});

const NEW_YORK = '+12125550123';
const BERLIN = '+4930123456';
const SYDNEY = '+61212345678'; // a Sydney fixed line (an Australian mobile may be anywhere in Australia: its zone is unknown)

test('four leads at 07:00 UTC: only the one inside its hours (Tokyo, 16:00, by the mapped field) is dialled; each item keeps its place', async () => {
	clock().time = Date.parse('2026-01-15T07:00:00Z');
	const leads = [{ phone: NEW_YORK }, { phone: BERLIN, timezone: 'Asia/Tokyo' }, { phone: SYDNEY }, { phone: BERLIN }];
	// New York 02:00 (skipped), Tokyo 16:00 by the mapped field (dialled), Sydney 18:00 (skipped), Berlin 08:00 (skipped).
	const { output, error } = await runTalkover({ items: leads, parameters: make({ timeZone: '={{ $json.timezone }}' }), credentials: credentials() });
	expect(error).toBeUndefined();
	expect(posts().map((r) => r.body.to)).toEqual([BERLIN]);
	expect(output!.map((o) => [o.pairedItem, o.json.skipped ?? false, o.json.nextAllowedAt ?? o.json.status, o.json.timeZoneSource ?? null])).toEqual([
		[{ item: 0 }, true, '2026-01-15T09:00:00-05:00', 'number'],
		[{ item: 1 }, false, 'initiated', null],
		[{ item: 2 }, true, '2026-01-16T09:00:00+11:00', 'number'],
		[{ item: 3 }, true, '2026-01-15T09:00:00+01:00', 'number'],
	]);
});

describe('Outside the Hours → Schedule With a Delay When Within an Hour', () => {
	test('at 08:30 the lead’s time: one request with delay_seconds 1800; the output is the call, marked scheduled for 09:00', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: make({ outsideHours: 'delay' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body)).toEqual([{ to: NEW_YORK, is_testing: false, delay_seconds: 1800 }]);
		expect(output![0].json).toMatchObject({
			id: sandbox().calls.at(-1)!.id,
			status: 'initiated',
			scheduled: true,
			scheduledFor: '2026-01-15T09:00:00-05:00',
			scheduledForUtc: '2026-01-15T14:00:00.000Z',
			delaySeconds: 1800,
			timeZone: 'America/New_York',
			scheduleReason: expect.stringMatching(/^Placed with a delay of 1800 seconds: it is Thursday 08:30 for the lead/),
		});
	});

	test('at 07:59 the lead’s time (more than an hour before): skipped, nothing sent', async () => {
		clock().time = Date.parse('2026-01-15T12:59:00Z');
		const { output } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: make({ outsideHours: 'delay' }), credentials: credentials() });
		expect(sandbox().requests).toEqual([]);
		expect(output![0].json).toMatchObject({ skipped: true, nextAllowedAt: '2026-01-15T09:00:00-05:00' });
	});

	test('a Delay set in Additional Fields counts: 08:30 with 60 s sends the whole 1800 s', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		await runTalkover({ items: [{ phone: NEW_YORK }], parameters: { ...make({ outsideHours: 'delay' }), additionalFields: { delaySeconds: 60 } }, credentials: credentials() });
		expect(posts().map((r) => r.body.delay_seconds)).toEqual([1800]);
	});
});

test('the hours are checked when each item is sent: with a Batch Interval of 10 minutes from 16:55, the first lead is dialled and the second, due at 17:05, is skipped', async () => {
	clock().time = Date.parse('2026-01-15T21:55:00Z');
	const { output } = await runTalkover({
		items: [{ phone: NEW_YORK }, { phone: '+12125550124' }],
		parameters: make({}, { concurrency: 'fixed', batchSize: 1, batchInterval: 600_000 }),
		credentials: credentials(),
	});
	expect(posts().map((r) => r.body.to)).toEqual([NEW_YORK]);
	expect(output!.map((o) => o.json.skipped ?? false)).toEqual([false, true]);
	expect(output![1].json.skipReason).toContain('it is Thursday 17:05 for the lead');
});

test('outside the hours, Skip Numbers Called Within reads nothing either: no request at all', async () => {
	clock().time = Date.parse('2026-01-15T07:00:00Z');
	const { output } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: make({}, { skipCalledWithinMinutes: 1440 }), credentials: credentials() });
	expect(sandbox().requests).toEqual([]);
	expect(output![0].json.skipped).toBe(true);
});

describe('a lead whose time zone is unknown (no zone mapped, a number of several zones)', () => {
	const unknown = '+15552223333';

	test('refused by default: the run stops before anything is sent, naming the field and the item', async () => {
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		const { error } = await runTalkover({ items: [{ phone: NEW_YORK }, { phone: unknown }], parameters: make(), credentials: credentials() });
		expect(error?.message).toBe(
			"Calling Hours › Lead's Time Zone (item 1): the lead's time zone is unknown (the field is empty, and the number does not tell one time zone: it may be in several that do not show the same time now, or its prefix names none), so the call is refused; map the lead's time zone, or choose another answer in When the Time Zone Is Unknown",
		);
		expect(sandbox().requests).toEqual([]);
	});

	test('with Continue On Fail: an error item, and the other lead is dialled', async () => {
		clock().time = Date.parse('2026-01-15T15:00:00Z');
		const { output } = await runTalkover({ items: [{ phone: NEW_YORK }, { phone: unknown }], parameters: make(), settings: { continueOnFail: true }, credentials: credentials() });
		expect(posts().map((r) => r.body.to)).toEqual([NEW_YORK]);
		expect(output![1]).toEqual({ json: { error: expect.stringMatching(/^Calling Hours › Lead's Time Zone \(item 1\)/), message: expect.any(String) }, pairedItem: { item: 1 } });
	});

	test('Dial Anyway: dialled at 02:00 New York time', async () => {
		clock().time = Date.parse('2026-01-15T07:00:00Z');
		await runTalkover({ items: [{ phone: unknown }], parameters: make({ whenZoneUnknown: 'dial' }), credentials: credentials() });
		expect(posts().map((r) => r.body.to)).toEqual([unknown]);
	});
});

test('a failed execution retried at night: the call it had placed comes out as placed (alreadyPlaced), the others skipped by the hours; nothing is sent', async () => {
	const leads = [{ phone: NEW_YORK }, { phone: '+12125550124' }, { phone: '+12125550125' }];
	// 10:00 in New York: the first lead is called, Talkover refuses the second, the run stops.
	clock().time = Date.parse('2026-01-15T15:00:00Z');
	sandbox().inject({ method: 'POST', path: callPath, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body.to === leads[1].phone });
	const failed = await runChain({ items: leads, nodes: [{ name: 'Make Call', parameters: make() }], credentials: credentials() });
	expect(failed.data.resultData.error?.message).toMatch(/could not be placed/);
	expect(posts()).toHaveLength(2);
	// n8n's Retry hands over the saved data without the failed run; it runs at 02:00 in New York.
	const data = JSON.parse(JSON.stringify(failed.data)) as IRunExecutionData;
	delete data.resultData.error;
	data.resultData.runData['Make Call'].pop();
	clock().time = Date.parse('2026-01-16T07:00:00Z');
	const retried: IRun = await runChain({ items: leads, nodes: [{ name: 'Make Call', parameters: make() }], credentials: credentials(), retryOf: data });
	expect(retried.data.resultData.error).toBeUndefined();
	expect(posts()).toHaveLength(2);
	const output = retried.data.resultData.runData['Make Call'].at(-1)!.data!.main[0]!.map((o) => o.json);
	expect(output.map((o) => [o.alreadyPlaced ?? false, o.skipped, o.nextAllowedAt ?? null])).toEqual([
		[true, true, null],
		[false, true, '2026-01-16T09:00:00-05:00'],
		[false, true, '2026-01-16T09:00:00-05:00'],
	]);
});

describe('the hours hold at the moment the call leaves, after every wait', () => {
	const RATE_LIMITED = (seconds: number) => ({ status: 429, headers: { 'Retry-After': String(seconds) }, body: { success: false, message: 'Rate limit exceeded' } });

	test('Skip Numbers Called Within’s read answered 429 “wait 90 s” at 16:59:30: the call is not sent at 17:01', async () => {
		clock().time = Date.parse('2026-01-15T21:59:30Z');
		sandbox().inject({ method: 'GET', path: `/api/v1/agents/${SALES_AGENT}/calls`, ...RATE_LIMITED(90), times: 1 });
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: make({}, { skipCalledWithinMinutes: 60 }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests.map((r) => r.method)).toEqual(['GET', 'GET']);
		expect(output![0].json).toMatchObject({ skipped: true, nextAllowedAt: '2026-01-16T09:00:00-05:00' });
		expect(output![0].json.skipReason).toContain('it is Thursday 17:01 for the lead');
	});

	test('a Delay of 600 s given at 16:45, answered 429 “wait 300 s”: at 16:50 the call would start at 17:00, so it is not sent again', async () => {
		clock().time = Date.parse('2026-01-15T21:45:00Z');
		sandbox().inject({ method: 'POST', path: callPath, ...RATE_LIMITED(300), times: 1 });
		const { output } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: { ...make(), additionalFields: { delaySeconds: 600 } }, credentials: credentials() });
		expect(posts().map((r) => r.body.delay_seconds)).toEqual([600]);
		expect(output![0].json).toMatchObject({ skipped: true, nextAllowedAt: '2026-01-16T09:00:00-05:00' });
		expect(output![0].json.skipReason).toMatch(/^Not dialled: with the Delay of 600 seconds the call would start Thursday 17:00 for the lead/);
	});

	test('Schedule at 08:30, answered 429 “wait 240 s”: sent again at 08:34 with the delay of then (1560 s), the output says so', async () => {
		clock().time = Date.parse('2026-01-15T13:30:00Z');
		sandbox().inject({ method: 'POST', path: callPath, ...RATE_LIMITED(240), times: 1 });
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: make({ outsideHours: 'delay' }), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.delay_seconds)).toEqual([1800, 1560]);
		expect(output![0].json).toMatchObject({ scheduled: true, scheduledFor: '2026-01-15T09:00:00-05:00', delaySeconds: 1560 });
		expect(output![0].json.scheduleReason).toMatch(/^Placed with a delay of 1560 seconds: it is Thursday 08:34 for the lead/);
	});

	test('a call not sent at the moment it would leave does not count against Max Calls per Execution: the next lead is dialled', async () => {
		clock().time = Date.parse('2026-01-15T21:59:30Z');
		sandbox().inject({ method: 'POST', path: callPath, ...RATE_LIMITED(90), times: 1, when: (r) => r.body.to === NEW_YORK });
		// New York: 429, then 17:01 (withheld); the second lead, in Los Angeles by the mapped field (14:01 there), is dialled.
		const { output, error } = await runTalkover({
			items: [{ phone: NEW_YORK, timezone: 'America/New_York' }, { phone: BERLIN, timezone: 'America/Los_Angeles' }],
			parameters: make({ timeZone: '={{ $json.timezone }}' }, { maxCallsPerExecution: 1, concurrency: 'fixed', batchSize: 1 }),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([NEW_YORK, BERLIN]);
		expect(output!.map((o) => o.json.skipped ?? o.json.status)).toEqual([true, 'initiated']);
	});
});

describe('19:30 in Jakarta (Monday to Friday, 09:00–20:00): an Indonesian mobile may be in Papua, where it is 21:30', () => {
	const MOBILE_WITH_0 = '+62 0812 3456 7890';

	test('without Continue On Fail the run stops before anything is sent; Dial Anyway dials the mobile as the number Talkover dials (+62 812 …)', async () => {
		clock().time = Date.parse('2026-01-15T12:30:00Z');
		const { error } = await runTalkover({ items: [{ phone: MOBILE_WITH_0 }], parameters: make({ to: '20:00' }), credentials: credentials() });
		expect(error?.message).toMatch(/^Calling Hours › Lead's Time Zone \(item 0\): the lead's time zone is unknown/);
		expect(sandbox().requests).toEqual([]);
		await runTalkover({ items: [{ phone: MOBILE_WITH_0 }], parameters: make({ to: '20:00', whenZoneUnknown: 'dial' }), credentials: credentials() });
		expect(posts().map((r) => r.body.to)).toEqual(['+6281234567890']);
	});
});
