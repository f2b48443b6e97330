/** Source "Agent": call events of one voice agent (a webhook on the agent). */
import type { IHookFunctions, ILoadOptionsFunctions, INodePropertyOptions, IWebhookFunctions } from 'n8n-workflow';

import { agentLocator } from '../../shared/agent';
import type { TriggerSource } from './common';
import { receive } from './eventDelivery';
import { loadEvents } from './eventOptions';
import { checkExists, create, deleteEventWebhook } from './eventWebhooks';

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

const show = { show: { source: ['agent'] } };

export const agentEvents: TriggerSource = {
	option: { name: 'Agent', value: 'agent', description: 'Call events of one voice agent (a webhook on the agent)' },
	properties: [
		{
			...agentLocator(),
			description: 'The Talkover voice agent whose call events start this workflow',
			displayOptions: show,
		},
		{
			displayName: 'Event Names or IDs',
			name: 'events',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getWebhookEvents', loadOptionsDependsOn: ['agentId.value'] },
			required: true,
			default: [],
			description:
				'The call events that start the workflow. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: show,
		},
	],
	loadOptions: {
		/** The agent's available events; the documented list when they cannot be loaded (no agent chosen yet, no access). */
		async getWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return await loadEvents(this, 'agent', FALLBACK_EVENTS);
		},
	},
	async checkExists(this: IHookFunctions) {
		return await checkExists(this, 'agent');
	},
	async create(this: IHookFunctions) {
		return await create(this, 'agent');
	},
	delete: deleteEventWebhook,
	async webhook(this: IWebhookFunctions) {
		return await receive(this, 'agent');
	},
};
