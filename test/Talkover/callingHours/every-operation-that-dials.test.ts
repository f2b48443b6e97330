/**
 * Options → Calling Hours, the scenarios every operation that dials must pass, as a table: the operations
 * (rows) × the scenarios (tests), in a run on a clock the test sets (the node's and the sandbox's). Outside
 * the lead's hours nothing reaches Talkover and the item comes out skipped with the next allowed moment;
 * inside them the item is sent as before; the hours hold again when the request leaves after a wait; a lead
 * whose time zone is unknown is refused. A new operation that offers Calling Hours joins by one row. What
 * only one operation has stays beside it: ./make-call.test.ts (Schedule, Batch Interval, a retried
 * execution…), ./add-call.test.ts (no delay, the time Talkover says it will dial).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, useSandbox } from '../../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';

const { sandbox, credentials, clock } = useSandbox();

const NEW_YORK = '+12125550123';

/**
 * An operation that offers Calling Hours: its parameters (without To and Options), where it sends the lead,
 * and, inside the hours, the body it sends for NEW_YORK and what its output item holds.
 */
interface Dialling {
	name: string;
	parameters: INodeParameters;
	path: string;
	sends: IDataObject;
	gives: IDataObject & { status: string };
}

const DIALLING: Dialling[] = [
	{
		name: 'Call → Make',
		parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT) },
		path: `/api/v1/agents/${SALES_AGENT}/call`,
		sends: { to: NEW_YORK, is_testing: false },
		gives: { to: NEW_YORK, status: 'initiated' },
	},
	{
		name: 'Campaign → Add Call',
		parameters: { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN) },
		path: `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`,
		sends: { to: NEW_YORK, is_testing: false, allow_duplicates: false },
		gives: { status: 'queued', campaign: { id: ACTIVE_CAMPAIGN } },
	},
];

describe.each(DIALLING)('$name', (op) => {
	/** 09:00–17:00 in the lead's time on the option's default days (Monday to Friday), with `hours` on top. */
	const node = (hours: IDataObject = {}): INodeParameters => ({ ...op.parameters, to: '={{ $json.phone }}', options: { callingHours: { hours: { from: '09:00', to: '17:00', ...hours } } } });
	const posts = () => sandbox().requestsTo('POST', op.path);

	test('a lead at 02:00 its time (New York): no request at all; the item is skipped with the next moment, 09:00 its time', async () => {
		clock().time = Date.parse('2026-01-15T07:00:00Z');
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: node(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(sandbox().requests).toEqual([]);
		expect(output).toEqual([
			{
				json: {
					to: NEW_YORK,
					skipped: true,
					skipReason:
						"Not dialled: it is Thursday 02:00 for the lead (America/New_York, from the number), outside the Calling Hours (Monday to Friday, 09:00–17:00). The next allowed moment is Thursday 09:00 in the lead's time (2026-01-15T09:00:00-05:00).",
					nextAllowedAt: '2026-01-15T09:00:00-05:00',
					nextAllowedAtUtc: '2026-01-15T14:00:00.000Z',
					timeZone: 'America/New_York',
					timeZoneSource: 'number',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('inside the hours the lead is sent as before: one request, no delay_seconds; the output is not marked skipped or scheduled', async () => {
		clock().time = Date.parse('2026-01-15T14:00:00Z');
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: node(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body)).toEqual([op.sends]);
		expect(output![0].json).toMatchObject(op.gives);
		expect(output![0].json.skipped).toBeUndefined();
		expect(output![0].json.scheduled).toBeUndefined();
	});

	test('the hours hold at the moment the request leaves: a lead answered 429 “wait 90 s” at 16:59:30 its time is not sent again at 17:01; one request; the item is skipped exactly as before sending', async () => {
		clock().time = Date.parse('2026-01-15T21:59:30Z');
		sandbox().inject({ method: 'POST', path: op.path, status: 429, headers: { 'Retry-After': '90' }, body: { success: false, message: 'Rate limit exceeded' }, times: 1 });
		const { output, error } = await runTalkover({ items: [{ phone: NEW_YORK }], parameters: node(), credentials: credentials() });
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		expect(output).toEqual([
			{
				json: {
					to: NEW_YORK,
					skipped: true,
					skipReason:
						"Not dialled: it is Thursday 17:01 for the lead (America/New_York, from the number), outside the Calling Hours (Monday to Friday, 09:00–17:00). The next allowed moment is Friday 09:00 in the lead's time (2026-01-16T09:00:00-05:00).",
					nextAllowedAt: '2026-01-16T09:00:00-05:00',
					nextAllowedAtUtc: '2026-01-16T14:00:00.000Z',
					timeZone: 'America/New_York',
					timeZoneSource: 'number',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('19:30 in Jakarta (hours to 20:00): an Indonesian mobile, maybe in Papua at 21:30, is refused (its zone is unknown), not sent on Jakarta time; the Papua fixed line is skipped until 09:00 its time; the Jakarta fixed lines are sent', async () => {
		clock().time = Date.parse('2026-01-15T12:30:00Z'); // Thursday 19:30 in Jakarta, 21:30 in Jayapura
		const MOBILE = '+62 812 3456 7890';
		const MOBILE_WITH_0 = '+62 0812 3456 7890';
		const JAYAPURA_LINE = '+62967123456';
		// Two Jakarta lines (a campaign refuses the same lead twice): one as Talkover dials it, one with the trunk 0.
		const JAKARTA_LINE = '+62215551234';
		const JAKARTA_LINE_WITH_0 = '+62 021 555 1235';
		const { output, error } = await runTalkover({
			items: [{ phone: MOBILE }, { phone: MOBILE_WITH_0 }, { phone: JAYAPURA_LINE }, { phone: JAKARTA_LINE }, { phone: JAKARTA_LINE_WITH_0 }],
			parameters: node({ to: '20:00' }),
			settings: { continueOnFail: true },
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(posts().map((r) => r.body.to)).toEqual([JAKARTA_LINE, '+62215551235']);
		expect(output!.map((o) => [o.pairedItem, o.json.error ?? o.json.nextAllowedAt ?? o.json.status])).toEqual([
			[{ item: 0 }, expect.stringMatching(/^Calling Hours › Lead's Time Zone \(item 0\): the lead's time zone is unknown/)],
			[{ item: 1 }, expect.stringMatching(/^Calling Hours › Lead's Time Zone \(item 1\): the lead's time zone is unknown/)],
			[{ item: 2 }, '2026-01-16T09:00:00+09:00'],
			[{ item: 3 }, op.gives.status],
			[{ item: 4 }, op.gives.status],
		]);
		expect(output!.slice(3).map((o) => o.json.skipped)).toEqual([undefined, undefined]);
	});
});
