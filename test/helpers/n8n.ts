/**
 * Runs the Talkover node, loaded from its TypeScript source, inside real workflows with n8n-core's execution engine:
 * a start node that emits the test's items → the Talkover node. Credentials go through a minimal
 * ICredentialsHelper that applies the credential's own `authenticate` block with n8n's expression
 * engine, so `httpRequestWithAuthentication` is n8n's real implementation.
 */
import 'reflect-metadata';

import * as path from 'node:path';
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The node, the trigger and the credential from their TypeScript source (ts-jest compiles them; the
 * benchmark's scripts/run-ts.js too): a test always runs the code as it is now, never a stale dist/.
 * The modules are the ones a test imports itself, so the transport clock a test replaces is the one
 * the node uses.
 */
export function loadSource(): { node: INodeType; trigger: INodeType; credential: ICredentialType } {
	const { Talkover } = require(path.join(ROOT, 'nodes/Talkover/Talkover.node.ts'));
	const { TalkoverTrigger } = require(path.join(ROOT, 'nodes/TalkoverTrigger/TalkoverTrigger.node.ts'));
	const { TalkoverApi } = require(path.join(ROOT, 'credentials/TalkoverApi.credentials.ts'));
	return { node: new Talkover(), trigger: new TalkoverTrigger(), credential: new TalkoverApi() };
}

/** The same as loadSource (the name older tests use: it loaded dist/ before). */
export const loadBuilt = loadSource;

/** Forgets the transport's rate-limit windows (module state of the node, shared within a test file). */
export function resetRateLimits(): void {
	require(path.join(ROOT, 'nodes/shared/transport/rateLimit.ts')).resetRateLimitState();
}

/** Forgets Max Calls per Day's counts of this process (module state of the node, shared within a test file), as a restart of n8n does. */
export function forgetDayCounts(): void {
	require(path.join(ROOT, 'nodes/Talkover/dailyCap/places.ts')).forgetDayCounts();
}

export const NODE_TYPE = 'n8n-nodes-talkover.talkover';
export const SOURCE_TYPE = 'test.itemSource';

/** Stands in for the Manual Trigger: emits the items given in its `items` parameter (JSON text). */
class ItemSource implements INodeType {
	description = {
		displayName: 'Items',
		name: 'itemSource',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'string', default: '[]' } as INodeProperties],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

/** n8n's node types from a record of them by name (each helper's workflow has its own). */
export class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(name: string) {
		return this.types[name];
	}

	getByNameAndVersion(name: string, version?: number) {
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Applies a credential type's generic `authenticate` block the way n8n does. */
export function applyAuthentication(
	type: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
	workflow: Workflow,
	node: INode,
): IHttpRequestOptions {
	const auth = type.authenticate as IAuthenticateGeneric;
	const headers = { ...(request.headers ?? {}) } as IDataObject;
	for (const [name, value] of Object.entries(auth.properties.headers ?? {})) {
		headers[name] = workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {
			$credentials: credentials,
		} as IDataObject);
	}
	return { ...request, headers };
}

class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly type: ICredentialType,
		private readonly data: ICredentialDataDecryptedObject,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, _typeName: string, request: IHttpRequestOptions, workflow: Workflow, node: INode) {
		return applyAuthentication(this.type, credentials, request, workflow, node);
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted() {
		return { ...this.data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return this.type.properties;
	}
}

export interface RunOptions {
	/** The Talkover node's parameters. */
	parameters: INodeParameters;
	/** Items the start node emits (default: one empty item). */
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	/** Node settings such as { continueOnFail: true } or { onError: 'continueRegularOutput' }. */
	settings?: Partial<INode>;
	cancelWhen?: Promise<unknown>;
}

export interface RunResult {
	run: IRun;
	/** The Talkover node's output items (first output), or undefined if it did not produce any. */
	output?: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

export function talkoverNode(parameters: INodeParameters, settings?: Partial<INode>): INode {
	return {
		id: 'talkover',
		name: 'Talkover',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { talkoverApi: { id: 'cred-1', name: 'Talkover account' } },
		...settings,
	};
}

let executions = 0;

export function additionalData(credentials: ICredentialDataDecryptedObject, hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new CredentialsHelper(loadSource().credential, credentials),
		hooks,
		executionId: hooks?.executionId ?? 'load-options',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

const extraTypes: Record<string, INodeType> = {};

/** Makes another node type (e.g. n8n's HTTP Request node, for the benchmark) available to runChain. */
export function registerNodeType(type: string, node: INodeType): void {
	extraTypes[type] = node;
}

/** additionalData for a context outside a workflow run (pickers of other node types, e.g. the trigger). */
export function additionalDataFor(credentials: ICredentialDataDecryptedObject): IWorkflowExecuteAdditionalData {
	return additionalData(credentials);
}

export function nodeTypes(): NodeTypes {
	return new NodeTypes({ ...extraTypes, [NODE_TYPE]: loadSource().node, [SOURCE_TYPE]: new ItemSource() });
}

export interface ChainOptions {
	/** Name of the start node that emits the items (e.g. "CRM Webhook", as in an example workflow). */
	sourceName?: string;
	items?: IDataObject[];
	/** Talkover nodes, connected one after the other. */
	nodes: Array<{ name: string; parameters: INodeParameters; settings?: Partial<INode> }>;
	credentials: ICredentialDataDecryptedObject;
	/** Cancels the execution (as the editor's Stop button does) when this promise resolves. */
	cancelWhen?: Promise<unknown>;
	/** A failed execution's saved data, as n8n's Retry hands it over (mode `retry`, its failed run dropped). */
	retryOf?: IRunExecutionData;
	/**
	 * The Retry "with currently saved workflow" (n8n's `loadWorkflow: true`): the nodes on the saved execution's
	 * stack are replaced by the workflow's (`nodes`, edited since), as n8n's ExecutionService.retry does.
	 */
	loadWorkflow?: boolean;
}

/** Runs start node → Talkover node(s) in a chain and returns the run. */
export async function runChain(options: ChainOptions): Promise<IRun> {
	const sourceName = options.sourceName ?? 'Items';
	const nodes: INode[] = [
		{
			id: 'source',
			name: sourceName,
			type: SOURCE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		...options.nodes.map((n, i) => ({ ...talkoverNode(n.parameters, n.settings), id: `talkover-${i}`, name: n.name })),
	];
	const names = nodes.map((n) => n.name);
	const connections = Object.fromEntries(
		names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main' as const, index: 0 }]] }]),
	);
	const workflow = new Workflow({ id: 'wf-1', name: 'test', nodes, connections, active: false, nodeTypes: nodeTypes() });
	const executionId = `exec-${++executions}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-1',
		name: 'test',
		nodes,
		connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	if (options.retryOf && options.loadWorkflow) {
		for (const stack of options.retryOf.executionData?.nodeExecutionStack ?? []) stack.node = workflow.getNode(stack.node.name) ?? stack.node;
	}
	const execution = options.retryOf
		? new WorkflowExecute(additionalData(options.credentials, hooks), 'retry', options.retryOf).processRunExecutionData(workflow)
		: new WorkflowExecute(additionalData(options.credentials, hooks), 'manual').run({
				workflow,
				startNode: workflow.getNode(sourceName)!,
			});
	if (!options.cancelWhen) return await execution;
	// A cancelled execution's promise does not settle; its lifecycle hook hands over the run instead.
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	void options.cancelWhen.then(() => execution.cancel());
	return await Promise.race([execution, finished]);
}

export async function runTalkover(options: RunOptions): Promise<RunResult> {
	const run = await runChain({
		items: options.items,
		nodes: [{ name: 'Talkover', parameters: options.parameters, settings: options.settings }],
		credentials: options.credentials,
		cancelWhen: options.cancelWhen,
	});
	const task = run.data.resultData.runData.Talkover?.[0];
	return {
		run,
		output: task?.data?.main?.[0] ?? undefined,
		error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
	};
}

/** Calls one of the node's `methods` (a picker) the way the editor does, through n8n-core's LoadOptionsContext. */
export async function callMethod(
	kind: 'listSearch' | 'loadOptions',
	method: string,
	credentials: ICredentialDataDecryptedObject,
	args: unknown[] = [],
	parameters: INodeParameters = { resource: 'agent', operation: 'updateCalling' },
): Promise<unknown> {
	const node = talkoverNode(parameters);
	const workflow = new Workflow({ id: 'wf-1', name: 'test', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes() });
	const context = new LoadOptionsContext(workflow, node, additionalData(credentials), 'parameters.agentId');
	const methods = loadSource().node.methods as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
	return await methods[kind][method].call(context, ...args);
}

/**
 * Sends the credential's `test.request` the way the Test button does: its expressions resolved against
 * the credential data, its `authenticate` applied, through n8n-core's HTTP client.
 */
export async function testCredential(credentials: ICredentialDataDecryptedObject): Promise<{ statusCode: number; body: unknown; url: string }> {
	const { credential } = loadSource();
	const node = talkoverNode({});
	const workflow = new Workflow({ id: 'wf-1', name: 'test', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes() });
	const request = credential.test!.request;
	const resolve = (value: string) =>
		workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as IDataObject) as string;
	// Base URL and path apart, as n8n's routing node hands them to the HTTP client (a data: URL is read from `url`).
	const [baseURL, route] = [resolve(request.baseURL as string), resolve(request.url as string)];
	const url = `${baseURL}${route}`;
	const options = applyAuthentication(
		credential,
		credentials,
		{ method: 'GET', baseURL, url: route, qs: request.qs as IDataObject, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, disableFollowRedirect: request.disableFollowRedirect },
		workflow,
		node,
	);
	const response = (await httpRequest(options)) as { statusCode: number; body: unknown };
	return { statusCode: response.statusCode, body: response.body, url };
}

/** The timer stops of the other copies of n8n-core this file loaded (`alsoStopAtEnd`). */
const otherCopies: Array<() => void> = [];

/**
 * A stop `stopN8nTimers` also calls: another copy of n8n-core (a simulated n8n process loaded with
 * `jest.isolateModules`) has its own container and its own interval.
 */
export function alsoStopAtEnd(stop: () => void): void {
	otherCopies.push(stop);
}

/** n8n-core starts a 60 s interval when helpers are built; stop it (and every other copy's) so jest can exit. */
export function stopN8nTimers(): void {
	for (const stop of otherCopies.splice(0)) stop();
	try {
		const manager = Container.get(SSHClientsManager) as unknown as { onShutdown(): void };
		manager.onShutdown();
	} catch {
		// never created in this test file
	}
}
