/**
 * Call Again Until Reached inside the wait: when an item's call ends not reached and its next call's moment (its
 * end plus Call Again After, moved into the lead's Calling Hours: callAgain/next.ts) is at most an hour away, the
 * webhook that hears the end places the next call at once with Talkover's `delay_seconds` (0 to 3,600). Talkover
 * holds the timer; the execution keeps waiting (its wait was set long enough for every call when it started), and
 * nothing is held in n8n.
 *
 * Never twice: a delivery Talkover sends again places nothing when an answer of the wait to it reached Talkover (that
 * answer said what the wait did); after a send that got no answer (n8n stopped between placing and answering) the
 * call is looked for among the lead's first (placedBefore); once per process for two deliveries at
 * the same moment (nextCalls.ts `placeOnce`); the call is sent once (no retry of a request Talkover may have acted
 * on). A next call further than an hour away, or one an option must count or check in the node when it is dialled
 * (Max Calls per Execution, Max Calls per Day, Skip Numbers Called Within), is not placed here: the item comes out
 * with `nextAttemptAt`, for n8n's Wait node. Nothing checks a call placed here when Talkover rings it: a call another
 * workflow places to the lead meanwhile is not seen (Skip Numbers Called Within is what sees it).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { agentNotFound } from '../../shared/agent';
import { CALL_RECORD, callKey, callKeys, CALLS, placedCallId } from '../../shared/answers';
import { readCallEntries } from '../../shared/answers/callList';
import { createdFrom } from '../../shared/answers/callDays';
import { numberKey } from '../../shared/dialledNumbers/numberKey';
import { apiPath, clock, getList, mayHaveBeenProcessed, talkoverAnswer } from '../../shared/transport';
import type { Attempt, AttemptPlan } from '../callAgain';
import { outputItems } from './finish';
import type { EndSends, Known } from './known';
import type { NextCall } from './nextCalls';
import { placeOnce } from './nextCalls';
import type { CallItem, WaitRecord } from './record';

/** The longest delay Talkover holds a call for (make-call.mdx: `delay_seconds` 0 to 3600). */
export const IN_WAIT_MS = 3600 * 1000;

/** How long placing the next call may take in all: Talkover waits for the answer to its delivery. */
const PLACING_BUDGET_MS = 20_000;

/**
 * A send of the end since the call rang got no answer (known.ts endSends): n8n may have stopped after placing the
 * next call, before answering (or another call's end failed then: a failed entry shows no body). The lead's calls
 * since the day of that send are read (one search of the number, only then): a call of the agent to the lead created
 * at or after it (by Talkover's clock, to the second) that is none of the item's is the next call, and the answer
 * says it. None listed: the next call is placed (a delayed call Talkover would list only once it dials is the one
 * case where a lead may get two calls for one attempt: behaviour.md). The search failing is the delivery's error
 * (503: Talkover sends it again), nothing placed.
 */
async function placedBefore(ctx: IWebhookFunctions, item: CallItem, ended: Attempt, next: number, sentAt: number): Promise<NextCall | undefined> {
	const own = callKeys([...(item.callAgain?.before ?? []).map((attempt) => attempt.callId), item.callId]);
	const entries = await getList.call(ctx, apiPath`/calls`, { agent_id: item.agentId, search: item.to, date_from: createdFrom(sentAt) }, { returnAll: true, limit: 0, pagingDocumented: true, read: CALLS });
	const found = readCallEntries(entries)
		.filter((call) => typeof call.call.id === 'string' && !own.has(callKey(call.call.id)) && numberKey(call.to) === numberKey(item.to) && call.createdAt >= Math.floor(sentAt / 1000) * 1000 && (call.agentId === undefined || call.agentId === item.agentId))
		.sort((a, b) => a.createdAt - b.createdAt)[0];
	if (!found) return undefined;
	const ringsAt = found.delaySeconds !== undefined ? found.createdAt + found.delaySeconds * 1000 : Math.max(found.createdAt, next);
	return { item: item.item, ended, placed: { callId: String(found.call.id), call: found.call, placedAt: found.createdAt, ringsAt } };
}

/**
 * The latest moment the item's newest call may reach its Wait Limit (epoch ms), when the wait may place its next
 * calls: each next call rings at most an hour (and the time to place it) after the end of the one before it, which
 * came before that one's limit. The execution's wait is set that long when it starts (start.ts).
 */
export function lastLimit(item: CallItem): number {
	const rings = item.callAgain?.ringsAt;
	return rings === undefined ? item.deadline : item.deadline + laterCallsSpan(item.callAgain, item.deadline - rings);
}

/** How much later than its first call's limit an item's last call may reach its limit (`waitLimit`: each call's, ms); see lastLimit. */
export function laterCallsSpan(plan: AttemptPlan | undefined, waitLimit: number): number {
	if (!plan?.resend) return 0;
	const later = Math.max(0, plan.rule.attempts - plan.before.length - 1);
	return later * (IN_WAIT_MS + PLACING_BUDGET_MS + RING_MARGIN_MS + waitLimit);
}

/** Rounding the delay up to whole seconds, and Talkover's clock against this one, for lastLimit. */
const RING_MARGIN_MS = 60_000;

/**
 * The item's next call, placed when it is due within the hour (see above), or undefined when the wait places none
 * for this end: the rule calls no more, the moment is further away, the item kept no request (an option counts
 * each call in the node), its Wait Limit has passed, or `first` is false (the end was delivered before).
 */
export async function placeNextCall(ctx: IWebhookFunctions, record: WaitRecord, item: CallItem, known: Known, delivery: EndSends): Promise<NextCall | undefined> {
	const plan = item.callAgain;
	const now = clock.now();
	if (!plan?.resend || plan.notPlaced || record.kind === 'campaign' || item.agentId === undefined || now >= item.deadline) return undefined;
	// Sent before, and an answer of the wait reached Talkover: that answer said what the wait did.
	if (delivery.answered) return undefined;
	// The item's output as the wait would give it now: its attempts, this call last, and the next call's moment.
	const [{ json }] = outputItems({ ...record, items: [item] }, known, new Map());
	const attempts = json.attempts as Attempt[];
	const next = typeof json.nextAttemptAt === 'string' ? Date.parse(json.nextAttemptAt) : NaN;
	if (!Number.isFinite(next) || next - now > IN_WAIT_MS) return undefined;
	const ended = attempts[attempts.length - 1];
	const agentId = item.agentId;
	return await placeOnce(record.secretHash, item.item, ended.attempt, now, async () => {
		// A send of this end got no answer: the next call may be in Talkover already.
		if (!delivery.first) {
			const found = await placedBefore(ctx, item, ended, next, delivery.sentAt ?? item.callAgain?.ringsAt ?? now);
			if (found) return found;
		}
		const delaySeconds = Math.min(IN_WAIT_MS / 1000, Math.max(0, Math.ceil((next - clock.now()) / 1000)));
		try {
			const answer = await talkoverAnswer(ctx, 'POST', apiPath`/agents/${agentId}/call`, {
				body: { ...plan.resend, delay_seconds: delaySeconds },
				maxRetries: 0,
				maxWaitMs: PLACING_BUDGET_MS,
				notFoundMessage: agentNotFound(agentId),
				codeMessages: { INSUFFICIENT_CREDITS: 'Not enough Talkover credits to place the next call: top up your Talkover account, or use Test Call' },
				read: CALL_RECORD,
			});
			const placedAt = clock.now();
			const callId = placedCallId(answer.value);
			if (callId === undefined) return { item: item.item, ended, notPlaced: { message: 'Talkover gave no ID for the next call placed, so the node cannot wait for it', nextDue: false } };
			return { item: item.item, ended, placed: { callId, call: answer.value, placedAt, ringsAt: placedAt + delaySeconds * 1000 } };
		} catch (error) {
			const maybePlaced = mayHaveBeenProcessed(error);
			const said = (error as Error).message;
			const message = maybePlaced ? `Talkover may have placed the next call (${said}): the node calls this lead no more, so that nobody is called twice` : `The next call was not placed: ${said}`;
			return { item: item.item, ended, notPlaced: { message, nextDue: !maybePlaced } };
		}
	});
}
