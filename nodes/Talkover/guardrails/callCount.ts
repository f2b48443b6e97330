import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { hashOf } from '../../shared/secrets/secretHash';
import { CREDENTIAL_TYPE, mayHaveBeenProcessed, tokensOf } from '../../shared/transport';
import { maxCallsPerExecutionOption, TOOL_CALL_CAP } from './callCapDescription';
import { claimInWindow, WINDOW_MS, windowKey } from './callCapWindow';
import { CallsInFlight, stoppedWhileWaiting } from './callsInFlight';
import type { McpSignals } from './runsAsTool';
import { runsAsMcpTool } from './runsAsTool';

/**
 * The calls this node placed in this execution, for Max Calls per Execution: claimed one by one right before
 * a call is sent, so a call beyond the cap fails before anything reaches Talkover. A call sent holds its
 * place until its answer (callsInFlight.ts): then it counts, or gives the place back; an item that finds the
 * places left all held by calls in flight waits for their answers instead of being refused for calls that
 * may not count.
 *
 * Where the count lives: in the node's execution context (`getContext('node')`), under the execution's ID.
 * n8n hands every run of the node in one execution the same context — every tool call of an AI Agent run
 * (the v3 agent runs the tool as a node of its execution; v1/v2 through a sub-node context on the agent's
 * execution data) and every item — and another one to every other execution, workflow and process; it is
 * saved with the execution (a run resumed after a Wait keeps its count) and with nothing else: no workflow
 * static data, which would outlive the execution. A context carried into another execution (n8n's Retry of
 * a failed execution copies the failed one's data) holds another execution's ID: the count starts again.
 * An MCP Server Trigger runs each tool call without an execution the calls share and with an empty context:
 * an MCP client's calls are counted over the last hour in this process instead (callCapWindow.ts), by
 * `sendCounted`. Without a context (none in this n8n, or it cannot be read) the count covers this node run's
 * items only. The cap of the execution's first call holds for the whole execution (an expression cannot
 * raise it on a later tool call).
 */
export interface CallCountContext {
	getNode(): INode;
	getExecutionId?: () => string | undefined;
	getContext?: (type: 'node') => IDataObject;
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}

/** A claimed call, in flight until its answer: `keep()` when Talkover accepted it or may have, `release()` when nothing of it reached Talkover (it does not count then). */
export interface CallSlot {
	keep(): void;
	release(): void;
}

const KEY = 'talkoverCallCap';

interface Count {
	executionId: string;
	/** Calls Talkover accepted or may have accepted (their answer came); calls in flight are not saved. */
	placed: number;
	/** The cap of the execution's first counted call. */
	cap?: number;
}

/** The calls of each count in flight now (by the count's object: never saved with the execution). */
const inFlight = new WeakMap<Count, CallsInFlight>();

function flightOf(count: Count): CallsInFlight {
	let flight = inFlight.get(count);
	if (!flight) {
		flight = new CallsInFlight();
		inFlight.set(count, flight);
	}
	return flight;
}

const withoutContext = new WeakMap<object, Count>();

function isCount(value: unknown, executionId: string): value is Count {
	const count = value as Count | undefined;
	return typeof count === 'object' && count !== null && count.executionId === executionId && Number.isSafeInteger(count.placed) && count.placed >= 0;
}

function nodeContext(ctx: CallCountContext): IDataObject | undefined {
	if (typeof ctx.getContext !== 'function') return undefined;
	try {
		const context = ctx.getContext('node');
		return typeof context === 'object' && context !== null ? context : undefined;
	} catch {
		// n8n-workflow's getContext throws when the run has no execution data.
		return undefined;
	}
}

function countOf(ctx: CallCountContext): Count {
	const executionId = String(ctx.getExecutionId?.() ?? '');
	const context = nodeContext(ctx);
	if (context) {
		const kept = context[KEY];
		if (isCount(kept, executionId)) return kept;
		const fresh: Count = { executionId, placed: 0 };
		context[KEY] = fresh as unknown as IDataObject;
		return fresh;
	}
	let count = withoutContext.get(ctx);
	if (!count) {
		count = { executionId, placed: 0 };
		withoutContext.set(ctx, count);
	}
	return count;
}

const NO_CAP: CallSlot = { keep: () => undefined, release: () => undefined };

function calls(n: number): string {
	return n === 1 ? '1 call' : `${n} calls`;
}

/**
 * Claims one call of the cap (undefined: no cap, nothing is counted), or throws the item's error when the
 * node has placed `cap` calls in this execution (Talkover accepted them, or may have). While the places left
 * are held by calls in flight, it waits for their answers and asks again: a call refused gives its place to
 * the first item waiting. The claim itself is synchronous: items side by side cannot both take the last place.
 */
export async function claimCall(ctx: CallCountContext, itemIndex: number, cap: number | undefined): Promise<CallSlot> {
	if (cap === undefined) return NO_CAP;
	for (;;) {
		// Read again after every wait: the execution's count object is the one its context holds now.
		const count = countOf(ctx);
		if (typeof count.cap !== 'number' || !Number.isSafeInteger(count.cap) || count.cap < 1) count.cap = cap;
		const limit = count.cap;
		const flight = flightOf(count);
		if (count.placed >= limit) {
			const error = new NodeOperationError(
				ctx.getNode(),
				`${maxCallsPerExecutionOption.displayName} (item ${itemIndex}): this node has placed ${calls(count.placed)} in this execution, the most its option allows (${limit}); this call was not placed`,
				{
					itemIndex,
					description: `The limit counts every call this node places in one execution, also each call an AI Agent makes through it as a tool (${TOOL_CALL_CAP} when the option is not set); a call Talkover refused does not count. To allow more, raise Options → ${maxCallsPerExecutionOption.displayName} (0: no limit).`,
				},
			);
			error.context.notSent = true;
			throw error;
		}
		if (count.placed + flight.count < limit) {
			flight.start();
			let settled = false;
			const settle = (counts: boolean) => {
				if (settled) return;
				settled = true;
				if (counts) count.placed++;
				flight.settle();
			};
			return { keep: () => settle(true), release: () => settle(false) };
		}
		await flight.next(ctx.getExecutionCancelSignal?.(), () => stoppedWhileWaiting(ctx.getNode(), itemIndex, maxCallsPerExecutionOption.displayName));
	}
}

/** What `sendCounted` reads of the node's run: the execution's count, how n8n runs it, whose count on the MCP path. */
export interface SendCountContext extends CallCountContext, McpSignals {
	getWorkflow?: () => { id?: string | number | null };
	getCredentials?: (type: string) => Promise<IDataObject>;
}

function minutes(ms: number): string {
	return new Date(ms).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');
}

/**
 * The MCP path's count (callCapWindow.ts): claims a place among the calls this node placed for MCP clients in
 * the last hour, under this workflow, node and API token (waiting, as claimCall, while the places left are
 * held by calls in flight), or throws the item's error.
 */
async function claimForMcpClient(ctx: SendCountContext, itemIndex: number, cap: number): Promise<CallSlot> {
	const node = ctx.getNode();
	// The credential's API Token (tokensOf lists it first; the transport alone reads the credential's fields).
	const [token] = tokensOf(await ctx.getCredentials?.(CREDENTIAL_TYPE).catch(() => undefined));
	const key = windowKey(String(ctx.getWorkflow?.().id ?? ''), node.id || node.name, token ? hashOf(token) : '');
	const claim = await claimInWindow(key, cap, ctx.getExecutionCancelSignal?.(), () => stoppedWhileWaiting(node, itemIndex, maxCallsPerExecutionOption.displayName));
	if ('slot' in claim) return claim.slot;
	const hour = WINDOW_MS / 60_000;
	const error = new NodeOperationError(
		node,
		`${maxCallsPerExecutionOption.displayName} (item ${itemIndex}): this node has placed ${calls(claim.placed)} for MCP clients in the last ${hour} minutes, the most its option allows (${cap}); this call was not placed`,
		{
			itemIndex,
			description: `n8n runs each MCP tool call as an execution of its own, so the calls MCP clients make through this node are counted over the last ${hour} minutes (per workflow, node and API token, in this n8n process; ${TOOL_CALL_CAP} when the option is not set). The next place frees at ${minutes(claim.freeAt)}. To allow more, raise Options → ${maxCallsPerExecutionOption.displayName} (0: no limit).`,
		},
	);
	error.context.notSent = true;
	throw error;
}

/**
 * Sends one call counted against the cap: claimed before `send` starts (a call beyond the cap throws and
 * `send` never runs; while the places left are held by calls in flight it waits for their answers). The call
 * holds its place while it is in flight; at its answer it counts when Talkover accepted it or may have placed
 * it (a 5xx, a timeout: `mayHaveBeenProcessed`), and gives the place back when Talkover cannot have placed it
 * (a refusal, a refused connection, a call withheld at the moment it was to leave). As an MCP client's tool
 * call (runsAsTool.ts) the call is counted in the last hour's calls too.
 */
export async function sendCounted<T>(ctx: SendCountContext, itemIndex: number, cap: number | undefined, send: () => Promise<T>): Promise<T> {
	const window = cap !== undefined && runsAsMcpTool(ctx) ? await claimForMcpClient(ctx, itemIndex, cap) : NO_CAP;
	let slot: CallSlot | undefined;
	let counts = false;
	try {
		// Refused by the execution's own count (or stopped while waiting): nothing is sent, the hour's place goes back.
		slot = await claimCall(ctx, itemIndex, cap);
		// The request's own error goes on unchanged (a NodeApiError from the transport).
		return await send().then(
			(value) => {
				counts = true;
				return value;
			},
			async (error: unknown) => {
				counts = mayHaveBeenProcessed(error);
				return await Promise.reject(error as Error);
			},
		);
	} finally {
		for (const claimed of [slot, window]) {
			if (counts) claimed?.keep();
			else claimed?.release();
		}
	}
}
