/**
 * A real n8n (the pinned version in .n8n-host/) with the packed package installed the way users get it,
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
	ownerSession(port: number, owner: { email: string; firstName: string; lastName: string; password: string }): Promise<string>;
};
export const { ensureN8n, wantedVersion, ownerSession } = host;

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
