/**
 * Make and Wait for Outcome, up to the wait: the wait's webhook on each agent (the webhooks earlier waits
 * left there swept first), then the calls, placed exactly as Make Call places them (the router: checks,
 * pacing, never twice, the options), then the execution waits. What it waits on is kept in the node's
 * context (record.ts); webhook() (receive.ts) ends the wait. Nothing is held in this process but the
 * alarm of the Wait Limit (signals.ts).
 */
import { randomBytes } from 'crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runsAsTool } from '../../../shared/guardrails/runsAsTool';
import { hashOf, maskedError } from '../../../shared/secrets';
import { asObject, clock, credentialTokens } from '../../../shared/transport';
import type { MakeAndWaitRequest } from '../call/makeAndWait.operation';
import type { TalkoverOperation } from '../operation';
import type { Routed } from '../router';
import { routeItems } from '../router';
import { waitAddress } from './address';
import { settledOutcome } from './finish';
import type { WaitItem, WaitRecord, WaitWebhook } from './record';
import { keepWaitRecord } from './record';
import { BACKSTOP_MS, setLimitAlarm } from './signals';
import { sweepAgent } from './sweep';
import { registerWaitWebhooks, removeWaitWebhooks, waitWebhookName } from './webhooks';

const NOT_PLACED = 'The node was registering the webhook that tells it when the call is over: no call was placed.';

/** The call's ID as the placed call gives it (`id`; `call_id` in the first-call guide). */
function callIdOf(call: IDataObject): string | undefined {
	const id = [call.id, call.call_id].find((v) => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)));
	return id === undefined ? undefined : String(id).trim();
}

export async function waitForOutcome(this: IExecuteFunctions, handler: TalkoverOperation<MakeAndWaitRequest>): Promise<INodeExecutionData[][]> {
	// A model's tool call cannot wait for a call to end (minutes to hours): left out as a tool, before anything is sent.
	if (runsAsTool(this)) {
		throw new NodeOperationError(this.getNode(), 'Make and Wait for Outcome cannot be an AI Agent’s or MCP client’s tool: a tool call cannot wait for a phone call to end', {
			description: 'Use Call → Make as the tool (it places the call and answers at once), and a Talkover Trigger on "Phone call ended" for the outcome. Nothing was sent to Talkover.',
		});
	}
	const items = this.getInputData();
	// Each item's request as the router will prepare it: its agent (a webhook on each) and its Wait Limit. An
	// item that cannot be prepared fails in the router, with its error, and places no call.
	const prepared = new Map<number, MakeAndWaitRequest>();
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.set(i, handler.prepare.call(this, i));
		} catch {
			// the router names it
		}
	}
	const agents = new Set([...prepared.values()].map((request) => request.agentId));
	const address = waitAddress(this);
	const secret = randomBytes(32).toString('hex');
	const since = clock.now();
	// The latest limit of the items: the webhook's name says when n8n ends the wait.
	const deadline = since + Math.max(0, ...[...prepared.values()].map((request) => request.waitLimitMs));
	for (const agentId of agents) await sweepAgent(this, agentId, address);
	let webhooks: WaitWebhook[];
	try {
		webhooks = await registerWaitWebhooks(this, [...agents], address, secret, waitWebhookName(this.getExecutionId(), deadline + BACKSTOP_MS));
	} catch (error) {
		// Talkover's words stay the error's message (a refused token reads as on every operation); the description
		// says what the node was doing. Through the one masking step (the credential's tokens, the wait's secret).
		const failed = (error !== null && typeof error === 'object' ? error : new NodeOperationError(this.getNode(), String(error))) as NodeOperationError;
		failed.description = [NOT_PLACED, failed.description].filter(Boolean).join('\n');
		throw maskedError(failed, { values: [...(await credentialTokens(this)), secret] });
	}

	let routed: Routed | undefined;
	try {
		routed = await routeItems.call(this);
	} finally {
		// The router stopped (an error without Continue On Fail, a cancel): nothing to wait for.
		if (!routed) await removeWaitWebhooks(this, webhooks);
	}
	const waiting: WaitItem[] = [];
	const byItem = new Map<number, INodeExecutionData[]>();
	for (const entry of routed.output) {
		const i = (entry.pairedItem as { item: number }).item;
		byItem.set(i, [...(byItem.get(i) ?? []), entry]);
	}
	let calls = 0;
	for (let i = 0; i < items.length; i++) {
		const call = routed.accepted.get(i) as IDataObject | undefined;
		const callId = call ? callIdOf(call) : undefined;
		const request = prepared.get(i);
		if (!call || !callId || !request) {
			// Skipped by an option, an error item (Continue On Fail), or a call without an ID (it cannot be waited on).
			for (const entry of byItem.get(i) ?? []) waiting.push({ item: i, output: call && !callId ? { ...entry.json, outcome: 'unknown', outcomeError: 'Talkover gave no ID for the call placed, so the node cannot wait for its outcome' } : settledOutcome(entry.json) });
			continue;
		}
		// What this item sent (its own request, not an answer): the agent, the number, Context.
		const { agentId, body: sent } = request;
		calls++;
		waiting.push({
			item: i,
			callId,
			agentId,
			to: String(call.to ?? sent.to),
			call,
			...(asObject(sent.context) ? { context: sent.context as IDataObject } : {}),
			deadline: since + request.waitLimitMs,
		});
	}
	if (calls === 0) {
		await removeWaitWebhooks(this, webhooks);
		return [waiting.map((w) => ({ json: (w as { output: IDataObject }).output, pairedItem: { item: w.item } }))];
	}
	const record: WaitRecord = { v: 1, secretHash: hashOf(secret), address, since, deadline, webhooks, items: waiting };
	keepWaitRecord(this, record);
	setLimitAlarm(this, address, secret, deadline);
	await this.putExecutionToWait(new Date(deadline + BACKSTOP_MS));
	return [routed.output];
}
