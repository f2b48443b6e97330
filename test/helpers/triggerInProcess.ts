/**
 * The Talkover Trigger (Agent source) run by its own hooks in n8n-core's HookContext, as n8n's activation
 * runs them, with a local receiver that hands each delivery to the trigger's webhook() over the workflow's
 * one static data object (as n8n keeps it in one process). For tests and benchmarks of what a start of n8n
 * does without a running n8n (test/TalkoverTrigger/catchUp/, bench/catch-up.ts); the same in a real n8n:
 * test/e2e/.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext } from 'n8n-core';
import type { IDataObject, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { SALES_AGENT } from './fixtures';
import { additionalDataFor } from './n8n';

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

/** One published workflow with the trigger: its static data, its executions and the lines it wrote to n8n's log. */
export class TriggerInProcess {
	readonly staticData: IDataObject;
	readonly executions: IDataObject[][] = [];
	readonly logged: Array<[string, string]> = [];
	readonly node: INode;

	constructor(
		private readonly receiver: DeliveryReceiver,
		private readonly credentials: () => { apiToken: string; baseUrl: string },
		options: IDataObject = { catchUpHours: 24 },
		/** The static data n8n saved (a restart: a copy of what an earlier process left). */
		staticData: IDataObject = {},
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

	private workflow(): Workflow {
		const nodeType = new trigger.TalkoverTrigger();
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
		return new Workflow({ id: 'wf1', name: 'Call ended → CRM', nodes: [this.node], connections: {}, active: true, nodeTypes: nodeTypes as never, staticData: { [`node:${NODE}`]: this.staticData } });
	}

	/** The additional data of the last hook run (a test changes what n8n can still do after the hook returned). */
	lastHookData?: ReturnType<typeof additionalDataFor>;

	private hook(): HookContext {
		const additional = { ...additionalDataFor(this.credentials()), webhookBaseUrl: this.receiver.url };
		this.lastHookData = additional;
		const context = new HookContext(this.workflow(), this.node, additional, 'trigger', 'activate');
		// This hook's own logger (n8n's is one for the process): what it writes is kept in `logged`.
		const write = (level: string) => (...args: unknown[]) => void this.logged.push([level, String(args[0])]);
		Object.defineProperty(context, 'logger', { value: { info: write('info'), warn: write('warn'), error: write('error'), debug: () => undefined } });
		return context;
	}

	/** n8n's activation: checkExists, then create when it answers false. */
	async activate(): Promise<void> {
		const methods = new trigger.TalkoverTrigger().webhookMethods.default;
		const context = this.hook();
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}

	async deactivate(): Promise<void> {
		await new trigger.TalkoverTrigger().webhookMethods.default.delete.call(this.hook());
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
		const result: IWebhookResponseData = await new trigger.TalkoverTrigger().webhook.call(context);
		if (result.workflowData) this.executions.push(result.workflowData[0].map((item) => item.json));
		return { status, body: answer ?? result.webhookResponse ?? {} };
	}

	get webhookId(): string {
		return String(this.staticData.webhookId);
	}

	/** The first item of each execution. */
	get items(): IDataObject[] {
		return this.executions.map((items) => items[0]);
	}
}
