/**
 * Every lead dialled once, however n8n runs the node again: the operations that place calls (rows) × the ways
 * n8n runs a node again or later (columns), as one table that a real n8n runs in regular mode
 * (dialled-once.e2e.ts) and in queue mode (test/queue/dialled-once.queue.ts). The horizons a real n8n cannot
 * be moved through (a retry days later, a Wait Limit of hours) are the engine's tests with the node's clock.
 *
 * A new operation that places calls joins by one row of DIALLERS (and of TOOL_DIALLERS when it may be an AI
 * Agent's or an MCP client's tool); a new way n8n runs a node again joins by one column of RERUNS (AGENT_RERUNS,
 * MCP_RERUNS: an MCP client sending the same tools/call again). Each cell asserts:
 * - no lead dialled twice: Talkover holds exactly one call for each lead that was to be called (a request
 *   Talkover refused is no call);
 * - nothing left in Talkover: no webhook of a wait once the execution has ended;
 * - each item its right output: its own lead, paired with its input item; an error item where Continue On Fail
 *   made one; a wait's outcome once its call ended.
 *
 * The cells whose column kills or stops n8n share one kill of each kind (a round): every such cell gets as far as
 * its request held in Talkover, then n8n is killed once, every held request let through, n8n started once, and
 * each cell goes on and is asserted on its own. An n8n start is what a real-n8n test pays most for (13–28 s on a
 * busy machine, a queue cluster's workers and main more), and the cells of a round are then also each other's
 * neighbours: executions of other workflows placing calls on the same agent and campaign at the same moment.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SALES_AGENT, SUPPORT_AGENT, TOKEN } from '../helpers/fixtures';
import { ACTIVE_CAMPAIGN } from '../helpers/seed';
import { untilDefined } from '../helpers/polling';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { N8nServer, WorkflowFile } from './real-n8n';
import { crmWebhookNode, LINE } from './real-n8n';
import { MCP_TRIGGER, mcp, openSession, toolAnswer } from './mcp-client';
import type { ChatRequest, Step } from './scripted-model';
import { toolResults } from './scripted-model';

const TYPE = 'n8n-nodes-talkover.talkover';
export const CREDENTIAL = { id: 'talkoverOnce', name: 'Talkover API' };
const AGENT_CALL = `/api/v1/agents/${SALES_AGENT}/call`;
const CAMPAIGN_CALL = `/api/v1/campaigns/${ACTIVE_CAMPAIGN}/call`;
/** A second active campaign of the sales agent (the sandbox gets it with the table): the campaign a user changes the node to. */
const OTHER_CAMPAIGN = '3f2a9c10-0000-4000-8000-0000000000e1';
const LEADS = 5;
/** The lead whose first request goes wrong (0-based): two are placed before it, two after. */
const FAULTY = 2;

/** The n8n a table runs in: regular mode (one process) or queue mode (main, workers, a webhook process). */
export interface N8nUnderTest {
	sandbox: TalkoverSandbox;
	/** Main: the REST API the editor uses (executions, their Retry, run data). */
	server: N8nServer;
	/** The port production webhooks are served on. */
	webhookPort: number;
	/**
	 * Kills the process(es) running the executions as an out-of-memory kill or a deploy would (SIGKILL). With
	 * `keepEventLog: false`, then deletes their event log (`n8nEventLog*.log`), as an n8n whose event log is off
	 * or lost: n8n then marks the executions crashed without any run data.
	 */
	crash(options?: { keepEventLog?: boolean }): Promise<void>;
	/** Starts again what `crash` killed. */
	restart(): Promise<void>;
	/** Stops every n8n process as a deploy or an update does (SIGTERM) and starts them again. */
	stopAndStart(): Promise<void>;
	/** The port MCP clients reach the MCP Server Trigger on (`/mcp/<path>`). */
	mcpPort: number;
	/**
	 * Queue mode only: kills every worker as an out-of-memory kill would (SIGKILL), main and the webhook process
	 * still running: a worker started again marks the executions its event log shows unfinished crashed (n8n's
	 * event-log recovery).
	 */
	killWorkers?(): Promise<void>;
	/** Queue mode only: starts the workers again (not main). */
	startWorkers?(): Promise<void>;
	/**
	 * Queue mode only: lets the lock of the killed worker's job on the execution run out (what a minute does,
	 * QUEUE_WORKER_LOCK_DURATION), and returns once n8n's stalled-job check has dealt with the job.
	 */
	lockRunsOut?(executionId: string): Promise<void>;
}

let n8n: N8nUnderTest;
let sandbox: TalkoverSandbox;
let server: N8nServer;

/** An operation that places calls, as the cells use it. */
interface Dialler {
	name: string;
	parameters: IDataObject;
	/** Where it asks Talkover to place a call. */
	path: string;
	/** It waits for the calls' outcome (the execution waits until the test ends them). */
	waits: boolean;
	/** It can have Talkover start the call later (Delay (Seconds), Make Call's fields; Add Call has none). */
	delays: boolean;
}

const agentTarget = { resource: 'call', agentId: { __rl: true, mode: 'id', value: SALES_AGENT } };
const campaignTarget = { resource: 'campaign', campaignId: { __rl: true, mode: 'id', value: ACTIVE_CAMPAIGN } };
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export const DIALLERS: Dialler[] = [
	{ name: 'Call → Make Call', parameters: { ...agentTarget, operation: 'make' }, path: AGENT_CALL, waits: false, delays: true },
	{ name: 'Campaign → Add Call', parameters: { ...campaignTarget, operation: 'addCall' }, path: CAMPAIGN_CALL, waits: false, delays: false },
	{ name: 'Call → Make and Wait for Outcome', parameters: { ...agentTarget, operation: 'makeAndWait', waitLimit: 30 }, path: AGENT_CALL, waits: true, delays: true },
	{ name: 'Campaign → Add Call and Wait for Outcome', parameters: { ...campaignTarget, operation: 'addCallAndWait', callEvents: [], waitLimit: 30 }, path: CAMPAIGN_CALL, waits: true, delays: false },
];

/** The operations an AI Agent may use as a tool (the waits are refused as tools before anything is sent). */
const TOOL_DIALLERS = DIALLERS.filter((d) => !d.waits);

/**
 * What a cell's execution(s) must have given: per lead, its output is the call, or an error item; or
 * (`notAfterKill`) the leads up to the one whose request was held when n8n was killed called once, the others
 * never, and the last execution ended before the node ran (n8n did not run it).
 */
type Expected = 'calls' | 'errorOnFaulty' | 'notAfterKill' | 'skipped';

/** The node as the user edited it in the saved workflow: its parameters, and where it then asks Talkover to place a call. */
interface Edit {
	parameters: IDataObject;
	path: string;
}

/** A way n8n runs the node again or later, and what it does to the faulty lead's first request. */
interface Rerun {
	name: string;
	/** The node's settings (Retry On Fail, On Error). */
	settings: IDataObject;
	options?: IDataObject;
	/** Sets up the fault on the faulty lead's first request to `path`. */
	fault: (path: string, lead: string) => void;
	/**
	 * Drives the mechanism after the workflow was started: returns the execution whose output is the node's
	 * last word (the first one, or the retry).
	 */
	drive?: (cell: Cell) => Promise<string>;
	/** Or, for a column that kills or stops n8n: the cell as a member of that kill's round (see `runRound`). */
	round?: { kill: KillKind; member: (cell: Cell) => RoundMember<string> };
	expected: Expected;
	/** Requests Talkover gets for the faulty lead in all (each other lead: exactly one). */
	faultyRequests: number;
	/** The workflow's settings (Save Execution Progress). */
	workflowSettings?: IDataObject;
	/** The leads go through n8n's Loop Over Items (batches of 1) to the node: the operations that do not wait only. */
	loop?: boolean;
	/** The crash n8n keeps no data of (its event log deleted): left out where `dialledOnceTable` is told so. */
	withoutRunData?: boolean;
	/** Only the workers killed and started again (queue mode, `N8nUnderTest.killWorkers`): run where `dialledOnceTable` is told so. */
	workersKilled?: boolean;
	/** Queue mode's stalled jobs (`N8nUnderTest.lockRunsOut`): run where `dialledOnceTable` is told so. */
	stalled?: boolean;
	/** Parameters of the node's beyond the operation's (its Additional Fields). */
	parameters?: IDataObject;
	/** Only the operations that can start a call later (`Dialler.delays`). */
	delays?: boolean;
	/**
	 * The saved workflow edited before the Retry (with the currently saved workflow): the node as edited, or
	 * undefined for an operation the column leaves out. The Retry's output: the leads the failed execution placed
	 * as placed (`alreadyPlaced: true`), the others dialled once where the edited node dials.
	 */
	edit?: (dialler: Dialler) => Edit | undefined;
}

interface Cell {
	workflow: string;
	/** Its column's name. */
	column: string;
	webhookPath: string;
	leads: string[];
	dialler: Dialler;
}

/** The node's Agent changed to another (Make Call's forms), or its campaign to another (Add Call's). */
const anotherAgentOrCampaign = (dialler: Dialler): Edit =>
	dialler.path === AGENT_CALL
		? { parameters: { ...dialler.parameters, agentId: byId(SUPPORT_AGENT) }, path: `/api/v1/agents/${SUPPORT_AGENT}/call` }
		: { parameters: { ...dialler.parameters, campaignId: byId(OTHER_CAMPAIGN) }, path: `/api/v1/campaigns/${OTHER_CAMPAIGN}/call` };

const refuse = (path: string, lead: string) =>
	sandbox.inject({ method: 'POST', path, status: 400, body: { success: false, message: 'The call could not be placed' }, times: 1, when: (r) => r.body?.to === lead });

/** A request Talkover holds until the test lets it through (while n8n is killed). */
interface Gate {
	open: () => void;
	reached: Promise<void>;
}

/** The gates of the held requests, by lead (each lead is one cell's). */
const gates = new Map<string, Gate>();

/** Talkover gets the lead's request and holds it (the gate); n8n dies before the answer, and Talkover places the call all the same. */
function hold(path: string, lead: string): void {
	let open!: () => void;
	let reached!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	const arrived = new Promise<void>((resolve) => (reached = resolve));
	gates.set(lead, { open, reached: arrived });
	sandbox.inject({ method: 'POST', path, times: 1, when: (r) => r.body?.to === lead, before: async () => reached(), until: async () => await opened });
}

/** Resolves when the lead's held request has reached Talkover; fails, saying so, after `timeoutMs`. */
async function heldRequest(lead: string, timeoutMs = 240_000): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	try {
		await Promise.race([
			gates.get(lead)!.reached,
			new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the request for ${lead} held in Talkover: not after ${timeoutMs / 1000} s`)), timeoutMs))),
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** Lets the lead's held request through (Talkover places the call; n8n is no longer there for the answer). */
function letThrough(lead: string): void {
	gates.get(lead)!.open();
}

/** Every call Talkover holds, dated back by one hour (created_at, started_at): as if it was placed an hour ago. */
function anHourAgo(): void {
	const back = (at: unknown) => (typeof at === 'string' ? new Date(Date.parse(at) - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') : at);
	for (const call of [...sandbox.calls, ...sandbox.campaignCalls]) {
		for (const field of ['created_at', 'started_at']) if (field in call) call[field] = back(call[field]);
	}
}

// ---- Rounds: one kill of n8n for every cell of its kind. ----

/**
 * How n8n dies and comes back: killed (SIGKILL) and started again; the same with its event log deleted and the
 * Retry an hour later (every call dated back by an hour while n8n is down); queue mode's workers killed and
 * started again, main still running; every process stopped (SIGTERM) and started again.
 */
type KillKind = 'crash' | 'crashWithoutRunData' | 'workersKilled' | 'stopAndStart';

/** A cell's part in its round. */
interface RoundMember<T> {
	/**
	 * What comes before the held request's minute (an earlier execution run to its end, say): every member's,
	 * side by side, before any member's `before`. A held request is given up by the node after a minute, so
	 * the round's `before` parts, which end with one, are kept short and started together.
	 */
	prepare?: () => Promise<void>;
	/** Until the cell's request is held in Talkover (or its part before the kill is done). */
	before: () => Promise<void>;
	/** Right before the kill, once every cell is ready: fails when the cell's execution is no longer running. */
	stillRunning?: () => Promise<void>;
	/** While n8n is down: lets its held request through, or gives up the client's request n8n died under. */
	down?: () => Promise<void>;
	/** Once n8n runs again: what the cell asserts on. */
	after: () => Promise<T>;
}

function killOf(kind: KillKind): { kill: () => Promise<void>; whileDown?: () => void; restart: () => Promise<void> } {
	switch (kind) {
		case 'crash':
			return { kill: async () => await n8n.crash(), restart: async () => await n8n.restart() };
		case 'crashWithoutRunData':
			return { kill: async () => await n8n.crash({ keepEventLog: false }), whileDown: anHourAgo, restart: async () => await n8n.restart() };
		case 'workersKilled':
			return { kill: async () => await n8n.killWorkers!(), restart: async () => await n8n.startWorkers!() };
		case 'stopAndStart':
			return { kill: async () => await n8n.stopAndStart(), restart: async () => undefined };
	}
}

/** Each round's members, by the key of their test, as the table's tests are defined. */
const roundMembers = new Map<KillKind, Map<string, () => RoundMember<unknown>>>();
/** The leads of each round's cells: the requests a cell may see beside its own while its round runs. */
const roundLeads = new Map<KillKind, Set<string>>();

/** Adds leads to the round's (when given); the round's leads. */
function leadsOfRound(kind: KillKind, leads: string[] = []): Set<string> {
	if (!roundLeads.has(kind)) roundLeads.set(kind, new Set());
	for (const lead of leads) roundLeads.get(kind)!.add(lead);
	return roundLeads.get(kind)!;
}

/** Each round's run, once its first test has started it: each member's outcome by its key. */
const roundRuns = new Map<KillKind, Promise<Map<string, PromiseSettledResult<unknown>>>>();

function joinRound<T>(kind: KillKind, key: string, member: () => RoundMember<T>): void {
	if (!roundMembers.has(kind)) roundMembers.set(kind, new Map());
	roundMembers.get(kind)!.set(key, member);
}

/**
 * Runs a round: every member's preparation, then every member up to its held request (each side by side), n8n
 * killed once, every member's part while it is down, then (for the crash n8n kept no data of) every call dated
 * back an hour, n8n started once, and every member's part after (one after the other). A member that fails
 * before the kill is left out of the rest.
 */
async function runRound(kind: KillKind): Promise<Map<string, PromiseSettledResult<unknown>>> {
	const members = [...(roundMembers.get(kind) ?? new Map<string, () => RoundMember<unknown>>())].map(([key, make]) => ({ key, member: make() }));
	const outcomes = new Map<string, PromiseSettledResult<unknown>>();
	const took: string[] = [];
	let at = Date.now();
	const step = (label: string) => {
		took.push(`${label} ${((Date.now() - at) / 1000).toFixed(1)} s`);
		at = Date.now();
	};
	/** Runs a part of every member not yet out, side by side: a member whose part fails is out, with that failure. */
	const phase = async (part: (member: RoundMember<unknown>) => Promise<unknown>) => {
		const results = await Promise.allSettled(members.map(async ({ key, member }) => (outcomes.has(key) ? undefined : await part(member))));
		members.forEach(({ key }, i) => {
			if (!outcomes.has(key) && results[i].status === 'rejected') outcomes.set(key, results[i]);
		});
	};
	await phase(async (member) => await member.prepare?.());
	step('prepared');
	// When each member was ready (s after its part began), for the figure below: their spread is what a held
	// request must outwait (the node gives up an attempt after a minute).
	const readyAt: number[] = [];
	await phase(async (member) => {
		try {
			await member.before();
		} finally {
			readyAt.push((Date.now() - at) / 1000);
		}
	});
	await phase(async (member) => await member.stillRunning?.());
	step(`up to the held requests (the first ready after ${Math.min(...readyAt).toFixed(1)} s)`);
	const going = members.filter(({ key }) => !outcomes.has(key));
	const { kill, whileDown, restart } = killOf(kind);
	await kill();
	const down = await Promise.allSettled(going.map(async ({ member }) => await member.down?.()));
	whileDown?.();
	step(kind === 'stopAndStart' ? 'stopped and started' : 'killed');
	await restart();
	step('started');
	// One cell after the other, as a person retries executions from the list: each Retry's request is answered once
	// its execution has ended (or waits), before the next is sent.
	const tookEach = new Map<string, number>();
	for (const [i, { key, member }] of going.entries()) {
		const started = Date.now();
		try {
			outcomes.set(key, { status: 'fulfilled', value: down[i].status === 'rejected' ? await Promise.reject(down[i].reason) : await member.after() });
		} catch (reason) {
			outcomes.set(key, { status: 'rejected', reason });
		}
		tookEach.set(key, Date.now() - started);
	}
	const slowest = [...tookEach].sort((a, b) => b[1] - a[1])[0];
	step(`each going on, one after the other (the slowest: ${slowest ? `${slowest[0]}, ${(slowest[1] / 1000).toFixed(1)} s` : 'none'})`);
	// Where the cells dial, and where an edited node dials: a later cell's calls there are not the round's.
	const paths = [AGENT_CALL, CAMPAIGN_CALL, `/api/v1/agents/${SUPPORT_AGENT}/call`, `/api/v1/campaigns/${OTHER_CAMPAIGN}/call`];
	roundEnds.set(kind, { requests: new Map(paths.map((path) => [path, sandbox.requestsTo('POST', path).length])), webhooks: waitWebhooks() });
	// A figure for the CI log, never an assertion.
	process.stdout.write(`MEASURED round ${kind}: ${members.length} cells (${members.length - going.length} failed before the kill); ${took.join(', ')}\n`);
	return outcomes;
}

/** What Talkover held when each round ended: what its cells are checked against. */
const roundEnds = new Map<KillKind, RoundEnd>();

interface RoundEnd {
	/** The requests to place a call Talkover had got, by path. */
	requests: Map<string, number>;
	/** The wait webhooks Talkover held. */
	webhooks: IDataObject[];
}

/** The member's outcome in its round (the round's first test starts it; the others wait for it). */
async function inRound<T>(kind: KillKind, key: string): Promise<T> {
	if (!roundRuns.has(kind)) roundRuns.set(kind, runRound(kind));
	const outcome = (await roundRuns.get(kind)!).get(key);
	if (!outcome) throw new Error(`${key} is no member of the ${kind} round`);
	if (outcome.status === 'rejected') throw outcome.reason;
	return outcome.value as T;
}

/** A round takes every member's whole way, so its first test waits for all of them. */
const ROUND_TIMEOUT = 1_200_000;

/**
 * The execution n8n marked crashed (or failed) after the kill: the cell's newest ended execution that is not one
 * of `known` (the executions that ended before the kill).
 */
async function crashedExecution(cell: Cell, known: string[] = []): Promise<any> {
	return await untilDefined('the crashed execution', async () => (await server.executionList(cell.workflow, ['crashed', 'error'])).results.find((e) => !known.includes(String(e.id))), 240_000);
}

/** Fails unless the cell has exactly `ended` ended executions (its held one still runs when n8n is killed). */
async function stillRunning(cell: Cell, ended: number): Promise<void> {
	const finishedSoFar = (await server.executionList(cell.workflow, ['success', 'error', 'canceled', 'crashed'])).count;
	if (finishedSoFar !== ended) throw new Error(`${cell.workflow}: ${finishedSoFar} ended executions right before n8n was killed, not ${ended}: the execution holding the request had ended (did the held request time out?)`);
}

/**
 * The part before and during the kill of a cell whose faulty lead's request is held while n8n is killed: as far as
 * that request held in Talkover, its execution still running (none ended), the request let through while n8n is down.
 */
function heldWhenKilled(cell: Cell): Pick<RoundMember<string>, 'before' | 'stillRunning' | 'down'> {
	return {
		before: async () => await heldRequest(cell.leads[FAULTY]),
		stillRunning: async () => await stillRunning(cell, 0),
		down: async () => letThrough(cell.leads[FAULTY]),
	};
}

/**
 * A cell whose faulty lead's request is held while n8n is killed: once n8n runs again, the crashed execution
 * retried from the executions list; the execution the Retry made, once `count` executions of the cell have ended.
 */
const crashedAndRetried =
	(count: number) =>
	(cell: Cell): RoundMember<string> => ({
		...heldWhenKilled(cell),
		after: async () => {
			await retry(cell.workflow, (await crashedExecution(cell)).id);
			return (await finished(cell, count))[0].id;
		},
	});

/**
 * The first run refused a call; its Retry (from the executions list) is killed while Talkover holds the next
 * lead's request; then the Retry of that crashed Retry.
 */
function retryOfCrashedRetry(cell: Cell): RoundMember<string> {
	const next = cell.leads[FAULTY + 1];
	// n8n answers the Retry once it has ended: here n8n (or the worker running it) is killed while it runs, and the
	// request is given up.
	const giveUp = new AbortController();
	let retrying: Promise<unknown> = Promise.resolve();
	let failed = '';
	return {
		prepare: async () => {
			const [first] = await server.waitForExecutions(cell.workflow, 1, 240_000);
			expect(first.status).toBe('error');
			failed = String(first.id);
		},
		before: async () => {
			hold(cell.dialler.path, next);
			retrying = fetch(`http://127.0.0.1:${server.port}/rest/executions/${failed}/retry`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', cookie: server.cookie },
				body: JSON.stringify({ loadWorkflow: false }),
				signal: giveUp.signal,
			}).catch(() => undefined);
			await heldRequest(next);
		},
		stillRunning: async () => await stillRunning(cell, 1),
		down: async () => letThrough(next),
		after: async () => {
			try {
				await retry(cell.workflow, (await crashedExecution(cell, [failed])).id);
				return (await finished(cell, 3))[0].id;
			} finally {
				giveUp.abort();
				await retrying;
			}
		},
	};
}

/**
 * Queue mode: n8n killed while Talkover holds the faulty lead's request (as the crash column), and the crashed
 * execution retried only once the killed worker's job lock has run out and n8n's stalled-job check has found it:
 * a Retry a minute, an hour or days after the kill (QUEUE_WORKER_LOCK_DURATION, a minute by default; the cluster
 * of the table sets it to an hour so that only `lockRunsOut` moves it). n8n 1.x queues the stalled job again, and
 * its worker ends it at once (the execution stays crashed, with what the recovery saved); 2.x fails it ("This
 * execution failed to be processed too many times…"), and the process that queued it (the webhook process) saves
 * the execution as that error, without the run data the recovery had saved.
 */
function crashedThenStalled(cell: Cell): RoundMember<string> {
	return {
		...heldWhenKilled(cell),
		after: async () => {
			const crashed = String((await crashedExecution(cell)).id);
			await n8n.lockRunsOut!(crashed);
			const verdict = LINE === 'lts' ? 'crashed' : 'error';
			await untilDefined(`the crashed execution ${verdict} after n8n's stalled-job check`, async () => ((await server.executionList(cell.workflow, [verdict])).results.some((e) => String(e.id) === crashed) ? true : undefined), 240_000);
			await retry(cell.workflow, crashed);
			return (await finished(cell, 2))[0].id;
		},
	};
}

/**
 * Queue mode: the workers killed while Talkover holds the faulty lead's request (main and the webhook process
 * still running), started again with their event logs; once the execution has ended (a worker started again marks
 * it crashed), its Retry from the executions list if it ended as an error or crashed.
 */
function workersKilled(cell: Cell): RoundMember<string> {
	return {
		...heldWhenKilled(cell),
		after: async () => {
			await untilDefined('the execution ended or waiting after the workers were killed', async () => ((await server.executionList(cell.workflow, ['waiting', 'success', 'error', 'canceled', 'crashed'])).count > 0 ? true : undefined), 240_000);
			const [first] = await finished(cell, 1);
			if (first.status !== 'error' && first.status !== 'crashed') return first.id;
			await retry(cell.workflow, first.id);
			const [last] = await finished(cell, 2);
			return last.id;
		},
	};
}

/** The Delay (Seconds) the delayed column's calls are placed with. */
const DELAY_SECONDS = 600;

export const RERUNS: Rerun[] = [
	{
		name: 'Retry On Fail (without Continue On Fail)',
		settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		fault: refuse,
		drive: async (cell) => (await finished(cell, 1))[0].id,
		expected: 'calls',
		faultyRequests: 2,
	},
	{
		name: 'Retry On Fail with Continue On Fail',
		settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0, onError: 'continueRegularOutput' },
		fault: refuse,
		drive: async (cell) => (await finished(cell, 1))[0].id,
		expected: 'errorOnFaulty',
		faultyRequests: 1,
	},
	{
		name: "the executions list's Retry after an error",
		settings: {},
		fault: refuse,
		drive: async (cell) => {
			const [failed] = await server.waitForExecutions(cell.workflow, 1);
			expect(failed.status).toBe('error');
			await retry(cell.workflow, failed.id);
			return (await finished(cell, 2))[0].id;
		},
		expected: 'calls',
		faultyRequests: 2,
	},
	{
		name: "the executions list's Retry after a crash (n8n killed while placing the calls)",
		settings: {},
		fault: hold,
		round: { kill: 'crash', member: crashedAndRetried(2) },
		expected: 'calls',
		faultyRequests: 1,
	},
	{
		name: "the executions list's Retry of a Retry that crashed (the first run refused a call, its Retry killed while placing)",
		settings: {},
		fault: refuse,
		round: { kill: 'crash', member: retryOfCrashedRetry },
		expected: 'calls',
		faultyRequests: 2,
	},
	{
		name: "the executions list's Retry an hour after a crash n8n kept no data of (its event log lost)",
		settings: {},
		fault: hold,
		round: { kill: 'crashWithoutRunData', member: crashedAndRetried(2) },
		expected: 'calls',
		faultyRequests: 1,
		withoutRunData: true,
		// At the resume address of an execution crashed without run data n8n answers 500 (not 404 or 409 "finished"):
		// the Retry's sweep deletes the killed execution's wait webhook all the same (a webhook of its own node).
	},
	{
		name: "the executions list's Retry after a crash, the workflow saving its execution progress",
		settings: {},
		workflowSettings: { saveExecutionProgress: true },
		fault: hold,
		round: { kill: 'crash', member: crashedAndRetried(2) },
		expected: 'calls',
		faultyRequests: 1,
	},
	{
		name: "the executions list's Retry after a crash, the leads paced by Loop Over Items (batches of 1)",
		settings: {},
		loop: true,
		fault: hold,
		round: { kill: 'crash', member: crashedAndRetried(2) },
		expected: 'calls',
		faultyRequests: 1,
	},
	{
		name: 'Batch Size 2 with a Batch Interval, and a 429 on the way',
		settings: {},
		options: { batchSize: 2, batchInterval: 200 },
		fault: (path, lead) =>
			sandbox.inject({
				method: 'POST',
				path,
				status: 429,
				headers: { 'Retry-After': '1' },
				body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. Please wait before making more requests.', details: { retry_after: 1 } } },
				times: 1,
				when: (r) => r.body?.to === lead,
			}),
		drive: async (cell) => (await finished(cell, 1))[0].id,
		expected: 'calls',
		faultyRequests: 2,
	},
	{
		name: 'a worker killed while placing the calls, main still running, the workers started again with their event logs (they mark it crashed)',
		settings: {},
		fault: hold,
		round: { kill: 'workersKilled', member: workersKilled },
		expected: 'calls',
		faultyRequests: 1,
		workersKilled: true,
	},
	{
		name: "the executions list's Retry after a crash, made once n8n's stalled-job check has found the killed worker's job (a minute or days later)",
		settings: {},
		fault: hold,
		round: { kill: 'crash', member: crashedThenStalled },
		// n8n 2.x fails the stalled job and drops what its recovery saved: the Retry does not run the node
		// (docs/guarantees.md, "Not protected"); 1.x keeps the crashed execution, and its Retry places the rest once.
		expected: LINE === 'lts' ? 'calls' : 'notAfterKill',
		faultyRequests: 1,
		stalled: true,
	},
	{
		name: "the executions list's Retry with the saved workflow after an edit (the node's Agent or campaign changed)",
		settings: {},
		fault: refuse,
		// The operations that wait: the calls the failed execution placed are waited on where they were placed.
		edit: anotherAgentOrCampaign,
		drive: retriedAfterEdit,
		expected: 'calls',
		faultyRequests: 2,
	},
	{
		name: "the executions list's Retry with the saved workflow after a crash and an edit (the node's Agent or campaign changed)",
		settings: {},
		fault: hold,
		edit: anotherAgentOrCampaign,
		round: { kill: 'crash', member: crashedEditedAndRetried },
		expected: 'calls',
		faultyRequests: 1,
	},
	{
		name: "the executions list's Retry with the saved workflow after an edit (Make Call ↔ Add Call)",
		settings: {},
		fault: refuse,
		// The operations that wait are left out: Make and Wait ↔ Add Call and Wait is the same edit, waited on.
		edit: (dialler) => (dialler.waits ? undefined : dialler.path === AGENT_CALL ? { parameters: { ...campaignTarget, operation: 'addCall' }, path: CAMPAIGN_CALL } : { parameters: { ...agentTarget, operation: 'make' }, path: AGENT_CALL }),
		drive: retriedAfterEdit,
		expected: 'calls',
		faultyRequests: 2,
	},
	{
		name: 'the CRM sending the leads again once their calls, placed with a Delay, rang and ended within Skip Numbers Called Within',
		settings: {},
		parameters: { additionalFields: { delaySeconds: DELAY_SECONDS } },
		options: { skipCalledWithinMinutes: 60 },
		delays: true,
		fault: () => undefined,
		drive: async (cell) => {
			await finished(cell, 1);
			expect(sandbox.requestsTo('POST', cell.dialler.path).filter((r) => cell.leads.includes(r.body?.to)).map((r) => r.body.delay_seconds)).toEqual(cell.leads.map(() => DELAY_SECONDS));
			rangAndEndedLater(cell.leads);
			await post(cell.webhookPath, { leads: cell.leads.map((to) => ({ to })) });
			return (await finished(cell, 2))[0].id;
		},
		expected: 'skipped',
		faultyRequests: 1,
	},
];

/**
 * Talkover's clock moved on for each lead's call, placed with DELAY_SECONDS: requested 65 minutes ago (before a
 * window of 60 minutes), it rang 55 minutes ago, after its delay, and ended 42 s later (updated_at).
 */
function rangAndEndedLater(leads: string[]): void {
	const at = (minutesAgo: number) => new Date(sandbox.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
	for (const call of leads.flatMap(callsTo)) {
		expect(call.delay_seconds).toBe(DELAY_SECONDS);
		Object.assign(call, { status: 'completed', duration_seconds: 42, created_at: at(65), started_at: at(55), updated_at: at(54.3) });
	}
}

/** The leads each cell's failed execution placed, by the cell's workflow: what its Retry after an edit outputs as placed. */
const placedByFailed = new Map<string, string[]>();

/**
 * The first execution fails at the faulty lead; the user edits the node in the saved workflow (`Rerun.edit`), then
 * retries the failed execution with the currently saved workflow.
 */
async function retriedAfterEdit(cell: Cell): Promise<string> {
	const [failed] = await server.waitForExecutions(cell.workflow, 1);
	expect(failed.status).toBe('error');
	placedByFailed.set(cell.workflow, cell.leads.filter((lead) => callsTo(lead).length > 0));
	await saveEdited(cell.workflow, editOf(cell)!.parameters);
	await retry(cell.workflow, failed.id, { loadWorkflow: true });
	return (await finished(cell, 2))[0].id;
}

/**
 * n8n killed while Talkover holds the faulty lead's request (as the crash column); once n8n runs again, the user edits
 * the node in the saved workflow (`Rerun.edit`) and retries the crashed execution with the currently saved workflow:
 * n8n kept no context of the node, so which Agent or campaign it dialled with is known only to Talkover.
 */
function crashedEditedAndRetried(cell: Cell): RoundMember<string> {
	return {
		...heldWhenKilled(cell),
		after: async () => {
			const crashed = await crashedExecution(cell);
			placedByFailed.set(cell.workflow, cell.leads.filter((lead) => callsTo(lead).length > 0));
			await saveEdited(cell.workflow, editOf(cell)!.parameters);
			await retry(cell.workflow, crashed.id, { loadWorkflow: true });
			return (await finished(cell, 2))[0].id;
		},
	};
}

/** The edit of the cell's column for its operation. */
function editOf(cell: Cell): Edit | undefined {
	return RERUNS.find((rerun) => rerun.name === cell.column)?.edit?.(cell.dialler);
}

/** Saves the workflow with its Talkover node edited as the editor does (PATCH /rest/workflows/<id>), the item's fields kept. */
async function saveEdited(workflow: string, parameters: IDataObject): Promise<void> {
	const { data } = await server.rest('GET', `/rest/workflows/${workflow}`);
	const nodes = (data.nodes as IDataObject[]).map((node) => {
		if (node.name !== 'Dial') return node;
		const { to, isTesting, options } = node.parameters as IDataObject;
		return { ...node, parameters: { ...parameters, to, isTesting, options } };
	});
	await server.rest('PATCH', `/rest/workflows/${workflow}`, { name: data.name, nodes, connections: data.connections, settings: data.settings, versionId: data.versionId });
	const saved = (await server.rest('GET', `/rest/workflows/${workflow}`)).data.nodes.find((node: IDataObject) => node.name === 'Dial');
	expect(saved.parameters).toMatchObject(parameters);
}

/**
 * The executions list's Retry of an execution of `workflow`, as the editor sends it (with the workflow as the
 * execution ran it, or `loadWorkflow`: with the currently saved workflow): returns once n8n has started the retried execution
 * (listed with `retryOf`), or with n8n's refusal. n8n answers the POST only once that execution has ended, and
 * n8n 1.123 once left the answer out for good (undici's 300 s headers time-out, seen in CI): what the test waits
 * for is the execution, never that answer.
 */
async function retry(workflow: string, executionId: string, { loadWorkflow = false } = {}): Promise<void> {
	const answer = server.rest('POST', `/rest/executions/${executionId}/retry`, { loadWorkflow });
	const started = untilDefined(`the Retry of execution ${executionId} started`, async () => ((await server.executions(workflow)).some((e) => String(e.retryOf) === String(executionId)) ? true : undefined), 240_000);
	// Each settled in any case: a refusal is thrown below when it comes first, an answer that never comes is dropped,
	// and the look-up a refusal made pointless ends unheard.
	answer.catch(() => undefined);
	started.catch(() => undefined);
	await Promise.race([answer, started]);
}

/**
 * What happened to a cell, for a failure's message: the requests Talkover got since the cell opened that name
 * one of its leads or read calls (ms after the cell opened, the account's token end), the calls Talkover holds
 * for its leads, and the cell's executions as n8n lists them.
 */
async function storyOf(cell: Cell, since: number): Promise<string> {
	const requests = sandbox.requests
		.filter((r) => r.at >= since && (cell.leads.includes(r.body?.to) || (r.method === 'GET' && /\/calls\b/.test(r.path))))
		.map((r) => `${r.at - since} ms ${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''} ${r.body?.to ?? ''} (…${String(r.headers.authorization ?? '').slice(-6)})`);
	const calls = cell.leads.flatMap((lead) => callsTo(lead).map((c) => `${lead} ${String(c.id)} created ${String(c.created_at)}`));
	// Each execution with the runs of each node n8n saved (start times, items out): a node run twice shows here.
	const runsOf = async (id: string) => {
		const runData = (await server.runData(id).catch(() => undefined))?.resultData?.runData ?? {};
		return Object.fromEntries(Object.entries(runData).map(([node, runs]) => [node, (runs as any[]).map((r) => `${r.startTime} ${r.data?.main?.[0]?.length ?? 0}`)]));
	};
	const listed = await server.executions(cell.workflow).catch(() => []);
	const executions = await Promise.all(listed.map(async (e) => JSON.stringify({ id: e.id, status: e.status, mode: e.mode, retryOf: e.retryOf, startedAt: e.startedAt, stoppedAt: e.stoppedAt, runs: await runsOf(String(e.id)) })));
	return [...requests, ...calls, ...executions].join('\n');
}

/** The calls Talkover holds for a lead (agent calls and campaign calls). */
function callsTo(lead: string): IDataObject[] {
	return [...sandbox.calls, ...sandbox.campaignCalls].filter((c) => c.to === lead);
}

/** Ends each lead's call as answered, for the cells whose node waits; returns when the execution is not waiting. */
async function endCalls(cell: Cell): Promise<void> {
	for (const lead of cell.leads) {
		// Every call of the lead: a lead dialled twice has the node wait for the call it placed last (the cell then
		// shows the two calls instead of waiting for the wait's limit).
		if (cell.dialler.path === AGENT_CALL) {
			for (const call of sandbox.calls.filter((c) => c.to === lead)) await sandbox.endCallWithEvent(String(call.id), { duration: 42, endedReason: 'customer_hangup' });
		} else {
			for (const call of sandbox.campaignCalls.filter((c) => c.to === lead)) await sandbox.emitCampaignEvent(String(call.campaign_id), 'campaign_call.completed', { campaign_call: { id: call.id, status: 'completed', context: call.context } });
		}
	}
}

/**
 * Waits for `count` finished executions of the cell's workflow; a node that waits for the calls' outcome
 * has its execution waiting first (or ended without waiting: a failure the cell then shows), and the test
 * ends the calls.
 */
async function finished(cell: Cell, count: number): Promise<any[]> {
	if (cell.dialler.waits) {
		const waiting = await untilDefined('a waiting or ended execution', async () => {
			if ((await server.executionList(cell.workflow, ['waiting'])).count > 0) return true;
			return (await server.executionList(cell.workflow, ['success', 'error', 'canceled', 'crashed'])).count >= count ? false : undefined;
		}, 240_000);
		if (waiting) await endCalls(cell);
	}
	return await server.waitForExecutions(cell.workflow, count, 240_000);
}

function workflowOf(id: string, path: string, dialler: Dialler, rerun: Rerun): WorkflowFile {
	return {
		id,
		// n8n keeps at most 128 characters of a name (PostgreSQL: varchar(128)).
		name: `${dialler.name} · ${rerun.name}`.slice(0, 128),
		nodes: [
			crmWebhookNode(`${id}-hook`, path),
			{ id: 'leads', name: 'Leads', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.leads', options: {} } },
			...(rerun.loop ? [{ id: 'loop', name: 'Loop', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [300, 0], parameters: { batchSize: 1, options: {} } }] : []),
			{
				id: 'dial',
				name: 'Dial',
				type: TYPE,
				typeVersion: 1,
				position: [400, 0],
				parameters: { ...dialler.parameters, ...rerun.parameters, to: '={{ $json.to }}', isTesting: true, options: { maxRetries: 3, ...rerun.options } },
				credentials: { talkoverApi: rerun.round ? ownAccount(id) : CREDENTIAL },
				...rerun.settings,
			},
		],
		connections: rerun.loop
			? {
					'CRM webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
					Leads: { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
					// Loop Over Items: output 0 "done", output 1 "loop" (the batch), and back from the node.
					Loop: { main: [[], [{ node: 'Dial', type: 'main', index: 0 }]] },
					Dial: { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
				}
			: { 'CRM webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] }, Leads: { main: [[{ node: 'Dial', type: 'main', index: 0 }]] } },
		...(rerun.workflowSettings ? { settings: rerun.workflowSettings } : {}),
	};
}

const cellId = (row: number, column: number) => `dialOnce${row}x${column}`;
const cellPath = (row: number, column: number) => `dial-once-${row}-${column}`;
/** Five leads of their own per cell: +1 555 8RC 000N. */
const cellLeads = (row: number, column: number) => Array.from({ length: LEADS }, (_, n) => `+15558${row}${column}000${n + 1}`);

// ---- The AI Agent: the node as a tool of n8n's AI Agent, versions 1 (Tools Agent), 2 and 3. ----

/** An AI Agent node version, as n8n's editor saves it. */
export const AGENTS = [
	{ name: 'AI Agent 1.7 (Tools Agent)', typeVersion: 1.7, parameters: { agent: 'toolsAgent' } },
	{ name: 'AI Agent 2.2', typeVersion: 2.2, parameters: {} },
	// The newest version 3 of each line: n8n 1.123 has 3, not 3.1 (the same V3 agent).
	LINE === 'lts' ? { name: 'AI Agent 3', typeVersion: 3, parameters: {} } : { name: 'AI Agent 3.1', typeVersion: 3.1, parameters: {} },
];

/** How the agent's execution is run again after the model failed once the calls were placed. */
interface AgentRerun {
	name: string;
	settings: IDataObject;
	drive: (workflow: string) => Promise<void>;
}

export const AGENT_RERUNS: AgentRerun[] = [
	{
		name: "the executions list's Retry of the failed execution",
		settings: {},
		drive: async (workflow) => {
			const [failed] = await server.waitForExecutions(workflow, 1);
			expect(failed.status).toBe('error');
			await retry(workflow, failed.id);
			await server.waitForExecutions(workflow, 2);
		},
	},
	{
		name: "the AI Agent's own Retry On Fail",
		settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		drive: async (workflow) => {
			await server.waitForExecutions(workflow, 1);
		},
	},
];

/** The leads the model is told to call, per agent workflow (by its prompt's first number). */
const toolName = (nodeName: string) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');
const TOOL_NODE = 'Dial the lead';
/** Model failures still to come (each a 500): set by a cell, spent by the model's answers after the calls. */
let failuresLeft = 0;

/** The model calls each lead of its prompt with the tool, then fails (while `failuresLeft`), then answers. */
export function script(request: ChatRequest): Step {
	const prompt = String(request.messages.find((m) => m.role === 'user')?.content ?? '');
	const leads = prompt.match(/\+\d{8,15}/g) ?? [];
	const done = toolResults(request).length;
	if (done < leads.length) return { toolCalls: [{ name: toolName(TOOL_NODE), arguments: { to: leads[done] } }] };
	if (failuresLeft > 0) {
		failuresLeft -= 1;
		throw new Error('The model is overloaded');
	}
	return { text: `I called ${leads.join(', ')}.` };
}

function agentWorkflow(id: string, path: string, agent: (typeof AGENTS)[number], dialler: Dialler, rerun: AgentRerun, leads: string[]): WorkflowFile {
	const tool = { type: 'ai_tool', index: 0, node: 'AI Agent' };
	return {
		id,
		name: `${agent.name} with ${dialler.name} · ${rerun.name}`.slice(0, 128),
		nodes: [
			crmWebhookNode(`${id}-hook`, path),
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: agent.typeVersion,
				position: [200, 0],
				parameters: { ...agent.parameters, promptType: 'define', text: `Call each of these leads: ${leads.join(', ')}.`, options: {} },
				...rerun.settings,
			},
			{
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 200],
				// No retries of the model's own: each failure is one request.
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: { maxRetries: 0 } },
				credentials: { openAiApi: { id: 'scriptedModel', name: 'Scripted model' } },
			},
			{
				id: 'tool',
				name: TOOL_NODE,
				type: 'n8n-nodes-talkover.talkoverTool',
				typeVersion: 1,
				position: [400, 200],
				parameters: { descriptionType: 'auto', ...dialler.parameters, to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}", isTesting: true },
				credentials: { talkoverApi: CREDENTIAL },
			},
		],
		connections: {
			'CRM webhook': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			[TOOL_NODE]: { ai_tool: [[tool]] },
		},
	};
}

const agentId = (a: number, row: number, column: number) => `dialAgent${a}x${row}x${column}`;
const agentPath = (a: number, row: number, column: number) => `dial-agent-${a}-${row}-${column}`;
/** Two leads of their own per agent cell: +1 555 9AR C00N. */
const agentLeads = (a: number, row: number, column: number) => [1, 2].map((n) => `+15559${a}${row}${column}00${n}`);

// ---- MCP: the node as a tool of n8n's MCP Server Trigger, whose client may send the same tools/call again. ----

/** The end of the answer's skipReason: the MCP tool's default Skip Numbers Called Within (60 minutes). */
const MCP_SKIP = "(Options → Skip Numbers Called Within, an MCP client's tool's default without the option: a client may send the same tool call again)";
const MCP_TOOL = 'Dial the lead';

/** A way an MCP client's tools/call reaches the node again; the answers the client got, in order. */
interface McpRerun {
	name: string;
	drive?: (cell: McpCell) => Promise<any[]>;
	/** Or, where n8n is stopped or killed: the cell as a member of that kill's round. */
	round?: { kill: KillKind; member: (cell: McpCell) => RoundMember<any[]> };
}

interface McpCell {
	path: string;
	lead: string;
	dialler: Dialler;
}

/** The tool's call for the lead, in a session (a new one when none is given); the answer's JSON. */
async function callTool(cell: McpCell, session?: string, signal?: AbortSignal): Promise<any> {
	const { body, status } = await mcp(n8n.mcpPort, cell.path, { id: 7, method: 'tools/call', params: { name: toolName(MCP_TOOL), arguments: { to: cell.lead } } }, session ?? (await openSession(n8n.mcpPort, cell.path)), signal);
	expect(status).toBe(200);
	return toolAnswer(body);
}

/**
 * A new session once n8n serves the MCP Server Trigger again: after a start, n8n takes a moment to register its
 * production webhooks again (measured: n8n 1.123's webhook process in queue mode answers 404 meanwhile).
 */
async function sessionOnceServed(cell: McpCell): Promise<string> {
	const initialize = { id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'e2e', version: '1.0.0' } } };
	await untilDefined('the MCP Server Trigger served again', async () => ((await mcp(n8n.mcpPort, cell.path, initialize)).status === 200 ? true : undefined));
	return await openSession(n8n.mcpPort, cell.path);
}

export const MCP_RERUNS: McpRerun[] = [
	{
		name: 'the client sends the same tools/call again (as after its own timeout)',
		drive: async (cell) => {
			const session = await openSession(n8n.mcpPort, cell.path);
			return [await callTool(cell, session), await callTool(cell, session)];
		},
	},
	{
		name: 'the client sends it again after n8n was stopped and started',
		round: {
			kill: 'stopAndStart',
			member: (cell) => {
				let first: any;
				return {
					before: async () => {
						first = await callTool(cell);
					},
					after: async () => [first, await callTool(cell, await sessionOnceServed(cell))],
				};
			},
		},
	},
	{
		name: "n8n killed while Talkover holds the first call's request, started again, a new session sends it again",
		round: {
			kill: 'crash',
			member: (cell) => {
				// The client's first tools/call gets no answer: n8n dies under it.
				const giveUp = new AbortController();
				let first: Promise<unknown> = Promise.resolve();
				return {
					before: async () => {
						hold(cell.dialler.path, cell.lead);
						first = callTool(cell, undefined, giveUp.signal).catch(() => undefined);
						await heldRequest(cell.lead);
					},
					down: async () => {
						letThrough(cell.lead);
						await untilDefined('the held call placed', async () => (callsTo(cell.lead).length ? true : undefined));
						giveUp.abort();
						await first;
					},
					after: async () => [await callTool(cell, await sessionOnceServed(cell))],
				};
			},
		},
	},
];

function mcpWorkflow(id: string, path: string, dialler: Dialler, round = false): WorkflowFile {
	return {
		id,
		name: `MCP Server Trigger with ${dialler.name}`,
		nodes: [
			{ id: 'mcp', name: 'MCP Server Trigger', ...MCP_TRIGGER, position: [0, 0], webhookId: `${id}-mcp`, parameters: { path } },
			{
				id: 'tool',
				name: MCP_TOOL,
				type: 'n8n-nodes-talkover.talkoverTool',
				typeVersion: 1,
				position: [0, 200],
				parameters: { ...dialler.parameters, to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}", isTesting: true },
				credentials: { talkoverApi: round ? ownAccount(id) : CREDENTIAL },
			},
		],
		connections: { [MCP_TOOL]: { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } },
	};
}

const mcpId = (row: number, column: number) => `dialMcp${row}x${column}`;
const mcpPath = (row: number, column: number) => `dial-mcp-${row}-${column}`;
/** One lead of its own per MCP cell: +1 555 7RC 0001. */
const mcpLead = (row: number, column: number) => `+15557${row}${column}0001`;

async function post(path: string, body: unknown): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${n8n.webhookPort}/webhook/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	await response.text();
	expect(response.status).toBe(200);
}

async function loopOutput(executionId: string, node: string): Promise<INodeExecutionData[]> {
	const runs = (await server.runData(executionId)).resultData.runData[node];
	// The crashed execution's runs, as n8n's recovery wrote them from its event log (an artificial item), are kept by the Retry.
	return runs.flatMap((run) => run.data?.main[0] ?? []).filter((o) => o.json.isArtificialRecoveredEventItem !== true);
}

async function nodeOutput(executionId: string, node: string): Promise<INodeExecutionData[]> {
	const runs = (await server.runData(executionId)).resultData.runData[node];
	return runs[runs.length - 1].data!.main[0]!;
}

const waitWebhooks = () => sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));

/** Every workflow of the table (one per cell), to import and publish before the cells run. */
export function dialledOnceWorkflows({ withMcp = true } = {}): WorkflowFile[] {
	const workflows: WorkflowFile[] = [];
	DIALLERS.forEach((d, r) => RERUNS.forEach((m, c) => workflows.push(workflowOf(cellId(r, c), cellPath(r, c), d, m))));
	AGENTS.forEach((a, ai) => TOOL_DIALLERS.forEach((d, r) => AGENT_RERUNS.forEach((m, c) => workflows.push(agentWorkflow(agentId(ai, r, c), agentPath(ai, r, c), a, d, m, agentLeads(ai, r, c))))));
	if (withMcp) TOOL_DIALLERS.forEach((d, r) => MCP_RERUNS.forEach((m, c) => workflows.push(mcpWorkflow(mcpId(r, c), mcpPath(r, c), d, Boolean(m.round)))));
	return workflows;
}

/**
 * The Talkover credential of a cell of a round: an account of its own. The node paces each account's requests in
 * its process (how many may be in flight at once, from how fast Talkover answers), and a held request is one in
 * flight: the cells of a round under one account would wait for each other's held requests, which end only with
 * the kill (or the node's one-minute attempt time-out, which would end the cell before it).
 */
const ownAccount = (id: string) => ({ id: `tk${id}`, name: `Talkover API ${id}` });
const tokenOf = (id: string) => `${TOKEN}_${id}`;

/** The workflows of the cells of a round (their IDs), each under an account of its own. */
function roundCellIds({ withMcp = true } = {}): string[] {
	const ids: string[] = [];
	DIALLERS.forEach((_, r) => RERUNS.forEach((m, c) => m.round && ids.push(cellId(r, c))));
	if (withMcp) TOOL_DIALLERS.forEach((_, r) => MCP_RERUNS.forEach((m, c) => m.round && ids.push(mcpId(r, c))));
	return ids;
}

/** The tokens the sandbox accepts: the table's account and each round cell's own. */
export function dialledOnceTokens(): string[] {
	return [TOKEN, ...roundCellIds().map(tokenOf)];
}

/** The credentials the workflows use: Talkover's (the sandbox), each round cell's own, and the scripted model's. */
export function dialledOnceCredentials(sandboxUrl: string, modelUrl: string): Array<{ id: string; name: string; type: string; data: IDataObject }> {
	return [
		{ ...CREDENTIAL, type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandboxUrl } },
		...roundCellIds().map((id) => ({ ...ownAccount(id), type: 'talkoverApi', data: { apiToken: tokenOf(id), baseUrl: sandboxUrl } })),
		{ id: 'scriptedModel', name: 'Scripted model', type: 'openAiApi', data: { apiKey: 'sk-local-test', url: modelUrl } },
	];
}

/**
 * The table's cells as jest tests, in the n8n `under` gives once its beforeAll has run (`withMcp: false`:
 * without the MCP rows; `withoutRunData: false`: without the column of the crash n8n kept no data of;
 * `withWorkersKilled: true`: with the column of the workers killed, main still running, queue mode only).
 */
export function dialledOnceTable(under: () => N8nUnderTest, { withMcp = true, withoutRunData = true, withWorkersKilled = false, withStalled = false } = {}): void {
	beforeAll(() => {
		n8n = under();
		sandbox = n8n.sandbox;
		server = n8n.server;
		// The campaign a user changes the node to: a second active campaign of the sales agent.
		const active = sandbox.campaigns.find((c) => c.id === ACTIVE_CAMPAIGN)!;
		if (!sandbox.campaigns.some((c) => c.id === OTHER_CAMPAIGN)) sandbox.campaigns.push({ ...active, id: OTHER_CAMPAIGN, name: `${String(active.name)}, second list` });
	});

	describe.each(DIALLERS.map((dialler, row) => ({ dialler, row, name: dialler.name })))('$name', ({ dialler, row }) => {
		const columns = RERUNS.map((rerun, column) => ({ rerun, column, name: rerun.name })).filter(({ rerun }) => !(rerun.loop && dialler.waits) && (withoutRunData || !rerun.withoutRunData) && (withWorkersKilled || !rerun.workersKilled) && (withStalled || !rerun.stalled) && (!rerun.delays || dialler.delays) && (!rerun.edit || rerun.edit(dialler) !== undefined));
		/** Sets the fault and sends the CRM's leads; what Talkover had been asked before, to compare with after. */
		const open = (rerun: Rerun, cell: Cell) => {
			const before = sandbox.requestsTo('POST', dialler.path).length;
			const editedPath = editOf(cell)?.path;
			const editedBefore = editedPath === undefined ? 0 : sandbox.requestsTo('POST', editedPath).length;
			const webhooksBefore = new Set(sandbox.webhooks.map((w) => w.id));
			return {
				before,
				editedBefore,
				webhooksBefore,
				startedAt: Date.now(),
				send: async () => {
					rerun.fault(dialler.path, cell.leads[FAULTY]);
					await post(cell.webhookPath, { leads: cell.leads.map((to) => ({ to })) });
				},
			};
		};
		/** `until`: where the cell's round ended (a later test's requests and webhooks are not the cell's). */
		const check = async (rerun: Rerun, cell: Cell, last: string, opened: { before: number; editedBefore: number; webhooksBefore: Set<unknown>; startedAt: number }, neighbours: Set<string>, until?: RoundEnd) => {
			const reached = (i: number) => rerun.expected !== 'notAfterKill' || i <= FAULTY;
			const dialled = cell.leads.filter((lead, i) => (rerun.expected === 'errorOnFaulty' ? i !== FAULTY : reached(i)));
			const counted = cell.leads.map((lead) => [lead, callsTo(lead).length]);
			const wanted = cell.leads.map((lead) => [lead, dialled.includes(lead) ? 1 : 0]);
			// A lead dialled twice (or never) says how it came to be: the cell's requests to Talkover and its executions.
			if (JSON.stringify(counted) !== JSON.stringify(wanted)) throw new Error(`calls per lead ${JSON.stringify(counted)}, not ${JSON.stringify(wanted)}; how:\n${await storyOf(cell, opened.startedAt)}`);
			// The exact requests: one per lead, the faulty lead's refused or held one and the one after it; none for a
			// lead of no cell that ran meanwhile.
			// After an edit, the Retry's requests go where the edited node dials (another agent or campaign, the other operation).
			const edited = editOf(cell);
			const askedEdited = edited === undefined ? [] : sandbox.requestsTo('POST', edited.path).slice(opened.editedBefore, until?.requests.get(edited.path)).map((r) => String(r.body.to));
			const asked = [...sandbox.requestsTo('POST', dialler.path).slice(opened.before, until?.requests.get(dialler.path)).map((r) => String(r.body.to)), ...askedEdited];
			expect(cell.leads.map((lead) => [lead, asked.filter((to) => to === lead).length])).toEqual(cell.leads.map((lead, i) => [lead, i === FAULTY ? rerun.faultyRequests : reached(i) ? 1 : 0]));
			expect(asked.filter((to) => !neighbours.has(to))).toEqual([]);
			const left = (until?.webhooks ?? waitWebhooks()).filter((w) => !opened.webhooksBefore.has(w.id));
			expect(left).toEqual([]);

			if (rerun.expected === 'notAfterKill') {
				// n8n ended the Retry before the node ran: an error of n8n's, no output of the node's.
				const run = await server.runData(last);
				expect(run.resultData.runData.Dial).toBeUndefined();
				expect(run.resultData.error?.message).toEqual(expect.any(String));
				return;
			}
			// In a loop, the node's runs (one lead each, the batch's item 0) in the order they ran.
			const output = rerun.loop ? await loopOutput(last, 'Dial') : await nodeOutput(last, 'Dial');
			expect(output.map((o) => o.pairedItem)).toEqual(cell.leads.map((_, item) => ({ item: rerun.loop ? 0 : item })));
			output.forEach((o, i) => {
				if (rerun.expected === 'errorOnFaulty' && i === FAULTY) expect(o.json.error).toEqual(expect.stringContaining('could not be placed'));
				else if (rerun.expected === 'skipped') {
					// Skipped as the call that rang and ended within the window (its request was before it).
					expect(o.json).toMatchObject({ id: callsTo(cell.leads[i])[0].id, to: cell.leads[i], skipped: true });
					expect(o.json.skipReason).toEqual(expect.stringContaining(', rang or ended as late as '));
					expect(o.json.skipReason).toEqual(expect.stringContaining('within 1 hour (Options → Skip Numbers Called Within'));
				} else expect(o.json).toMatchObject({ to: cell.leads[i], ...(dialler.waits ? { outcome: 'answered' } : {}) });
			});
			if (edited) {
				// What the failed execution placed is output as placed; the rest dialled where the edited node dials.
				const placed = placedByFailed.get(cell.workflow)!;
				expect(output.map((o) => o.json.alreadyPlaced === true)).toEqual(cell.leads.map((lead) => placed.includes(lead)));
				expect(askedEdited.filter((to) => cell.leads.includes(to)).sort()).toEqual(cell.leads.filter((lead) => !placed.includes(lead)).sort());
			}
		};
		const cellOf = (column: number): Cell => ({ workflow: cellId(row, column), column: RERUNS[column].name, webhookPath: cellPath(row, column), leads: cellLeads(row, column), dialler });
		const TITLE = '$name: each lead dialled once, nothing left in Talkover, each item its own output';

		const alone = columns.filter(({ rerun }) => rerun.drive);
		test.each(alone)(
			TITLE,
			async ({ rerun, column }) => {
				const cell = cellOf(column);
				const opened = open(rerun, cell);
				await opened.send();
				const last = await rerun.drive!(cell);
				await check(rerun, cell, last, opened, new Set(cell.leads));
			},
			300_000,
		);

		// The cells whose column kills or stops n8n: each a member of its kill's round.
		const inRounds = columns.filter(({ rerun }) => rerun.round);
		const opened = new Map<number, ReturnType<typeof open>>();
		for (const { rerun, column } of inRounds) {
			const cell = cellOf(column);
			leadsOfRound(rerun.round!.kill, cell.leads);
			joinRound(rerun.round!.kill, cellId(row, column), () => {
				const member = rerun.round!.member(cell);
				const cellOpened = open(rerun, cell);
				opened.set(column, cellOpened);
				// The CRM's leads are sent in the member's first part: its `prepare` when it has one (its first
				// execution runs to its end there), else its `before`.
				const prepare = member.prepare;
				return prepare
					? {
							...member,
							prepare: async () => {
								await cellOpened.send();
								await prepare();
							},
						}
					: {
							...member,
							before: async () => {
								await cellOpened.send();
								await member.before();
							},
						};
			});
		}
		test.each(inRounds)(
			TITLE,
			async ({ rerun, column }) => {
				const last = await inRound<string>(rerun.round!.kill, cellId(row, column));
				await check(rerun, cellOf(column), last, opened.get(column)!, leadsOfRound(rerun.round!.kill), roundEnds.get(rerun.round!.kill));
			},
			ROUND_TIMEOUT,
		);
	});

	describe.each(AGENTS.map((agent, a) => ({ agent, a, name: agent.name })))('$name', ({ a }) => {
		describe.each(TOOL_DIALLERS.map((dialler, row) => ({ dialler, row, name: `${dialler.name} as its tool` })))('$name', ({ dialler, row }) => {
			test.each(AGENT_RERUNS.map((rerun, column) => ({ rerun, column, name: rerun.name })))('$name, after the model failed with the calls placed: each lead dialled once', async ({ rerun, column }) => {
				const leads = agentLeads(a, row, column);
				failuresLeft = 1;
				await post(agentPath(a, row, column), {});
				await rerun.drive(agentId(a, row, column));
				expect(failuresLeft).toBe(0);
				expect(leads.map((lead) => [lead, callsTo(lead).length])).toEqual(leads.map((lead) => [lead, 1]));
				expect(sandbox.requestsTo('POST', dialler.path).filter((r) => leads.includes(r.body.to)).map((r) => r.body.to)).toEqual(leads);
			});
		});
	});

	if (withMcp) describe.each(TOOL_DIALLERS.map((dialler, row) => ({ dialler, row, name: `${dialler.name} as an MCP Server Trigger's tool` })))('$name', ({ dialler, row }) => {
		const cellOf = (column: number): McpCell => ({ path: mcpPath(row, column), lead: mcpLead(row, column), dialler });
		const columns = MCP_RERUNS.map((rerun, column) => ({ rerun, column, name: rerun.name }));
		for (const { rerun, column } of columns) {
			if (!rerun.round) continue;
			const cell = cellOf(column);
			leadsOfRound(rerun.round.kill, [cell.lead]);
			joinRound(rerun.round.kill, mcpId(row, column), () => rerun.round!.member(cell));
		}
		test.each(columns)(
			'$name: the lead dialled once, the answers are its call, then that call skipped',
			async ({ rerun, column }) => {
				const cell = cellOf(column);
				const answers = rerun.round ? await inRound<any[]>(rerun.round.kill, mcpId(row, column)) : await rerun.drive!(cell);

				const calls = callsTo(cell.lead);
				expect(calls).toHaveLength(1);
				expect(sandbox.requestsTo('POST', dialler.path).filter((r) => r.body?.to === cell.lead)).toHaveLength(1);
				const [placed, ...again] = answers;
				if (again.length) expect(placed).toMatchObject({ id: calls[0].id, to: cell.lead });
				if (again.length) expect(placed.skipped).toBeUndefined();
				for (const answer of again.length ? again : [placed]) {
					expect(answer).toMatchObject({ id: calls[0].id, to: cell.lead, skipped: true });
					expect(String(answer.skipReason).slice(-MCP_SKIP.length)).toBe(MCP_SKIP);
				}
			},
			ROUND_TIMEOUT,
		);
	});
}
