/**
 * The Talkover node as an AI Agent's tool, run by n8n-core's own engine in-process: a scripted agent (a test
 * node standing in for n8n's AI Agent, which is not a dependency here) asks for tool calls the two ways n8n's
 * agents do, and the Talkover Tool (the `talkoverTool` type n8n makes from `usableAsTool`) runs them.
 *
 * - `engine`: as the AI Agent v3 (n8n's default agent on every line): the agent returns an engine request,
 *   `{ actions: [{ actionType: 'ExecutionNodeAction', nodeName, input, type: 'ai_tool', id }] }`, and n8n-core
 *   runs the tool node as a node of the same execution, once per tool call, then resumes the agent
 *   (n8n-core's requests-response.ts). One call per model turn, as a model that calls one tool at a time.
 * - `subNode`: as the AI Agent v1/v2 and the MCP Server Trigger: the agent takes its tools from
 *   `getInputConnectionData('ai_tool')` (n8n-core's createNodeAsTool) and invokes each (one after the other,
 *   or with `parallel` all at once, as the v1/v2 agent runs the tool calls of one model answer); n8n-core runs
 *   the node in a sub-node context per call, with the call's arguments as its input.
 *
 * The agent's output: one item per tool call it asked for, `{ call, result }` or `{ call, error }`.
 * `failTries`: the agent fails after all its tool calls were answered (as a model's error after the tools ran),
 * on its first tries in the execution; with the agent's Retry On Fail (`agentSettings`) n8n runs it again, and
 * a failed execution can be retried (`retryOf`, n8n's Retry from the executions list: mode `retry`).
 */
import type { DynamicStructuredTool } from '@langchain/core/tools';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	EngineRequest,
	EngineResponse,
	IConnections,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IRun,
	IRunExecutionData,
	NodeOutput,
} from 'n8n-workflow';
import { NodeOperationError, Workflow } from 'n8n-workflow';

import { additionalDataFor, loadSource, NodeTypes } from './n8n';

export const TOOL_TYPE = 'n8n-nodes-talkover.talkoverTool';
const AGENT_TYPE = 'test.scriptedAgent';
const START_TYPE = 'test.start';
export const TOOL_NAME = 'Call the lead';

/** The tool variant n8n builds from `usableAsTool` (n8n's convertNodeToAiTool: name + Tool, no inputs, an ai_tool output). */
export function toolVariant(): INodeType {
	const base = loadSource().node;
	const description: INodeTypeDescription = { ...base.description, name: `${base.description.name}Tool`, displayName: `${base.description.displayName} Tool`, inputs: [], outputs: ['ai_tool'] };
	return Object.assign(Object.create(base) as INodeType, { description });
}

/** The agent's tries in each run of runAgentWithTool and the retries of its execution (failTries). */
const triesOf = new Map<string, number>();

interface Turns {
	done?: IDataObject[];
}

/** The scripted agent: asks for the calls of its `calls` parameter (JSON), the way its `mode` says. */
class ScriptedAgent implements INodeType {
	description = {
		displayName: 'Scripted Agent',
		name: 'scriptedAgent',
		group: ['transform'],
		version: 1,
		description: 'Asks for tool calls',
		defaults: { name: 'Agent' },
		inputs: ['main', 'ai_tool'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Calls', name: 'calls', type: 'string', default: '[]' },
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'engine' },
			{ displayName: 'Fail Tries', name: 'failTries', type: 'number', default: 0 },
			{ displayName: 'Script', name: 'script', type: 'string', default: '' },
			{ displayName: 'Parallel', name: 'parallel', type: 'boolean', default: false },
		] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<NodeOutput> {
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as IDataObject[];
		/** After the tool calls: this try fails while the script (an execution and its retries) has had fewer than `failTries` tries. */
		const endTry = () => {
			const script = this.getNodeParameter('script', 0, '') as string;
			const tries = (triesOf.get(script) ?? 0) + 1;
			triesOf.set(script, tries);
			if (tries <= (this.getNodeParameter('failTries', 0, 0) as number)) throw new NodeOperationError(this.getNode(), `The model failed after its tool calls (try ${tries})`);
		};
		if (this.getNodeParameter('mode', 0) === 'subNode') {
			const tools = (await this.getInputConnectionData('ai_tool', 0)) as DynamicStructuredTool[];
			const invoke = async (call: IDataObject): Promise<INodeExecutionData> => {
				try {
					return { json: { call, result: JSON.parse(String(await tools[0].invoke(call))) } };
				} catch (error) {
					return { json: { call, error: (error as Error).message } };
				}
			};
			// Side by side: as LangChain's AgentExecutor (the v1/v2 agent) runs the tool calls of one model answer.
			const out: INodeExecutionData[] = this.getNodeParameter('parallel', 0) === true ? await Promise.all(calls.map(invoke)) : [];
			if (this.getNodeParameter('parallel', 0) !== true) for (const call of calls) out.push(await invoke(call));
			endTry();
			return [out];
		}
		// Engine requests: one call per turn; the turns so far and their results travel in the metadata.
		const done = ((response?.metadata as Turns | undefined)?.done ?? []).slice();
		for (const answer of response?.actionResponses ?? []) {
			const output = answer.data.data?.ai_tool?.[0]?.[0]?.json;
			done.push(answer.data.error ? { call: answer.action.input, error: answer.data.error.message } : { call: answer.action.input, result: output ?? null });
		}
		if (done.length < calls.length) {
			const request: EngineRequest<IDataObject> = {
				actions: [{ actionType: 'ExecutionNodeAction', nodeName: TOOL_NAME, input: calls[done.length], type: 'ai_tool', id: `call_${done.length + 1}`, metadata: { itemIndex: 0 } }],
				metadata: { done },
			};
			return request;
		}
		endTry();
		return [done.map((json) => ({ json }))];
	}
}

/** Stands in for the Manual Trigger (n8n resumes an agent after its tool calls from the agent's parent node). */
class Start implements INodeType {
	description = { displayName: 'Start', name: 'start', group: ['input'], version: 1, description: 'One item', defaults: { name: 'Start' }, inputs: ['main'], outputs: ['main'], properties: [] } as unknown as INodeType['description'];

	async execute(): Promise<INodeExecutionData[][]> {
		return [[{ json: { lead: 'new' } }]];
	}
}

export interface AgentRunOptions {
	mode: 'engine' | 'subNode';
	/** `subNode` only: the tool calls all at once, as one model answer with several tool calls. */
	parallel?: boolean;
	/** The tool calls the model asks for, in order: each one's arguments. */
	calls: IDataObject[];
	/** The Talkover Tool's parameters. */
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	/** The tool node's settings, e.g. { onError: 'continueRegularOutput' }. */
	settings?: Partial<INode>;
	/** The execution's ID (each run gets its own unless given). */
	executionId?: string;
	/** The agent's settings, e.g. n8n's Retry On Fail. */
	agentSettings?: Partial<INode>;
	/** The agent fails after its tool calls on its first `failTries` tries in the execution. */
	failTries?: number;
	/** A failed execution's saved data, as n8n's Retry hands it over: the run is then in mode `retry`. */
	retryOf?: IRunExecutionData;
}

let runs = 0;
let scripts = 0;

/** Runs Start → Agent ← Talkover Tool in one execution; the run, the agent's output and the execution's error. */
export async function runAgentWithTool(options: AgentRunOptions): Promise<{ run: IRun; output?: IDataObject[]; error?: Error }> {
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: START_TYPE, typeVersion: 1, position: [-200, 0], parameters: {} },
		{ id: 'agent', name: 'Agent', type: AGENT_TYPE, typeVersion: 1, position: [0, 0], parameters: { calls: JSON.stringify(options.calls), mode: options.mode, parallel: options.parallel === true, failTries: options.failTries ?? 0, script: `script-${++scripts}` }, ...options.agentSettings },
		{
			id: 'tool',
			name: TOOL_NAME,
			type: TOOL_TYPE,
			typeVersion: 1,
			position: [0, 200],
			parameters: options.parameters,
			credentials: { talkoverApi: { id: 'cred-1', name: 'Talkover account' } },
			...options.settings,
		},
	];
	const connections: IConnections = { Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] }, [TOOL_NAME]: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] } };
	// n8n's execution order for new workflows ("v1"): the tool calls run before the agent resumes.
	const workflow = new Workflow({ id: 'wf-agent', name: 'agent', nodes, connections, active: false, nodeTypes: new NodeTypes({ [TOOL_TYPE]: toolVariant(), [AGENT_TYPE]: new ScriptedAgent(), [START_TYPE]: new Start() }), settings: { executionOrder: 'v1' } });
	const executionId = options.executionId ?? `agent-run-${++runs}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, { id: 'wf-agent', name: 'agent', nodes, connections, active: false, activeVersionId: null, isArchived: false, createdAt: new Date(), updatedAt: new Date() } as never);
	const additionalData = { ...additionalDataFor(options.credentials), hooks, executionId };
	const run = options.retryOf
		? await new WorkflowExecute(additionalData, 'retry', options.retryOf).processRunExecutionData(workflow)
		: await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: workflow.getNode('Start')! });
	const task = run.data.resultData.runData.Agent?.at(-1);
	return { run, output: task?.data?.main?.[0]?.map((item) => item.json), error: (run.data.resultData.error ?? undefined) as Error | undefined };
}
