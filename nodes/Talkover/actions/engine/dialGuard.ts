import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clock, shownValue } from '../../../shared/transport';
import { hasEnded, isDocumentedStatus } from '../../callStatus';
import { endedStatusesOf, outcomeOfStatus } from '../../statusOutcome';
import { numberKey } from '../../../shared/dialledNumbers/numberKey';
import type { NodeError } from './errorItem';
import { readDialOptions } from './options';
import type { PlacedRecord, SentRecord } from './sendOnce';
import type { Secrets } from '../../../shared/secrets';
import { masked } from '../../../shared/secrets';
import { callsTakenHere, chainMarkedUnknown, firstRunOfChain, markChainFrom, markChainUnknown, placedBefore, recordPlaced, recordScopes, scopesOfChain } from './sendOnce';
import type { Turn } from './numberTurns';
import { takeTurn, turnKey } from './numberTurns';
import { callMoments } from '../../../shared/answers/callMoments';
import { callKey, callKeys } from '../../../shared/answers/delivery';
import type { DialTarget, Recent } from './recentCalls';
import type { RetriedFrom } from './retriedChain';
import { CLOCK_MARGIN_MS, ranAndWasLost, retriedSince } from './retriedChain';
import { ScopeReads } from './scopeReads';
import { AccountCalls, upstreamScopes } from './accountCalls';
import type { CallEntry } from '../../../shared/answers/callList';
import type { ItemGuard } from './itemGuard';

/**
 * Never twice beyond one run, for the operations that dial (Make Call, Campaign → Add Call):
 *
 * - **Skip Numbers Called Within** (Options, off by default): before the first item is dialled, the node
 *   reads Talkover's own record of the agent's (campaign's) calls once per agent (campaign) in the run,
 *   only through the readers of nodes/shared/answers: `GET /agents/{id}/calls?direction=outbound&date_from=…`
 *   with every page (both documents have it; openapi.json's `/calls` filters by no agent), or
 *   `GET /campaigns/{id}` (its `calls`; openapi.json's Campaign has none, so then the calls of the agent it
 *   names). An item whose number (E.164, digits compared) has a call created within the window, or one not
 *   known to have ended (nodes/Talkover/callStatus.ts), is not dialled: that call is its output with `skipped: true`
 *   and a `skipReason`. A later item of the same run to the same number waits for the earlier one and is
 *   skipped with its call. An answer that cannot be read (a call without number or zoned creation time) is
 *   an error, never "no calls, dial".
 * - **A retried execution** (n8n's Retry of a failed execution): items the failed execution placed (kept
 *   in the node's execution context, see sendOnce's `recordPlaced`) are output as they were with
 *   `alreadyPlaced: true`, unless Options → Dial Again on Retried Executions is on. An item whose call may have
 *   been placed (its request timed out, its connection dropped) is looked for in Talkover's calls as below: a call
 *   found is its call (`alreadyPlaced: true`); none (or none readable), `alreadyPlaced: "maybe"`. As an AI Agent's tool,
 *   a number the tool already called for the same run of the agent is not called again in this execution
 *   either (the agent's Retry On Fail asks for the same calls again).
 * - **What n8n could not save** (a retried execution whose earlier run was killed while the node placed its
 *   calls: out of memory, a deploy; a Retry of such a Retry; Save Execution Progress, which saves no node's
 *   context mid-run; a loop's later run): the node's context then holds no record of those calls. So on every
 *   retried execution (`getMode()` 'retry'), an item with no record is checked against Talkover's own calls,
 *   with the same reader as Skip Numbers Called Within, from the start of the first execution of the chain, 5
 *   minutes earlier for the clocks of n8n and Talkover: a call from this agent (campaign) to the number that
 *   this execution has not already taken as one of its own (placed, or found for an earlier item or an earlier
 *   run of a loop) is not dialled again; it is the item's output with `alreadyPlaced: true` and is recorded as
 *   this execution's (the oldest such call first, so a loop's runs take the calls in the order they were
 *   placed). One read per agent (campaign) and run of the node; none with Options → Dial Again on Retried
 *   Executions.
 * - **When the chain started**: what n8n saved dates it: the node's own mark of its first run in an execution
 *   n8n saved (sendOnce's `firstRunOfChain`), or the tasks n8n's recovery of a crash wrote from its event log
 *   (their times in seconds); then the earliest of those and of the run data's tasks (the trigger's, which every
 *   Retry carries over). Otherwise n8n saved nothing of the earlier execution (a crash without the event log's
 *   help: the log off or lost, queue mode's killed worker, whose executions main marks crashed with no data; or
 *   an execution that failed before this node ran), and every task in the run data may be this execution's own:
 *   the calls are read back UNDATED_MS (14 days: n8n keeps executions that long by default, so no Retry comes
 *   later), the newest call to the number not yet taken first (the crashed execution's is the latest one).
 */

/** Whose calls a found call was among, as a skip reason says it. */
function whoseCalls(target: DialTarget, recent: Recent): string {
	if (target.scope === 'agent') return 'this agent';
	if (recent.agentOfCampaign === undefined) return 'this campaign';
	return recent.partly ? `this campaign or its agent (${recent.agentOfCampaign})` : `the campaign's agent (${recent.agentOfCampaign})`;
}

/** How a skipped item is dialled all the same, as every skip of a retried execution says. */
const DIAL_AGAIN = 'turn on Options → Dial Again on Retried Executions.';

function minutesText(minutes: number): string {
	if (minutes % 1440 === 0) return minutes === 1440 ? '24 hours' : `${minutes / 1440} days`;
	if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
	return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export type { ItemGuard } from './itemGuard';

type Skip = { output: IDataObject } | { error: NodeError };

/** The keys of the item's own earlier calls (Call Again Until Reached's attempts), by which listed calls are told apart. */
function ownCallKeys(target: DialTarget | undefined): Set<string> {
	return callKeys(target?.ownCalls ?? []);
}

/**
 * One run's guard: `before(i)` says what an item gets instead of a call (or undefined: dial it),
 * `after(i, results)` is told what it got (undefined: no call).
 */
export class DialGuard {
	/** The run's reads of Talkover's calls (scopeReads.ts). */
	private readonly reads: ScopeReads;
	/** The numbers whose turn this run holds or waits for (numberTurns), with the items that asked for it. */
	private readonly turns = new Map<string, { taking: Promise<Turn>; items: Set<number>; sent: boolean }>();
	private closed = false;
	private readonly firstOf = new Map<string, number>();
	private readonly outcomes = new Map<number, { promise: Promise<IDataObject | undefined>; resolve: (call: IDataObject | undefined) => void }>();
	private readonly earlier = new Map<number, Promise<Skip | undefined>>();
	/** A retried execution: Talkover's calls are read from this time for items without a record (undefined: not a retry). */
	private readonly retriedFrom: RetriedFrom | undefined;
	/** The agents and campaigns the executions this one retries dialled with (their saved marks and records). */
	private readonly chainScopes: Array<{ scope: 'agent' | 'campaign'; id: string }>;
	/** A retried execution of which n8n saved nothing of this node (a crash): which agents and campaigns it dialled with is not known. */
	private readonly chainUnknown: boolean;
	/** The account's calls, read only when the chain is unknown (accountCalls.ts). */
	private readonly account: AccountCalls;
	/** The agents and campaigns the Talkover nodes upstream of this one dial (accountCalls.ts upstreamScopes): left out of the account's calls. */
	private readonly upstream: Set<string>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly items: Array<ItemGuard | undefined>,
		private readonly sent: SentRecord,
		private readonly asError: (error: unknown, i: number) => NodeError,
		/** The router's one masking step: every call kept in the record goes through it. */
		private readonly secrets: Secrets,
		/** The credential's Base URL: the Talkover whose numbers take turns (numberTurns). */
		private readonly talkover = '',
	) {
		const dials = items.some((item) => item?.target);
		// Marked on every run that may dial (a later Retry is dated by it), read on a retried one.
		const firstRun = dials ? firstRunOfChain(ctx) : undefined;
		// The scopes the chain dialled with, read before this run's are added (a Retry with an edited Agent reads those too).
		this.chainScopes = dials ? scopesOfChain(ctx) : [];
		recordScopes(ctx, items.flatMap((item) => (item?.target ? [item.target] : [])));
		this.retriedFrom = items.some((item) => item?.target && !item.dialAgainOnRetry) ? retriedSince(ctx, firstRun) : undefined;
		// Undated: a Retry of this Retry reads back as far (its own start would miss the first execution's calls).
		if (this.retriedFrom?.undated) markChainFrom(ctx, this.retriedFrom.since);
		this.reads = new ScopeReads(ctx, items, this.retriedFrom, talkover);
		// n8n saved nothing of this node's earlier runs though the node ran there (a crash n8n recovered from its event
		// log), or an earlier run of the chain found so: the account's calls are read for the items found nowhere else.
		this.chainUnknown = this.retriedFrom !== undefined && (chainMarkedUnknown(ctx) || (firstRun === undefined && this.chainScopes.length === 0 && ranAndWasLost(ctx)));
		if (this.chainUnknown) markChainUnknown(ctx);
		this.account = new AccountCalls(ctx);
		this.upstream = this.chainUnknown ? upstreamScopes(ctx) : new Set();
		items.forEach((item, i) => {
			if (!item?.target) return;
			let resolve: (call: IDataObject | undefined) => void = () => {};
			const promise = new Promise<IDataObject | undefined>((r) => (resolve = r));
			this.outcomes.set(i, { promise, resolve });
			// Every item that will dial, its own window on or off: a later item with the option on waits for it.
			const key = this.key(item.target);
			if (!this.firstOf.has(key)) this.firstOf.set(key, i);
		});
	}

	private key(target: DialTarget): string {
		return `${target.scope}:${target.id}:${numberKey(target.to)}`;
	}

	/** The number's turn: every agent and campaign of one Talkover (a campaign's check reads its agent's calls too). */
	private turnKey(target: DialTarget): string {
		return turnKey(this.talkover, target.to);
	}

	/**
	 * Item i's turn at its number in this process (numberTurns), taken before anything of the item is checked or
	 * sent: another run's call to the number is placed (and readable) before this run checks it. The items of
	 * this run to the same number share one turn (an item of the run never waits for another).
	 */
	async turn(i: number): Promise<void> {
		const target = this.items[i]?.target;
		if (!target) return;
		const key = this.turnKey(target);
		let held = this.turns.get(key);
		if (!held) {
			const node = this.ctx.getNode();
			const taking = takeTurn(key, this.ctx.getExecutionCancelSignal?.(), () => new NodeOperationError(node, `The execution was stopped while item ${i} waited for another run's call to ${target.to}; this call was not placed`, { itemIndex: i }));
			held = { taking, items: new Set(), sent: false };
			this.turns.set(key, held);
		}
		held.items.add(i);
		await held.taking;
		// The run ended while the item waited (its other items failed it): nothing more is sent for it.
		if (this.closed) throw new NodeOperationError(this.ctx.getNode(), `The run ended while item ${i} waited for another run's call to ${target.to}; this call was not placed`, { itemIndex: i });
	}

	/** Item i is done (`sent`: its request may have reached Talkover): the number's turn goes to the next run once this run's items to it are. */
	turnOver(i: number, sent: boolean): void {
		const target = this.items[i]?.target;
		if (!target) return;
		const key = this.turnKey(target);
		const held = this.turns.get(key);
		if (!held?.items.delete(i)) return;
		held.sent ||= sent;
		if (held.items.size > 0) return;
		this.turns.delete(key);
		held.taking.then((turn) => turn.over(held.sent), () => undefined);
	}

	/**
	 * The run ended (or stopped). Each turn stays with its items until each is done: an item still sending when the run
	 * was stopped gives its turn back with its call counted, once its request has ended; an item still waiting sends
	 * nothing once its turn comes.
	 */
	close(): void {
		this.closed = true;
	}

	/**
	 * What item i gets because the execution this one retries placed (or may have placed) its call, or
	 * undefined; for an AI Agent's tool also a call placed for the same run of the agent in this execution.
	 * The router asks it before Calling Hours, which must not hide a placed call. Sends nothing, unless the
	 * retried execution crashed (Talkover's calls are then read).
	 */
	retried(i: number): Promise<Skip | undefined> {
		let known = this.earlier.get(i);
		if (!known) {
			known = this.placedEarlier(i);
			this.earlier.set(i, known);
		}
		return known;
	}

	private async placedEarlier(i: number): Promise<Skip | undefined> {
		const item = this.items[i];
		if (!item?.target || item.dialAgainOnRetry) return undefined;
		const { target } = item;
		const earlier = placedBefore(this.ctx, i, target);
		const where = earlier?.sameExecution
			? earlier.agentRun === undefined
				? 'earlier in this execution, by another run of this node for the same item (n8n ran the node twice),'
				: `earlier in this execution, for the same run of the AI Agent (${earlier.agentRun}), which asked for it again,`
			: `in execution ${earlier?.executionId}, which this execution retries,`;
		// The record follows the item, whatever agent, campaign or number the node has now (a Retry with the saved workflow).
		const calledAt = earlier === undefined ? target.to : typeof earlier.call?.to === 'string' ? earlier.call.to : `+${numberKey(earlier.target.to)}`;
		const otherNumber = numberKey(calledAt) !== numberKey(target.to) ? `, to ${calledAt} (this item's number is now ${target.to})` : '';
		if (earlier?.unsure !== undefined) {
			// A retried execution: Talkover may have placed it after all (a request it held past the node's time-out,
			// then handled). Its calls say so: the call found is this item's (a wait waits for it); none, or none
			// readable, and the item stays "maybe". Looked for where that execution placed it.
			const lookFor: DialTarget = earlier.target.scope === 'agent' || earlier.target.scope === 'campaign' ? { scope: earlier.target.scope, id: earlier.target.id, to: calledAt } : target;
			const found = !earlier.sameExecution && this.retriedFrom !== undefined ? await this.placedUnsaved(i, lookFor, earlier) : undefined;
			if (found && 'output' in found) return found;
			return {
				output: {
					to: calledAt,
					alreadyPlaced: 'maybe',
					skipped: true,
					skipReason: `Not dialled again: ${where} the call${otherNumber} may have been placed (${earlier.unsure}). Check whether ${lookFor.scope === 'agent' ? 'the call exists: Call → Get Many (filter by the number)' : 'the lead is queued: Campaign → Get'}; to dial it anyway, ${DIAL_AGAIN}`,
				},
			};
		}
		if (earlier?.call) {
			const placed = earlier.sameExecution
				? `this ${earlier.agentRun === undefined ? 'node' : 'tool'} already placed this call${otherNumber} ${where.slice(0, -1)}.`
				: `execution ${earlier.executionId}, which this execution retries, already placed this call${otherNumber}.`;
			return { output: { ...earlier.call, alreadyPlaced: true, skipped: true, skipReason: `Not dialled again: ${placed} To dial it anyway, ${DIAL_AGAIN}` } };
		}
		if (this.retriedFrom === undefined) return undefined;
		return await this.placedUnsaved(i, target);
	}

	/**
	 * A retried execution, an item without a record (or, `unsure`, one whose call may have been placed): the oldest
	 * call Talkover has to the number since the chain's first execution started that the record does not already
	 * give to an item, from this agent (campaign) or one the executions it retries dialled with (the node edited
	 * since: a Retry with the saved workflow). `target`: where the call is looked for (`unsure`: where that
	 * execution placed it); the record keeps it under the item's target now.
	 */
	private async placedUnsaved(i: number, target: DialTarget, unsure?: PlacedRecord): Promise<Skip | undefined> {
		const scopes = unsure ? [target] : [target, ...this.chainScopes.filter((s) => s.scope !== target.scope || s.id !== target.id).map((s) => ({ ...s, to: target.to }))];
		const { since, undated } = this.retriedFrom!;
		const taken = callsTakenHere(this.ctx);
		// The item's own earlier attempts (Call Again Until Reached): never the call the retried run placed for it now.
		const own = ownCallKeys(this.items[i]?.target);
		const key = numberKey(target.to);
		/** The calls to the number since the chain started that no item has taken yet, each where it was read. */
		const candidates: Array<{ c: CallEntry; whose: string; account?: true; where?: DialTarget }> = [];
		const consider = (candidate: (typeof candidates)[number]) => {
			const { c } = candidate;
			if (numberKey(c.to) === key && callMoments(c).requestedAt >= since && !(typeof c.call.id === 'string' && (taken.has(c.call.id) || own.has(callKey(c.call.id))))) candidates.push(candidate);
		};
		const pick = () => candidates.sort((a, b) => (undated ? b.c.createdAt - a.c.createdAt : a.c.createdAt - b.c.createdAt))[0];
		let found: (typeof candidates)[number] | undefined;
		try {
			for (const where of scopes) {
				const recent = await this.reads.recentOf(where, i);
				const whose = where === target ? whoseCalls(target, recent) : `the ${where.scope} ${where.id}, which the executions this one retries dialled with,`;
				for (const c of recent.calls) consider({ c, whose, where });
			}
			found = pick();
			// n8n saved nothing of this node's earlier runs (a crash): the agents and campaigns they dialled with are not
			// known (the node may have been edited since), so, no call found where it dials now, the account's calls to
			// the number are read too (accountCalls.ts).
			if (!found && !unsure && this.chainUnknown) {
				const settings = { itemIndex: i, maxRetries: this.items[i]!.maxRetries, signal: this.ctx.getExecutionCancelSignal?.() };
				for (const { entry, where, placedBy } of await this.account.of(target.to, since, settings)) {
					// Another Talkover node of the workflow, upstream of this one, dials there: its calls are its own.
					if (placedBy && this.upstream.has(`${placedBy.scope}:${placedBy.id.toLowerCase()}`)) continue;
					consider({ c: entry, whose: where, account: true, ...(placedBy ? { where: { ...placedBy, to: target.to } } : {}) });
				}
				found = pick();
			}
		} catch (error) {
			// An item whose call may have been placed stays so (not dialled, not an error of its own); the read's error,
			// which other items share, is left as it is.
			if (unsure) return undefined;
			return this.notRead(error, i, 'this execution retries another, and the calls n8n did not save are read from Talkover');
		}
		if (!found) return undefined;
		const { whose } = found;
		const call = masked({ ...found.c.call }, this.secrets);
		// Kept as this execution's, with where it was placed (a wait waits for its end there): a retry of this retry finds it in the record.
		// Its moment is when Talkover created it (a wait's limit, Call Again's next read count from it), not this Retry's;
		// never later than now (a Talkover clock ahead of n8n's would move the limit on).
		recordPlaced(this.ctx, i, found.where ?? this.items[i]!.target!, call, this.secrets, Math.min(found.c.createdAt, clock.now()));
		const created = String(found.c.call.created_at);
		const account = found.account ? ` (n8n saved no record of which agents or campaigns the execution this one retries dialled with, the node may have been edited since: the whole account's calls to the number were read.)` : '';
		return {
			output: {
				...call,
				alreadyPlaced: true,
				skipped: true,
				skipReason: (unsure
					? `Not dialled again: in execution ${unsure.executionId}, which this execution retries, the call may have been placed (${unsure.unsure}), and ${whose} has a call to ${target.to} created ${created}, after the first execution started (${new Date(since + CLOCK_MARGIN_MS).toISOString()}): it is taken as that call. If it is another execution's call and this item must call again: ${DIAL_AGAIN}`
					: undated
					? `Not dialled again: this execution retries another, and n8n saved nothing that says when this node ran there (an execution n8n kept no data of after a crash: its event log off or lost, a queue-mode worker stopped), so ${whose}'s call to ${target.to} created ${created}, within the last 14 days (n8n keeps executions that long by default), is taken as that execution's call. If that execution failed before this node ran, or this is another execution's call, and this item must call again: ${DIAL_AGAIN}`
					: `Not dialled again: this execution retries another, n8n saved no call for this item, and ${whose} has a call to ${target.to} created ${created}, after the first execution started (${new Date(since + CLOCK_MARGIN_MS).toISOString()}): it is taken as that execution's call, placed before n8n could save it (stopped or crashed while it ran). If it is another execution's call and this item must call again: ${DIAL_AGAIN}`) + account,
			},
		};
	}

	async before(i: number): Promise<Skip | undefined> {
		const item = this.items[i];
		if (!item?.target) return undefined;
		const { target, windowMinutes } = item;
		const retried = await this.retried(i);
		if (retried) return retried;
		// Without Skip Numbers Called Within, only a call that has not ended keeps a later call of Call Again Until Reached back.
		const onCallOnly = windowMinutes <= 0;
		if (onCallOnly && target.checkOnCall !== true) return undefined;
		const window = minutesText(windowMinutes);
		// Without the option, as an MCP client's tool (options.ts): said, since the workflow shows no such option.
		const mcp = item.mcpDefault ? ", an MCP client's tool's default without the option: a client may send the same tool call again" : '';
		const first = this.firstOf.get(this.key(target))!;
		if (!onCallOnly && first !== i) {
			// An earlier try of this run (Retry On Fail) settled the earlier item, or it runs now: its outcome.
			const known = this.sent.get(first);
			const call = known?.results?.[0] ?? (known?.error ? undefined : await this.outcomes.get(first)!.promise);
			// The earlier item was skipped itself: the same call and the same reason.
			if (call?.skipped === true) return { output: { ...call } };
			if (call) return { output: { ...call, skipped: true, skipReason: `Not dialled: item ${first} of this run already called ${target.to} (Options → Skip Numbers Called Within ${window}${mcp})` } };
			if (this.sent.get(first)?.error) return { output: { to: target.to, skipped: true, skipReason: `Not dialled: item ${first} of this run may already have called ${target.to} (see its error) (Options → Skip Numbers Called Within ${window}${mcp})` } };
		}
		let recent: Recent;
		try {
			recent = await this.reads.recentOf(target, i);
		} catch (error) {
			return this.notRead(error, i, onCallOnly ? 'Call Again Until Reached reads them before each later call' : 'Options → Skip Numbers Called Within');
		}
		const last = target.lastCallEndedAs;
		if (last) {
			const inRead = (read: Recent) => read.calls.find((c) => typeof c.call.id === 'string' && callKey(c.call.id) === callKey(last.callId));
			let listed = inRead(recent);
			// Older than the run's read (Call Again After of days): looked for by a read of this item's own.
			if (!listed && last.placedFrom !== undefined) {
				try {
					listed = inRead(await this.reads.lastCallOf(target, i, last.placedFrom));
				} catch (error) {
					return this.notRead(error, i, "Call Again Until Reached reads the lead's last call, which timed out, before calling again");
				}
			}
			const status = typeof listed?.status === 'string' ? listed.status.toLowerCase() : undefined;
			if (status === undefined || !hasEnded(status) || !last.outcomes.includes(outcomeOfStatus(status))) {
				const said = listed ? `lists it as ${shownValue(listed.status) ?? 'a call without a status'}` : 'does not list it among the calls read';
				return { output: { ...(listed ? listed.call : { to: target.to }), skipped: true, skipReason: `Not dialled: the lead's last call ${last.callId} timed out, and Talkover ${said}: Call Again Until Reached calls again after a call that timed out only once Talkover lists it as not reached (${endedStatusesOf(last.outcomes).join(', ')})` } };
			}
		}
		const since = clock.now() - windowMinutes * 60_000;
		// A call counts by when it rang and ended (a delayed call, a call longer than the window), never only by when it was requested.
		// The item's own earlier attempts (Call Again Until Reached) are not another call to the lead, once they have ended.
		const own = ownCallKeys(target);
		const found = recent.calls
			.filter((c) => !(own.has(callKey(String(c.call.id))) && hasEnded(c.status)) && numberKey(c.to) === numberKey(target.to) && (!hasEnded(c.status) || (!onCallOnly && callMoments(c).latest >= since)))
			.sort((a, b) => callMoments(b).latest - callMoments(a).latest)[0];
		if (!found) return undefined;
		const moments = callMoments(found);
		const latest = new Date(moments.latest).toISOString().replace('.000Z', 'Z');
		const lastMoment = found.createdAt >= since || !hasEnded(found.status) ? '' : found.updatedAt === undefined ? `, listed without a readable updated_at, so it may have rung or ended as late as ${latest}` : `, rang or ended as late as ${latest}`;
		const status = shownValue(found.status) ?? 'call';
		const whose = whoseCalls(target, recent);
		const how = `${mcp}${recent.agentOfCampaign === undefined ? '' : recent.partly ? "; Talkover's campaign answer lists only some of its calls, so its agent's calls were read too" : "; Talkover's campaign answer lists no calls, so its agent's calls were read"}`;
		if (onCallOnly) {
			return { output: { ...found.call, skipped: true, skipReason: `Not dialled: ${whose} already has a call to ${target.to} (${status}, created ${String(found.call.created_at)}${lastMoment}) that has not ended: Call Again Until Reached never calls a lead again while a call to them is queued, ringing or going on` } };
		}
		const when = moments.latest >= since && hasEnded(found.status) || found.createdAt >= since
			? `within ${window} (Options → Skip Numbers Called Within${how})`
			: isDocumentedStatus(found.status)
				? `that has not ended (Options → Skip Numbers Called Within ${window}${how})`
				: found.status === undefined
					? `that is not known to have ended: Talkover listed it without a status (Options → Skip Numbers Called Within ${window}${how})`
					: `that is not known to have ended: Talkover documents no call status "${status}" (Options → Skip Numbers Called Within ${window}${how})`;
		return { output: { ...found.call, skipped: true, skipReason: `Not dialled: ${whose} already has a call to ${target.to} (${status}, created ${String(found.call.created_at)}${lastMoment}) ${when}` } };
	}

	/** Item i is not dialled: the calls already made, which say whether it may be, could not be read (`why` they are read). */
	private notRead(error: unknown, i: number, why: string): Skip {
		const nodeError = this.asError(error, i);
		nodeError.message = `The calls already made could not be read, so the node did not dial (${why}): ${nodeError.message}`;
		return { error: nodeError };
	}

	/** Item i failed after Talkover may have placed its call: kept for a retry of this execution. */
	unsure(i: number, message: string): void {
		const target = this.items[i]?.target;
		if (target) recordPlaced(this.ctx, i, target, { unsure: message }, this.secrets);
	}

	/** What item i got: its call (recorded for a retry of this execution), or undefined. */
	after(i: number, results: Array<Record<string, unknown>> | undefined, dialled: boolean): void {
		const call = results?.[0] as IDataObject | undefined;
		const target = this.items[i]?.target;
		if (dialled && call && target) recordPlaced(this.ctx, i, target, call, this.secrets);
		this.outcomes.get(i)?.resolve(call);
	}
}

/** The run's guard, for an operation that dials (undefined for the others). */
export function dialGuardFor(
	ctx: IExecuteFunctions,
	handler: { dialTarget?: (prepared: never) => DialTarget },
	prepared: Array<{ value?: unknown; error?: NodeError; item?: { maxRetries?: number } }>,
	sent: SentRecord,
	asError: (error: unknown, i: number) => NodeError,
	secrets: Secrets,
	talkover = '',
): DialGuard | undefined {
	if (!handler.dialTarget) return undefined;
	const items = prepared.map((p, i): ItemGuard | undefined => {
		if (p.error !== undefined || !p.item) return undefined;
		return { target: handler.dialTarget!(p.value as never), ...readDialOptions.call(ctx, i), maxRetries: p.item.maxRetries ?? 0 };
	});
	return new DialGuard(ctx, items, sent, asError, secrets, talkover);
}
