/**
 * A real n8n (the pinned version of the line TALKOVER_N8N_LINE picks: 2.8, next or lts; installed in the n8n cache, see scripts/n8n-host.js) with the packed package installed the way users get it,
 * driven by N8nServer through `n8n start` and the REST API the editor uses: the credentials and workflows a
 * test gives are created through that API once n8n has started, instead of imported with the CLI (each import
 * a whole n8n booted: 13–28 s on the busy 2-core machine).
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

// The plain-JS helpers that `npm run dev` and `npm run bench` use too.
const host = require('../../scripts/n8n-host.js') as {
	ensureN8n(options?: { quiet?: boolean }): string;
	installPackage(userFolder: string, options?: { tarball?: string }): string;
	packPackage(destination: string): string;
	n8nEnv(userFolder: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
	n8nCli(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string };
	wantedVersion(): string;
	LINE: string;
	HOST: string;
	NODE_BIN: string;
	N8N_BIN: string;
	startN8n(
		env: NodeJS.ProcessEnv,
		port: number,
		options?: { timeoutMs?: number; stdio?: 'pipe' | 'inherit' | 'ignore'; onOutput?: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => void },
	): Promise<ChildProcess>;
	stopProcess(child: ChildProcess | undefined, graceMs?: number): Promise<void>;
	ownerSession(port: number, owner: { email: string; firstName: string; lastName: string; password: string }): Promise<string>;
};
export const { ensureN8n, wantedVersion, ownerSession, LINE, HOST, NODE_BIN } = host;
export { host };

import { freePort, SALES_AGENT } from '../helpers/fixtures';

export { freePort };

/**
 * A read (GET) sent again when the connection it went out on was closed under it: Node's fetch reuses a kept-alive
 * connection that n8n may close at that very moment ("fetch failed", cause "other side closed"; seen once in CI on
 * the busy machine). Only reads: anything else might have reached n8n.
 */
export async function readAgain(method: string, send: () => Promise<Response>): Promise<Response> {
	for (let tries = 1; ; tries++) {
		try {
			return await send();
		} catch (error) {
			const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
			const closed = cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET' || cause?.message === 'other side closed';
			if (method !== 'GET' || !closed || tries === 3) throw error;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}

/** A call to n8n's REST API as the editor makes it (JSON, session cookie); the status and the JSON body. */
export async function n8nRest(port: number, cookie: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
	const response = await readAgain(method, async () =>
		await fetch(`http://127.0.0.1:${port}${route}`, {
			method,
			headers: { 'Content-Type': 'application/json', cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * Waits until n8n has applied a publish (activate) or unpublish (deactivate) of a workflow; returns the
 * publication status. n8n ≥ 2.3x applies these in the background (a publication outbox; the editor polls
 * GET /rest/workflows/{id}/publication-status after POST …/activate): the REST call returns before the
 * trigger's webhook is registered or deleted. n8n 2.8 has no such endpoint (it answers with the editor's
 * HTML page): there the REST call itself registers and deletes, and this returns undefined at once.
 *
 * A settled status counts once two reads in a row agree. n8n 2.41 answers from two queries run beside each
 * other (the outbox's records in flight, the triggers' status rows): a read whose first query runs after the
 * publication's record completed and whose second ran before that commit shows the old rows with nothing in
 * flight ("published" just after an unpublish; seen once in queue mode on PostgreSQL, under CI's load).
 */
export async function settledPublication(port: number, cookie: string, workflowId: string, timeoutMs = 90_000): Promise<any> {
	const deadline = Date.now() + timeoutMs;
	let previous: string | undefined;
	for (;;) {
		const response = await readAgain('GET', async () => await fetch(`http://127.0.0.1:${port}/rest/workflows/${workflowId}/publication-status`, { headers: { cookie } }));
		if (response.status === 404 || !response.headers.get('content-type')?.includes('application/json')) return undefined;
		const json = (await response.json()) as any;
		if (response.status !== 200) throw new Error(`publication-status of ${workflowId}: HTTP ${response.status} ${JSON.stringify(json)}`);
		const read = JSON.stringify({ status: json.data.status, triggers: json.data.triggers });
		if (json.data.status !== 'in_progress' && read === previous) return json.data;
		previous = json.data.status === 'in_progress' ? undefined : read;
		if (Date.now() > deadline) throw new Error(`n8n did not finish publishing ${workflowId} in ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: IDataObject[];
	connections: IDataObject;
	[key: string]: unknown;
}

/**
 * The longest workflow ID every tested line keeps static data for. n8n 1.123 saves a workflow's static data
 * (the Talkover Trigger's secret and webhook ID) only when `isWorkflowIdValid`: at most 16 characters, the
 * length of the IDs n8n itself makes (2.x allows 21). A longer imported ID imports and activates, but the
 * secret never reaches the database: every delivery is refused (401) wherever the webhook is served from
 * the database (queue mode, or after a restart) and deactivation deletes nothing in Talkover. The tests'
 * workflows are created through the REST API, where 1.123 gives them IDs of its own (16 characters) and 2.x
 * keeps theirs: the limit keeps the tests' IDs good for either, and for an import with the CLI.
 */
export const MAX_WORKFLOW_ID = 16;

/** Refuses workflow IDs n8n 1.x would not keep static data for (see MAX_WORKFLOW_ID), before anything is imported. */
export function assertWorkflowIds(workflows: Array<{ id?: unknown }>): void {
	const long = workflows.map((w) => String(w.id ?? '')).filter((id) => id.length > MAX_WORKFLOW_ID);
	if (long.length) {
		throw new Error(`workflow ID(s) longer than ${MAX_WORKFLOW_ID} characters: ${long.join(', ')} (n8n 1.x then never saves the workflow's static data)`);
	}
}

/** What test/e2e/global-setup.ts prepared for this run: the packed tarball and (e2e only) a migrated user folder. */
function preparedRun(): { tarball: string; database?: string } | undefined {
	const file = process.env.TALKOVER_E2E_PREPARED;
	if (!file) return undefined;
	const prepared = JSON.parse(fs.readFileSync(file, 'utf8')) as { line: string; host: string; tarball: string; database?: string };
	// Made for another line's n8n (a variable left over in the shell, a file run outside its config).
	if (prepared.line !== LINE || prepared.host !== HOST) throw new Error(`TALKOVER_E2E_PREPARED (${file}) was made for line ${prepared.line}, not ${LINE}`);
	return prepared;
}

/** n8n's SQLite database and settings file (`.n8n/database.sqlite*`, `.n8n/config`) from a migrated user folder into a fresh one. */
function copyDatabase(from: string, to: string): void {
	fs.mkdirSync(path.join(to, '.n8n'), { recursive: true });
	for (const name of fs.readdirSync(path.join(from, '.n8n'))) {
		if (name === 'config' || name.startsWith('database.sqlite')) fs.copyFileSync(path.join(from, '.n8n', name), path.join(to, '.n8n', name));
	}
}

type CredentialFile = { id: string; name: string; type: string; data: IDataObject };

export class RealN8n {
	readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-e2e-n8n-'));
	env: NodeJS.ProcessEnv = {};
	/** What the next start creates through the REST API. */
	private readonly pending: { credentials: CredentialFile[]; workflows: WorkflowFile[] } = { credentials: [], workflows: [] };
	/** The ID n8n gave each credential created through the REST API, by the ID the test gave it. */
	private readonly credentialIds = new Map<string, string>();
	/** The ID n8n gave each workflow created through the REST API, by the ID the test gave it. */
	private readonly workflowIds = new Map<string, string>();

	/**
	 * Installs n8n if needed, then the packed package into a fresh user folder. Under jest's e2e or queue
	 * config (./global-setup.ts) the package is packed once per run, and the e2e config also starts each
	 * folder from a database n8n has already migrated (what the first CLI command in an empty folder would
	 * make), instead of packing and migrating again in every file.
	 */
	async setUp(): Promise<void> {
		ensureN8n();
		const prepared = preparedRun();
		if (prepared?.database) copyDatabase(prepared.database, this.folder);
		host.installPackage(this.folder, { tarball: prepared?.tarball });
		this.env = host.n8nEnv(this.folder, { N8N_LOG_LEVEL: 'info', N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	}

	/** The credentials, under the IDs given (the workflows name them so): created when n8n next starts. */
	importCredentials(credentials: CredentialFile[]): void {
		this.pending.credentials.push(...credentials);
	}

	/** The workflows, inactive, under the IDs given (the tests name them so): created when n8n next starts. */
	importWorkflows(workflows: WorkflowFile[]): void {
		assertWorkflowIds(workflows);
		// executionOrder v1: what n8n's editor saves for every new workflow (the legacy order, without it, hands
		// an AI Agent empty tool results: the agent resumes before its tools have run).
		const inactive = workflows.map((w) => ({ active: false, ...w, settings: { executionOrder: 'v1', ...(w.settings as object) } }));
		this.pending.workflows.push(...inactive);
	}

	/** The ID n8n gave a credential, by the ID the test gave it (or that ID, for one not created here). */
	credentialIdOf(id: string): string {
		return this.credentialIds.get(id) ?? id;
	}

	/**
	 * The ID n8n knows a workflow by, by the ID the test gave it: the same on n8n 2.x, which keeps the ID a
	 * workflow is created with; n8n 1.123 makes its own (its create drops `id`). Any other ID (one n8n gave)
	 * comes back as it is.
	 */
	workflowIdOf(id: string): string {
		return this.workflowIds.get(id) ?? id;
	}

	/**
	 * Creates what is pending through the REST API of the n8n just started, as the editor would: each credential
	 * (n8n gives it an ID of its own), then each workflow (n8n 2.x keeps its ID, 1.123 gives it one), its nodes
	 * naming the credentials by the IDs n8n gave them.
	 */
	async createPending(rest: (method: string, route: string, body?: unknown) => Promise<any>): Promise<void> {
		for (const credential of this.pending.credentials.splice(0)) {
			const { id, ...fields } = credential;
			const created = await rest('POST', '/rest/credentials', fields);
			this.credentialIds.set(id, String((created.data ?? created).id));
		}
		for (const workflow of this.pending.workflows.splice(0)) {
			const nodes = workflow.nodes.map((node) => {
				const credentials = node.credentials as Record<string, { id?: string; name?: string }> | undefined;
				if (!credentials) return node;
				const named = Object.fromEntries(Object.entries(credentials).map(([type, ref]) => [type, { ...ref, id: (ref.id && this.credentialIds.get(ref.id)) ?? ref.id }]));
				return { ...node, credentials: named };
			});
			const created = await rest('POST', '/rest/workflows', { ...workflow, nodes });
			this.workflowIds.set(workflow.id, String((created.data ?? created).id));
		}
	}

	/**
	 * Moves a waiting execution's `waitTill` (when n8n's WaitTracker resumes it, running no node code) in n8n's
	 * SQLite database (`.n8n/database.sqlite`, table `execution_entity`), so a test reaches that moment without
	 * waiting for it; only while n8n is stopped (it reads the column at start and every minute). Through the
	 * sqlite3 module of the line's own n8n install, run by the line's Node. The column is read first and written
	 * back in the form it was read in (TypeORM's `YYYY-MM-DD HH:MM:SS.SSS` in UTC, or an ISO text); any other
	 * form fails the test with what was read. Returns the moment it held before.
	 */
	moveWaitTill(executionId: string, to: Date): Date {
		const read = this.sqlite('read', executionId) as { waitTill: unknown; type: string } | undefined;
		if (!read) throw new Error(`no execution ${executionId} in ${this.folder}/.n8n/database.sqlite`);
		const { waitTill, type } = read;
		const typeorm = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{3})?$/;
		const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
		let before: Date;
		let written: string;
		if (type === 'text' && typeorm.test(String(waitTill))) {
			before = new Date(`${String(waitTill).replace(' ', 'T')}Z`);
			written = to.toISOString().replace('T', ' ').replace('Z', '');
		} else if (type === 'text' && iso.test(String(waitTill))) {
			before = new Date(String(waitTill));
			written = to.toISOString();
		} else {
			throw new Error(`execution ${executionId}'s waitTill is ${JSON.stringify(waitTill)} (${type}): not a form this helper knows`);
		}
		const changed = this.sqlite('write', executionId, written) as number;
		if (changed !== 1) throw new Error(`execution ${executionId}'s waitTill: ${changed} rows changed, not 1`);
		return before;
	}

	/** One read or write of `execution_entity` by the line's Node and its install's sqlite3 (see moveWaitTill); its JSON answer. */
	private sqlite(mode: 'read' | 'write', executionId: string, value?: string): unknown {
		const script = `
			const [sqlite3Path, file, mode, id, value] = process.argv.slice(1);
			const sqlite3 = require(sqlite3Path);
			const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => { if (error) throw error; });
			const done = (error, answer) => { if (error) throw error; db.close((closing) => { if (closing) throw closing; process.stdout.write(JSON.stringify(answer ?? null)); }); };
			if (mode === 'read') db.get('SELECT waitTill, typeof(waitTill) AS type FROM execution_entity WHERE id = ?', [id], done);
			else db.run('UPDATE execution_entity SET waitTill = ? WHERE id = ?', [value, id], function (error) { done(error, this && this.changes); });
		`;
		const file = path.join(this.folder, '.n8n', 'database.sqlite');
		const args = ['-e', script, path.join(HOST, 'node_modules', 'sqlite3'), file, mode, executionId, ...(value === undefined ? [] : [value])];
		const run = spawnSync(NODE_BIN, args, { encoding: 'utf8', timeout: 30_000 });
		if (run.status !== 0) throw new Error(`sqlite3 ${mode} of execution ${executionId}: ${run.stderr || run.error}`);
		return JSON.parse(run.stdout);
	}

	tearDown(): void {
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}

/**
 * Deletes n8n's event log (`.n8n/n8nEventLog*.log`) in each user folder, as an n8n whose event log is off or
 * lost; the files deleted.
 */
export function deleteEventLogs(userFolders: string[]): string[] {
	const deleted: string[] = [];
	for (const folder of userFolders) {
		const dir = path.join(folder, '.n8n');
		if (!fs.existsSync(dir)) continue;
		for (const name of fs.readdirSync(dir).filter((n) => /^n8nEventLog.*\.log$/.test(n))) {
			fs.rmSync(path.join(dir, name), { force: true });
			deleted.push(path.join(dir, name));
		}
	}
	return deleted;
}

/** The output items of a node in a run (first run, first output). */
export function outputOf(run: IRun, node: string): INodeExecutionData[] {
	return run.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [];
}

/**
 * `n8n start` on a free port with an owner signed in: the REST calls the editor makes (publish, executions,
 * stop) for the tests that need a running n8n (webhooks, stopping an execution, the AI Agent).
 */
export class N8nServer {
	port = 0;
	cookie = '';
	process: ChildProcess | undefined;

	/** `onOutput` gets n8n's stdout and stderr (a test that reads n8n's log). */
	constructor(
		private readonly n8n: RealN8n,
		private readonly options: { onOutput?: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => void } = {},
	) {}

	async start(): Promise<void> {
		if (!this.port) this.port = await freePort();
		this.n8n.env = { ...this.n8n.env, N8N_PORT: String(this.port) };
		this.process = await host.startN8n(this.n8n.env, this.port, this.options.onOutput ? { onOutput: this.options.onOutput } : undefined);
		this.cookie = await ownerSession(this.port, { email: 'e2e@talkover.local', firstName: 'E', lastName: 'E', password: 'Talkover-e2e-1' });
		await this.n8n.createPending(async (method, route, body) => await this.rest(method, route, body));
	}

	async stop(): Promise<void> {
		if (this.process) await host.stopProcess(this.process);
		this.process = undefined;
	}

	/** Moves a waiting execution's `waitTill` while n8n is stopped (RealN8n.moveWaitTill); the moment it held before. */
	moveWaitTill(executionId: string, to: Date): Date {
		if (this.process) throw new Error('n8n is running: stop it before moving an execution’s waitTill');
		return this.n8n.moveWaitTill(executionId, to);
	}

	/**
	 * n8n's REST API; anything but a 2xx fails the test with n8n's answer. A route under /rest/workflows/<id> may
	 * name the workflow by the ID the test gave it (see RealN8n.workflowIdOf).
	 */
	async rest(method: string, route: string, body?: unknown): Promise<any> {
		const { status, json } = await n8nRest(this.port, this.cookie, method, this.routeOf(route), body);
		if (status < 200 || status >= 300) throw new Error(`${method} ${route}: HTTP ${status} ${JSON.stringify(json)}`);
		return json;
	}

	/** The route with a workflow named by the ID the test gave it (/rest/workflows/<id>…) named by the ID n8n gave it. */
	routeOf(route: string): string {
		return route.replace(/^\/rest\/workflows\/([^/?]+)/, (_, id: string) => `/rest/workflows/${this.n8n.workflowIdOf(id)}`);
	}

	/**
	 * Publishes (activates) a workflow as the editor does and waits until n8n has applied it.
	 *
	 * n8n 2.41 checks each node's parameters before it publishes, and runs a resource locator's validation
	 * regex in a vm with a 250 ms limit of wall time (n8n-workflow's safe-regex.js): on a machine too busy to
	 * run n8n for 250 ms, the check throws and n8n refuses with "Error validating node parameters" (seen in CI,
	 * never alone). The Talkover nodes declare no such regex (test/Talkover/description.test.ts); the retry is
	 * for n8n's own nodes in a test workflow. A refusal for a parameter that is wrong names it ("Missing or
	 * invalid required parameters"); a check that throws every time still fails here after the third try.
	 */
	async activate(workflowId: string): Promise<any> {
		const workflow = await this.rest('GET', `/rest/workflows/${workflowId}`);
		for (let tries = 1; ; tries++) {
			const { status, json } = await n8nRest(this.port, this.cookie, 'POST', this.routeOf(`/rest/workflows/${workflowId}/activate`), { versionId: workflow.data.versionId });
			if (status >= 200 && status < 300) break;
			if (tries === 3 || !JSON.stringify(json).includes('- Error validating node parameters')) {
				throw new Error(`POST /rest/workflows/${workflowId}/activate: HTTP ${status} ${JSON.stringify(json)}`);
			}
		}
		return await this.settled(workflowId);
	}

	async deactivate(workflowId: string): Promise<any> {
		await this.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
		return await this.settled(workflowId);
	}

	/** The workflow's publication status once n8n has applied it (undefined on n8n 2.8: no publication). */
	async settled(workflowId: string): Promise<any> {
		return await settledPublication(this.port, this.cookie, this.n8n.workflowIdOf(workflowId));
	}

	/** The workflow's executions (the newest 100, newest first) and how many there are in all; the workflow by the ID the test gave it or n8n's. */
	async executionList(testWorkflowId: string, status?: string[]): Promise<{ count: number; results: any[] }> {
		const workflowId = this.n8n.workflowIdOf(testWorkflowId);
		const filter = encodeURIComponent(JSON.stringify(status ? { workflowId, status } : { workflowId }));
		const list = await this.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
		return list.data;
	}

	/** The workflow's executions, newest first (at most 100). */
	async executions(workflowId: string): Promise<any[]> {
		return (await this.executionList(workflowId)).results;
	}

	/** Waits until the workflow has at least `count` finished executions; returns the newest 100 of them (newest first). */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 120_000): Promise<any[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = await this.executionList(workflowId, ['success', 'error', 'canceled', 'crashed']);
			// n8n reads the list and its count in two queries: an execution finishing between them is counted
			// but not yet listed (seen once in queue mode), so the list itself must hold them too.
			if (finished.count >= count && finished.results.length >= Math.min(count, 100)) return finished.results;
			if (Date.now() > deadline) throw new Error(`${finished.count} finished executions of ${workflowId} after ${timeoutMs / 1000} s, not ${count}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/**
	 * Runs a workflow from its trigger as the editor's "Execute workflow" button does (POST
	 * /rest/workflows/{id}/run, mode `manual`) and waits for it to finish: the run and, like `n8n execute`'s
	 * exit code, a status of 0 for success and 1 otherwise. One server runs many workflows, where `n8n
	 * execute` starts a whole n8n (4–5 s of CPU) per run. The body carries both forms n8n reads: the workflow
	 * (n8n 1.123 and 2.8) and just the trigger's name (n8n ≥ 2.3x reads the workflow from its database and
	 * drops the rest).
	 */
	async runManually(workflowId: string, trigger = 'Start', timeoutMs = 120_000): Promise<{ run: IRun; status: number }> {
		const workflow = await this.rest('GET', `/rest/workflows/${workflowId}`);
		const started = await this.rest('POST', `/rest/workflows/${workflowId}/run`, { workflowData: workflow.data, triggerToStartFrom: { name: trigger } });
		const executionId = started.data?.executionId;
		if (!executionId) throw new Error(`n8n did not start ${workflowId}: ${JSON.stringify(started)}`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const { data: execution } = await this.rest('GET', `/rest/executions/${executionId}`);
			// n8n 1.123 may list an execution as ended a moment before its run data is saved: both are awaited.
			const data = ['success', 'error', 'canceled', 'crashed'].includes(execution.status) && typeof execution.data === 'string' ? flatted().parse(execution.data) : undefined;
			if (data?.resultData) return { run: { ...execution, data } as IRun, status: execution.status === 'success' ? 0 : 1 };
			if (Date.now() > deadline) throw new Error(`execution ${executionId} of ${workflowId} still ${execution.status} after ${timeoutMs / 1000} s`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/** The run data of an execution (n8n stores it "flatted"). */
	async runData(executionId: string): Promise<IRun['data']> {
		const execution = await this.rest('GET', `/rest/executions/${executionId}`);
		return flatted().parse(execution.data.data);
	}
}

/** n8n's own `flatted` (how it stores execution data), from the line's n8n install. */
function flatted(): { parse(text: string): any } {
	return require(path.join(host.HOST, 'node_modules/flatted'));
}

/** The CRM's webhook ("CRM webhook", the first node of its workflow): POST at `path`, answered at once. */
export function crmWebhookNode(webhookId: string, path: string): IDataObject {
	return { id: 'crm', name: 'CRM webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } };
}

/** A Talkover Trigger node ("Talkover Trigger", the first of its workflow) with these parameters and credential. */
export function talkoverTriggerNode(webhookId: string, parameters: IDataObject, credential: { id: string; name: string }): IDataObject {
	return { id: 'trigger', name: 'Talkover Trigger', type: 'n8n-nodes-talkover.talkoverTrigger', typeVersion: 1, position: [0, 0], webhookId, parameters, credentials: { talkoverApi: credential } };
}

/**
 * A workflow with only a Talkover Trigger on the agent's `events` (by default call ended alone: one webhook, so the
 * catch-up's and queue mode's files read one delivery log; trigger.e2e.ts's trigger is on two, a webhook each).
 */
export function talkoverTriggerWorkflow(id: string, webhookId: string, credentialId: string, agentId = SALES_AGENT, events: string[] = ['event_phone_call_ended']): WorkflowFile {
	return {
		id,
		name: 'Call ended → CRM',
		nodes: [
			talkoverTriggerNode(
				webhookId,
				{ agentId: { __rl: true, mode: 'id', value: agentId }, events, options: {} },
				{ id: credentialId, name: 'Talkover API' },
			),
		],
		connections: {},
	};
}

/**
 * CRM webhook (its body's `leads`) → Leads (Split Out) → "Call and Wait" (Make and Wait for Outcome on the sales
 * agent, a test call, the lead's `crmId` as Context) → "Update CRM" (No Op).
 */
export function callAndWaitWorkflow(id: string, path: string, webhookId: string, { waitLimit = 30, credentialId = 'talkoverGood', campaignId = '', callEvents = [] as string[] } = {}): WorkflowFile {
	// With a campaign: Campaign → Add Call and Wait for Outcome (its Call Events to Include), else Call → Make and Wait for Outcome.
	const place = campaignId
		? { resource: 'campaign', operation: 'addCallAndWait', campaignId: { __rl: true, mode: 'id', value: campaignId }, callEvents }
		: { resource: 'call', operation: 'makeAndWait', agentId: { __rl: true, mode: 'id', value: SALES_AGENT } };
	return {
		id,
		name: 'CRM lead → call → update the CRM with the outcome',
		nodes: [
			crmWebhookNode(webhookId, path),
			{
				id: 'leads',
				name: 'Leads',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.leads', options: {} },
			},
			{
				id: 'call-and-wait',
				name: 'Call and Wait',
				type: 'n8n-nodes-talkover.talkover',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					...place,
					to: '={{ $json.to }}',
					isTesting: true,
					additionalFields: { contextJson: '={{ JSON.stringify({ crm_id: $json.crmId }) }}' },
					waitLimit,
				},
				credentials: { talkoverApi: { id: credentialId, name: 'Talkover API' } },
			},
			{ id: 'crm-update', name: 'Update CRM', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} },
		],
		connections: {
			'CRM webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
			Leads: { main: [[{ node: 'Call and Wait', type: 'main', index: 0 }]] },
			'Call and Wait': { main: [[{ node: 'Update CRM', type: 'main', index: 0 }]] },
		},
	};
}
