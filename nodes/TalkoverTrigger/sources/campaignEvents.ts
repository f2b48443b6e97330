/** Source "Campaign": events of one campaign and of its calls (a webhook on the campaign). */
import type { IHookFunctions, ILoadOptionsFunctions, INodePropertyOptions, IWebhookFunctions } from 'n8n-workflow';

import { campaignLocator } from '../../shared/campaign';
import type { TriggerSource } from './common';
import { receive } from './eventDelivery';
import { loadEvents } from './eventOptions';
import { checkExists, create, deleteEventWebhook } from './eventWebhooks';

/**
 * The documented campaign events (List Campaign Webhooks' `available_events`, an array there), with
 * what each means. The `event_*` ones are per-call events: a campaign webhook gets them only with
 * `include_call_events`, which the node sends when one of them is chosen.
 */
export const FALLBACK_CAMPAIGN_EVENTS: Record<string, string> = {
	'campaign.created': 'Campaign created',
	'campaign.started': 'Campaign started (active)',
	'campaign.paused': 'Campaign paused',
	'campaign.completed': 'Campaign completed',
	'campaign.updated': 'Campaign settings changed',
	'campaign_call.queued': 'A call was queued in the campaign',
	'campaign_call.started': 'A campaign call started',
	'campaign_call.completed': 'A campaign call ended',
	'campaign_call.retry_scheduled': 'A campaign call will be tried again',
	'campaign_call.failed': 'A campaign call failed for good',
	event_recording: 'Per-call event: the call recording is ready',
	event_call_transcript: 'Per-call event: the call transcript is ready',
	event_call_report: 'Per-call event: the call report is ready',
};

const show = { show: { source: ['campaign'] } };

export const campaignEvents: TriggerSource = {
	option: { name: 'Campaign', value: 'campaign', description: 'Events of one campaign and of its calls (a webhook on the campaign)' },
	properties: [
		{
			...campaignLocator(),
			description: 'The Talkover campaign whose events start this workflow',
			displayOptions: show,
		},
		{
			displayName: 'Campaign Events Names or IDs',
			name: 'campaignEvents',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getCampaignWebhookEvents', loadOptionsDependsOn: ['campaignId.value'] },
			required: true,
			default: [],
			description:
				'The campaign events that start the workflow, e.g. Campaign call completed. Choosing a per-call event (recording, transcript, report) also subscribes to the calls’ own events (include_call_events). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: show,
		},
	],
	loadOptions: {
		/** The campaign's available events (an array); the documented list when they cannot be loaded. */
		async getCampaignWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return await loadEvents(this, 'campaign', FALLBACK_CAMPAIGN_EVENTS);
		},
	},
	async checkExists(this: IHookFunctions) {
		return await checkExists(this, 'campaign');
	},
	async create(this: IHookFunctions) {
		return await create(this, 'campaign');
	},
	delete: deleteEventWebhook,
	async webhook(this: IWebhookFunctions) {
		return await receive(this, 'campaign');
	},
};
