import type { INodeProperties } from 'n8n-workflow';

import { agentLocator } from '../../../shared/agent';
import { campaignLocator } from '../../../shared/campaign';
import { webhookLocator, webhookOfField } from '../../../shared/deliveryWebhook';

/** The webhook both Webhook Delivery operations are about: Webhook Of, then its Agent or Campaign, then the Webhook. */
export const webhookFields: INodeProperties[] = [
	webhookOfField,
	{ ...agentLocator(), description: 'The voice agent the webhook is on', displayOptions: { show: { webhookOf: ['agent'] } } },
	{ ...campaignLocator(), description: 'The campaign the webhook is on', displayOptions: { show: { webhookOf: ['campaign'] } } },
	webhookLocator(),
];
