/**
 * Talkover Trigger: starts the workflow on a Talkover agent's call events, on a campaign's events, or as
 * a voice agent's tool (an action it calls during the call, answered by the workflow).
 * Each Source lives in its own file under sources/ (its fields, its webhook's create/check/delete and
 * how it reads what Talkover sends); this file only wires them: the description is the common fields
 * plus each source's fields, and the webhook methods and the webhook dispatch by `source`.
 */
import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { collection } from '../shared/fields';
import { searchAgents, searchCampaigns } from '../shared/methods/listSearch';
import { withoutTokens } from '../shared/methods/withoutTokens';
import { own } from '../shared/transport';
import { agentEvents } from './sources/agentEvents';
import { agentTool } from './sources/agentTool';
import { campaignEvents } from './sources/campaignEvents';
import type { TriggerSource } from './sources/common';
import { withItemsMasked, withSecretsScrubbed } from './sources/common';
import { shownOnPublish } from './hookErrors';
import { withinHookTime } from './hookTime';
import { catchUpOption } from './catchUp/field';
import { passOnce } from './passOnce';

export { DELIVERY_HEADER, secretMatches } from './sources/common';
export { deliveryProblem } from './sources/eventDelivery';
export { FALLBACK_EVENTS } from './sources/agentEvents';
export { FALLBACK_CAMPAIGN_EVENTS } from './sources/campaignEvents';

const SOURCES: Record<string, TriggerSource> = { agent: agentEvents, campaign: campaignEvents, agentTool };

/**
 * Runs a webhook method within its time (withinHookTime): its errors leave masked (withSecretsScrubbed) and
 * worded as n8n shows them (shownOnPublish).
 */
async function asHook<T>(ctx: IHookFunctions, run: () => Promise<T>): Promise<T> {
	try {
		return await withinHookTime(ctx, async () => await withSecretsScrubbed(ctx, run));
	} catch (error) {
		throw shownOnPublish(error);
	}
}

/** The node's Source (the Agent source when none is set, as in version 1). */
function sourceOf(ctx: IHookFunctions | IWebhookFunctions): TriggerSource {
	return own(SOURCES, String(ctx.getNodeParameter('source', 'agent'))) ?? agentEvents;
}

export class TalkoverTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Talkover Trigger',
		name: 'talkoverTrigger',
		icon: { light: 'file:talkoverTrigger.svg', dark: 'file:talkoverTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The events in words, as the Events lists name them ("Phone call ended", "Campaign call completed").
		subtitle:
			'={{ $parameter["source"] === "agentTool" ? "Tool: " + ($parameter["toolName"] || "") : [].concat(($parameter["source"] === "campaign" ? $parameter["campaignEvents"] : $parameter["events"]) || []).map(e => String(e).replace(/^event_/, "").replace(/[._]/g, " ").replace(/^./, c => c.toUpperCase())).join(", ") }}',
		description:
			'Starts the workflow when a Talkover agent’s call starts, ends, reaches voicemail or an action fails, when a campaign or one of its calls does, or as the agent’s tool during the call',
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
				// The event sources answer at once; the agent tool answers with the workflow's result (answerInTime.ts).
				responseMode: '={{ $parameter["source"] === "agentTool" ? ($parameter["responseMode"] || "lastNode") : "onReceived" }}',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				default: 'agent',
				options: Object.values(SOURCES).map((s) => s.option),
			},
			...Object.values(SOURCES).flatMap((s) => s.properties),
			{
				...collection('options', [
					catchUpOption,
					{
						displayName: 'Ignore Test Deliveries',
						name: 'ignoreTestEvents',
						type: 'boolean',
						default: false,
						description:
							'Whether to start no execution for Talkover’s test deliveries, sent by the Test button of the webhook in Talkover (event "webhook.test", or any event marked test: true)',
					},
				]),
				displayOptions: { hide: { source: ['agentTool'] } },
			},
		],
	};

	methods = {
		listSearch: withoutTokens({ searchAgents, searchCampaigns }),
		loadOptions: withoutTokens(Object.assign({}, ...Object.values(SOURCES).map((s) => s.loadOptions ?? {}))),
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await asHook(this, async () => await sourceOf(this).checkExists.call(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await asHook(this, async () => await sourceOf(this).create.call(this));
			},
			/** Removes whatever any source recorded at activation (the Source may have changed since). */
			async delete(this: IHookFunctions): Promise<boolean> {
				return await asHook(this, async () => {
					for (const remove of new Set(Object.values(SOURCES).map((s) => s.delete))) await remove.call(this);
					return true;
				});
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// Every item of every source leaves through the one masking step.
		return await withItemsMasked(this, await sourceOf(this).webhook.call(this));
	}

	/**
	 * Does nothing; its being there makes n8n 2.3x+ activate the trigger again at every start (the webhook methods'
	 * checkExists, so the catch-up reads the delivery logs), as n8n 1.123 and 2.8 always do. n8n starts only the
	 * triggers that have a trigger() or poll() again at start: a webhook-only trigger is left as it was published
	 * (docs/n8n-start.md §1.1). Deliveries still come through webhook().
	 */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return { closeFunction: async () => {} };
	}

	/** The first step of every execution the trigger starts: each event of a call passes once (passOnce.ts). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await passOnce(this);
	}
}
