/**
 * Talkover Trigger: starts the workflow on a Talkover agent's call events. On activation it registers a
 * webhook for this node's URL on the agent (once: an existing one is found, not duplicated), with a
 * random secret sent back by Talkover as a custom header on every delivery; deliveries without that
 * exact header get 401 and start nothing. On deactivation the webhook is deleted.
 */
import { randomBytes, timingSafeEqual } from 'crypto';

import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { agentLocator, agentNotFound, readAgentId } from '../shared/agent';
import { collection } from '../shared/fields';
import { searchAgents } from '../shared/methods/listSearch';
import { apiPath, talkoverRequest, unwrap } from '../shared/transport';

/** The header Talkover sends back with the secret (registered as a custom header). */
export const DELIVERY_HEADER = 'X-N8n-Talkover-Secret';

/** The documented events (List Agent Webhooks), for when the agent's list cannot be loaded. */
export const FALLBACK_EVENTS: Record<string, string> = {
	event_phone_call_started: 'Phone call has started',
	event_phone_call_ended: 'Phone call has ended',
	event_phone_call_did_not_connect: 'Phone call failed to connect',
	event_phone_call_connected: 'Phone call connection established',
	event_phone_call_disconnected: 'Phone call connection closed',
	event_phone_call_error: 'Phone call connection error occurred',
	event_participant_joined: 'Participant joined the call',
	event_participant_left: 'Participant left the call',
	event_voicemail_detected: 'Voicemail system detected',
	event_voicemail_message_left: 'Message left on voicemail',
	event_conversation_started: 'Human conversation started',
	event_conversation_ended: 'Human conversation ended',
	event_action: 'Agent executed an action',
	event_action_failed: 'Agent action failed',
	event_recording: 'Call recording event',
	event_connection_established: 'Call connection established',
	event_connection_closed: 'Call connection closed',
	event_connection_error: 'Call connection error occurred',
	event_user_connected: 'User connected to the call',
	event_user_disconnected: 'User disconnected from the call',
	event_client_connected: 'Client connected to the call',
	event_client_disconnected: 'Client disconnected from the call',
};

function eventOptions(events: Record<string, string>): INodePropertyOptions[] {
	return Object.entries(events)
		.map(([value, description]) => ({ name: value.replace(/^event_/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), value, description }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The agent ID of the node's resource locator (list, ID or URL mode), checked like the Talkover node's. */
function agentIdOf(ctx: IHookFunctions | ILoadOptionsFunctions): string {
	return readAgentId(ctx, undefined, ctx.getNodeParameter('agentId', ''));
}

interface AgentWebhooks {
	webhooks: IDataObject[];
	available_events?: Record<string, string>;
}

async function listWebhooks(ctx: IHookFunctions | ILoadOptionsFunctions, agentId: string): Promise<AgentWebhooks> {
	const response = await talkoverRequest.call(ctx, 'GET', apiPath`/agents/${agentId}/webhooks`, {
		notFoundMessage: agentNotFound(agentId),
	});
	const data = (unwrap(response.body) ?? {}) as IDataObject;
	return { webhooks: (Array.isArray(data.webhooks) ? data.webhooks : []) as IDataObject[], available_events: data.available_events as Record<string, string> };
}

/** Constant-time comparison of the delivery's header with the stored secret. */
export function secretMatches(received: unknown, secret: unknown): boolean {
	if (typeof received !== 'string' || typeof secret !== 'string' || secret === '') return false;
	const a = Buffer.from(received);
	const b = Buffer.from(secret);
	return a.length === b.length && timingSafeEqual(a, b);
}

export class TalkoverTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Talkover Trigger',
		name: 'talkoverTrigger',
		icon: { light: 'file:talkoverTrigger.svg', dark: 'file:talkoverTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The events in words, as the Events list names them ("Phone call ended, Voicemail detected").
		subtitle: '={{ [].concat($parameter["events"] || []).map(e => String(e).replace(/^event_/, "").replace(/_/g, " ").replace(/^./, c => c.toUpperCase())).join(", ") }}',
		description: 'Starts the workflow when a Talkover agent’s call starts, ends, reaches voicemail or an action fails',
		defaults: {
			name: 'Talkover Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'talkoverApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{ ...agentLocator(), description: 'The Talkover voice agent whose call events start this workflow' },
			{
				displayName: 'Event Names or IDs',
				name: 'events',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getWebhookEvents', loadOptionsDependsOn: ['agentId.value'] },
				required: true,
				default: [],
				description:
					'The call events that start the workflow. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			collection('options', [
				{
					displayName: 'Ignore Test Deliveries',
					name: 'ignoreTestEvents',
					type: 'boolean',
					default: false,
					description:
						'Whether to start no execution for Talkover’s test deliveries (event "webhook.test", sent by the Test button of the webhook in Talkover)',
				},
			]),
		],
	};

	methods = {
		listSearch: { searchAgents },
		loadOptions: {
			/** The agent's available events; the documented list when they cannot be loaded (no agent chosen yet, no access). */
			async getWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				try {
					const { available_events: events } = await listWebhooks(this, agentIdOf(this));
					if (events && typeof events === 'object' && Object.keys(events).length) return eventOptions(events);
				} catch {
					// fall through to the documented events
				}
				return eventOptions(FALLBACK_EVENTS);
			},
		},
	};

	webhookMethods = {
		default: {
			/** True only if the webhook this node registered is still there for this URL (then it is kept). */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const url = this.getNodeWebhookUrl('default');
				const agentId = agentIdOf(this);
				const { webhooks } = await listWebhooks(this, agentId);
				const ours = webhooks.filter((w) => w.webhook_url === url);
				if (data.webhookId && data.secret && data.agentId === agentId && ours.some((w) => w.id === data.webhookId)) return true;
				// A webhook for this URL whose secret we no longer have (static data lost) cannot be trusted: replace it.
				for (const webhook of ours) {
					await talkoverRequest.call(this, 'DELETE', apiPath`/agents/${agentId}/webhooks/${String(webhook.id)}`, { handleStatuses: [404] });
				}
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const agentId = agentIdOf(this);
				const events = this.getNodeParameter('events') as string[];
				if (!Array.isArray(events) || events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Events: choose at least one call event');
				}
				const secret = randomBytes(32).toString('hex');
				const response = await talkoverRequest.call(this, 'POST', apiPath`/agents/${agentId}/webhooks`, {
					body: {
						name: `n8n: ${this.getWorkflow().name ?? 'workflow'} (Talkover Trigger)`.slice(0, 255),
						webhook_url: this.getNodeWebhookUrl('default'),
						webhook_secret: secret,
						events,
						custom_headers: [{ key: DELIVERY_HEADER, value: secret }],
						enabled: true,
					},
				});
				const webhook = (unwrap(response.body) ?? {}) as IDataObject;
				if (typeof webhook.id !== 'string' && typeof webhook.id !== 'number') {
					throw new NodeOperationError(this.getNode(), 'Talkover did not return the ID of the new webhook');
				}
				data.webhookId = String(webhook.id);
				data.agentId = agentId;
				data.secret = secret;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				if (data.webhookId && data.agentId) {
					await talkoverRequest.call(this, 'DELETE', apiPath`/agents/${String(data.agentId)}/webhooks/${String(data.webhookId)}`, {
						handleStatuses: [404],
					});
				}
				delete data.webhookId;
				delete data.agentId;
				delete data.secret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = this.getWorkflowStaticData('node');
		const headers = this.getHeaderData() as IDataObject;
		if (!secretMatches(headers[DELIVERY_HEADER.toLowerCase()], data.secret)) {
			const res = this.getResponseObject();
			res.status(401).json({ message: 'Unauthorized: this webhook only accepts deliveries from Talkover' });
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData() as IDataObject;
		const event = typeof body.event === 'string' ? body.event : typeof body.event_type === 'string' ? body.event_type : 'unknown';
		const ignoreTest = this.getNodeParameter('options.ignoreTestEvents', false) as boolean;
		if (event === 'webhook.test' && ignoreTest) return { webhookResponse: { received: true, ignored: 'webhook.test' } };
		return { workflowData: [this.helpers.returnJsonArray({ ...body, event })] };
	}
}
