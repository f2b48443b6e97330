/**
 * The Talkover Trigger's Agent Tool source as n8n calls it for one request: a published tool node (its
 * static data kept over its requests, as n8n keeps it) and an Express-like response. `node` is the
 * trigger's module (another copy of it, from jest.isolateModules, plays another n8n process with its own
 * memory); `mode` 'manual' is the editor's test URL.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import * as trigger from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';
import { expressLike } from './expressLike';

export const TOOL_SECRET = 'c'.repeat(64);
let tools = 0;

export function tool(toolOptions: IDataObject = {}, staticData: IDataObject = { actionId: `action-${++tools}`, actionAgentId: 'agent-1', actionSecret: TOOL_SECRET }, node = trigger, mode = 'webhook') {
	return (body: unknown, secret: string = TOOL_SECRET) => {
		const response = expressLike();
		const context = {
			getWorkflowStaticData: () => staticData,
			getHeaderData: () => ({ 'x-n8n-talkover-secret': secret }),
			getBodyData: () => body,
			getNode: () => ({ name: 'Talkover Trigger' }),
			getMode: () => mode,
			getCredentials: async () => ({ apiToken: 'talq_tool_token', baseUrl: 'https://app.talkover.ai' }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'source' ? 'agentTool' : name === 'toolOptions' ? toolOptions : fallback),
			getResponseObject: () => response,
			helpers: { returnJsonArray: (data: IDataObject) => [{ json: data }] },
		} as unknown as IWebhookFunctions;
		const result: Promise<IWebhookResponseData> = new node.TalkoverTrigger().webhook.call(context);
		return { result, response, staticData };
	};
}

/** Whether the request started an execution (n8n got workflow data). */
export const started = async (r: { result: Promise<IWebhookResponseData> }) => 'workflowData' in (await r.result);
