/**
 * Answering the agent's call of the tool: one execution per call (401 without the secret), the workflow's
 * answer guarded in time with the Fallback Answer (answerInTime.ts), and a client's retry of the same
 * request answered with that execution's answer (answerRepeat).
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { clock } from '../../shared/transport';
import type { ToolAnswer } from '../deliveries';
import { keptAnswer, toolRequest } from '../deliveries';
import { DEFAULT_FALLBACK, DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT, MIN_TIME_LIMIT, options } from './agentToolFields';
import type { AnswerOutcome, GuardedResponse, WorkflowAnswer } from './answerInTime';
import { answerInTime, saysNothing } from './answerInTime';
import type { TriggerSource } from './common';
import { DELIVERY_HEADER, isObject, refuseUnauthorized, secretMatches } from './common';

/** The tool's call: what the agent sent becomes the item, and the workflow's answer goes back in time. */
export const agentToolAnswer: Pick<TriggerSource, 'webhook'> = {
	/**
	 * One call of the tool: 401 without the secret (nothing starts); else one item, the body as Talkover
	 * sent it (the inputs, and whatever else it says about the call), and the answer guarded in time.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = this.getWorkflowStaticData('node');
		const headers = this.getHeaderData() as IDataObject;
		const secret = data.actionSecret;
		// The kept SHA-256 (or the clear secret of an earlier version, hashed here: a request writes nothing to the static data).
		if (!secretMatches(headers[DELIVERY_HEADER.toLowerCase()], secret)) return refuseUnauthorized(this, 'calls of this tool');
		const body: unknown = this.getBodyData();
		const item: IDataObject = isObject(body) ? { ...body } : { body: body as IDataObject };
		const opts = options(this);
		// Checked at publish (timeLimitProblem); an expression may still give another value per call: kept within 1–120 s.
		const limit = typeof opts.timeLimit === 'number' && Number.isFinite(opts.timeLimit) ? Math.min(Math.max(opts.timeLimit, MIN_TIME_LIMIT), MAX_TIME_LIMIT) : DEFAULT_TIME_LIMIT;
		const fallback = typeof opts.fallbackAnswer === 'string' && opts.fallbackAnswer.trim() !== '' ? opts.fallbackAnswer : DEFAULT_FALLBACK;
		const res = this.getResponseObject() as unknown as GuardedResponse;
		// One tool call, one execution: the same request again after its client gave up (its connection closed
		// before the answer) while its workflow runs is that client's retry: it waits for that execution's answer.
		// While the first's client still waits, the same request is another caller's: it runs (deliveries.ts).
		// Matched on the body as sent (not the item: a list becomes { body: [...] } there).
		const request = toolRequest(`${this.getMode?.() === 'manual' ? 'test:' : ''}${String(data.actionId ?? '')}`, body);
		if (request.repeat) {
			this.logger?.info?.(`Talkover agent tool "${this.getNode().name}": the same request again after its client gave up while the workflow runs: it gets that execution's answer, no new execution`);
			answerRepeat(res, request.answer, limit * 1000, { message: fallback });
			return { noWebhookResponse: true };
		}
		answerInTime(
			res,
			limit * 1000,
			{ message: fallback },
			(outcome: AnswerOutcome) => {
				if (outcome === 'gaveUp') {
					request.gaveUp();
					this.logger?.info?.(`Talkover agent tool "${this.getNode().name}": the client closed the connection before the answer; the workflow goes on, and a retry of the same request gets its answer`);
					return;
				}
				const why = { timeLimit: `no answer within ${limit} s`, failure: 'the workflow failed', empty: 'the workflow’s answer was empty' };
				if (outcome !== 'workflow') this.logger?.warn?.(`Talkover agent tool "${this.getNode().name}": answered with the Fallback Answer (${why[outcome]})`);
			},
			({ status, method, body: answer }: WorkflowAnswer) => request.settle(status >= 500 || saysNothing(answer) ? undefined : keptAnswer(status, method, answer)),
		);
		// The secret (the header that matched), the tokens and echoed header values: masked by the trigger's webhook() (withItemsMasked).
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	},
};

/**
 * A retry of a tool request whose client gave up while its workflow runs: that execution's answer as it was
 * written when it comes within this request's time limit; else (it failed or said nothing, too slow) the
 * fallback.
 */
function answerRepeat(res: GuardedResponse, answer: Promise<ToolAnswer | undefined>, limitMs: number, fallback: IDataObject): void {
	const write = (kept: ToolAnswer | undefined) => {
		if (res.headersSent || res.writableEnded) return;
		if (!kept) {
			res.status(200).json(fallback);
			return;
		}
		res.status(kept.status);
		if (kept.method === 'json') res.json(JSON.parse(kept.content.toString()));
		else if (res.send) res.send(kept.content);
	};
	const stop = new AbortController();
	const late = clock.sleep(limitMs, stop.signal).then(
		() => undefined,
		() => undefined,
	);
	void Promise.race([answer.then((kept) => ({ kept })), late]).then((won) => {
		stop.abort();
		write(won?.kept);
	});
}
