/**
 * The agent tool's answer, always in time and never an n8n error page. n8n answers a webhook itself
 * (the last node's first item, or the Respond to Webhook node's response) through the request's
 * response object; this guard sits on that object:
 * - when the time limit passes first, it answers with the fallback (200) at once;
 * - when n8n answers with a failure (status 500 or more: "Error in workflow", a node's error) or with
 *   nothing to say (200 without a body: n8n's answer in Respond to Webhook mode when the workflow fails
 *   before that node; `{}`, `[]`, `null`; n8n's own two empty answers, word for word: saysNothing), the
 *   fallback goes out instead;
 * - an empty end() before any answer is held back (n8n 2.8.4 sends one ahead of a Respond to Webhook
 *   node's answer when it saves the workflow's static data first);
 * - once the fallback is sent, whatever n8n writes later (the late result of a slow workflow) is dropped
 *   without error: Express would otherwise throw "Cannot set headers after they are sent";
 * - when the client gives up first (the connection closes before any answer went out: Node's
 *   ServerResponse emits 'close' without `writableEnded`), nothing more is sent and `onSettled` hears
 *   'gaveUp' (a retry of the same request then joins this execution: deliveries.ts); a 'close' after the
 *   answer went out is the normal end of the request;
 * - whatever the workflow writes first (in time or late, failure or not, also after the client gave up)
 *   is told to `onAnswer` (a retry of the same tool request gets it: deliveries.ts).
 * Time comes from the transport's clock, so tests move it by hand.
 */
import type { IDataObject } from 'n8n-workflow';

import { clock } from '../../shared/transport';

/** The part of Express's response object the guard uses (and replaces). */
export interface GuardedResponse {
	statusCode: number;
	headersSent?: boolean;
	writableEnded?: boolean;
	status(code: number): GuardedResponse;
	json(body: unknown): GuardedResponse;
	send?(body: unknown): GuardedResponse;
	setHeader?(name: string, value: unknown): unknown;
	header?(...args: unknown[]): unknown;
	set?(...args: unknown[]): unknown;
	writeHead?(...args: unknown[]): unknown;
	write?(...args: unknown[]): unknown;
	end?(...args: unknown[]): unknown;
	on?(event: string, listener: () => void): unknown;
}

export type AnswerOutcome = 'workflow' | 'timeLimit' | 'failure' | 'empty' | 'gaveUp';

/** The workflow's first answer: its status and what it wrote with Express's `json` or `send`. */
export type WorkflowAnswer = { status: number; method: 'json' | 'send'; body: unknown };

/**
 * Guards `res`: the fallback answer `fallback` is sent after `limitMs` or instead of a failure.
 * `onSettled` learns how it ended (for the run's log; never with the secret).
 */
export function answerInTime(
	res: GuardedResponse,
	limitMs: number,
	fallback: IDataObject,
	onSettled?: (outcome: AnswerOutcome) => void,
	onAnswer?: (answer: WorkflowAnswer) => void,
): void {
	let settled = false;
	let heard = false;
	const hear = (method: 'json' | 'send', body: unknown, status: number) => {
		if (heard) return;
		heard = true;
		onAnswer?.({ status, method, body });
	};
	const stop = new AbortController();
	const original = { status: res.status, json: res.json, send: res.send };
	const settle = (outcome: AnswerOutcome) => {
		settled = true;
		stop.abort();
		onSettled?.(outcome);
	};
	const answerWithFallback = (outcome: AnswerOutcome) => {
		if (settled) return;
		settle(outcome);
		if (res.headersSent || res.writableEnded) return;
		// Express's json calls send: both are put back before the fallback goes out, then muted.
		res.json = original.json;
		if (original.send) res.send = original.send;
		original.status.call(res, 200);
		original.json.call(res, fallback);
		mute(res, hear);
	};
	void clock.sleep(limitMs, stop.signal).then(
		() => answerWithFallback('timeLimit'),
		() => undefined,
	);
	res.on?.('close', () => {
		if (!settled && !res.writableEnded) settle('gaveUp');
	});
	const pass = (method: 'json' | 'send') =>
		function (this: unknown, body: unknown): GuardedResponse {
			hear(method, body, res.statusCode);
			if (settled) return res;
			// A failure answer, or an empty one: with a Respond to Webhook node, n8n answers a workflow that
			// failed before it with 200 and no body (and so does the node's "No Data"); the agent needs words.
			if (res.statusCode >= 500 || saysNothing(body)) {
				answerWithFallback(res.statusCode >= 500 ? 'failure' : 'empty');
				return res;
			}
			settle('workflow');
			// The workflow's answer goes out untouched (Express's json calls send: both are put back first).
			res.json = original.json;
			if (original.send) res.send = original.send;
			return (original[method] as (b: unknown) => GuardedResponse).call(res, body);
		};
	res.json = pass('json');
	if (original.send) res.send = pass('send');
	// n8n 2.8.4 in Respond to Webhook mode ends the response on the next tick after the node's answer, but
	// writes that answer only after saving changed static data (e.g. a Code node's $getWorkflowStaticData;
	// the tool itself writes none per request): an end()
	// with nothing in it before any answer is not the answer. The answer, or the fallback, ends it.
	const end = res.end;
	if (typeof end === 'function') {
		res.end = function (this: unknown, ...args: unknown[]) {
			if (!settled && !res.headersSent && (args[0] === undefined || typeof args[0] === 'function')) return res;
			return end.apply(res, args);
		};
	}
}

/**
 * n8n's own answers with nothing in them, word for word as n8n's webhook-helpers.js writes them (n8n 2.8.4):
 * the last node returned no item, or the execution's run data is not there. Matched exactly: an answer of the
 * workflow that merely mentions these words ("the CRM did not return any data for …") is a real answer.
 * ("Workflow did not return any data" is n8n's CLI and MCP error, never a webhook's answer.)
 */
const N8N_EMPTY_ANSWERS: readonly string[] = ['Workflow executed successfully but the last node did not return any data', 'Workflow executed successfully but no data was returned'];

/**
 * Whether an answer gives the agent nothing to say: no body, an empty text, `null`, `{}`, `[]` (also as
 * JSON text), or one of n8n's own empty answers (an object with only `message`, exactly n8n's text).
 */
export function saysNothing(body: unknown): boolean {
	if (body === undefined || body === null) return true;
	if (Buffer.isBuffer(body)) return saysNothing(body.toString('utf8'));
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '') return true;
		if (!/^[[{n]/.test(text)) return false;
		try {
			return saysNothing(JSON.parse(text));
		} catch {
			return false;
		}
	}
	// A list is an object too: `[]` has no keys, a list with an item has the key "0" (never only `message`).
	if (typeof body === 'object') {
		const keys = Object.keys(body);
		if (keys.length === 0) return true;
		// Not a text (a number, an object): not one of n8n's texts either.
		return keys.length === 1 && N8N_EMPTY_ANSWERS.includes((body as { message?: unknown }).message as string);
	}
	return false;
}

/**
 * After the fallback: every later write is dropped (returns what Express and Node's methods return); the
 * workflow's late answer is still heard.
 */
function mute(res: GuardedResponse, hear: (method: 'json' | 'send', body: unknown, status: number) => void): void {
	const chain = () => res;
	let late = 200;
	res.status = (code: number) => {
		late = code;
		return res;
	};
	res.json = (body: unknown) => (hear('json', body, late), res);
	if (res.send) res.send = (body: unknown) => (hear('send', body, late), res);
	for (const name of ['setHeader', 'header', 'set', 'writeHead', 'end'] as const) if (typeof res[name] === 'function') res[name] = chain;
	if (typeof res.write === 'function') res.write = () => true;
}
