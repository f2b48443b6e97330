/**
 * The Talkover Trigger (Agent source) run by its own hooks in n8n-core's HookContext, as n8n's activation
 * runs them, with a local receiver that hands each delivery to the trigger's webhook() over the workflow's
 * one static data object (as n8n keeps it in one process). For tests and benchmarks of what a start of n8n
 * does without a running n8n (test/TalkoverTrigger/catchUp/, bench/catch-up.ts); the same in a real n8n:
 * test/e2e/.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { ExecutionLifecycleHooks, HookContext, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IRunExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { deletionsEnded, UNPUBLISH_GRACE_MS } from '../../nodes/TalkoverTrigger/sources/unpublishLater';
import { SALES_AGENT } from './fixtures';
import { additionalData, additionalDataFor, alsoStopAtEnd } from './n8n';
import { useProcessedData } from './processedData';

const NODE = 'Talkover Trigger';
export const TRIGGER_WEBHOOK_ID = '6a1b2c3d-4e5f-4a60-8b7c-9d0e1f2a3b4c';

/** A local HTTP server on 127.0.0.1 that hands every delivery to `handle` (the trigger of the moment). */
export class DeliveryReceiver {
	private server?: http.Server;
	url = '';
	handle: (headers: IDataObject, body: unknown) => Promise<{ status: number; body: unknown }> = async () => ({ status: 503, body: {} });

	async start(): Promise<this> {
		this.server = http.createServer((req, res) => {
			let text = '';
			req.on('data', (chunk) => (text += chunk));
			req.on('end', () => {
				void this.handle(req.headers as IDataObject, JSON.parse(text || 'null')).then(({ status, body }) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(body));
				});
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
		return this;
	}

	async stop(): Promise<void> {
		await new Promise((resolve) => this.server?.close(resolve));
	}
}

/** A DeliveryReceiver for a test file: started before its tests, stopped after them. */
export function useDeliveryReceiver(): DeliveryReceiver {
	const receiver = new DeliveryReceiver();
	beforeAll(async () => {
		await receiver.start();
	});
	afterAll(async () => {
		await receiver.stop();
	});
	return receiver;
}

let published = 0;

/**
 * What n8n keeps of the static data a webhook request's webhook() wrote: `kept` (n8n 1.123 and 2.8 save it) or
 * `lostWhenRunning` (n8n 2.3x+: not when the request starts an execution, docs/n8n-start.md §2).
 */
export type WebhookWrites = 'kept' | 'lostWhenRunning';

/** One published workflow with the trigger: its static data, its executions and the lines it wrote to n8n's log. */
export class TriggerInProcess {
	readonly staticData: IDataObject;
	/** The items each execution's trigger gave (after its execute(): empty when the event already ran). */
	readonly executions: IDataObject[][] = [];
	/** How n8n keeps webhook()'s static data writes (the line modelled). */
	webhookWrites: WebhookWrites = 'kept';
	readonly logged: Array<[string, string]> = [];
	readonly node: INode;

	constructor(
		private readonly receiver: DeliveryReceiver,
		private readonly credentials: () => { apiToken: string; baseUrl: string },
		options: IDataObject = { catchUpHours: 24 },
		/** The static data n8n saved (a restart: a copy of what an earlier process left). */
		staticData: IDataObject = {},
		/** The workflow's ID (a restart: the earlier process's; n8n's deduplication store is kept per workflow). */
		readonly workflowId: string = `wf-${++published}`,
	) {
		this.staticData = staticData;
		this.node = {
			id: 't',
			name: NODE,
			type: 'n8n-nodes-talkover.talkoverTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: { source: 'agent', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, events: ['event_phone_call_ended'], options },
			credentials: { talkoverApi: { id: '1', name: 'Talkover API' } },
		} as INode;
		receiver.handle = async (headers, body) => await this.receive(headers, body);
	}

	/**
	 * The static data of the editor's test webhook: n8n's TestWebhooks registers it on a workflow of its own with
	 * empty static data (`toWorkflow`: `staticData: {}`), kept with the registration and given to its removal.
	 */
	testStaticData: IDataObject = {};

	private workflow(staticData: IDataObject = this.staticData): Workflow {
		const nodeType = new trigger.TalkoverTrigger();
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
		return new Workflow({ id: this.workflowId, name: 'Call ended → CRM', nodes: [this.node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData: { [`node:${NODE}`]: staticData } });
	}

	/** The additional data of the last hook run (a test changes what n8n can still do after the hook returned). */
	lastHookData?: ReturnType<typeof additionalDataFor>;

	private hook({ test = false, staticData }: { test?: boolean; staticData?: IDataObject } = {}): HookContext {
		const additional = { ...additionalDataFor(this.credentials()), webhookBaseUrl: this.receiver.url, webhookTestBaseUrl: `${this.receiver.url}-test` };
		this.lastHookData = additional;
		// The editor's "Listen for test event": n8n registers the test URL (isTest) and removes it with mode
		// `internal`, activation `update`, as a published workflow's update (TestWebhooks.deactivateWebhooks).
		const context = test
			? new HookContext(this.workflow(this.testStaticData), this.node, additional, 'internal', 'update', { isTest: true, webhookDescription: { name: 'default' } } as never)
			: new HookContext(this.workflow(staticData), this.node, additional, 'trigger', 'activate');
		// This hook's own logger (n8n's is one for the process): what it writes is kept in `logged`.
		const write = (level: string) => (...args: unknown[]) => void this.logged.push([level, String(args[0])]);
		Object.defineProperty(context, 'logger', { value: { info: write('info'), warn: write('warn'), error: write('error'), debug: () => undefined } });
		return context;
	}

	/**
	 * n8n's activation: checkExists, then create when it answers false. `savedWhen`: n8n saves the activation's own
	 * copy of the static data (over what was saved meanwhile) only when it resolves, as n8n 2.3x+ does once every
	 * trigger of the workflow is activated (a busy start); otherwise the hooks write the static data itself.
	 */
	async activate({ savedWhen }: { savedWhen?: () => Promise<void> } = {}): Promise<void> {
		const methods = new trigger.TalkoverTrigger().webhookMethods.default;
		const own: IDataObject | undefined = savedWhen ? JSON.parse(JSON.stringify(this.staticData)) : undefined;
		const context = this.hook({ staticData: own });
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
		if (own && savedWhen) {
			this.activationSaved = savedWhen().then(() => {
				for (const key of Object.keys(this.staticData)) delete this.staticData[key];
				Object.assign(this.staticData, JSON.parse(JSON.stringify(own)));
			});
		}
	}

	/** Resolves once n8n saved the last activation's copy of the static data (activate's `savedWhen`). */
	activationSaved: Promise<void> = Promise.resolve();

	async deactivate(): Promise<void> {
		await new trigger.TalkoverTrigger().webhookMethods.default.delete.call(this.hook());
	}

	/** The unpublish, then its grace passing on the test clock (unpublishLater.ts): the deletion it left has ended. */
	async unpublished(clock: { advance(ms: number): void }): Promise<void> {
		await this.deactivate();
		clock.advance(UNPUBLISH_GRACE_MS);
		await deletionsEnded();
	}

	/** The editor's "Listen for test event" (the test URL's hooks): checkExists, then create when it answers false. */
	async listenForTestEvent(): Promise<void> {
		const methods = new trigger.TalkoverTrigger().webhookMethods.default;
		this.testStaticData = {};
		const context = this.hook({ test: true });
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	/** The editor's listening ends (n8n removes the test URL's webhook). */
	async stopListening(): Promise<void> {
		await new trigger.TalkoverTrigger().webhookMethods.default.delete.call(this.hook({ test: true }));
	}

	/** n8n's webhook request: webhook() with the one static data; an execution per workflowData. */
	async receive(headers: IDataObject, body: unknown): Promise<{ status: number; body: unknown }> {
		let status = 200;
		let answer: unknown;
		const response = { status: (code: number) => ((status = code), response), json: (b: unknown) => ((answer = b), response) };
		const options = this.node.parameters.options as IDataObject;
		const context = {
			getWorkflowStaticData: () => this.staticData,
			getHeaderData: () => headers,
			getBodyData: () => body,
			getCredentials: async () => this.credentials(),
			getNode: () => this.node,
			getNodeParameter: (name: string, fallback: unknown) => (name.startsWith('options.') ? (options[name.slice('options.'.length)] ?? fallback) : (this.node.parameters[name] ?? fallback)),
			getResponseObject: () => response,
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		// The editor's test runs keep nothing of the workflow's static data (n8n's test webhooks run on a copy).
		const manual = this.mode === 'manual';
		const before = this.webhookWrites === 'lostWhenRunning' || manual ? JSON.stringify(this.staticData) : undefined;
		const result: IWebhookResponseData = await new trigger.TalkoverTrigger().webhook.call(context);
		if (before !== undefined && (result.workflowData || manual)) {
			for (const key of Object.keys(this.staticData)) delete this.staticData[key];
			Object.assign(this.staticData, JSON.parse(before));
		}
		if (result.workflowData) {
			const items = await this.execute(result.workflowData[0]);
			if (items) this.executions.push(items.map((item) => item.json));
		}
		return { status, body: answer ?? result.webhookResponse ?? {} };
	}

	private runs = 0;

	/** The execution a delivery starts, as n8n runs it (mode `webhook`): its first node, the trigger, gets webhook()'s items; what the trigger gave. */
	/** The errors of the executions that failed (in their trigger), as n8n shows them. */
	readonly failures: Array<Error & { description?: string | null }> = [];

	/**
	 * An execution whose trigger got `items` (its output kept in `executions`): mode `manual`, the editor's test run
	 * of what n8n's test webhook received; `retry`, the executions list's Retry of an execution that starts again at
	 * the trigger (after a crash); `webhook`, a delivery's execution on its own (another process's, for races).
	 */
	async run(items: IDataObject[], mode: 'manual' | 'retry' | 'webhook'): Promise<void> {
		const before = this.mode;
		this.mode = mode;
		try {
			const out = await this.execute(items.map((json) => ({ json })));
			if (out) this.executions.push(out.map((item) => item.json));
		} finally {
			this.mode = before;
		}
	}

	private async execute(items: INodeExecutionData[]): Promise<INodeExecutionData[] | undefined> {
		await useProcessedData();
		const executionId = `delivery-${++this.runs}`;
		const workflow = this.workflow();
		const hooks = new ExecutionLifecycleHooks(this.mode, executionId, { id: this.workflowId, name: 'Call ended → CRM', nodes: [this.node], connections: {}, active: true } as never);
		const start: IRunExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: { contextData: {}, nodeExecutionStack: [{ node: this.node, data: { main: [items] }, source: null }], waitingExecution: {}, waitingExecutionSource: {}, metadata: {} },
		} as unknown as IRunExecutionData;
		const run = await new WorkflowExecute(additionalData(this.credentials(), hooks), this.mode, start).processRunExecutionData(workflow);
		const task = run.data.resultData.runData[NODE]?.[0];
		const error = task?.error ?? run.data.resultData.error;
		if (error) {
			this.failures.push(error);
			return undefined;
		}
		return task?.data?.main?.[0] ?? [];
	}

	/**
	 * The same workflow in a new n8n process: the package's modules loaded again (nothing of this process's memory),
	 * `clock` set in them, the static data as this process left it in the database (`shared`: the same object, as a
	 * queue-mode webhook process reads the database on each delivery), the same deduplication store (the database),
	 * `options` the trigger's Options (the same unless given). Resolves the new process's catch-up when it is done.
	 */
	restarted(
		clock: { now: () => number; sleep: (ms: number) => Promise<void>; random: () => number; alarm: (ms: number, fire: () => void) => () => void },
		{ options = this.node.parameters.options as IDataObject, shared = false }: { options?: IDataObject; shared?: boolean } = {},
	): { trigger: TriggerInProcess; settled: () => Promise<void> } {
		let fresh!: { trigger: TriggerInProcess; settled: () => Promise<void> };
		jest.isolateModules(() => {
			const { setClock } = require('../../nodes/shared/transport/clock') as typeof import('../../nodes/shared/transport/clock');
			const helper = require('./triggerInProcess') as typeof import('./triggerInProcess');
			const catchUp = require('../../nodes/TalkoverTrigger/catchUp/catchUp') as typeof import('../../nodes/TalkoverTrigger/catchUp/catchUp');
			// This process's copy of n8n-core has its own 60 s interval: stopped with this file's.
			alsoStopAtEnd((require('./n8n') as typeof import('./n8n')).stopN8nTimers);
			setClock({ now: clock.now, sleep: clock.sleep, random: clock.random, alarm: clock.alarm });
			const trigger = new helper.TriggerInProcess(this.receiver, this.credentials, options, shared ? this.staticData : JSON.parse(JSON.stringify(this.staticData)), this.workflowId);
			trigger.webhookWrites = this.webhookWrites;
			fresh = { trigger, settled: catchUp.catchUpSettled };
		});
		return fresh;
	}

	get webhookId(): string {
		return String(this.staticData.webhookId);
	}

	/** The first item of each execution whose trigger gave one (what reached the workflow's next node). */
	get items(): IDataObject[] {
		return this.executions.filter((items) => items.length > 0).map((items) => items[0]);
	}

	/** The executions whose trigger gave no item (an event that had already run: passOnce.ts). */
	get absorbed(): number {
		return this.executions.filter((items) => items.length === 0).length;
	}

	/** The mode the next executions run in (the editor's test runs: `manual`). */
	mode: 'webhook' | 'manual' | 'retry' = 'webhook';
}
