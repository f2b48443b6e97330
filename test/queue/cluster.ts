/**
 * n8n in queue mode, the way users scale it: Redis (Bull queue) and PostgreSQL, a main process (editor,
 * REST, activation/publication, timers), worker processes (`n8n worker`: they run the executions) and a
 * webhook process (`n8n webhook`: serves production webhooks; the main process is told not to, as n8n's
 * docs advise when webhook processes sit behind the load balancer). Each process has its own user folder
 * with the packed package installed (as separate containers would), the same encryption key and database.
 *
 * Every process gets TALKOVER_PROCESS=<its name> and may read it in expressions ($env), so a workflow can
 * tell Talkover (the sandbox) which process placed a call.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { WorkflowFile } from '../e2e/real-n8n';
import { crmWebhookNode, host, N8nServer, RealN8n } from '../e2e/real-n8n';
import { SALES_AGENT } from '../helpers/fixtures';
import { untilDefined } from '../helpers/polling';

const services = require('../../scripts/queue-services.js') as {
	startRedis(folder: string): Promise<{ port: number; stop(): Promise<void> }>;
	startPostgres(folder: string): Promise<{ port: number; user: string; password: string; database: string; runAs: string; stop(): Promise<void> }>;
	freePort(): Promise<number>;
	stopChild(child: ChildProcess, signal?: string, graceMs?: number): Promise<void>;
	redisServerBin(): string;
};

export interface ClusterOptions {
	workers?: number;
	/** Executions one worker runs at the same time (`n8n worker --concurrency`). */
	concurrency?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Webhook processes (`n8n webhook`), 1 by default: `webhook`, then `webhook-2`, …; WEBHOOK_URL is the first one's. */
	webhooks?: number;
}

interface Proc {
	name: string;
	child: ChildProcess;
	output: string;
}

export class QueueCluster {
	readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-queue-'));
	readonly n8n = new RealN8n();
	readonly main = new N8nServer(this.n8n);
	/** The first webhook process's port (WEBHOOK_URL: the URL n8n registers for production webhooks). */
	webhookPort = 0;
	/** Every webhook process's port, in the order of `webhookNames` (a load balancer would pick one). */
	webhookPorts: number[] = [];
	private readonly stops: Array<() => Promise<void>> = [];
	private readonly procs: Proc[] = [];
	private baseEnv: NodeJS.ProcessEnv = {};
	private redisPort = 0;
	/** Seconds each part took to start (printed by the bench, useful when CI is slow). */
	readonly timings: Record<string, number> = {};

	constructor(private readonly options: ClusterOptions = {}) {}

	get workerNames(): string[] {
		return Array.from({ length: this.options.workers ?? 2 }, (_, i) => `worker-${i + 1}`);
	}

	get webhookNames(): string[] {
		return Array.from({ length: this.options.webhooks ?? 1 }, (_, i) => (i === 0 ? 'webhook' : `webhook-${i + 1}`));
	}

	private async timed<T>(label: string, step: () => Promise<T> | T): Promise<T> {
		const t = Date.now();
		const result = await step();
		this.timings[label] = Math.round((Date.now() - t) / 100) / 10;
		return result;
	}

	/** Redis, PostgreSQL and the package in the main user folder; then import what the test needs with `importCredentials`/`importWorkflows` and call `start`. */
	async prepare(): Promise<void> {
		const [redis, postgres] = await this.timed('redis + postgres', () => Promise.all([services.startRedis(this.folder), services.startPostgres(this.folder)]));
		this.redisPort = redis.port;
		this.stops.push(redis.stop, postgres.stop);
		await this.timed('package', () => this.n8n.setUp());
		this.webhookPorts = [];
		while (this.webhookPorts.length < this.webhookNames.length) {
			const port = await services.freePort();
			if (!this.webhookPorts.includes(port)) this.webhookPorts.push(port);
		}
		this.webhookPort = this.webhookPorts[0];
		this.baseEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			// n8n waits 20 s for a connection from its pool (of 2) by default: a webhook process taking 30
			// requests at once on a busy 2-core machine ran past that (n8n 1.123: HTTP 500 "timeout exceeded
			// when trying to connect", then 503 "Database is not ready!").
			DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
			// n8n pings its database every 2 s and answers every request 503 "Database is not ready!" from the
			// first ping slower than 5 s until one succeeds: on the busy 2-core machine, with another lane's
			// n8n beside it, n8n 2.8.4 refused a webhook delivery so (the test expected the node's 200). 2.8
			// and 2.41 read this variable; 1.123 keeps its 5 s.
			N8N_DB_PING_TIMEOUT: '60000',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// The public URL of production webhooks: the webhook process (a load balancer in real set-ups).
			WEBHOOK_URL: `http://127.0.0.1:${this.webhookPort}/`,
			// Lets a workflow say which process ran it ({{ $env.TALKOVER_PROCESS }}): test-only.
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			...this.options.env,
		};
		this.n8n.env = { ...this.n8n.env, ...this.baseEnv, TALKOVER_PROCESS: 'main', N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' };
	}

	importCredentials(credentials: Parameters<RealN8n['importCredentials']>[0]): void {
		this.n8n.importCredentials(credentials);
	}

	importWorkflows(workflows: WorkflowFile[]): void {
		this.n8n.importWorkflows(workflows);
	}

	/** A user folder of its own with the package copied from the main one, and that process's environment. */
	private async processEnv(name: string, extra: Record<string, string>): Promise<NodeJS.ProcessEnv> {
		const folder = path.join(this.folder, name);
		fs.cpSync(path.join(this.n8n.folder, '.n8n/nodes'), path.join(folder, '.n8n/nodes'), { recursive: true });
		return host.n8nEnv(folder, {
			...this.baseEnv,
			N8N_LOG_LEVEL: 'info',
			N8N_RUNNERS_BROKER_PORT: String(await services.freePort()),
			TALKOVER_PROCESS: name,
			...extra,
		});
	}

	private spawnN8n(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
		const child = spawn(host.NODE_BIN, [host.N8N_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		const proc: Proc = { name, child, output: '' };
		const keep = (d: Buffer) => {
			proc.output = (proc.output + d.toString()).slice(-200_000);
		};
		child.stdout!.on('data', keep);
		child.stderr!.on('data', keep);
		this.procs.push(proc);
		return proc;
	}

	private async waitReady(proc: Proc, url: string, timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with ${proc.child.exitCode}:\n${proc.output.slice(-4000)}`);
			try {
				if ((await fetch(url)).status === 200) return;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error(`${proc.name} not ready after ${timeoutMs / 1000} s:\n${proc.output.slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** Main (and its owner sign-in), then the workers and the webhook process(es), each ready. */
	async start(): Promise<void> {
		await this.timed('main', () => this.main.start());
		await this.timed('workers + webhook', async () => {
			const starting: Array<Promise<void>> = [this.startWorkers()];
			for (const [i, name] of this.webhookNames.entries()) {
				const env = await this.processEnv(name, { N8N_PORT: String(this.webhookPorts[i]) });
				const webhook = this.spawnN8n(name, ['webhook'], env);
				starting.push(this.waitReady(webhook, `http://127.0.0.1:${this.webhookPorts[i]}/healthz/readiness`));
			}
			await Promise.all(starting);
		});
	}

	/** The workers (`n8n worker`), each ready. */
	async startWorkers(): Promise<void> {
		const starting: Array<Promise<void>> = [];
		for (const name of this.workerNames) {
			const port = await services.freePort();
			const env = await this.processEnv(name, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
			const proc = this.spawnN8n(name, ['worker', `--concurrency=${this.options.concurrency ?? 10}`], env);
			starting.push(this.waitReady(proc, `http://127.0.0.1:${port}/healthz/readiness`));
		}
		await Promise.all(starting);
	}

	/** Kills every worker as an out-of-memory kill or a deploy would (SIGKILL): nothing of theirs is saved. */
	async killWorkers(): Promise<void> {
		const workers = this.procs.filter((p) => this.workerNames.includes(p.name) && p.child.exitCode === null && p.child.signalCode === null);
		await Promise.all(
			workers.map(async (p) => {
				const exited = new Promise((resolve) => p.child.once('exit', resolve));
				p.child.kill('SIGKILL');
				await exited;
			}),
		);
		this.procs.splice(0, this.procs.length, ...this.procs.filter((p) => !workers.includes(p)));
	}

	/** One command to the cluster's Redis (`redis-cli`, beside `redis-server`); its answer, line by line. */
	private redis(...args: string[]): string[] {
		const cli = path.join(path.dirname(services.redisServerBin()), 'redis-cli');
		const result = spawnSync(cli, ['-h', '127.0.0.1', '-p', String(this.redisPort), '--raw', ...args], { encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr || result.error}`);
		return result.stdout.split('\n').filter(Boolean);
	}

	/** The Bull job of an execution that is active or waiting: its queue's key prefix (`bull:jobs`) and its ID. */
	private jobOf(executionId: string): { queue: string; id: string; active: boolean } | undefined {
		for (const list of [...this.redis('KEYS', '*:active'), ...this.redis('KEYS', '*:wait')]) {
			const queue = list.replace(/:(active|wait)$/, '');
			for (const id of this.redis('LRANGE', list, '0', '-1')) {
				const [data] = this.redis('HGET', `${queue}:${id}`, 'data');
				if (data && String(JSON.parse(data).executionId) === String(executionId)) return { queue, id, active: list.endsWith(':active') };
			}
		}
		return undefined;
	}

	/** Whether the job `id` of `queue` is still active or waiting. */
	private queued(queue: string, id: string): boolean {
		return [`${queue}:active`, `${queue}:wait`].some((list) => this.redis('LRANGE', list, '0', '-1').includes(id));
	}

	/**
	 * The clock of a killed worker's job, moved: lets the lock of the Bull job that ran `executionId` run out, as
	 * QUEUE_WORKER_LOCK_DURATION (a minute by default) does once its worker is gone, then waits until a worker's
	 * stalled-job check has dealt with the job (n8n 1.x queues it again and a worker ends it, 2.x fails it): the
	 * job is neither active nor waiting any more. What n8n does with the execution then is n8n's.
	 */
	async lockRunsOut(executionId: string, timeoutMs = 240_000): Promise<void> {
		const job = this.jobOf(executionId);
		if (!job?.active) throw new Error(`execution ${executionId}: no active Bull job (${job ? 'waiting' : 'none'}), so no lock to run out`);
		this.redis('DEL', `${job.queue}:${job.id}:lock`);
		await untilDefined(`execution ${executionId}'s Bull job neither active nor waiting after its lock ran out`, () => (this.queued(job.queue, job.id) ? undefined : true), timeoutMs);
	}

	/** Stops every n8n process as a deploy or an update does (SIGTERM), then starts main, the workers and the webhook process(es) again. */
	async stopAndStart(): Promise<void> {
		const running = this.procs.splice(0);
		await Promise.all(running.map((p) => services.stopChild(p.child, 'SIGTERM', 20_000)));
		await this.main.stop();
		await this.start();
	}

	/** The user folders of main and the workers (where each keeps its event log). */
	get userFolders(): string[] {
		return [this.n8n.folder, ...this.workerNames.map((name) => path.join(this.folder, name))];
	}

	/** What a process printed so far (the last 200 kB). */
	output(name: string): string {
		return this.procs.find((p) => p.name === name)?.output ?? '';
	}

	/** Stops every n8n process, then PostgreSQL and Redis, and deletes their data (also after a failure). */
	async stop(): Promise<void> {
		await Promise.all(this.procs.map((p) => services.stopChild(p.child, 'SIGTERM', 20_000)));
		await this.main.stop();
		for (const stop of this.stops.reverse()) await stop();
		this.n8n.tearDown();
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}

export const CREDENTIAL = { id: 'talkoverGood', name: 'Talkover API' };

/** `workflow` (a Talkover Trigger workflow) followed by a Set node "Ran on" that records the process that ran the rest of it. */
export function thenRanOn(workflow: WorkflowFile): WorkflowFile {
	workflow.nodes.push({
		id: 'ranOn',
		name: 'Ran on',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [200, 0],
		parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify({ process: $env.TALKOVER_PROCESS }) }}', options: {} },
	});
	workflow.connections = { 'Talkover Trigger': { main: [[{ node: 'Ran on', type: 'main', index: 0 }]] } };
	return workflow;
}

/** CRM webhook (`path`, body { leads: [{ phone }] }) → Split Out → Make Call (a test call per lead, context.process = the process). */
export function callWorkflow(id: string, webhookPath: string, settings: Record<string, unknown> = {}, options: Record<string, unknown> = {}): WorkflowFile {
	return {
		id,
		name: `CRM leads → call (${webhookPath})`,
		nodes: [
			crmWebhookNode(randomUUID(), webhookPath),
			{ id: 'split', name: 'Leads', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.leads', options: {} } },
			{
				id: 'call',
				name: 'Make Call',
				type: 'n8n-nodes-talkover.talkover',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'call',
					operation: 'make',
					agentId: { __rl: true, mode: 'id', value: SALES_AGENT },
					to: '={{ $json.phone }}',
					isTesting: true,
					additionalFields: { context: { values: [{ key: 'process', value: '={{ $env.TALKOVER_PROCESS }}' }] } },
					options,
				},
				credentials: { talkoverApi: CREDENTIAL },
				...settings,
			},
		],
		connections: {
			'CRM webhook': { main: [[{ node: 'Leads', type: 'main', index: 0 }]] },
			Leads: { main: [[{ node: 'Make Call', type: 'main', index: 0 }]] },
		},
	};
}

/** POSTs leads to a CRM webhook of the cluster's webhook process (the execution is queued for a worker). */
export async function sendLeads(cluster: QueueCluster, webhookPath: string, leads: Array<{ phone: string }>): Promise<void> {
	const response = await fetch(`http://127.0.0.1:${cluster.webhookPort}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ leads }),
	});
	if (response.status !== 200) throw new Error(`webhook ${webhookPath}: HTTP ${response.status} ${await response.text()}`);
}
