/**
 * What the catch-up tests in a real n8n share (test/e2e/catch-up.e2e.ts, test/queue/catch-up.queue.ts):
 * the `call ended` events Talkover could not deliver while n8n was down, logged as failed deliveries in
 * the sandbox, and the requests the trigger made for one agent.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest, TalkoverSandbox } from '../sandbox/talkover-sandbox';

/** Whole seconds, as Talkover writes its times. */
export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `count` distinct `call ended` events (payload as Talkover delivers it: the event name, the call, its data). */
export function callsEnded(tag: string, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		event: 'event_phone_call_ended',
		call_id: `${tag}-call-${i + 1}`,
		data: { duration: 30 + i, ended_reason: 'customer_hangup', context: { crm_record_id: `crm-${tag}-${i + 1}` } },
	}));
}

/**
 * Logs each payload as a delivery that failed for good (status failed, attempt 4: Talkover's three retries
 * are over) while n8n was down, nothing sent; the first payload is the oldest: created `spacingMs` apart,
 * the newest `spacingMs` before now. Returns the log entries' IDs, oldest first.
 */
export function logFailedWhileDown(sandbox: TalkoverSandbox, webhookId: string, payloads: IDataObject[], spacingMs = 2_000): string[] {
	const now = Date.now();
	return payloads.map(
		(payload, i) => sandbox.logDelivery(webhookId, payload, { status: 'failed', attempt: 4, created_at: isoSeconds(now - (payloads.length - i) * spacingMs) }).id,
	);
}

/**
 * Logs `events` distinct `call ended` events spread over the last 50 minutes, oldest first, each as
 * `attempts` entries a second apart (the last `failed`, the ones before `retrying`: Talkover's retries, then
 * given up): a busy agent's hour while n8n was down, for the benchmarks.
 */
export function logBusyHourWhileDown(sandbox: TalkoverSandbox, webhookId: string, events: number, attempts: number): void {
	const now = Date.now();
	for (let e = 0; e < events; e++) {
		const payload = { event: 'event_phone_call_ended', call_id: `call-${e}`, data: { duration: 30 + (e % 60) } };
		const at = now - 50 * 60_000 + Math.floor((e * 50 * 60_000) / events);
		for (let a = 1; a <= attempts; a++) sandbox.logDelivery(webhookId, payload, { status: a === attempts ? 'failed' : 'retrying', attempt: a, created_at: isoSeconds(at + a * 1000) });
	}
}

/** The requests the sandbox saw for one agent (its webhooks, their logs and retries), as [method, path]. */
export function agentRequests(sandbox: TalkoverSandbox, agentId: string): RecordedRequest[] {
	return sandbox.requests.filter((r) => r.path.startsWith(`/api/v1/agents/${agentId}/`));
}

export const shape = (requests: RecordedRequest[]) => requests.map((r) => [r.method, r.path]);

/** The webhook a trigger registered for its webhook ID (its URL ends with /webhook/<id>/webhook). */
export function webhookOf(sandbox: TalkoverSandbox, webhookId: string): Record<string, any> {
	const found = sandbox.webhooks.find((w) => String(w.webhook_url).endsWith(`/webhook/${webhookId}/webhook`));
	if (!found) throw new Error(`no webhook registered in the sandbox for /webhook/${webhookId}/webhook`);
	return found;
}

export const logPath = (agentId: string, webhookId: string) => `/api/v1/agents/${agentId}/webhooks/${webhookId}/logs`;
export const retryPath = (agentId: string, webhookId: string, logId: string) => `${logPath(agentId, webhookId)}/${logId}/retry`;

/** Waits until `check` is true or `timeoutMs` passed; whether it became true. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `check` (expectations); when it fails, its message is followed by `details()` in full (the trigger's
 * static data, the requests the sandbox saw, …), so a failure in CI says why, not only what.
 */
export async function explainingFailure(check: () => void | Promise<void>, details: () => unknown): Promise<void> {
	try {
		await check();
	} catch (error) {
		if (!(error instanceof Error)) throw error;
		let said: string;
		try {
			said = JSON.stringify(details(), null, 2);
		} catch (problem) {
			said = `(could not be gathered: ${String(problem)})`;
		}
		error.message = `${error.message}\n\nWhat the test saw:\n${said}`;
		throw error;
	}
}

/** A request as the sandbox saw it, for a failure message: when, what, with which query and body. */
export function described(request: RecordedRequest): Record<string, unknown> {
	return { at: new Date(request.at).toISOString(), method: request.method, path: request.path, query: request.query, body: request.body };
}
