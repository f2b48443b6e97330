/**
 * Source "Agent Tool": this workflow is a tool of a Talkover voice agent. On activation it creates the
 * agent's action (type `webhook`, run during the call) pointing at this node's production URL, with a
 * random secret Talkover sends back in a custom header (`authorization_scheme: custom`): never in the URL,
 * never in an item or an error. Re-activation or an n8n restart finds the action again (its recorded ID
 * and URL) and keeps it when nothing changed, or replaces it: never a second action. Deactivation deletes
 * it. Each call of the action starts one execution with what Talkover sent as the item; the workflow's
 * result (last node, or a Respond to Webhook node) is the answer, and the fallback answer goes out
 * instead when the workflow is slower than the time limit or fails (answerInTime.ts).
 */
import { agentToolAnswer } from './agentToolAnswer';
import { agentToolFields } from './agentToolFields';
import { agentToolHooks } from './agentToolPublishing';
import type { TriggerSource } from './common';

/**
 * The source as the trigger uses it: its fields (agentToolFields.ts), the hooks that publish its action
 * (agentToolPublishing.ts) and the answer to the agent's call (agentToolAnswer.ts).
 */
export const agentTool: TriggerSource = {
	option: agentToolFields.option,
	properties: agentToolFields.properties,
	loadOptions: agentToolFields.loadOptions,
	checkExists: agentToolHooks.checkExists,
	create: agentToolHooks.create,
	delete: agentToolHooks.delete,
	webhook: agentToolAnswer.webhook,
};
