/**
 * Talkover Trigger: starts the workflow on a Talkover agent's call events, or on a campaign's events
 * (campaign and campaign-call events, and per-call events with `include_call_events`). On activation it
 * registers a webhook for this node's URL on the agent or the campaign (once: an existing one is found,
 * not duplicated), with a random secret sent back by Talkover as a custom header on every delivery;
 * deliveries without that exact header get 401 and start nothing. On deactivation the webhook is deleted.
 */
import { randomBytes, timingSafeEqual } from 'crypto';

import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { agentLocator, agentNotFound, readAgentId } from '../shared/agent';
import { campaignLocator, campaignNotFound, readCampaignId } from '../shared/campaign';
import { collection } from '../shared/fields';
import { searchAgents, searchCampaigns } from '../shared/methods/listSearch';
import type { RequestOptions, TalkoverResponse } from '../shared/transport';
import { withoutTokens } from '../shared/methods/withoutTokens';
import { apiPath, kindOf, scrubValue, talkoverRequest, unexpectedAnswerError, unwrap } from '../shared/transport';
import { firstCharacters } from '../shared/validation';
import { isRedelivery } from './deliveries';

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

/** Per-call events of a campaign webhook (they need `include_call_events`). */
function isCallEvent(event: string): boolean {
	return event.startsWith('event_');
}

function label(event: string): string {
	const words = event
		.replace(/^event_/, '')
		.replace(/^campaign_call\./, 'campaign call ')
		.replace(/^campaign\./, 'campaign ')
		.replace(/_/g, ' ');
	return words.replace(/^./, (c) => c.toUpperCase());
}

/**
 * Event options from `available_events`: an object of name → description (agent webhooks) or an array
 * of names (campaign webhooks); `known` describes names given without a description.
 */
function eventOptions(events: Record<string, string> | string[], known: Record<string, string> = {}): INodePropertyOptions[] {
	const entries = Array.isArray(events) ? events.filter((e) => typeof e === 'string').map((e) => [e, known[e] ?? ''] as const) : Object.entries(events);
	return entries.map(([value, description]) => ({ name: label(value), value, description })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The agent ID of the node's resource locator (list, ID or URL mode), checked like the Talkover node's. */
function agentIdOf(ctx: IHookFunctions | ILoadOptionsFunctions): string {
	return readAgentId(ctx, undefined, ctx.getNodeParameter('agentId', ''));
}

type Ctx = IHookFunctions | ILoadOptionsFunctions;

/** Where the webhook lives: on an agent (call events) or on a campaign (campaign events). */
interface Source {
	kind: 'agent' | 'campaign';
	id: string;
	/** The static-data key of the ID (`agentId` as in version 1, or `campaignId`). */
	key: 'agentId' | 'campaignId';
	webhooks: string;
	webhook(webhookId: string): string;
	notFound: string;
}

function sourceFor(kind: 'agent' | 'campaign', id: string): Source {
	return kind === 'campaign'
		? { kind, id, key: 'campaignId', webhooks: apiPath`/campaigns/${id}/webhooks`, webhook: (w) => apiPath`/campaigns/${id}/webhooks/${w}`, notFound: campaignNotFound(id) }
		: { kind, id, key: 'agentId', webhooks: apiPath`/agents/${id}/webhooks`, webhook: (w) => apiPath`/agents/${id}/webhooks/${w}`, notFound: agentNotFound(id) };
}

/** The node's Source and its Agent or Campaign, checked. */
function sourceOf(ctx: Ctx): Source {
	if (ctx.getNodeParameter('source', 'agent') === 'campaign') {
		return sourceFor('campaign', readCampaignId(ctx, undefined, ctx.getNodeParameter('campaignId', '')));
	}
	return sourceFor('agent', agentIdOf(ctx));
}

/** The events chosen for the node's Source. */
function chosenEvents(ctx: Ctx | IWebhookFunctions): unknown {
	return ctx.getNodeParameter('source', 'agent') === 'campaign' ? ctx.getNodeParameter('campaignEvents', []) : ctx.getNodeParameter('events', []);
}

interface Webhooks {
	webhooks: IDataObject[];
	available_events?: Record<string, string> | string[];
	status?: number;
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A webhook ID as Talkover may give it (a UUID, or a number), as text; undefined when there is none. */
function idOf(value: unknown): string | undefined {
	return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : undefined;
}

/** The 2xx statuses Talkover sends with a body (answer.ts): each may say `success: false`. */
const ANSWERED_2XX = [200, 201, 202];

/**
 * A request on the source's webhooks. A 2xx whose body says the request failed (`success: false`, or
 * problems listed) is an error whose message carries Talkover's words: n8n shows only the message
 * when an activation fails, and nothing of such an answer is used (no webhook ID kept, no webhook
 * taken as gone or deleted). `doing` names the request ("registering the webhook"), `then` what to do.
 */
async function webhookRequest(
	ctx: Ctx,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions & { doing: string; then?: string; secret?: string },
): Promise<TalkoverResponse> {
	const { doing, then, secret, ...request } = options;
	const response = await talkoverRequest.call(ctx, method, path, { ...request, handleStatuses: [...(request.handleStatuses ?? []), ...ANSWERED_2XX] });
	const { failure, statusCode } = response;
	if (failure && statusCode >= 200 && statusCode < 300) {
		const scrub = (text: string) => (secret ? scrubValue(text, secret) : text);
		const said = failure.message ? `: "${scrub(failure.message)}"` : '';
		const details = [...failure.lines.map(scrub), failure.code ? `Error code: ${scrub(failure.code)}` : '', then ?? ''].filter(Boolean);
		throw new NodeOperationError(ctx.getNode(), `Talkover answered that ${doing} failed (HTTP ${statusCode})${said}`, {
			description: `The request was ${method} ${path}.${details.length ? `\n${details.join('\n')}` : ''}`,
		});
	}
	return response;
}

/** Two webhook IDs are the same ID: numbers as text, a UUID in either case (Talkover may answer either). */
function sameId(a: unknown, b: unknown): boolean {
	const key = (value: unknown) => {
		const id = idOf(value);
		return id !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.toLowerCase() : id;
	};
	const left = key(a);
	return left !== undefined && left === key(b);
}

/**
 * A webhook URL as a server may write it back: scheme and host in lower case, default port dropped,
 * without trailing slashes on the path. Undefined when it is not a text.
 */
function urlKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	try {
		const url = new URL(value.trim());
		url.pathname = url.pathname.replace(/\/+$/, '');
		return url.href.replace(/\/+(?=$|[?#])/, '');
	} catch {
		return value.trim().replace(/\/+$/, '');
	}
}

/**
 * The source's webhooks, read only in the shape Talkover documents (List Agent Webhooks, List Campaign
 * Webhooks and openapi.json agree): `{ success, data: { webhooks: [...], available_events } }`, without
 * paging. Any other answer is an error: read as "no webhook", each activation would add one more.
 */
async function listWebhooks(ctx: Ctx, source: Source): Promise<Webhooks> {
	const response = await webhookRequest(ctx, 'GET', source.webhooks, {
		notFoundMessage: source.notFound,
		expect: 'object',
		doing: 'reading the webhooks',
		then: 'The node cannot tell whether its webhook is already registered: try activating again later.',
	});
	const data = unwrap(response.body) as IDataObject;
	const events = data.available_events;
	const problem = !Array.isArray(data.webhooks)
		? `webhooks is ${kindOf(data.webhooks)}`
		: data.webhooks.some((w) => !isObject(w))
			? 'a webhook in the list is not an object'
			: events !== undefined && !Array.isArray(events) && !isObject(events)
				? `available_events is ${kindOf(events)}`
				: undefined;
	if (problem) {
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's list of webhooks could not be read (${problem}), so the node cannot tell whether its webhook is already registered`, {
			status: response.statusCode,
			method: 'GET',
			path: source.webhooks,
		});
	}
	return { webhooks: data.webhooks as IDataObject[], available_events: events as Webhooks['available_events'], status: response.statusCode };
}

/** The source's available events; the documented list when they cannot be loaded (none chosen yet, no access). */
async function loadEvents(ctx: ILoadOptionsFunctions, kind: 'agent' | 'campaign'): Promise<INodePropertyOptions[]> {
	const documented = kind === 'campaign' ? FALLBACK_CAMPAIGN_EVENTS : FALLBACK_EVENTS;
	try {
		const id = kind === 'campaign' ? readCampaignId(ctx, undefined, ctx.getNodeParameter('campaignId', '')) : agentIdOf(ctx);
		const { available_events: events } = await listWebhooks(ctx, sourceFor(kind, id));
		if (events && typeof events === 'object' && Object.keys(events).length) return eventOptions(events, documented);
	} catch {
		// fall through to the documented events
	}
	return eventOptions(documented);
}

/**
 * Why a delivery's body is not one Talkover documents (undefined: it is): a JSON object (a plain object,
 * as n8n parses it), whose `event` (or, without it, `event_type`) is text when it is there.
 */
export function deliveryProblem(body: unknown): string | undefined {
	const plain = body !== null && typeof body === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(body));
	if (!plain) {
		return body === null || typeof body !== 'object' || Array.isArray(body) ? `the body is ${kindOf(body)}` : 'the body is not a JSON object';
	}
	const { event, event_type: eventType } = body as IDataObject;
	if (event !== undefined && event !== null && typeof event !== 'string') return `"event" is ${kindOf(event)}`;
	if ((event === undefined || event === null) && eventType !== undefined && eventType !== null && typeof eventType !== 'string') return `"event_type" is ${kindOf(eventType)}`;
	return undefined;
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
		// The events in words, as the Events lists name them ("Phone call ended", "Campaign call completed").
		subtitle:
			'={{ [].concat(($parameter["source"] === "campaign" ? $parameter["campaignEvents"] : $parameter["events"]) || []).map(e => String(e).replace(/^event_/, "").replace(/[._]/g, " ").replace(/^./, c => c.toUpperCase())).join(", ") }}',
		description: 'Starts the workflow when a Talkover agent’s call starts, ends, reaches voicemail or an action fails, or when a campaign or one of its calls does',
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
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				default: 'agent',
				options: [
					{ name: 'Agent', value: 'agent', description: 'Call events of one voice agent (a webhook on the agent)' },
					{ name: 'Campaign', value: 'campaign', description: 'Events of one campaign and of its calls (a webhook on the campaign)' },
				],
			},
			{
				...agentLocator(),
				description: 'The Talkover voice agent whose call events start this workflow',
				displayOptions: { show: { source: ['agent'] } },
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
				displayOptions: { show: { source: ['agent'] } },
			},
			{
				...campaignLocator(),
				description: 'The Talkover campaign whose events start this workflow',
				displayOptions: { show: { source: ['campaign'] } },
			},
			{
				displayName: 'Campaign Events Names or IDs',
				name: 'campaignEvents',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getCampaignWebhookEvents', loadOptionsDependsOn: ['campaignId.value'] },
				required: true,
				default: [],
				description:
					'The campaign events that start the workflow, e.g. Campaign call ended. Choosing a per-call event (recording, transcript, report) also subscribes to the calls’ own events (include_call_events). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { source: ['campaign'] } },
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
		listSearch: withoutTokens({ searchAgents, searchCampaigns }),
		loadOptions: withoutTokens({
			/** The agent's available events; the documented list when they cannot be loaded (no agent chosen yet, no access). */
			async getWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await loadEvents(this, 'agent');
			},
			/** The campaign's available events (an array); the documented list when they cannot be loaded. */
			async getCampaignWebhookEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await loadEvents(this, 'campaign');
			},
		}),
	};

	webhookMethods = {
		default: {
			/** True only if the webhook this node registered is still there for this URL (then it is kept). */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const url = this.getNodeWebhookUrl('default');
				const source = sourceOf(this);
				const { webhooks, status } = await listWebhooks(this, source);
				// The recorded webhook, found by its ID (compared as IDs), is kept if it still points at this URL
				// (as Talkover may write it back: trailing slash, case of scheme and host).
				const recorded = idOf(data.webhookId);
				const mine = recorded ? webhooks.find((w) => sameId(w.id, recorded)) : undefined;
				const here = urlKey(url);
				if (mine && data.secret && data[source.key] === source.id && (mine.webhook_url === undefined || urlKey(mine.webhook_url) === here)) return true;
				// Otherwise every webhook for this URL is found by its webhook_url; an entry without one (and not
				// the recorded webhook) could be this node's: the list cannot be read (each activation would add one).
				const unreadable = webhooks.find((w) => w !== mine && urlKey(w.webhook_url) === undefined);
				if (unreadable) {
					throw unexpectedAnswerError(
						this.getNode(),
						`Talkover's list of webhooks could not be read (a webhook ${idOf(unreadable.id) ? `(ID ${idOf(unreadable.id)}) ` : ''}has no webhook_url), so the node cannot tell whether its webhook is already registered`,
						{ status: status ?? 200, method: 'GET', path: source.webhooks },
					);
				}
				const ours = webhooks.filter((w) => w === mine || urlKey(w.webhook_url) === here);
				// A webhook for this URL whose secret we no longer have (static data lost) cannot be trusted: replace it.
				for (const webhook of ours) {
					const id = idOf(webhook.id);
					if (!id) throw new NodeOperationError(this.getNode(), `Talkover lists a webhook for this node's URL without an ID, so it cannot be replaced: delete it in Talkover (${source.kind === 'campaign' ? 'the campaign' : 'the agent'}'s webhooks) and activate again`);
					await webhookRequest(this, 'DELETE', source.webhook(id), {
						handleStatuses: [404],
						expect: 'success',
						doing: 'deleting the old webhook for this node',
						then: 'Nothing new was registered: try activating again later.',
					});
				}
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const source = sourceOf(this);
				const events = chosenEvents(this);
				if (!Array.isArray(events) || events.length === 0) {
					throw new NodeOperationError(this.getNode(), `${source.kind === 'campaign' ? 'Campaign Events' : 'Events'}: choose at least one event`);
				}
				const secret = randomBytes(32).toString('hex');
				const body: IDataObject = {
					// At most 255 characters as Talkover counts them (code points): never half an emoji.
					name: firstCharacters(`n8n: ${this.getWorkflow().name ?? 'workflow'} (Talkover Trigger)`, 255),
					webhook_url: this.getNodeWebhookUrl('default'),
					webhook_secret: secret,
					events,
					custom_headers: [{ key: DELIVERY_HEADER, value: secret }],
					// The trigger answers on receipt (responseMode onReceived), well inside 30 s; a delivery that
					// failed is sent again (3 times, Talkover's default), and a redelivery starts nothing (deliveries.ts).
					timeout: 30,
					max_retries: 3,
					enabled: true,
				};
				if (source.kind === 'campaign') body.include_call_events = events.some((e) => isCallEvent(String(e)));
				// Create Webhook, Create Campaign Webhook and openapi.json answer only `{ success, data: webhook }`.
				const response = await webhookRequest(this, 'POST', source.webhooks, {
					body,
					notFoundMessage: source.notFound,
					expect: 'object',
					secret,
					doing: 'registering the webhook',
					then: `No webhook ID was kept. If a webhook "${String(body.name)}" shows up in Talkover all the same, delete it before activating again.`,
				});
				const webhookId = idOf((unwrap(response.body) as IDataObject).id);
				if (!webhookId) {
					throw new NodeOperationError(this.getNode(), 'Talkover did not return the ID of the new webhook', {
						description: `The webhook may have been created: look for "${String(body.name)}" in Talkover and delete it before activating again.`,
					});
				}
				delete data.agentId;
				delete data.campaignId;
				data.webhookId = webhookId;
				data[source.key] = source.id;
				data.secret = secret;
				return true;
			},

			/** Deletes the webhook recorded at activation (on the agent or the campaign it was made on). */
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const recorded = data.campaignId ? sourceFor('campaign', String(data.campaignId)) : data.agentId ? sourceFor('agent', String(data.agentId)) : undefined;
				if (data.webhookId && recorded) {
					// Delete Webhook / Delete Campaign Webhook answer `{ success: true, message }`; a 404: already gone.
					await webhookRequest(this, 'DELETE', recorded.webhook(String(data.webhookId)), {
						handleStatuses: [404],
						expect: 'success',
						doing: 'deleting the webhook',
						then: 'The webhook is kept on record; if it is still in Talkover, delete it there, or deliveries keep arriving at this URL.',
					});
				}
				delete data.webhookId;
				delete data.agentId;
				delete data.campaignId;
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
		const body: unknown = this.getBodyData();
		const problem = deliveryProblem(body);
		if (problem) {
			// Talkover delivers one event as a JSON object: anything else is refused (400, which Talkover's
			// webhook logs show), never spread into an item (a text of a million characters, a million keys).
			const res = this.getResponseObject();
			res.status(400).json({ message: `Bad request: a Talkover delivery is a JSON object with the event name as text (${problem})` });
			return { noWebhookResponse: true };
		}
		const delivery = body as IDataObject;
		const named = [delivery.event, delivery.event_type].find((e) => typeof e === 'string' && e !== '') as string | undefined;
		const event = named ?? 'unknown';
		const ignoreTest = this.getNodeParameter('options.ignoreTestEvents', false) as boolean;
		if (event === 'webhook.test' && ignoreTest) return { webhookResponse: { received: true, ignored: 'webhook.test' } };
		// With include_call_events Talkover may send per-call events that were not chosen (the page does not
		// say): a campaign delivery starts the workflow only for a chosen event.
		const chosen = this.getNodeParameter('source', 'agent') === 'campaign' ? chosenEvents(this) : undefined;
		if (Array.isArray(chosen) && event !== 'webhook.test' && !chosen.includes(event)) return { webhookResponse: { received: true, ignored: event } };
		// Neither token leaves the node in the run data, even if a delivery echoes one (as for the node's answers).
		const credentials = await Promise.resolve()
			.then(async () => await this.getCredentials('talkoverApi'))
			.catch(() => undefined);
		const tokens = [credentials?.apiToken, credentials?.accountToken].map((t) => String(t ?? '').trim()).filter(Boolean);
		if (isRedelivery(data, delivery)) return { webhookResponse: { received: true, ignored: 'redelivery' } }; // issue 24: one delivery, one execution
		return { workflowData: [this.helpers.returnJsonArray(scrubValue({ ...delivery, event }, tokens))] };
	}
}
