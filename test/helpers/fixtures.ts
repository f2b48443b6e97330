import type { INodeParameters } from 'n8n-workflow';

import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { TestClock } from './clock';
import { now, useTestClock } from './clock';
import { forgetDayCounts, resetRateLimits, stopN8nTimers } from './n8n';
import { ACTIVE_CAMPAIGN, AVA_BASIC, DEMO_EVENT, DRAFT_CAMPAIGN, SALES_CALENDAR, SEEDED_ACTION, SEEDED_AGENT_DELIVERY, SEEDED_AGENT_WEBHOOK } from './seed';

export const TOKEN = 'talq_test_token';
export const SUPPORT_AGENT = '550e8400-e29b-41d4-a716-446655440000';
export const SALES_AGENT = '550e8400-e29b-41d4-a716-446655440001';
/** The seeded draft agent: not ready to publish (no voice, no knowledge), no calls. */
export const DRAFT_AGENT = '550e8400-e29b-41d4-a716-446655440002';
export const UNKNOWN_AGENT = '00000000-0000-4000-8000-00000000dead';
export const PHONE_1 = '7d1f3c2a-1111-4a5b-9c6d-000000000001';
export const PHONE_2 = '7d1f3c2a-2222-4a5b-9c6d-000000000002';
/** The seeded active call: SALES_AGENT with this number. */
export const ACTIVE_PHONE = '+15551234567';
export const ACTIVE_CALL = 'c0ffee00-0000-4000-8000-000000000001';
/** A seeded call of SALES_AGENT that has ended. */
export const ENDED_CALL = 'c0ffee00-0000-4000-8000-000000000101';

/** A valid flow configuration (Update Flow, Validate). */
export const FLOW = {
	initial_node_id: 'node-greet',
	meta: { name: 'Intake v1', version: '1.0.0' },
	nodes: [
		{ id: 'node-greet', type: 'say', content: 'Hi!', next: 'node-end' },
		{ id: 'node-end', type: 'end' },
	],
	global_functions: [{ name: 'end_conversation', description: 'Ends the call' }],
};

/** `n` CRM leads with the numbers +15550000000, +15550000001, … */
export function leads(n: number): Array<{ phone: string }> {
	return Array.from({ length: n }, (_, i) => ({ phone: `+1555000${String(i).padStart(4, '0')}` }));
}

/** Talkover's 429 body (Make Call page). */
export const RATE_LIMITED_BODY = { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. Please wait before making more requests.' } };

export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value } as unknown as INodeParameters;
}

/** Every operation, with parameters that succeed against the freshly seeded sandbox. */
export const OPERATIONS: Array<[string, INodeParameters]> = [
	['agent create', { resource: 'agent', operation: 'create', label: 'L', name: 'N' }],
	['agent delete', { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }],
	['agent get', { resource: 'agent', operation: 'get', agentId: byId(SUPPORT_AGENT) }],
	['agent getCalls', { resource: 'agent', operation: 'getCalls', agentId: byId(SALES_AGENT), limit: 1 }],
	['agent getMany', { resource: 'agent', operation: 'getMany', limit: 1 }],
	['agent getPricing', { resource: 'agent', operation: 'getPricing', agentId: byId(SUPPORT_AGENT) }],
	['agent publish', { resource: 'agent', operation: 'publish', agentId: byId(SALES_AGENT) }],
	['agent unpublish', { resource: 'agent', operation: 'unpublish', agentId: byId(SUPPORT_AGENT) }],
	['agent updateAdvancedSettings', { resource: 'agent', operation: 'updateAdvancedSettings', agentId: byId(SUPPORT_AGENT), enableInitialMessageCache: true }],
	['agent updateCalling', { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'inbound' }],
	['agent updateFlow', { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'llm_driven' }],
	['agent updateKnowledge', { resource: 'agent', operation: 'updateKnowledge', agentId: byId(SUPPORT_AGENT), description: 'Handles support calls', interruptSensitivity: 'medium', askIfHumanPresentOnIdle: false, llmTemperature: 0.7, initialMessageDelay: 0 }],
	['agent updateVoice', { resource: 'agent', operation: 'updateVoice', agentId: byId(SUPPORT_AGENT), voiceQualityTier: 'basic', voiceId: AVA_BASIC, conversationSpeed: 1.2, whoSpeaksFirst: 'agent' }],
	['agentAction create', { resource: 'agentAction', operation: 'create', agentId: byId(SALES_AGENT), actionType: 'webhook', name: 'N', description: 'D', nodeId: '={{ "node-" + $itemIndex }}', url: 'https://n8n.example.com/webhook/x', transferTo: '+15551234567', holdDuration: 30 }],
	['agentAction delete', { resource: 'agentAction', operation: 'delete', agentId: byId(SUPPORT_AGENT), actionId: byId(SEEDED_ACTION) }],
	['agentAction getMany', { resource: 'agentAction', operation: 'getMany', agentId: byId(SUPPORT_AGENT), limit: 1 }],
	['agentAction update', { resource: 'agentAction', operation: 'update', agentId: byId(SUPPORT_AGENT), actionId: byId(SEEDED_ACTION), actionType: 'webhook', name: 'N', description: 'D', nodeId: 'action-node-456', url: 'https://n8n.example.com/webhook/x', transferTo: '+15551234567', holdDuration: 30 }],
	['calendar getAvailability', { resource: 'calendar', operation: 'getAvailability', calendarId: byId(SALES_CALENDAR), from: '2026-03-02T13:00:00Z', to: '2026-03-02T17:00:00Z', output: 'single' }],
	['calendar getMany', { resource: 'calendar', operation: 'getMany', limit: 1 }],
	['calendarEvent create', { resource: 'calendarEvent', operation: 'create', calendarId: byId(SALES_CALENDAR), title: 'T', startAt: '2026-03-02T14:00:00Z', endAt: '2026-03-02T14:30:00Z' }],
	['calendarEvent delete', { resource: 'calendarEvent', operation: 'delete', calendarId: byId(SALES_CALENDAR), eventId: byId(DEMO_EVENT) }],
	['calendarEvent get', { resource: 'calendarEvent', operation: 'get', calendarId: byId(SALES_CALENDAR), eventId: byId(DEMO_EVENT) }],
	['calendarEvent getMany', { resource: 'calendarEvent', operation: 'getMany', calendarId: byId(SALES_CALENDAR), limit: 1 }],
	['calendarEvent update', { resource: 'calendarEvent', operation: 'update', calendarId: byId(SALES_CALENDAR), eventId: byId(DEMO_EVENT), updateFields: { title: 'New title' } }],
	['call end', { resource: 'call', operation: 'end', agentId: byId(SALES_AGENT), callId: ACTIVE_CALL }],
	['call getActive', { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE }],
	['call getMany', { resource: 'call', operation: 'getMany', limit: 1 }],
	['call make', { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550009999' }],
	['call makeAndWait', { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '+15550009998' }],
	['campaign addCall', { resource: 'campaign', operation: 'addCall', campaignId: byId(ACTIVE_CAMPAIGN), to: '+15550009999' }],
	['campaign addCallAndWait', { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), to: '+15550009997' }],
	['campaign create', { resource: 'campaign', operation: 'create', name: 'N', campaignType: 'sales', agentId: byId(SALES_AGENT), startDate: '2026-04-01', daysOfWeek: [1], callTimeRanges: { ranges: [{ start: '09:00', end: '17:00' }] }, timezone: 'UTC' }],
	['campaign delete', { resource: 'campaign', operation: 'delete', campaignId: byId(DRAFT_CAMPAIGN) }],
	['campaign get', { resource: 'campaign', operation: 'get', campaignId: byId(ACTIVE_CAMPAIGN) }],
	['campaign getMany', { resource: 'campaign', operation: 'getMany', limit: 1 }],
	['campaign update', { resource: 'campaign', operation: 'update', campaignId: byId(DRAFT_CAMPAIGN), updateFields: { maxRetries: 2 } }],
	['campaign updateStatus', { resource: 'campaign', operation: 'updateStatus', campaignId: byId(DRAFT_CAMPAIGN), status: 'active' }],
	['credit getBalance', { resource: 'credit', operation: 'getBalance' }],
	['flow get', { resource: 'flow', operation: 'get', agentId: byId(SUPPORT_AGENT) }],
	['flow getVersions', { resource: 'flow', operation: 'getVersions', agentId: byId(SUPPORT_AGENT) }],
	['flow validate', { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT) }],
	['phoneNumber getMany', { resource: 'phoneNumber', operation: 'getMany', limit: 1 }],
	['webhookDelivery getMany', { resource: 'webhookDelivery', operation: 'getMany', webhookOf: 'agent', agentId: byId(DRAFT_AGENT), webhookId: byId(SEEDED_AGENT_WEBHOOK), limit: 1 }],
	['webhookDelivery retry', { resource: 'webhookDelivery', operation: 'retry', webhookOf: 'agent', agentId: byId(DRAFT_AGENT), webhookId: byId(SEEDED_AGENT_WEBHOOK), deliveryId: SEEDED_AGENT_DELIVERY }],
];

/** A port nothing listens on now, outside the kernel's ephemeral range (scripts/free-port.js). */
export const freePort = (require('../../scripts/free-port.js') as { freePort: () => Promise<number> }).freePort;


/**
 * Starts a sandbox for the test file, resets it before each test and stops everything afterwards. Each
 * test runs on a TestClock (test/helpers/clock.ts) shared by the node and the sandbox: the node's waits
 * (rate limit, back-off, Batch Interval) take no real time, and `clock().waits` lists them.
 */
export function useSandbox({ settle }: { settle?: () => Promise<void> } = {}): {
	sandbox: () => TalkoverSandbox;
	credentials: () => { apiToken: string; baseUrl: string };
	clock: () => TestClock;
} {
	let sandbox: TalkoverSandbox;
	// Before the test's clock goes (its afterEach runs next): `settle` waits out what the test left travelling.
	if (settle) afterEach(settle);
	const clock = useTestClock();
	beforeAll(async () => {
		sandbox = await new TalkoverSandbox({ tokens: [TOKEN], now }).start();
	});
	beforeEach(() => {
		sandbox.reset();
		resetRateLimits();
		forgetDayCounts();
	});
	afterEach(() => {
		// Every request of every test is one Talkover's documents describe (test/sandbox/contract.js); a test
		// that sends a wrong one on purpose empties sandbox().violations after checking it.
		expect(sandbox.violations.map((v) => `${v.method} ${v.path}: ${v.message}`)).toEqual([]);
	});
	afterAll(async () => {
		await sandbox.stop();
		stopN8nTimers();
	});
	return {
		sandbox: () => sandbox,
		credentials: () => ({ apiToken: TOKEN, baseUrl: sandbox.url }),
		clock,
	};
}

/** Resolves after `n` turns of the event loop (an ordering, not a time). */
export async function ticks(n: number): Promise<void> {
	for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once `condition()` holds, checked once per turn of the event loop. */
export async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await ticks(1);
}
/**
 * n8n's Retry On Fail node settings with `maxTries` tries. n8n reads a Wait Between Tries of 0 as its
 * default, 1000 ms: 1 ms keeps real waiting out of the tests.
 */
export function retryOnFail(maxTries: number): { retryOnFail: true; maxTries: number; waitBetweenTries: number } {
	return { retryOnFail: true, maxTries, waitBetweenTries: 1 };
}
