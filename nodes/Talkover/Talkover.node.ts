/**
 * Talkover node: programmatic (`execute()`), not declarative, because the product needs per-item
 * control that routing cannot give: a 404 that means "no active call", phone-number normalisation,
 * checking every item before anything is sent, never repeating a POST that costs money, batching,
 * and pacing under Talkover's rate limit.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { toolDescriptionProperties } from './guardrails/toolDescription';
import { loadOptions } from './methods';
import { listSearch } from '../shared/methods';
import * as agent from './actions/agent';
import * as agentAction from './actions/agentAction';
import * as calendar from './actions/calendar';
import * as calendarEvent from './actions/calendarEvent';
import * as call from './actions/call';
import * as campaign from './actions/campaign';
import * as credit from './actions/credit';
import * as options from './actions/engine/options';
import * as flow from './actions/flow';
import * as phoneNumber from './actions/phoneNumber';
import { operationOf, prepareRun, routeItems, router } from './actions/router';
import { receiveOutcome } from './wait/receive';
import { closeWait, openWait, refuseAsTool, startWait } from './wait/start';
import { WAIT_WEBHOOKS } from './wait/webhookDescription';
import * as webhookDelivery from './actions/webhookDelivery';

const DESCRIPTION =
	'Talkover voice agents: place and end calls, run campaigns, book calendar events, check credits, create and configure agents (voice, knowledge, flow, actions). Make Call dials real phone numbers and uses Talkover credits unless its Test Call option is on; so does Campaign → Add Call.';

export class Talkover implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Talkover',
		name: 'talkover',
		icon: { light: 'file:talkover.svg', dark: 'file:talkover.dark.svg' },
		group: ['transform'],
		version: 1,
		// In words, like n8n's own nodes ("Make Call", not "make: call").
		subtitle: '={{ { "agent:create": "Create Agent", "agent:delete": "Delete Agent", "agent:get": "Get Agent", "agent:getCalls": "Get Agent Calls", "agent:getMany": "Get Many Agents", "agent:getPricing": "Get Agent Pricing", "agent:publish": "Publish Agent", "agent:unpublish": "Unpublish Agent", "agent:updateAdvancedSettings": "Update Agent Advanced Settings", "agent:updateCalling": "Update Agent Calling", "agent:updateFlow": "Update Agent Flow", "agent:updateKnowledge": "Update Agent Knowledge", "agent:updateVoice": "Update Agent Voice", "agentAction:create": "Create Agent Action", "agentAction:delete": "Delete Agent Action", "agentAction:getMany": "Get Many Agent Actions", "agentAction:update": "Update Agent Action", "calendar:getAvailability": "Get Calendar Availability", "calendar:getMany": "Get Many Calendars", "calendarEvent:create": "Create Calendar Event", "calendarEvent:delete": "Delete Calendar Event", "calendarEvent:get": "Get Calendar Event", "calendarEvent:getMany": "Get Many Calendar Events", "calendarEvent:update": "Update Calendar Event", "call:end": "End Call", "call:getActive": "Get Active Call", "call:getMany": "Get Many Calls", "call:make": "Make Call", "call:makeAndWait": "Make Call and Wait for Outcome", "campaign:addCall": "Add Call to Campaign", "campaign:addCallAndWait": "Add Call to Campaign and Wait for Outcome", "campaign:create": "Create Campaign", "campaign:delete": "Delete Campaign", "campaign:get": "Get Campaign", "campaign:getMany": "Get Many Campaigns", "campaign:update": "Update Campaign", "campaign:updateStatus": "Update Campaign Status", "credit:getBalance": "Get Credit Balance", "flow:get": "Get Flow", "flow:getVersions": "Get Flow Versions", "flow:validate": "Validate Flow", "phoneNumber:getMany": "Get Many Phone Numbers", "webhookDelivery:getMany": "Get Many Webhook Deliveries", "webhookDelivery:retry": "Retry Webhook Delivery" }[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}',
		description: DESCRIPTION,
		defaults: {
			name: 'Talkover',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'talkoverApi',
				required: true,
			},
		],
		// Make and Wait for Outcome: Talkover's call events reach the waiting execution here.
		webhooks: WAIT_WEBHOOKS,
		properties: [
			// As a tool (AI Agent, MCP): what the model is told; Make Call and Add Call say they cost money (guardrails/toolDescription).
			...toolDescriptionProperties(DESCRIPTION),
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Agent Action', value: 'agentAction' },
					{ name: 'Calendar', value: 'calendar' },
					{ name: 'Calendar Event', value: 'calendarEvent' },
					{ name: 'Call', value: 'call' },
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'Credit', value: 'credit' },
					{ name: 'Flow', value: 'flow' },
					{ name: 'Phone Number', value: 'phoneNumber' },
					{ name: 'Webhook Delivery', value: 'webhookDelivery' },
				],
				default: 'agent',
			},
			...agent.description,
			...agentAction.description,
			...calendar.description,
			...calendarEvent.description,
			...call.description,
			...campaign.description,
			...credit.description,
			...flow.description,
			...phoneNumber.description,
			...webhookDelivery.description,
			...options.description,
		],
	};

	methods = { listSearch, loadOptions };

	/**
	 * Every operation through the router; Make / Add Call and Wait for Outcome (wait/) in three steps around it:
	 * open the wait (its webhooks, before any call), route the items (the calls placed as Make Call / Add Call
	 * place them), start the wait (the execution waits for the calls' ends).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (!operationOf(this)?.waitsForOutcome) return await router.call(this);
		refuseAsTool(this);
		const run = await prepareRun.call(this);
		const opened = await openWait.call(this, run);
		const routed = await routeItems.call(this, run).catch(async (error: unknown) => {
			await closeWait(this, opened);
			throw error;
		});
		return await startWait.call(this, opened, run, routed);
	}

	/** A waiting Make / Add Call and Wait for Outcome receives Talkover's events (wait/receive.ts). */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveOutcome.call(this);
	}
}
