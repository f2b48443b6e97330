/**
 * What n8n does around a waiting execution, for runs in n8n-core's engine (the real thing: test/e2e/):
 * the execution saved as n8n saves it (JSON), its resume address served on 127.0.0.1 (`/webhook-waiting/
 * <execution>/<node ID>`) the way n8n's WaitingWebhooks serves it — 404 for an execution that does not exist,
 * 409 when it is running, finished or cancelled, else the waiting node disabled, its run popped and its
 * webhook() run in n8n-core's WebhookContext over the saved data; a result with items resumes the execution
 * (n8n-core's WorkflowExecute over the saved data). n8n's own end of a wait (its WaitTracker at `waitTill`)
 * runs no node code: `timeOut` resumes with the waiting node's input passed on, as n8n does.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters, IRun, IRunExecutionData, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { WAIT_WEBHOOKS } from '../../nodes/Talkover/wait/webhookDescription';
import { expressLike } from './expressLike';
import { additionalData, nodeTypes, SOURCE_TYPE, talkoverNode } from './n8n';

export type WaitStatus = 'waiting' | 'running' | 'success' | 'error' | 'canceled' | 'crashed';

export interface SavedExecution {
	id: string;
	status: WaitStatus;
	/** The execution's data as n8n saved it (a JSON copy). */
	data: IRunExecutionData;
	workflow: Workflow;
	/** Every run of the execution: the first (up to the wait), then the resumed one. */
	runs: IRun[];
	/**
	 * n8n 2.3x+ refuses the token its address carries (401 "Invalid token", before anything else): the execution
	 * holds another's resume token (a crashed Retry holds the failed execution's).
	 */
	tokenRefused?: boolean;
}

/** The answer of a request to a resume address. */
export interface WaitingAnswer {
	status: number;
	body: unknown;
	/** Sent as text/plain instead of JSON (what a proxy in front of n8n may answer). */
	text?: string;
}

/** n8n's error answer (response-helper.js sendErrorResponse): `{code, message}`, code 0 for an unexpected error. */
const n8nError = (status: number, message: string): WaitingAnswer => ({ status, body: { code: status === 500 ? 0 : status, message } });

const saved = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let ids = 0;

/** The lifecycle hooks n8n-core needs to run (or resume) an execution of `workflow`. */
function hooksFor(id: string, workflow: Workflow): ExecutionLifecycleHooks {
	const nodes = Object.values(workflow.nodes);
	return new ExecutionLifecycleHooks('webhook', id, { id: workflow.id, name: workflow.name, nodes, connections: workflow.connectionsBySourceNode, active: false, activeVersionId: null, isArchived: false, createdAt: new Date(), updatedAt: new Date() } as never);
}

export class WaitingN8n {
	readonly executions = new Map<string, SavedExecution>();
	/** Every request to a resume address, with n8n's (or the node's) answer. */
	readonly requests: Array<{ path: string; headers: IDataObject; body: unknown; answer: WaitingAnswer }> = [];
	private server?: http.Server;
	base = '';
	private settledRuns: Array<Promise<unknown>> = [];
	/** Requests to resume addresses n8n is still answering (a node's webhook() running). */
	private answering = 0;

	constructor(private readonly credentials: () => ICredentialDataDecryptedObject) {}

	async start(): Promise<this> {
		this.server = http.createServer((req, res) => {
			let text = '';
			req.on('data', (chunk) => (text += chunk));
			req.on('end', () => {
				let body: unknown;
				try {
					body = JSON.parse(text || 'null');
				} catch {
					body = text;
				}
				void this.request(req.url ?? '', req.headers as IDataObject, body).then(({ status, body: answer, text: plain }) => {
					res.writeHead(status, { 'content-type': plain === undefined ? 'application/json' : 'text/plain' });
					res.end(plain ?? JSON.stringify(answer));
				});
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook-waiting`;
		return this;
	}

	async stop(): Promise<void> {
		await Promise.allSettled(this.settledRuns);
		await new Promise((resolve) => this.server?.close(resolve));
	}

	private additional(executionId: string, hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
		return { ...additionalData(this.credentials(), hooks), executionId, webhookWaitingBaseUrl: this.base } as IWorkflowExecuteAdditionalData;
	}

	/**
	 * Runs start node → Talkover (these parameters) with `items`, until it ends or waits; meanwhile n8n shows it
	 * running (409 "is running already" at its address). `executionId`: the ID of an earlier execution, as a
	 * loop's next pass through the node waits at the same address. `retryOf`: a failed execution's saved data as
	 * n8n's Retry hands it over (mode `retry`, its failed run dropped); `loadWorkflow`: the Retry "with currently
	 * saved workflow", the nodes on the stack replaced by this workflow's (`parameters`, edited since), as n8n's
	 * ExecutionService.retry does.
	 */
	async run(items: IDataObject[], parameters: INodeParameters, settings?: Partial<INode>, executionId?: string, retryOf?: IRunExecutionData, { loadWorkflow = false } = {}): Promise<SavedExecution> {
		const nodes: INode[] = [
			{ id: 'source', name: 'Items', type: SOURCE_TYPE, typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
			{ ...talkoverNode(parameters, settings), id: '5b6c7d8e-0000-4000-8000-00000000a1a1', name: 'Talkover' },
		];
		const connections = { Items: { main: [[{ node: 'Talkover', type: 'main' as const, index: 0 }]] } };
		const workflow = new Workflow({ id: 'wf-wait', name: 'wait', nodes, connections, active: false, nodeTypes: nodeTypes() });
		const id = executionId ?? `wait-${++ids}`;
		const execution: SavedExecution = { id, status: 'running', data: {} as IRunExecutionData, workflow, runs: [] };
		this.executions.set(id, execution);
		if (retryOf && loadWorkflow) for (const stack of retryOf.executionData?.nodeExecutionStack ?? []) stack.node = workflow.getNode(stack.node.name) ?? stack.node;
		const run = retryOf
			? await new WorkflowExecute(this.additional(id, hooksFor(id, workflow)), 'retry', retryOf).processRunExecutionData(workflow)
			: await new WorkflowExecute(this.additional(id, hooksFor(id, workflow)), 'webhook').run({ workflow, startNode: workflow.getNode('Items')! });
		Object.assign(execution, { status: run.waitTill ? 'waiting' : run.data.resultData.error ? 'error' : 'success', data: saved(run.data), runs: [run] });
		return execution;
	}

	/** A request to a resume address, as n8n answers it. */
	async request(url: string, headers: IDataObject, body: unknown): Promise<WaitingAnswer> {
		this.answering += 1;
		try {
			const answer = await this.answer(url, headers, body);
			this.requests.push({ path: url, headers, body, answer });
			return answer;
		} finally {
			this.answering -= 1;
		}
	}

	/**
	 * Once nothing is under way: no request being answered here, no resumed run going, and no request in
	 * flight at the sandbox, several times over, so a test's signal or delivery still travelling when it ends
	 * is handled within it, never inside the next test. At most `limitMs` of real time.
	 */
	async quiet(sandbox: { inFlight: number }, limitMs = 10_000): Promise<void> {
		const until = Date.now() + limitMs;
		let still = 0;
		while (still < 3 && Date.now() < until) {
			await new Promise((resolve) => setTimeout(resolve, 5));
			const settling = this.settledRuns.length;
			await Promise.race([Promise.allSettled(this.settledRuns), new Promise((resolve) => setTimeout(resolve, 50))]);
			still = this.answering === 0 && sandbox.inFlight === 0 && settling === this.settledRuns.length ? still + 1 : 0;
		}
	}

	/** What a proxy in front of n8n answers at an execution's addresses meanwhile (n8n restarting behind it), by execution. */
	readonly inFront = new Map<string, WaitingAnswer>();

	private async answer(url: string, headers: IDataObject, body: unknown): Promise<WaitingAnswer> {
		const [, executionId, suffix] = /^\/webhook-waiting\/([^/?]+)(?:\/([^/?]+))?/.exec(url) ?? [];
		const proxied = executionId ? this.inFront.get(executionId) : undefined;
		if (proxied) return proxied;
		const execution = executionId ? this.executions.get(executionId) : undefined;
		if (execution?.tokenRefused) return { status: 401, body: { error: 'Invalid token' } };
		if (!execution) return n8nError(404, `The execution "${executionId}" does not exist.`);
		if (execution.status === 'running') return n8nError(409, `The execution "${executionId}" is running already.`);
		// n8n's own words (waiting-webhooks.js, the three lines).
		if (execution.status !== 'waiting' && execution.status !== 'crashed') return n8nError(409, execution.status === 'success' ? `The execution "${executionId} has finished already.` : `The execution "${executionId}" has finished with error.`);
		const data = saved(execution.data);
		// A crashed execution whose recovery set no error (n8n goes on as for a waiting one): with no runs of its last
		// node (a crash n8n kept no data of), n8n fails reading them (its getWebhookExecutionData): 500; else it runs
		// the node's webhook with what the execution holds (a crashed Retry: the failed execution's saved data).
		const last = data.resultData.lastNodeExecuted;
		if (execution.status === 'crashed' && (last === undefined || data.resultData.runData[last] === undefined)) return n8nError(500, "Cannot read properties of undefined (reading 'length')");
		const stack = data.executionData!.nodeExecutionStack[0];
		const node = execution.workflow.getNode(stack.node.name)!;
		if (!suffix || suffix !== node.id) return n8nError(404, `The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`);
		stack.node.disabled = true;
		data.waitTill = undefined;
		data.resultData.runData[data.resultData.lastNodeExecuted!].pop();
		const response = expressLike();
		const additional = { ...this.additional(execution.id), httpRequest: { headers, body, query: {}, params: {}, method: 'POST' }, httpResponse: response } as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = { httpMethod: 'POST', node: node.name, path: node.id, webhookDescription: WAIT_WEBHOOKS[0], workflowId: 'wf-wait', workflowExecuteAdditionalData: additional } as unknown as IWebhookData;
		const context = new WebhookContext(execution.workflow, node, additional, 'webhook', webhookData, [], data);
		const type = execution.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		let result;
		try {
			result = await type.webhook!.call(context);
		} catch (error) {
			// n8n answers 500 and resumes the execution failed.
			data.resultData.error = { message: (error as Error).message } as never;
			execution.status = 'error';
			return n8nError(500, (error as Error).message);
		}
		const own = response.answers[0];
		if (!result.workflowData) return own ? { status: own.status, body: own.body } : { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } };
		stack.data.main = result.workflowData;
		execution.status = 'running';
		const resumed = this.resume(execution, data);
		this.settledRuns.push(resumed);
		return own ? { status: own.status, body: own.body } : { status: 200, body: { message: 'Workflow was started' } };
	}

	private async resume(execution: SavedExecution, data: IRunExecutionData): Promise<IRun> {
		let run: IRun;
		try {
			run = await new WorkflowExecute(this.additional(execution.id, hooksFor(execution.id, execution.workflow)), 'webhook', data).processRunExecutionData(execution.workflow);
		} catch (error) {
			execution.status = 'error';
			throw error;
		}
		execution.runs.push(run);
		execution.data = saved(run.data);
		execution.status = run.waitTill ? 'waiting' : run.data.resultData.error ? 'error' : 'success';
		return run;
	}

	/** n8n's own end of the wait (its WaitTracker at `waitTill`): no node code runs, the node's input passes on. */
	async timeOut(execution: SavedExecution): Promise<IRun> {
		execution.status = 'running';
		return await this.resume(execution, saved(execution.data));
	}

	/** The user stops the waiting execution (n8n runs no node code). */
	cancel(execution: SavedExecution): void {
		execution.status = 'canceled';
		execution.data.resultData.error = { message: 'The execution was cancelled' } as never;
	}

	/**
	 * n8n was killed while the execution ran: at its next start the execution is "crashed" with `data`, what n8n
	 * saved when it started, with no error where its recovery set none: a crash n8n kept no data of (its event log
	 * off or lost: no run data, no last node), or a Retry (it started from the failed execution's saved data, whose
	 * runs of the crashed node n8n 2.41.1's recovery leaves as they were).
	 */
	crash(execution: SavedExecution, data: IRunExecutionData, { tokenRefused = false } = {}): void {
		execution.status = 'crashed';
		execution.data = data;
		execution.tokenRefused = tokenRefused;
	}

	/** The execution is deleted. */
	delete(execution: SavedExecution): void {
		this.executions.delete(execution.id);
	}

	/** Resolves once every resumed run has finished. */
	async settled(): Promise<void> {
		await Promise.allSettled(this.settledRuns);
	}

	/** The Talkover node's output of the execution's last run (its first output). */
	/** Once n8n has answered every request, the execution has ended well. */
	async ended(execution: SavedExecution): Promise<void> {
		await this.settled();
		expect(execution.status).toBe('success');
	}

	static output(execution: SavedExecution): IDataObject[] {
		const runs = execution.data.resultData.runData.Talkover ?? [];
		return (runs.at(-1)?.data?.main?.[0] ?? []).map((item) => ({ json: item.json, pairedItem: item.pairedItem }));
	}
}

/** A WaitingN8n for a test file, started before its tests and stopped after them (its sandbox's credentials). */
export function useWaitingN8n(credentials: () => ICredentialDataDecryptedObject): () => WaitingN8n {
	let n8n: WaitingN8n;
	beforeAll(async () => {
		n8n = await new WaitingN8n(credentials).start();
	});
	afterAll(async () => {
		await n8n.stop();
	});
	return () => n8n;
}
