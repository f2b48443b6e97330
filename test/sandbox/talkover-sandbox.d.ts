export interface RecordedRequest {
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	rawQuery: string;
	headers: Record<string, string | undefined>;
	body: any;
	rawBody: string;
}

export interface Fault {
	method?: string;
	path?: string | RegExp;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	/** Wait for this promise before responding (or handling): a gate the test opens. */
	until?: (request: RecordedRequest) => Promise<unknown>;
	destroy?: boolean;
	/** Answer `status` (default 200) and send the body one byte every trickleMs (padded so it never ends first). */
	trickleMs?: number;
	times?: number;
	when?: (request: RecordedRequest) => boolean;
	contentType?: string;
	partial?: string;
	reply?: (request: RecordedRequest) => { status: number; body?: unknown; headers?: Record<string, string> };
	before?: (request: RecordedRequest) => Promise<unknown>;
}

export interface RateLimit {
	limit: number;
	windowMs: number;
	resetFormat?: 'epoch-seconds' | 'epoch-ms' | 'delta-seconds' | 'http-date';
	hints?: Array<'retry-after-seconds' | 'retry-after-date' | 'body'>;
	headers?: boolean;
}

/** A request that Talkover's documents do not describe (test/sandbox/contract.js). */
export interface RequestViolation {
	method: string;
	path: string;
	/** route, undocumented, required, type, enum, format, additionalProperties, … */
	rule: string;
	where: string;
	field: string;
	message: string;
}

export interface SandboxOptions {
	tokens?: string[];
	/** Answer undocumented requests with 400 (default: TALKOVER_SANDBOX_STRICT=1). */
	strictRequests?: boolean;
	pagingShape?: 'meta' | 'pagination';
	callsPagingShape?: 'meta' | 'pagination';
	phoneNumbersPagingShape?: 'none' | 'meta' | 'pagination';
	callsToFilter?: boolean;
	/** A delayed call is listed before it dials (default true; no page says). */
	listsDelayedCalls?: boolean;
	/** A delivery log entry being sent (`pending`) shows its request_payload (default false; no page says). */
	pendingShowsBody?: boolean;
	invalidFlowStatus?: number;
	/** `pages` (default) or `openapi`: openapi.json's routes answer in its shapes (test/sandbox/openapi.js). */
	answerShape?: 'pages' | 'openapi';
	rateLimit?: RateLimit | null;
	latencyMs?: number;
	/** The sandbox's clock (default Date.now): rate-limit windows and `at` of each request. */
	now?: () => number;
	latencyJitter?: number;
	// campaigns.js, voices.js, calendars.js, credits.js: where pages disagree, which variant to answer
	campaignsPagingShape?: 'meta' | 'pagination';
	campaignScheduleShape?: 'legacy' | 'ranges' | 'both';
	deleteCampaignStatus?: 200 | 204;
	campaignCallResponse?: 'page' | 'openapi';
	campaignLimit?: number;
	includeCallEventsMode?: 'subscribed' | 'all';
	campaignTestPayload?: 'subscribed' | 'webhook.test';
	autoCampaignEvents?: boolean;
	voiceTemplatesShape?: 'wrapped' | 'array';
	voiceSpeedRule?: 'voice-page' | 'create-agent';
	voiceLanguageRequired?: boolean;
	voiceSettingMaxExclusive?: boolean;
	knowledgeShape?: 'page' | 'openapi';
	agentCallsPagingShape?: 'meta' | 'pagination';
	calendarsPagingShape?: 'none' | 'meta' | 'pagination';
	eventsPagingShape?: 'none' | 'meta' | 'pagination';
	eventOverlap?: 'allow' | 'reject';
	/** List Actions: `none` (its page: the whole list) or `meta` (openapi.json's paging). */
	actionsPagingShape?: 'none' | 'meta';
	/** Create/Update Action updates the agent's action with the same `node_id` (`node_id`) or always adds one (`none`). */
	actionUpsertKey?: 'node_id' | 'none';
	accountTokens?: string[];
	creditsAuth?: 'either' | 'account' | 'environment';
	creditBalance?: number;
	autoTopupEnabled?: boolean;
	/** List Campaign Webhook Logs' paging: `documented` (with last_page, default) or `noLastPage` (its page's example). */
	campaignLogPaging?: 'documented' | 'noLastPage';
}

/** A status a delivery log entry has ("Log Status Values" of list-webhook-logs.mdx). */
export type WebhookLogStatus = 'pending' | 'success' | 'failed' | 'retrying';

/**
 * One delivery attempt as the sandbox recorded it (test/sandbox/webhookLogs.js). The list shows a success
 * with every field, any other status without request_payload, response_body and response_headers.
 */
export interface WebhookLogEntry {
	id: string;
	webhook_id: string;
	event: string | null;
	attempt: number;
	status: WebhookLogStatus;
	/** null: no answer (the connection failed, or not sent yet). */
	http_status: number | null;
	/** The payload delivered (kept on every entry: a retry sends it again). */
	request_payload: unknown;
	response_body?: string;
	response_headers?: Record<string, string>;
	/** null while pending. */
	duration_ms: number | null;
	/** Only on success. */
	delivered_at?: string;
	created_at: string;
	/** On failure: the status text ('Internal Server Error') or the connection error's text. */
	error?: string;
}

export interface LogDeliveryOptions {
	/** The event the entry names when the payload names none. */
	event?: string;
	status?: WebhookLogStatus;
	attempt?: number;
	http_status?: number | null;
	error?: string;
	created_at?: string;
	duration_ms?: number | null;
	delivered_at?: string;
	response_body?: string;
	response_headers?: Record<string, string>;
}

type Row = Record<string, any>;

export declare class TalkoverSandbox {
	constructor(options?: SandboxOptions);
	options: SandboxOptions;
	/** The bearer tokens it accepts (a test may add another account's). */
	tokens: Set<string>;
	now: () => number;
	counts: Map<string, number>;
	rateLimited: number;
	inFlight: number;
	maxInFlight: number;
	latencyMs: number;
	latencyJitter: number;
	rateLimit: Required<RateLimit> | null;
	setRateLimit(limit: RateLimit | null): void;
	count(method: string, path: string): number;
	webhooks: Array<Record<string, any>>;
	/** The seeded webhooks with delivery logs (webhookLogs.js seed(); test/helpers/seed.ts), apart from what tests register. */
	seededWebhooks: Array<Record<string, any>>;
	deliveries: Array<{ webhookId: string; url: string; headers: Record<string, string>; body: any; status: number; responseBody: string }>;
	/** `npm run dev`: a test call something waits for (Make and Wait for Outcome) ends this many ms after it is placed (off: undefined). */
	endWaitedTestCallsAfterMs?: number;
	/** A call event sent to every enabled webhook of the call's agent subscribed to it (all at once). */
	emitCallEvent(callId: string, event: string, fields?: Record<string, unknown>, options?: { named?: boolean }): Promise<Array<{ webhookId: string; status?: number; body?: string; error?: string }>>;
	/** Ends a call and sends its end event (`connected: false`: did not connect). */
	endCallWithEvent(callId: string, options?: { status?: string; duration?: number; endedReason?: string; connected?: boolean; named?: boolean }): Promise<Array<{ webhookId: string; status?: number; body?: string; error?: string }>>;
	/** Origins Talkover reaches at another address (origin → origin): a public name n8n itself cannot reach. */
	routes: Map<string, string>;
	deliver(webhookId: string, payload: unknown, options?: { headers?: Record<string, string | undefined>; logEntry?: WebhookLogEntry; event?: string }): Promise<{ status: number; body: string }>;
	/** Every delivery attempt (deliver(), logDelivery(), retries), oldest first: test/sandbox/webhookLogs.js. */
	webhookLogs: WebhookLogEntry[];
	/** Adds a log entry without sending anything (default status `failed`, attempt 1); returns it. */
	logDelivery(webhookId: string, payload: unknown, options?: LogDeliveryOptions): WebhookLogEntry;
	/** Resolves when every retry queued by Retry (Campaign) Webhook Delivery has ended. */
	retriesSettled(): Promise<void>;
	campaignLogPaging: 'documented' | 'noLastPage';
	requests: RecordedRequest[];
	/** Requests that Talkover's documents do not describe, since the last reset (test/sandbox/contract.js). */
	violations: RequestViolation[];
	strictRequests: boolean;
	checkRequest(record: RecordedRequest): RequestViolation[];
	agents: Array<Record<string, unknown>>;
	phoneNumbers: Array<Record<string, unknown>>;
	calls: Array<Record<string, unknown>>;
	pagingShape: 'meta' | 'pagination';
	callsPagingShape: 'meta' | 'pagination';
	phoneNumbersPagingShape: 'none' | 'meta' | 'pagination';
	callsToFilter: boolean;
	listsDelayedCalls: boolean;
	pendingShowsBody: boolean;
	invalidFlowStatus: number;
	answerShape: 'pages' | 'openapi';
	credits: number;
	flowVersions: Map<string, Array<Record<string, unknown>>>;
	// ---- endpoint modules (campaigns.js, voices.js, calendars.js, credits.js): state and variant switches ----
	campaignsPagingShape: 'meta' | 'pagination';
	campaignScheduleShape: 'legacy' | 'ranges' | 'both';
	deleteCampaignStatus: 200 | 204;
	campaignCallResponse: 'page' | 'openapi';
	campaignLimit: number;
	includeCallEventsMode: 'subscribed' | 'all';
	/** What Test Campaign Webhook sends: one event of the webhook's (its page) or `webhook.test` (Test Webhook's). */
	campaignTestPayload: 'subscribed' | 'webhook.test';
	autoCampaignEvents: boolean;
	/** Deliveries of the events the sandbox sent by itself (status change, update, new call), to await. */
	autoCampaignDeliveries: Array<Promise<Array<{ status: number; body: string }>>>;
	campaigns: Row[];
	campaignCalls: Row[];
	/** Delivers a campaign event to the campaign's webhooks that take it; resolves with the deliveries. */
	emitCampaignEvent(campaignId: string, event: string, data?: Row): Promise<Array<{ status: number; body: string }>>;
	voiceTemplatesShape: 'wrapped' | 'array';
	voiceSpeedRule: 'voice-page' | 'create-agent';
	voiceLanguageRequired: boolean;
	voiceSettingMaxExclusive: boolean;
	knowledgeShape: 'page' | 'openapi';
	agentCallsPagingShape: 'meta' | 'pagination';
	voiceTemplates: Row[];
	agentCallVolume: Map<string, number>;
	calendarsPagingShape: 'none' | 'meta' | 'pagination';
	eventsPagingShape: 'none' | 'meta' | 'pagination';
	eventOverlap: 'allow' | 'reject';
	calendars: Row[];
	availabilityRules: Row[];
	calendarEvents: Row[];
	/** Every agent's actions with all that was sent (agent_id, node_id, custom_headers, speak_on_*, …): test/sandbox/actions.js. */
	agentActions: Row[];
	/** list-action-integrations.mdx's catalogue. */
	actionIntegrations: Row[];
	actionsPagingShape: 'none' | 'meta';
	actionUpsertKey: 'node_id' | 'none';
	/** Every agent's pricing, get-agent-pricing.mdx's example breakdown without its agent_id: test/sandbox/pricing.js. */
	pricing: Row;
	accountTokens: Set<string>;
	creditsAuth: 'either' | 'account' | 'environment';
	creditBalance: number;
	autoTopupEnabled: boolean;
	readonly url: string;
	port: number;
	start(port?: number): Promise<this>;
	stop(): Promise<void>;
	reset(): void;
	inject(fault: Fault): void;
	requestsTo(method?: string, path?: string | RegExp): RecordedRequest[];
}

export declare const LANGUAGES: string[];
export declare const WEBHOOK_EVENTS: Record<string, string>;
