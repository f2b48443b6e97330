import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The node's waiting webhook, as n8n's own send-and-wait nodes declare theirs: Make and Wait for Outcome's
 * waiting execution receives Talkover's call events at its resume address, with this node's ID as the path
 * (a late event never resumes a later wait of the execution in another node). Not a trigger's webhook:
 * nothing is registered at activation (the wait registers and deletes its own, webhooks.ts).
 */
export const WAIT_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];
