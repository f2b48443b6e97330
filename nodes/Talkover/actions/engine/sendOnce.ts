import type { IDataObject, IExecuteFunctions, IRunExecutionData } from 'n8n-workflow';

import { numberKey } from '../../../shared/dialledNumbers/numberKey';
import { runsAsMcpTool, runsAsTool } from '../../guardrails/runsAsTool';
import type { Secrets } from '../../../shared/secrets';
import { masked } from '../../../shared/secrets';
import { clock } from '../../../shared/transport';
import type { NodeError } from './errorItem';

/**
 * The send-once record: what each input item of this node run already got, so that n8n's "Retry On
 * Fail" (which runs the whole node again) sends nothing twice. An item that got its answer is not sent
 * again; an item whose request Talkover may have acted on (a 5xx, a dropped connection, an answer that
 * could not be read) keeps its error and is not sent again either, when its operation is not
 * `repeatable`. Everything else (a 429, a refused connection, any failure of a repeatable operation) is
 * sent again on n8n's next try, as the user asked.
 *
 * What identifies "this input item, in this execution": n8n keeps one object per run of a node, the
 * execution data it hands to the node (`getExecuteData()`). Every try of Retry On Fail gets the very
 * same object; the next run of the node (a loop) and every other execution get another one. The record
 * hangs on that object in a WeakMap, with the item's index: nothing is compared (a `{{ $now }}` in a
 * parameter changes the request, not the item), nothing expires while the run lasts (no clock), nothing
 * is evicted by other executions (no size limit), and the record goes when n8n drops the run's data.
 * When the node runs without execution data of its own (as an AI tool in some n8n versions), the input
 * item's JSON (the tool call's arguments, the same object over the tool's tries) takes its place.
 */
export interface SentEntry {
	results?: IDataObject[];
	/** Talkover accepted the item's request (not a skip's output): what Make and Wait for Outcome waits on. */
	accepted?: boolean;
	/** When Talkover's acceptance came back (epoch ms, the transport's clock): a wait's limit counts from it. */
	at?: number;
	error?: NodeError;
	/**
	 * A repeatable operation's earlier try failed after Talkover may have acted (it is sent again): a
	 * Delete's 404 on the next try means the earlier one deleted it.
	 */
	actedBefore?: boolean;
}

export type SentRecord = Map<number, SentEntry>;

const records = new WeakMap<object, Map<string, SentRecord>>();

/** The object that stands for this run of the node over all its tries (undefined: none, nothing is recorded). */
function runAnchor(ctx: IExecuteFunctions): object | undefined {
	const executeData = typeof ctx.getExecuteData === 'function' ? ctx.getExecuteData() : undefined;
	if (executeData && executeData.node?.name === ctx.getNode().name) return executeData;
	const first = ctx.getInputData()[0]?.json;
	return first !== null && typeof first === 'object' ? first : undefined;
}

/** The record of this node's run (empty at its first try). */
export function sentRecordFor(ctx: IExecuteFunctions): SentRecord {
	const anchor = runAnchor(ctx);
	if (!anchor) return new Map();
	let byNode = records.get(anchor);
	if (!byNode) {
		byNode = new Map();
		records.set(anchor, byNode);
	}
	const key = ctx.getNode().id ?? ctx.getNode().name;
	let record = byNode.get(key);
	if (!record) {
		record = new Map();
		byNode.set(key, record);
	}
	return record;
}

/**
 * Beyond one execution: n8n's Retry of a failed execution runs this node again with all its input items
 * (n8n 2.8.4's ExecutionService.retry drops only the failed node's last run), in a new execution with
 * the saved execution data, where the node's execution context (`getContext('node')`) is again: the
 * WeakMap above is not (another process, or n8n restarted). So every call placed is also written there,
 * under the agent (campaign) and the number (not the payload or the context, which may hold a `{{ $now }}`
 * that differs in the retry) and under what places it again on a re-run:
 *
 * - a node of the workflow: its run (a loop's iteration; a retry runs the failed run again under the same
 *   index) and the item. A record made by this same execution (the node run again in a loop) is not a
 *   reason to skip: only one from the execution that is being retried.
 * - an AI Agent's or an MCP client's tool: the run of the AI Agent it serves. The tool's own run index is no
 *   use there: the v1/v2 agent runs the tool as a sub-node once per tool call, and a retried execution, or
 *   the agent's Retry On Fail, continues the tool's run indexes (2, 3 after 0, 1). The agent's run is the
 *   same over both (n8n records the agent's run only once it has ended, and its Retry drops the failed
 *   run). So the record is one call per number per run of the agent, and it counts in this execution too:
 *   the agent's Retry On Fail asks for the same calls again in the same execution.
 *
 * What n8n did not save (a crash, Save Execution Progress mid-run) is not here: a retried execution reads
 * Talkover's own calls for the items without a record (dialGuard.ts).
 */
export interface PlacedTarget {
	scope: string;
	id: string;
	to: string;
}

const PLACED_KEY = 'talkoverPlaced';

export interface PlacedRecord {
	executionId: string;
	/** The call placed; undefined when the request failed after Talkover may have placed it (`unsure`). */
	call?: IDataObject;
	unsure?: string;
	/**
	 * When the call was placed (epoch ms): when Talkover's acceptance came back (the transport's clock), or, for a call
	 * a Retry found in Talkover's list, its `created_at`; absent in a record an older version kept.
	 */
	at?: number;
}

function nodeContext(ctx: IExecuteFunctions): IDataObject | undefined {
	if (typeof ctx.getContext !== 'function') return undefined;
	return ctx.getContext('node') ?? undefined;
}

function placedMap(ctx: IExecuteFunctions): Record<string, PlacedRecord> | undefined {
	const context = nodeContext(ctx);
	if (!context) return undefined;
	return (context[PLACED_KEY] ??= {}) as Record<string, PlacedRecord>;
}

/** The execution data n8n-core keeps on the node's context (not in n8n-workflow's interface; undefined if absent). */
export function runExecutionDataOf(ctx: IExecuteFunctions): IRunExecutionData | undefined {
	const data = (ctx as unknown as { runExecutionData?: unknown }).runExecutionData;
	return data !== null && typeof data === 'object' && 'resultData' in data ? (data as IRunExecutionData) : undefined;
}

/**
 * The run of the AI Agent this tool serves (`Agent#0`), or undefined when the node is not an AI Agent's tool
 * (a node of the workflow, or an MCP client's tool: each tools/call a run of its own).
 * - v3 agent: the tool runs as a node of the execution, its input's source is the agent's run;
 * - v1/v2 agent: the tool runs as a sub-node with the agent's execute data; the agent's run is the number
 *   of its runs n8n recorded (it records a run once it has ended).
 */
function agentRunOf(ctx: IExecuteFunctions): string | undefined {
	if (!runsAsTool(ctx) || runsAsMcpTool(ctx)) return undefined;
	const executeData = typeof ctx.getExecuteData === 'function' ? ctx.getExecuteData() : undefined;
	const own = ctx.getNode().name;
	const runner = executeData?.node?.name;
	if (runner && runner !== own) {
		const runs = runExecutionDataOf(ctx)?.resultData?.runData?.[runner];
		return `${runner}#${Array.isArray(runs) ? runs.length : 0}`;
	}
	const source = executeData?.source?.main?.[0];
	if (source?.previousNode) return `${source.previousNode}#${source.previousNodeRun ?? 0}`;
	return 'agent#0';
}

function runIndexOf(ctx: IExecuteFunctions): number {
	const runIndex = (ctx as unknown as { runIndex?: unknown }).runIndex;
	return typeof runIndex === 'number' ? runIndex : 0;
}

/** What places the calls again on a re-run: the node's run, or the AI Agent's run (see above). */
function runKey(ctx: IExecuteFunctions): string {
	const agentRun = agentRunOf(ctx);
	return agentRun === undefined ? String(runIndexOf(ctx)) : `tool|${agentRun}`;
}

/** The node's run (or the agent's) + item (a node's only) + number (the one dialled: numberKey). */
function placedKey(ctx: IExecuteFunctions, itemIndex: number, { scope, id, to }: PlacedTarget): string {
	const run = runKey(ctx);
	const item = run.startsWith('tool|') ? '' : `|${itemIndex}`;
	return `${run}${item}|${scope}|${id}|${numberKey(to)}`;
}

function executionIdOf(ctx: IExecuteFunctions): string {
	return String(ctx.getExecutionId?.() ?? '');
}

/** The target a record's key names (its last three parts: scope, ID, number as dialled). */
function targetOfKey(key: string): PlacedTarget {
	const parts = key.split('|');
	const [scope, id, to] = parts.slice(-3);
	return { scope, id, to };
}

/**
 * The record of this run's item (a node of the workflow: its run and item; an AI Agent's tool: the agent's run and
 * the number), whatever agent, campaign or operation placed it: a Retry with the saved workflow runs the node with
 * its new settings, and the item's call is the same call. The exact key first; then a placed call before an
 * unsure one; a tool's record is the same number dialled (a key a node kept as written, `+1 1 555 …` under 115…,
 * is read as 15…).
 */
function recordOfItem(map: Record<string, PlacedRecord> | undefined, key: string, head: string, to: string | undefined): { record: PlacedRecord; target: PlacedTarget } | undefined {
	if (!map) return undefined;
	const matches = Object.keys(map).filter((other) => other.startsWith(head) && other.slice(head.length).split('|').length >= 3 && (to === undefined || numberKey(targetOfKey(other).to) === to));
	const exact = map[key] ? key : undefined;
	const sameNumber = matches.find((other) => numberKey(targetOfKey(other).to) === numberKey(targetOfKey(key).to) && other.slice(0, other.lastIndexOf('|')) === key.slice(0, key.lastIndexOf('|')));
	const chosen = exact ?? sameNumber ?? matches.find((other) => map[other].call !== undefined) ?? matches[0];
	return chosen === undefined ? undefined : { record: map[chosen], target: targetOfKey(chosen) };
}

/**
 * The call an earlier execution (the one being retried) placed for this item, if any, and where it was placed
 * (`target`: the agent or campaign and number the execution that placed it used); also one placed earlier in this
 * execution (`sameExecution`): for an AI Agent's tool, for the same run of the agent (`agentRun`); for a node of
 * the workflow, by another run of the node over the same item (n8n ran the node's run twice: an earlier try of
 * Retry On Fail finds its calls in the run's send-once record first).
 */
export function placedBefore(ctx: IExecuteFunctions, itemIndex: number, target: PlacedTarget): (PlacedRecord & { target: PlacedTarget; sameExecution?: true; agentRun?: string }) | undefined {
	const run = runKey(ctx);
	const tool = run.startsWith('tool|');
	const found = recordOfItem(placedMap(ctx), placedKey(ctx, itemIndex, target), tool ? `${run}|` : `${run}|${itemIndex}|`, tool ? numberKey(target.to) : undefined);
	if (!found) return undefined;
	const record = { ...found.record, target: found.target };
	if (record.executionId !== executionIdOf(ctx)) return record;
	const agentRun = agentRunOf(ctx);
	return agentRun === undefined ? { ...record, sameExecution: true } : { ...record, sameExecution: true, agentRun };
}

const SCOPES_KEY = 'talkoverScopes';

/**
 * The agents and campaigns this node dials in this run (`scope:id`), kept in the node's execution context beside
 * the record: a Retry with the saved workflow (the Agent, the campaign or the operation edited since) still reads
 * the calls of those the executions it retries dialled with, for the items n8n saved no call of.
 */
export function recordScopes(ctx: IExecuteFunctions, targets: PlacedTarget[]): void {
	const context = nodeContext(ctx);
	if (!context || targets.length === 0) return;
	const known = Array.isArray(context[SCOPES_KEY]) ? (context[SCOPES_KEY] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
	context[SCOPES_KEY] = [...new Set([...known, ...targets.map((t) => `${t.scope}:${t.id}`)])];
}

/** The agents and campaigns (`{scope, id}`) the executions this one retries dialled with: their marks and their records' keys. */
export function scopesOfChain(ctx: IExecuteFunctions): Array<{ scope: 'agent' | 'campaign'; id: string }> {
	const context = nodeContext(ctx);
	const marked = Array.isArray(context?.[SCOPES_KEY]) ? (context![SCOPES_KEY] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
	const own = executionIdOf(ctx);
	const recorded = Object.entries(placedMap(ctx) ?? {}).filter(([, r]) => r.executionId !== own).map(([key]) => { const t = targetOfKey(key); return `${t.scope}:${t.id}`; });
	return [...new Set([...marked, ...recorded])].flatMap((s) => {
		const at = s.indexOf(':');
		const scope = s.slice(0, at);
		return (scope === 'agent' || scope === 'campaign') && at < s.length - 1 ? [{ scope, id: s.slice(at + 1) }] : [];
	});
}

/**
 * Keeps the call placed for this item in the node's execution context, which n8n saves with the execution (and
 * shows: GET /rest/executions/<id>) and hands to every Retry: through the one masking step, as every output.
 */
export function recordPlaced(ctx: IExecuteFunctions, itemIndex: number, target: PlacedTarget, call: IDataObject | { unsure: string }, secrets: Secrets, at = clock.now()): void {
	const map = placedMap(ctx);
	if (!map) return;
	const shown = masked(call, secrets);
	map[placedKey(ctx, itemIndex, target)] = 'unsure' in shown && typeof shown.unsure === 'string' && Object.keys(shown).length === 1 ? { executionId: executionIdOf(ctx), unsure: shown.unsure } : { executionId: executionIdOf(ctx), call: shown as IDataObject, at };
}

const FIRST_RUN_KEY = 'talkoverFirstRun';

/**
 * When this node first ran in the chain of executions a Retry continues: written in the node's execution context
 * the first time a dialling operation runs (saved with the execution when it ends, carried over by every Retry,
 * lost with a crash like the rest of the context). Returns the time an earlier execution of the chain wrote, or
 * undefined (the node did not run in an execution n8n saved: it runs here first, or its earlier run crashed).
 */
export function firstRunOfChain(ctx: IExecuteFunctions): number | undefined {
	const context = nodeContext(ctx);
	if (!context) return undefined;
	const mark = context[FIRST_RUN_KEY] as { executionId?: unknown; at?: unknown } | undefined;
	if (mark && typeof mark.at === 'number' && Number.isFinite(mark.at)) return mark.executionId === executionIdOf(ctx) ? undefined : mark.at;
	context[FIRST_RUN_KEY] = { executionId: executionIdOf(ctx), at: clock.now() };
	return undefined;
}

/**
 * A retried execution that nothing dated read Talkover's calls back to `since`: its mark says so, so that a Retry
 * of it (this one failed: the calls could not be read, an item failed) reads back as far, not from this one's start.
 */
export function markChainFrom(ctx: IExecuteFunctions, since: number): void {
	const context = nodeContext(ctx);
	const mark = context?.[FIRST_RUN_KEY] as { executionId?: unknown; at?: unknown } | undefined;
	if (context && mark?.executionId === executionIdOf(ctx) && (typeof mark.at !== 'number' || since < mark.at)) context[FIRST_RUN_KEY] = { executionId: mark.executionId, at: since };
}

const CHAIN_UNKNOWN_KEY = 'talkoverChainUnknown';

/**
 * A retried execution found nothing n8n saved of this node's runs (a crash: which agents and campaigns it dialled
 * with is not known): its mark says so to every later run of the chain (Retry On Fail's next try, a loop's next
 * pass, a Retry of this Retry), whose own runs' records would otherwise look like the whole chain's.
 */
export function markChainUnknown(ctx: IExecuteFunctions): void {
	const context = nodeContext(ctx);
	if (context) context[CHAIN_UNKNOWN_KEY] = true;
}

/** Whether an earlier run of the chain marked it unknown (markChainUnknown). */
export function chainMarkedUnknown(ctx: IExecuteFunctions): boolean {
	return nodeContext(ctx)?.[CHAIN_UNKNOWN_KEY] === true;
}

/**
 * The calls the record already gives to an item (this execution's, and those of the executions it retries that
 * n8n saved): their IDs. Another item of the same lead (a loop's follow-up, the lead twice in the input) must not
 * take one of them as its own.
 */
export function callsTakenHere(ctx: IExecuteFunctions): Set<string> {
	const ids = new Set<string>();
	for (const record of Object.values(placedMap(ctx) ?? {})) if (typeof record.call?.id === 'string') ids.add(record.call.id);
	return ids;
}
