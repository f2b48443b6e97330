/**
 * A real n8n (the pinned version of the line TALKOVER_N8N_LINE picks: .n8n-host/ or .n8n-host-next/) with the packed package installed the way users get it,
 * driven through its CLI: credentials and workflows imported, workflows executed with `n8n execute`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

// The plain-JS helpers that `npm run dev` and `npm run bench` use too.
const host = require('../../scripts/n8n-host.js') as {
	ensureN8n(options?: { quiet?: boolean }): string;
	installPackage(userFolder: string): string;
	n8nEnv(userFolder: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
	n8nCli(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string };
	n8nCliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }>;
	runJson(stdout: string): IRun;
	wantedVersion(): string;
	LINE: string;
	HOST: string;
	ownerSession(port: number, owner: { email: string; firstName: string; lastName: string; password: string }): Promise<string>;
};
export const { ensureN8n, wantedVersion, ownerSession, LINE, HOST } = host;

import { freePort } from '../helpers/fixtures';

export { freePort };

/** A call to n8n's REST API as the editor makes it (JSON, session cookie); the status and the JSON body. */
export async function n8nRest(port: number, cookie: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
	const response = await fetch(`http://127.0.0.1:${port}${route}`, {
		method,
		headers: { 'Content-Type': 'application/json', cookie },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * Waits until n8n has applied a publish (activate) or unpublish (deactivate) of a workflow; returns the
 * publication status. n8n ≥ 2.3x applies these in the background (a publication outbox; the editor polls
 * GET /rest/workflows/{id}/publication-status after POST …/activate): the REST call returns before the
 * trigger's webhook is registered or deleted. n8n 2.8 has no such endpoint (it answers with the editor's
 * HTML page): there the REST call itself registers and deletes, and this returns undefined at once.
 */
export async function settledPublication(port: number, cookie: string, workflowId: string, timeoutMs = 90_000): Promise<any> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`http://127.0.0.1:${port}/rest/workflows/${workflowId}/publication-status`, { headers: { cookie } });
		if (response.status === 404 || !response.headers.get('content-type')?.includes('application/json')) return undefined;
		const json = (await response.json()) as any;
		if (response.status !== 200) throw new Error(`publication-status of ${workflowId}: HTTP ${response.status} ${JSON.stringify(json)}`);
		if (json.data.status !== 'in_progress') return json.data;
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

export class RealN8n {
	readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'talkover-e2e-n8n-'));
	env: NodeJS.ProcessEnv = {};

	/** Installs n8n if needed, then the packed package into a fresh user folder. */
	async setUp(): Promise<void> {
		ensureN8n();
		host.installPackage(this.folder);
		this.env = host.n8nEnv(this.folder, { N8N_LOG_LEVEL: 'info', N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	}

	private importFile(kind: 'credentials' | 'workflow', data: unknown): void {
		const file = path.join(this.folder, `import-${kind}.json`);
		fs.writeFileSync(file, JSON.stringify(data));
		const result = host.n8nCli([`import:${kind}`, `--input=${file}`], this.env);
		if (result.status !== 0) throw new Error(`n8n import:${kind} failed:\n${result.stderr}\n${result.stdout}`);
	}

	importCredentials(credentials: Array<{ id: string; name: string; type: string; data: IDataObject }>): void {
		this.importFile('credentials', credentials);
	}

	importWorkflows(workflows: WorkflowFile[]): void {
		this.importFile('workflow', workflows.map((w) => ({ active: false, settings: {}, ...w })));
	}

	/** `n8n execute --id … --rawOutput`: the run (output items per node) and the exit code. */
	async execute(id: string): Promise<{ run: IRun; status: number | null }> {
		const result = await host.n8nCliAsync(['execute', `--id=${id}`, '--rawOutput'], this.env);
		try {
			return { run: host.runJson(result.stdout), status: result.status };
		} catch (error) {
			throw new Error(`${(error as Error).message}\nexit ${result.status}, stderr:\n${result.stderr.slice(0, 4000)}`);
		}
	}

	tearDown(): void {
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}

/** The output items of a node in a run (first run, first output). */
export function outputOf(run: IRun, node: string): INodeExecutionData[] {
	return run.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [];
}
