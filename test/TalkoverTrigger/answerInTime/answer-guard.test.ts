/**
 * The agent tool's answer guard (nodes/TalkoverTrigger/sources/answerInTime.ts) on a response object that
 * records every call, on the TestClock: what a caller hears, and when; and what counts as an answer with
 * nothing to say.
 */
import type { AnswerOutcome, GuardedResponse, WorkflowAnswer } from '../../../nodes/TalkoverTrigger/sources/answerInTime';
import { answerInTime, saysNothing } from '../../../nodes/TalkoverTrigger/sources/answerInTime';
import { useTestClock } from '../../helpers/clock';

const clock = useTestClock();
const FALLBACK = { message: 'One moment.' };

const turn = async () => {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** A response like Node's/Express's that records what reached the client (`sent`) and every call made. */
function recorder(parts: { send?: boolean; end?: boolean; on?: boolean } = {}) {
	const sent: Array<{ how: string; status: number; body?: unknown }> = [];
	const calls: string[] = [];
	let close: (() => void) | undefined;
	const res = {
		statusCode: 200,
		headersSent: false,
		writableEnded: false,
		status(code: number) {
			calls.push(`status ${code}`);
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			calls.push('json');
			expect(this).toBe(res);
			sent.push({ how: 'json', status: this.statusCode, body });
			this.headersSent = true;
			this.writableEnded = true;
			return this;
		},
		send: undefined as undefined | ((body: unknown) => unknown),
		end: undefined as undefined | ((...args: unknown[]) => unknown),
		on: undefined as undefined | ((event: string, listener: () => void) => unknown),
		setHeader: () => calls.push('setHeader'),
		header: () => calls.push('header'),
		set: () => calls.push('set'),
		writeHead: () => calls.push('writeHead'),
		write: () => calls.push('write'),
	};
	if (parts.send !== false) {
		res.send = function (this: typeof res, body: unknown) {
			calls.push('send');
			expect(this).toBe(res);
			sent.push({ how: 'send', status: this.statusCode, body });
			this.headersSent = true;
			this.writableEnded = true;
			return this;
		};
	}
	if (parts.end !== false) {
		res.end = function (this: typeof res, ...args: unknown[]) {
			calls.push(`end ${args.length}`);
			expect(this).toBe(res);
			sent.push({ how: 'end', status: this.statusCode, body: args[0] });
			this.headersSent = true;
			this.writableEnded = true;
			return this;
		};
	}
	if (parts.on !== false) {
		res.on = (event: string, listener: () => void) => {
			calls.push(`on ${event}`);
			if (event === 'close') close = listener;
			return res;
		};
	}
	return { res, sent, calls, hangUp: () => close?.() };
}

function guard(limitMs = 5_000, parts?: Parameters<typeof recorder>[0]) {
	const r = recorder(parts);
	const outcomes: AnswerOutcome[] = [];
	const heard: WorkflowAnswer[] = [];
	answerInTime(
		r.res as unknown as GuardedResponse,
		limitMs,
		FALLBACK,
		(o) => outcomes.push(o),
		(a) => heard.push(a),
	);
	return { ...r, outcomes, heard, api: r.res as unknown as GuardedResponse };
}
describe('the agent tool’s answer guard', () => {
	test('the workflow answers in time with json: its answer goes out untouched, once; the wait for the limit ends', async () => {
		clock().hold();
		const g = guard(7_000);
		expect(clock().waits).toEqual([7_000]);
		expect(g.api.status(201).json({ caller: 'Ada' })).toBe(g.res);
		expect(g.sent).toEqual([{ how: 'json', status: 201, body: { caller: 'Ada' } }]);
		expect(g.outcomes).toEqual(['workflow']);
		expect(g.heard).toEqual([{ status: 201, method: 'json', body: { caller: 'Ada' } }]);
		expect(clock().pending).toBe(0);
		clock().release();
		await turn();
		expect(g.sent).toHaveLength(1);
		expect(g.outcomes).toEqual(['workflow']);
	});

	test('the workflow answers with send (text): it goes out through send, heard as send', () => {
		clock().hold();
		const g = guard();
		g.api.send!('Ada Lovelace');
		expect(g.sent).toEqual([{ how: 'send', status: 200, body: 'Ada Lovelace' }]);
		expect(g.heard).toEqual([{ status: 200, method: 'send', body: 'Ada Lovelace' }]);
		expect(g.outcomes).toEqual(['workflow']);
	});

	/** A response whose json calls this.send, as Express's does. */
	function expressJson(limitMs: number) {
		const r = recorder();
		r.res.json = function (this: typeof r.res, body: unknown) {
			r.calls.push('json');
			return (this.send as (b: unknown) => unknown).call(this, JSON.stringify(body));
		} as typeof r.res.json;
		const outcomes: AnswerOutcome[] = [];
		answerInTime(r.res as unknown as GuardedResponse, limitMs, FALLBACK, (o) => outcomes.push(o));
		return { ...r, outcomes, api: r.res as unknown as GuardedResponse };
	}

	test('Express’s json calls send: the workflow’s answer and the fallback both go out through the real send', async () => {
		clock().hold();
		const answer = expressJson(5_000);
		answer.api.json({ caller: 'Ada' });
		expect(answer.sent).toEqual([{ how: 'send', status: 200, body: '{"caller":"Ada"}' }]);
		expect(answer.outcomes).toEqual(['workflow']);
		const late = expressJson(1_000);
		clock().release();
		await turn();
		expect(late.sent).toEqual([{ how: 'send', status: 200, body: JSON.stringify(FALLBACK) }]);
		expect(late.outcomes).toEqual(['timeLimit']);
	});

	test('a failure (500 or more) gets the fallback, 200; 499 is the workflow’s answer', () => {
		clock().hold();
		for (const status of [500, 503]) {
			const g = guard();
			g.api.status(status).json({ message: 'Error in workflow' });
			expect(g.sent).toEqual([{ how: 'json', status: 200, body: FALLBACK }]);
			expect(g.outcomes).toEqual(['failure']);
			expect(g.heard).toEqual([{ status, method: 'json', body: { message: 'Error in workflow' } }]);
		}
		const g = guard();
		g.api.status(499).json({ message: 'Client closed' });
		expect(g.sent).toEqual([{ how: 'json', status: 499, body: { message: 'Client closed' } }]);
		expect(g.outcomes).toEqual(['workflow']);
	});

	test('an answer with nothing in it (json or send) gets the fallback, outcome "empty"', () => {
		clock().hold();
		const j = guard();
		j.api.json({});
		expect(j.sent).toEqual([{ how: 'json', status: 200, body: FALLBACK }]);
		expect(j.outcomes).toEqual(['empty']);
		const s = guard();
		s.api.send!('');
		expect(s.sent).toEqual([{ how: 'json', status: 200, body: FALLBACK }]);
		expect(s.outcomes).toEqual(['empty']);
	});

	test('no answer by the limit: the fallback at the limit (200), then every later write is dropped but the late answer is heard with its status', async () => {
		clock().hold();
		const g = guard(3_000);
		g.api.status(404);
		clock().release();
		await turn();
		expect(g.sent).toEqual([{ how: 'json', status: 200, body: FALLBACK }]);
		expect(g.outcomes).toEqual(['timeLimit']);
		expect(g.api.status(202)).toBe(g.res);
		expect(g.api.json({ late: true })).toBe(g.res);
		expect(g.heard).toEqual([{ status: 202, method: 'json', body: { late: true } }]);
		expect(g.api.send!('later')).toBe(g.res);
		const before = g.calls.length;
		expect(g.api.setHeader!('a', 'b')).toBe(g.res);
		expect(g.api.header!('a', 'b')).toBe(g.res);
		expect(g.api.set!('a', 'b')).toBe(g.res);
		expect(g.api.writeHead!(200)).toBe(g.res);
		expect(g.api.end!('x')).toBe(g.res);
		expect(g.api.write!('x')).toBe(true);
		expect(g.calls.length).toBe(before);
		expect(g.sent).toHaveLength(1);
		expect(g.heard).toHaveLength(1);
		expect(g.outcomes).toEqual(['timeLimit']);
	});

	test('the late answer after the fallback without a status of its own is heard as 200; only the first write is heard', async () => {
		clock().hold();
		const g = guard(1_000);
		clock().release();
		await turn();
		g.api.send!('late text');
		g.api.json({ later: true });
		expect(g.heard).toEqual([{ status: 200, method: 'send', body: 'late text' }]);
	});

	test('the limit passes after something was already sent another way (headers sent or the response ended): nothing more is written', async () => {
		for (const field of ['headersSent', 'writableEnded'] as const) {
			clock().hold();
			const g = guard(2_000, { on: false });
			g.res[field] = true;
			clock().release();
			await turn();
			expect(g.sent).toEqual([]);
			expect(g.outcomes).toEqual(['timeLimit']);
		}
	});

	test('the client gives up first (the connection closes, nothing written): outcome "gaveUp", the limit’s wait ends, nothing is written then or at the limit; the workflow’s answer is still heard', async () => {
		clock().hold();
		const g = guard(4_000);
		expect(g.calls).toContain('on close');
		expect(clock().pending).toBe(1);
		g.hangUp();
		expect(g.outcomes).toEqual(['gaveUp']);
		expect(clock().pending).toBe(0);
		clock().release();
		await turn();
		expect(g.sent).toEqual([]);
		expect(g.api.status(200).json({ booked: true })).toBe(g.res);
		expect(g.sent).toEqual([]);
		expect(g.heard).toEqual([{ status: 200, method: 'json', body: { booked: true } }]);
		expect(g.outcomes).toEqual(['gaveUp']);
	});

	test('the connection closes after the answer went out, or after the response ended another way: not a client that gave up', async () => {
		clock().hold();
		const answered = guard();
		answered.api.json({ caller: 'Ada' });
		answered.hangUp();
		expect(answered.outcomes).toEqual(['workflow']);
		const ended = guard(1_000);
		ended.api.end!('raw bytes');
		expect(ended.sent).toEqual([{ how: 'end', status: 200, body: 'raw bytes' }]);
		ended.hangUp();
		expect(ended.outcomes).toEqual([]);
		clock().release();
		await turn();
		expect(ended.outcomes).toEqual(['timeLimit']);
		expect(ended.sent).toHaveLength(1);
	});

	test('an empty end() (or one with only a callback) before any answer is held back; the answer then goes out; an end() after it passes', () => {
		clock().hold();
		const g = guard();
		expect(g.api.end!()).toBe(g.res);
		expect(g.api.end!(() => undefined)).toBe(g.res);
		expect(g.sent).toEqual([]);
		g.api.json({ caller: 'Ada' });
		g.api.end!();
		expect(g.sent).toEqual([
			{ how: 'json', status: 200, body: { caller: 'Ada' } },
			{ how: 'end', status: 200, body: undefined },
		]);
		expect(g.calls.filter((c) => c.startsWith('end'))).toEqual(['end 0']);
	});

	test('an end() with content before any answer, or once headers went out, passes (with every argument)', () => {
		clock().hold();
		const g = guard();
		g.api.end!('text', 'utf8');
		expect(g.calls).toContain('end 2');
		const h = guard();
		h.res.headersSent = true;
		h.api.end!();
		expect(h.calls).toContain('end 0');
	});

	test('a response without send, end or on: json still guarded, the fallback still goes out at the limit', async () => {
		clock().hold();
		const g = guard(1_000, { send: false, end: false, on: false });
		expect(g.res.send).toBeUndefined();
		expect(g.res.end).toBeUndefined();
		clock().release();
		await turn();
		expect(g.sent).toEqual([{ how: 'json', status: 200, body: FALLBACK }]);
		expect(g.res.send).toBeUndefined();
	});

	test('without listeners (onSettled, onAnswer): answers as usual', () => {
		clock().hold();
		const r = recorder();
		answerInTime(r.res as unknown as GuardedResponse, 1_000, FALLBACK);
		(r.res as unknown as GuardedResponse).status(500).json({});
		expect(r.sent).toEqual([{ how: 'json', status: 200, body: FALLBACK }]);
	});
});

describe('what counts as an answer with nothing to say', () => {
	test.each([
		['undefined', undefined],
		['null', null],
		['an empty text', ''],
		['blanks', ' \n '],
		['an empty Buffer', Buffer.from('')],
		['`{}` in a Buffer', Buffer.from('{}')],
		['`{}` as text', '{}'],
		['`[]` as text', ' [] '],
		['`null` as text', 'null'],
		['an empty list', []],
		['an empty object', {}],
		['n8n’s empty answer (last node)', { message: 'Workflow executed successfully but the last node did not return any data' }],
		['n8n’s empty answer (no run data)', { message: 'Workflow executed successfully but no data was returned' }],
		['n8n’s empty answer as JSON text', '{"message":"Workflow executed successfully but no data was returned"}'],
	])('%s says nothing', (_what, body) => {
		expect(saysNothing(body)).toBe(true);
	});

	test.each([
		['a text', 'Ada Lovelace'],
		['a text starting with n', 'nobody found'],
		['a JSON text holding a text', '"{}"'],
		['broken JSON', '{"a":'],
		['a list with an item', [0]],
		['a list with an item as text', '[0]'],
		['0', 0],
		['false', false],
		['a Buffer with words', Buffer.from('Ada')],
		['a message of its own', { message: 'Found Ada' }],
		['a message that mentions the words', { message: 'The CRM did not return any data for this number' }],
		['n8n’s text with another field', { message: 'Workflow executed successfully but no data was returned', id: 1 }],
		['n8n’s text under another key', { text: 'Workflow executed successfully but no data was returned' }],
		['a message that is not a text', { message: 1 }],
		['n8n’s text in other case', { message: 'WORKFLOW EXECUTED SUCCESSFULLY BUT NO DATA WAS RETURNED' }],
		['n8n’s text with more around it', { message: 'Note: Workflow executed successfully but no data was returned' }],
	])('%s says something', (_what, body) => {
		expect(saysNothing(body)).toBe(false);
	});
});
