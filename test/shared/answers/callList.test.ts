/**
 * The readers of Talkover's calls that Skip Numbers Called Within decides with: a list of calls (Get Agent
 * Calls, List Calls), Get Campaign's calls, a call's time and status. Each reader reads every documented
 * 2xx answer of its routes (pages and openapi.json) without an error.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import type { CallEntry } from '../../../nodes/shared/answers/callList';
import { callListReader, isOutbound, placedByAgent, readCallEntries, readCallEntry } from '../../../nodes/shared/answers/callList';
import { readTalkoverTime } from '../../../nodes/shared/answers/callTime';
import { campaignCallsReader } from '../../../nodes/shared/answers/campaignCalls';
import { AnswerProblem } from '../../../nodes/shared/answers/reader';
import { CALL_STATUSES, hasEnded, hasNotRungYet, isDocumentedStatus } from '../../../nodes/Talkover/callStatus';
import { answersOf, recordOf } from '../../contract/documented';

const ok = (route: string) => answersOf(route).filter((a) => a.status >= 200 && a.status < 300);

describe('a list of calls: every documented answer is read', () => {
	test.each(callListReader.routes.flatMap((route) => ok(route).map((a) => [route, a.id, a] as const)))('%s: %s', (_route, _id, answer) => {
		const listed = recordOf(answer.body) as Array<Record<string, unknown>>;
		const calls = callListReader.read(answer.body);
		expect(calls.map((c) => c.call)).toEqual(listed);
		expect(calls.map((c) => c.to)).toEqual(listed.map((c) => c.to));
		expect(calls.map((c) => c.createdAt)).toEqual(listed.map((c) => Date.parse(String(c.created_at))));
		expect(calls.map((c) => c.status)).toEqual(listed.map((c) => c.status));
		expect(calls.map((c) => c.direction)).toEqual(listed.map((c) => c.direction));
		expect(calls.map((c) => c.agentId)).toEqual(listed.map((c) => (c.agent as { id?: string } | undefined)?.id));
	});

	test('every route the node reads calls from has a documented 2xx answer from each document', () => {
		for (const route of callListReader.routes) {
			expect(ok(route).map((a) => a.source.file).sort()).toEqual([expect.stringMatching(/\.mdx$/), 'openapi.json'].sort());
		}
	});

	test.each([
		['no data', { success: true }, 'the list of calls is missing'],
		['data is an object', { success: true, data: { calls: [] } }, 'the list of calls is missing'],
		['success: false', { success: false, data: [] }, 'success: false'],
		['no body', null, 'the list of calls is missing'],
	])('an answer that is no list of calls (%s) is an AnswerProblem', (_name, body, message) => {
		expect(() => callListReader.read(body)).toThrow(AnswerProblem);
		expect(() => callListReader.read(body)).toThrow(message);
	});

	test('whose call it is: agent.id (List Calls), else agent_id; numbers as text', () => {
		const at = '2024-01-01T00:00:00Z';
		expect(readCallEntry({ to: '+1 555', created_at: at, agent: { id: 'a-1' }, agent_id: 'a-2' }).agentId).toBe('a-1');
		expect(readCallEntry({ to: '+1 555', created_at: at, agent: null, agent_id: 'a-2' }).agentId).toBe('a-2');
		expect(readCallEntry({ to: '+1 555', created_at: at, agent_id: 7 }).agentId).toBe('7');
		expect(readCallEntry({ to: '+1 555', created_at: at, status: { code: 'x' }, direction: 1 })).toMatchObject({ status: undefined, direction: '1', agentId: undefined });
	});

	test.each([
		['null', null, 'a call is not an object'],
		['a text', 'call-1', 'a call is not an object'],
		['a list', [], 'a call is not an object'],
		['no to', { created_at: '2024-01-01T00:00:00Z' }, 'a call has no number (to)'],
		['to without digits', { to: '+ ()', created_at: '2024-01-01T00:00:00Z' }, 'a call has no number (to)'],
		['to as a number', { to: 15550000000, created_at: '2024-01-01T00:00:00Z' }, 'a call has no number (to)'],
		['no created_at', { to: '+15550000000' }, 'a call has no creation time (created_at)'],
		['created_at null', { to: '+15550000000', created_at: null }, 'a call has no creation time (created_at)'],
		['created_at empty', { to: '+15550000000', created_at: '' }, 'a call has no creation time (created_at)'],
		['created_at a number', { to: '+15550000000', created_at: 1704067200 }, 'its creation time (created_at) is not a text'],
		['created_at without a zone', { to: '+15550000000', created_at: '2024-01-01T00:00:00' }, '"2024-01-01T00:00:00" names no time zone'],
	])('an entry that cannot tell which number was called when (%s) is an AnswerProblem', (_name, entry, message) => {
		expect(() => readCallEntry(entry)).toThrow(AnswerProblem);
		expect(() => readCallEntry(entry)).toThrow(message);
		expect(() => readCallEntries([{ to: '+15550000001', created_at: '2024-01-01T00:00:00Z' }, entry])).toThrow(message);
	});
});

describe("a campaign's calls: every documented Get Campaign answer is read", () => {
	test.each(ok('GET /campaigns/{}').map((a) => [a.id, a] as const))('%s', (_id, answer) => {
		const campaign = recordOf(answer.body) as { calls?: Array<{ id: string }>; agent_id: string };
		const read = campaignCallsReader.read(answer.body);
		if (campaign.calls) expect('calls' in read && read.calls.map((c) => c.call.id)).toEqual(campaign.calls.map((c) => c.id));
		else expect(read).toEqual({ agentId: campaign.agent_id });
	});

	test('the page’s answer lists 2 of its 100 calls (stats.total_calls): its calls and its agent, whose calls are read too; openapi.json’s bare Campaign names its agent', () => {
		const reads = ok('GET /campaigns/{}').map((a) => [a.source.file, Object.keys(campaignCallsReader.read(a.body))]);
		expect(reads).toEqual([
			['get-campaign.mdx', ['calls', 'agentId']],
			['openapi.json', ['agentId']],
		]);
	});

	test.each([
		['no campaign', { success: true, data: null }, 'the campaign is missing'],
		['a list', [], 'the campaign is missing'],
		['success: false', { success: false, data: { calls: [] } }, 'success: false'],
		['no calls, no agent', { success: true, data: { id: 'c' } }, 'names no agent (agent_id)'],
		['no calls, an empty agent_id', { id: 'c', agent_id: ' ' }, 'names no agent (agent_id)'],
		['calls that are not a list', { id: 'c', calls: {}, agent_id: 'a' }, 'the list of calls is missing'],
		['calls: null', { id: 'c', calls: null, agent_id: 'a' }, 'the list of calls is missing'],
	])('an answer that gives no way to know (%s) is an AnswerProblem', (_name, body, message) => {
		expect(() => campaignCallsReader.read(body)).toThrow(AnswerProblem);
		expect(() => campaignCallsReader.read(body)).toThrow(message);
	});

	test('a campaign without calls names its agent as agent_id or agent.id', () => {
		expect(campaignCallsReader.read({ id: 'c', agent: { id: 'a-1' } })).toEqual({ agentId: 'a-1' });
		expect(campaignCallsReader.read({ success: true, data: { id: 'c', agent_id: 'a-2', agent: { id: 'a-1' } } })).toEqual({ agentId: 'a-2' });
		expect(campaignCallsReader.read({ id: 'c', calls: [], agent_id: 'a-2' })).toEqual({ calls: [] });
	});
});

describe("a call's time is read exactly, or refused", () => {
	test.each([
		['2024-01-01T00:00:00Z', Date.UTC(2024, 0, 1)],
		['2024-01-01t00:00:00z', Date.UTC(2024, 0, 1)],
		['2024-01-01 09:00:00+09:00', Date.UTC(2024, 0, 1)],
		['2023-12-31T19:00:00-05:00', Date.UTC(2024, 0, 1)],
		['2024-01-01T05:30:00+0530', Date.UTC(2024, 0, 1)],
		['2024-01-01T02:00:00+02', Date.UTC(2024, 0, 1)],
		['2024-01-01T00:00:00.5Z', Date.UTC(2024, 0, 1, 0, 0, 0, 500)],
		['2024-01-01T00:00:00,250+00:00', Date.UTC(2024, 0, 1, 0, 0, 0, 250)],
		['2024-01-01T00:00:00.123456789Z', Date.UTC(2024, 0, 1, 0, 0, 0, 123)],
		['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
	])('%s', (text, ms) => {
		expect(readTalkoverTime(text, 'the time')).toBe(ms);
	});

	test.each([
		['2024-01-01T00:00:00', 'names no time zone'],
		['2024-01-01 00:00:00', 'names no time zone'],
		['2024-01-01T00:00', 'names no time zone'],
		['2024-01-01', 'names no time zone'],
		['2024-01-01T00:00:00.5', 'names no time zone'],
		['2024-13-01T00:00:00Z', 'is not a date and time'],
		['2023-02-29T00:00:00Z', 'is not a date and time'],
		['2024-01-00T00:00:00Z', 'is not a date and time'],
		['2024-01-01T24:00:00Z', 'is not a date and time'],
		['2024-01-01T00:60:00Z', 'is not a date and time'],
		['2024-01-01T00:00:61Z', 'is not a date and time'],
		['2024-01-01T00:00:00+24:00', 'is not a date and time'],
		['2024-01-01T00:00:00+01:60', 'is not a date and time'],
		['Mon, 01 Jan 2024 00:00:00 GMT', 'is not a date and time'],
		[' 2024-01-01T00:00:00Z', 'is not a date and time'],
		['2024-01-01T00:00:00Z ', 'is not a date and time'],
		['', 'is missing'],
		[' ', 'is missing'],
		[undefined, 'is not a text'],
		[1704067200000, 'is not a text'],
	])('%j: %s', (text, problem) => {
		expect(() => readTalkoverTime(text, 'the time')).toThrow(AnswerProblem);
		expect(() => readTalkoverTime(text, 'the time')).toThrow(`the time ${problem.startsWith('is ') && !problem.startsWith('is not a date') ? problem : `"${text}" ${problem}`}`);
	});

	test.each(['UTC', 'Asia/Tokyo', 'America/New_York'])('in an n8n server whose zone is %s: the same moments, the same refusals', (zone) => {
		const times = ['2024-01-01T00:00:00Z', '2024-01-01T09:00:00+09:00', '2024-07-01T00:00:00-04:00', '2024-01-01T00:00:00', '2024-01-01 00:00:00'];
		const child = spawnSync(process.execPath, [path.join(__dirname, '../../../scripts/run-ts.js'), path.join(__dirname, '../../helpers/readCallTimes.ts'), ...times], {
			env: { ...process.env, TZ: zone },
			encoding: 'utf8',
		});
		expect(child.stderr).toBe('');
		const { offsetMinutes, results } = JSON.parse(child.stdout) as { offsetMinutes: number; results: Array<{ ms?: number; problem?: string }> };
		// The child really runs in that zone.
		expect(offsetMinutes).toBe({ UTC: 0, 'Asia/Tokyo': -540, 'America/New_York': 300 }[zone]);
		expect(results.map((r) => r.ms ?? r.problem)).toEqual([
			Date.UTC(2024, 0, 1),
			Date.UTC(2024, 0, 1),
			Date.UTC(2024, 6, 1, 4),
			'the call to +15550000000: its creation time (created_at) "2024-01-01T00:00:00" names no time zone, so the moment it means cannot be known without a guess (Talkover documents times with one, e.g. 2024-01-01T00:00:00Z)',
			'the call to +15550000000: its creation time (created_at) "2024-01-01 00:00:00" names no time zone, so the moment it means cannot be known without a guess (Talkover documents times with one, e.g. 2024-01-01T00:00:00Z)',
		]);
	});
});

describe('call statuses: every one a document names, and what an unknown one means', () => {
	test('ended: completed, failed, busy, no-answer, no_answer, voicemail; not ended: the others any document names', () => {
		expect(CALL_STATUSES.filter((s) => s.ended).map((s) => s.status)).toEqual(['completed', 'failed', 'busy', 'no-answer', 'no_answer', 'voicemail']);
		expect(CALL_STATUSES.filter((s) => !s.ended).map((s) => s.status)).toEqual(['initiated', 'ringing', 'answered', 'in-progress', 'external', 'queued', 'scheduled', 'started', 'retry_scheduled']);
		for (const s of CALL_STATUSES) expect(s.sources.length).toBeGreaterThan(0);
	});

	test('every status in openapi.json’s Call and the call pages’ status lists is known', () => {
		const documented = ['initiated', 'ringing', 'answered', 'completed', 'failed', 'busy', 'no-answer', 'in-progress', 'queued', 'scheduled'];
		for (const status of documented) expect(isDocumentedStatus(status)).toBe(true);
	});

	test.each([
		['completed', true],
		['Completed', true],
		['VOICEMAIL', true],
		['answered', false],
		['retry_scheduled', false],
		['pending', false],
		['active', false],
		['in_progress', false],
		[undefined, false],
		[null, false],
		[3, false],
	])('%j has ended: %s', (status, ended) => {
		expect(hasEnded(status)).toBe(ended);
	});

	test.each([
		['queued', true],
		['Scheduled', true],
		['SCHEDULED', true],
		['retry_scheduled', false],
		['started', false],
		['initiated', false],
		['ringing', false],
		['completed', false],
		['pending', false],
		[undefined, false],
		[null, false],
		[3, false],
	])('%j has not rung yet: %s (only a queued or scheduled call waits to be dialled)', (status, notRung) => {
		expect(hasNotRungYet(status)).toBe(notRung);
	});

	test.each([['pending'], ['active'], ['in_progress'], [undefined], [7]])('%j is not a documented status', (status) => {
		expect(isDocumentedStatus(status)).toBe(false);
	});
});

describe('whose call a listed call is', () => {
	const listed = (fields: Partial<CallEntry>): CallEntry => ({ call: {}, to: '+15550000000', createdAt: 0, ...fields });
	test.each([
		{ entry: listed({}), agent: 'a1', outbound: true, agents: true, why: 'an entry that names neither agent nor direction is the list’s answer' },
		{ entry: listed({ direction: 'outbound', agentId: 'a1' }), agent: 'a1', outbound: true, agents: true, why: 'the agent’s outbound call' },
		{ entry: listed({ direction: 'OUTBOUND', agentId: 'A1' }), agent: 'a1', outbound: true, agents: true, why: 'in another letter case' },
		{ entry: listed({ direction: 'inbound', agentId: 'a1' }), agent: 'a1', outbound: false, agents: false, why: 'an inbound call' },
		{ entry: listed({ direction: 'outbound', agentId: 'a2' }), agent: 'a1', outbound: true, agents: false, why: 'another agent’s call' },
		{ entry: listed({ agentId: 'a2' }), agent: 'a1', outbound: true, agents: false, why: 'another agent’s call without a direction' },
	])('$why', ({ entry, agent, outbound, agents }) => {
		expect(isOutbound(entry)).toBe(outbound);
		expect(placedByAgent(entry, agent)).toBe(agents);
	});
});
