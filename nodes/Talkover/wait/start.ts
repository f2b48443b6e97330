/**
 * Make / Add Call and Wait for Outcome, up to the wait, in the three steps the node runs (Talkover.node.ts):
 * `openWait`, the wait's webhook on each agent or campaign of the prepared items (the webhooks earlier waits
 * left there swept first); then the calls, placed by the router exactly as Make Call / Add Call place them
 * (checks, pacing, never twice, the options); then `startWait`: the execution waits. What it waits on is kept in
 * the node's context (record.ts); webhook() (receive.ts) ends the wait. Nothing is held in this process but the
 * alarm of the Wait Limit (signals.ts); what n8n passes on if it ends the wait itself is kept with the execution (backstop.ts). `closeWait` removes the webhooks when the router stopped.
 */
import { randomBytes } from 'crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PICKABLE_CALL_EVENTS, placedCallId, placedCallStatus } from '../../shared/answers';
import { hasEnded } from '../callStatus';
import { runsAsTool } from '../guardrails/runsAsTool';
import { hashOf, maskedError } from '../../shared/secrets';
import { clock, credentialTokens } from '../../shared/transport';
import type { PreparedRun, Routed } from '../actions/engine/run';
import { placedBefore } from '../actions/engine/sendOnce';
import { waitAddress } from './address';
import { settledOutcome } from './finish';
import type { WaitItem, WaitPlan, WaitRecord, WaitWebhook } from './record';
import { isCallItem, keepWaitRecord } from './record';
import { firstLimit } from './limit';
import { lastLimit, laterCallsSpan } from './nextCall';
import { outcomeOfStatus } from '../statusOutcome';
import { CHECK_AFTER_MS, CHECK_SPREAD_MS, clearAlarms, endsItselfAt, setCheckAlarm, setLimitAlarm } from './signals';
import { sweepOwner } from './sweep';
import { passOnAtBackstop } from './backstop';
import { attemptOutput, skippedAttemptOutput } from '../callAgain';
import type { WebhookPlan } from './webhooks';
import { ownerText, registerWaitWebhooks, removeWaitWebhooks, renameWaitWebhooks, waitWebhookName } from './webhooks';

/** How long placing the calls may take before the webhooks' names are made longer (one request per webhook). */
const PLACING_ALLOWANCE_MS = 10 * 60_000;

const NOT_PLACED = 'The node was registering the webhook that tells it when the call is over: no call was placed.';

/**
 * The output of an item whose call Talkover's answer already says is over (busy, no-answer, failed, completed,
 * voicemail: callStatus.ts): its outcome at once, from that status, as a call listed as ended at the limit; its
 * picked per-call events listed as missing (none is waited for). Undefined when the answer does not say so.
 */
function endedAsPlaced(call: IDataObject, callId: string, plan: WaitPlan): IDataObject | undefined {
	const status = placedCallStatus(call);
	if (status === undefined || !hasEnded(status)) return undefined;
	const names = Object.fromEntries(Object.entries(PICKABLE_CALL_EVENTS).map(([name, event]) => [event, name]));
	const events = plan.events?.length ? { callEvents: {}, missingCallEvents: plan.events.map((event) => names[event] ?? event) } : {};
	return { ...call, id: call.id ?? callId, outcome: outcomeOfStatus(status), timedOut: false, endedAsPlaced: true, ...events, ...(plan.context ? { context: plan.context } : {}) };
}

/** One webhook per agent or campaign of the items, a campaign's with every per-call event its items picked. */
function webhookPlans(plans: Array<Pick<WaitPlan, 'owner' | 'events'>>): WebhookPlan[] {
	const byOwner = new Map<string, WebhookPlan>();
	for (const { owner, events = [] } of plans) {
		const key = ownerText(owner);
		const plan = byOwner.get(key) ?? { owner, ...(owner.campaignId !== undefined ? { callEvents: [] } : {}) };
		if (plan.callEvents) for (const event of events) if (!plan.callEvents.includes(event)) plan.callEvents.push(event);
		byOwner.set(key, plan);
	}
	return [...byOwner.values()];
}

/** The operation's name, as its errors say it. */
function waitName(ctx: IExecuteFunctions): string {
	return ctx.getNodeParameter('resource', 0) === 'campaign' ? 'Add Call and Wait for Outcome' : 'Make and Wait for Outcome';
}

/** A model's tool call cannot wait for a call to end (minutes to days): refused as a tool, before anything is read or sent. */
export function refuseAsTool(ctx: IExecuteFunctions): void {
	if (!runsAsTool(ctx)) return;
	const name = waitName(ctx);
	throw new NodeOperationError(ctx.getNode(), `${name} cannot be an AI Agent’s or MCP client’s tool: a tool call cannot wait for a phone call to end`, {
		description: `Use ${name === 'Make and Wait for Outcome' ? 'Call → Make' : 'Campaign → Add Call'} as the tool (it answers at once), and a Talkover Trigger for the outcome. Nothing was sent to Talkover.`,
	});
}

/** The agent or campaign a call placed earlier was placed with, from its record's target (`agent` / `campaign` scope). */
function ownerOfTarget(target: { scope: string; id: string } | undefined): WaitPlan['owner'] | undefined {
	if (target?.scope === 'agent') return { agentId: target.id };
	if (target?.scope === 'campaign') return { campaignId: target.id };
	return undefined;
}

/**
 * The wait's webhooks on the agents and campaigns where calls placed earlier were placed, once the router has run
 * (the webhooks an earlier try left at this address there swept first). A failure registers none there: those
 * calls' listed statuses are read instead (the check of calls placed before the wait began, and at the limit).
 */
async function registerElsewhere(ctx: IExecuteFunctions, plans: WebhookPlan[], address: string, secret: string, named: number): Promise<WaitWebhook[]> {
	if (plans.length === 0) return [];
	const earlierTries: WaitWebhook[] = [];
	try {
		for (const { owner } of plans) earlierTries.push(...(await sweepOwner(ctx, owner, address)));
		const made = await registerWaitWebhooks(ctx, plans, address, secret, waitWebhookName(ctx.getExecutionId(), named));
		await removeWaitWebhooks(ctx, earlierTries);
		return made;
	} catch {
		return [];
	}
}

/** A wait whose webhooks are registered, its calls not placed yet. */
export interface OpenedWait {
	/** Each prepared item's plan (its agent or campaign, its Wait Limit); none for an item that failed to prepare. */
	plans: Map<number, WaitPlan>;
	address: string;
	secret: string;
	since: number;
	/** The moment the webhooks' names say (when n8n ends the wait itself at the earliest, if placing took no time). */
	named: number;
	owners: WebhookPlan[];
	webhooks: WaitWebhook[];
}

/**
 * The wait's first step, before any call: each item's plan from its prepared request (its agent or campaign: a
 * webhook on each; its Wait Limit), the webhooks earlier waits left swept, this wait's registered.
 */
export async function openWait(this: IExecuteFunctions, run: Pick<PreparedRun, 'handler' | 'prepared'>): Promise<OpenedWait> {
	const plans = new Map<number, WaitPlan>();
	run.prepared.forEach(({ value, error }, i) => {
		const plan = error === undefined ? run.handler.waitsForOutcome!(value) : undefined;
		if (plan) plans.set(i, plan);
	});
	const address = waitAddress(this);
	const secret = randomBytes(32).toString('hex');
	const since = clock.now();
	// An earlier try of this node (n8n's Retry On Fail) waited at this address: its alarms here are of no wait now.
	clearAlarms(address);
	// The latest limit of the items if placing took no time (each call ringing after the Delay given; the next calls
	// the wait may place itself, each its longest after the one before): the webhook's
	// name says when n8n ends the wait at the earliest (made longer once the calls are placed, when placing took a
	// while or Calling Hours scheduled a call).
	const longest = Math.max(0, ...[...plans.values()].map((plan) => (plan.ringsAt?.({}, since) ?? since) - since + plan.waitLimitMs + laterCallsSpan(plan.callAgain, plan.waitLimitMs)));
	const named = endsItselfAt(since + longest) + PLACING_ALLOWANCE_MS;
	const owners = webhookPlans([...plans.values()]);
	const earlierTries: WaitWebhook[] = [];
	for (const { owner } of owners) earlierTries.push(...(await sweepOwner(this, owner, address)));
	let webhooks: WaitWebhook[];
	try {
		webhooks = await registerWaitWebhooks(this, owners, address, secret, waitWebhookName(this.getExecutionId(), named));
	} catch (error) {
		// Talkover's words stay the error's message (a refused token reads as on every operation); the description
		// says what the node was doing. Through the one masking step (the credential's tokens, the wait's secret).
		const failed = (error !== null && typeof error === 'object' ? error : new NodeOperationError(this.getNode(), String(error))) as NodeOperationError;
		failed.description = [NOT_PLACED, failed.description].filter(Boolean).join('\n');
		throw maskedError(failed, { values: [...(await credentialTokens(this)), secret] });
	}
	// The webhooks an earlier try of this node left at this address: the new ones hear the calls' ends now.
	await removeWaitWebhooks(this, earlierTries);
	return { plans, address, secret, since, named, owners, webhooks };
}

/** The router stopped (an error without Continue On Fail, a cancel): nothing to wait for, its webhooks go. */
export async function closeWait(ctx: IExecuteFunctions, opened: OpenedWait): Promise<void> {
	await removeWaitWebhooks(ctx, opened.webhooks);
}

/** The wait's last step, once the router placed the calls: what it waits on kept, its alarms set, the execution put to wait. */
export async function startWait(this: IExecuteFunctions, opened: OpenedWait, run: Pick<PreparedRun, 'handler' | 'prepared'>, routed: Routed): Promise<INodeExecutionData[][]> {
	const { plans, address, secret, since, named, owners } = opened;
	let { webhooks } = opened;
	/** Where the calls placed earlier were placed, when not where this run dials (a Retry with the saved workflow, the node edited since). */
	const elsewhere: Array<Pick<WaitPlan, 'owner' | 'events'>> = [];
	const { handler } = run;
	const items = this.getInputData();
	const waiting: WaitItem[] = [];
	const byItem = new Map<number, INodeExecutionData[]>();
	for (const entry of routed.output) {
		const i = (entry.pairedItem as { item: number }).item;
		byItem.set(i, [...(byItem.get(i) ?? []), entry]);
	}
	let calls = 0;
	let earlier = 0;
	for (let i = 0; i < items.length; i++) {
		const accepted = routed.accepted.get(i) as IDataObject | undefined;
		// A call the execution this one retries placed (Options → Dial Again on Retried Executions off): waited on too.
		const [only] = byItem.get(i) ?? [];
		const placedEarlier = !accepted && only?.json.alreadyPlaced === true ? only.json : undefined;
		const call = accepted ?? placedEarlier;
		const callId = call ? placedCallId(call) : undefined;
		const plan = plans.get(i);
		if (!call || !callId || !plan) {
			// Skipped by an option, an error item (Continue On Fail), or a call without an ID (it cannot be waited on).
			// (An item Call Again Until Reached passes on has no plan: it goes out as it came.)
			for (const entry of byItem.get(i) ?? []) {
				const output = call && !callId ? { ...entry.json, outcome: 'unknown', outcomeError: 'Talkover gave no ID for the call placed, so the node cannot wait for its outcome' } : settledOutcome(entry.json);
				waiting.push({ item: i, output: plan?.callAgain && output.skipped === true ? skippedAttemptOutput(plan.callAgain.before, output) : output });
			}
			continue;
		}
		// Talkover answered that the call is already over: no end event is waited for.
		const ended = endedAsPlaced(call, callId, plan);
		if (ended) {
			waiting.push({ item: i, output: plan.callAgain ? attemptOutput(plan.callAgain, ended, { callId, now: clock.now() }) : ended });
			continue;
		}
		calls++;
		if (placedEarlier) earlier++;
		// The item's Wait Limit counts from when its call rings: when Talkover accepted it (in this run, or in the
		// execution this one retries when it kept the moment, or its `created_at` when a Retry after a crash found it in
		// Talkover's list; else from now, the whole limit), plus the delay it was
		// sent with (Delay, or Calling Hours' schedule), or a campaign call's `scheduled_at` when later.
		const target = placedEarlier && handler.dialTarget ? handler.dialTarget(run.prepared[i].value as never) : undefined;
		const earlierRecord = target ? placedBefore(this, i, target) : undefined;
		const placedAt = placedEarlier ? earlierRecord?.at : routed.acceptedAt.get(i);
		// A call placed earlier is waited on at the agent or campaign it was placed with: its end is sent there.
		const owner = ownerOfTarget(earlierRecord?.target) ?? plan.owner;
		if (ownerText(owner) !== ownerText(plan.owner)) elsewhere.push({ owner, events: plan.events });
		const acceptedAt = placedAt ?? clock.now();
		const ringsAt = plan.ringsAt?.(call, acceptedAt) ?? acceptedAt;
		waiting.push({
			...(plan.callAgain ? { callAgain: { ...plan.callAgain, ringsAt } } : {}),
			item: i,
			callId,
			...owner,
			to: String(call.to ?? plan.to),
			call,
			...(plan.context ? { context: plan.context } : {}),
			...(plan.events?.length ? { events: plan.events } : {}),
			...(placedEarlier ? { placedEarlier: true as const } : {}),
			...(placedAt !== undefined ? { placedAt } : {}),
			deadline: ringsAt + plan.waitLimitMs,
		});
	}
	if (calls === 0) {
		await removeWaitWebhooks(this, webhooks);
		return [waiting.map((w) => ({ json: (w as { output: IDataObject }).output, pairedItem: { item: w.item } }))];
	}
	webhooks = [...webhooks, ...(await registerElsewhere(this, webhookPlans(elsewhere).filter((plan) => !owners.some(({ owner }) => ownerText(owner) === ownerText(plan.owner))), address, secret, named))];
	// The latest limit of the items (of their last calls, when the wait places the next ones): n8n ends the wait
	// itself a little after it (endsItselfAt).
	const deadline = Math.max(...waiting.filter(isCallItem).map(lastLimit));
	const record: WaitRecord = { v: 1, ...([...owners, ...elsewhere].some(({ owner }) => owner.campaignId !== undefined) ? { kind: 'campaign' as const } : {}), secretHash: hashOf(secret), address, since, deadline, webhooks, items: waiting };
	keepWaitRecord(this, record);
	// Placing took a while: the webhooks' names say the later moment (else another wait's sweep would delete them).
	if (endsItselfAt(deadline) > named) await renameWaitWebhooks(this, webhooks, waitWebhookName(this.getExecutionId(), endsItselfAt(deadline)));
	// At the first call's limit (an alarm that reaches n8n before the execution waits is sent again, signals.ts).
	setLimitAlarm(this, address, { webhooks, secret }, firstLimit(record), endsItselfAt(deadline));
	// Calls placed before this wait began may have ended already (no event would come): their listed status is read shortly.
	// (Not when a call's limit comes first: that alarm reads them too.)
	if (earlier > 0 && firstLimit(record) > clock.now() + CHECK_AFTER_MS + CHECK_SPREAD_MS) setCheckAlarm(this, address, { webhooks, secret });
	// What n8n passes on if it ends the wait itself (no alarm or end reached it: n8n restarted meanwhile): every item with an outcome.
	passOnAtBackstop(this, record, routed.output);
	await this.putExecutionToWait(new Date(endsItselfAt(deadline)));
	return [routed.output];
}
