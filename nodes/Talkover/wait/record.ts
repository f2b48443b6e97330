/**
 * What a waiting Make and Wait for Outcome keeps for its webhook: written by execute() into the node's
 * execution context (n8n saves it with the waiting execution), read back by webhook() through an expression
 * (`$node[…].context`: the context is all a waiting webhook can read of what execute() did; static data is
 * not saved from there, and the node's own output of the wait is dropped before webhook() runs). No secret is
 * kept: the header Talkover sends back is compared with its hash.
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { asObject } from '../../shared/transport';
import type { WaitOwner, WaitPlan } from '../actions/operation';
import type { AttemptPlan } from '../callAgain';
import { readAttemptPlan } from '../callAgain';

export type { WaitOwner, WaitPlan };

export const WAIT_KEY = 'talkoverWait';


/** A Talkover webhook the wait registered (one per agent or campaign of its calls). */
export type WaitWebhook = WaitOwner & { webhookId: string };

/** The item's call: its ID (a campaign call's for Add Call), where it was placed, what it waits for. */
export type CallItem = WaitOwner & {
	item: number;
	callId: string;
	to: string;
	call: IDataObject;
	context?: IDataObject;
	/** When Talkover accepted the call (epoch ms; absent for a call an older version's execution placed): its Wait Limit counts from then. */
	placedAt?: number;
	/** The item's own Wait Limit: when its call rings (accepted, plus the delay it was sent with) plus the item's Wait Limit (epoch ms). */
	deadline: number;
	/** The per-call events picked (a campaign call's transcript, report, recording: their event names). */
	events?: string[];
	/** Placed by the execution this one retries: its end may have come before this wait's webhook existed. */
	placedEarlier?: true;
	/** Call Again Until Reached: the rule, the lead's calls before this one, its Calling Hours, when this call rings. */
	callAgain?: AttemptPlan;
};

/** One input item: the call it waits on, or its output as it is (skipped by an option, or an error item). */
export type WaitItem = CallItem | { item: number; output: IDataObject };

export interface WaitRecord {
	v: 1;
	/** Campaign calls (Add Call and Wait for Outcome): their events come from the campaign's webhook. */
	kind?: 'campaign';
	/** The hash of the secret Talkover sends back (DELIVERY_HEADER). */
	secretHash: string;
	/** The address Talkover delivers to (the execution's resume address for this node). */
	address: string;
	/** When the wait started (epoch ms). */
	since: number;
	/** The latest Wait Limit of its items (epoch ms): n8n ends the wait itself BACKSTOP_MS after it. */
	deadline: number;
	webhooks: WaitWebhook[];
	items: WaitItem[];
}

export function isCallItem(item: WaitItem): item is CallItem {
	return 'callId' in item;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The owner as the wait keeps it, or undefined when it names neither or both. */
function readOwner(value: IDataObject): WaitOwner | undefined {
	if (isText(value.agentId) && value.campaignId === undefined) return { agentId: value.agentId };
	if (isText(value.campaignId) && value.agentId === undefined) return { campaignId: value.campaignId };
	return undefined;
}

/** Kept in the node's context of this execution (saved with the waiting execution). */
export function keepWaitRecord(ctx: IExecuteFunctions, record: WaitRecord): void {
	ctx.getContext('node')[WAIT_KEY] = record as unknown as IDataObject;
}

function readItem(value: unknown): WaitItem | undefined {
	const item = asObject(value);
	if (!item || typeof item.item !== 'number' || !Number.isInteger(item.item) || item.item < 0) return undefined;
	if (asObject(item.output)) return { item: item.item, output: item.output as IDataObject };
	const owner = readOwner(item);
	if (!owner || !isText(item.callId) || !isText(item.to) || !asObject(item.call) || !isTime(item.deadline)) return undefined;
	if (item.events !== undefined && !(Array.isArray(item.events) && item.events.every(isText))) return undefined;
	const context = asObject(item.context);
	const callAgain = item.callAgain === undefined ? undefined : readAttemptPlan(item.callAgain);
	if (item.callAgain !== undefined && !callAgain) return undefined;
	return {
		item: item.item,
		callId: item.callId,
		...owner,
		to: item.to,
		call: item.call as IDataObject,
		deadline: item.deadline,
		...(isTime(item.placedAt) ? { placedAt: item.placedAt } : {}),
		...(context ? { context } : {}),
		...(item.events !== undefined ? { events: item.events as string[] } : {}),
		...(item.placedEarlier === true ? { placedEarlier: true as const } : {}),
		...(callAgain ? { callAgain } : {}),
	};
}

/** The record as saved, or undefined when there is none or it is not one this version wrote (nothing is guessed). */
export function readWaitRecord(value: unknown): WaitRecord | undefined {
	const record = asObject(value);
	if (!record || record.v !== 1 || (record.kind !== undefined && record.kind !== 'campaign') || !isText(record.secretHash) || !isText(record.address) || !isTime(record.since) || !isTime(record.deadline)) return undefined;
	if (!Array.isArray(record.webhooks) || !Array.isArray(record.items)) return undefined;
	const webhooks = record.webhooks.map((w) => {
		const webhook = asObject(w);
		const owner = webhook && readOwner(webhook);
		return owner && isText(webhook.webhookId) ? { ...owner, webhookId: webhook.webhookId } : undefined;
	});
	if (webhooks.some((w) => w === undefined)) return undefined;
	const items = record.items.map(readItem);
	if (items.some((i) => i === undefined)) return undefined;
	return {
		v: 1,
		...(record.kind === 'campaign' ? { kind: 'campaign' as const } : {}),
		secretHash: record.secretHash,
		address: record.address,
		since: record.since,
		deadline: record.deadline,
		webhooks: webhooks as WaitWebhook[],
		items: items as WaitItem[],
	};
}

/** The waiting node's record, from a waiting webhook (its execution's context of this node). */
export function waitRecordOf(ctx: IWebhookFunctions): WaitRecord | undefined {
	const name = ctx.getNode().name;
	let kept: unknown;
	try {
		kept = ctx.evaluateExpression(`{{ $node[${JSON.stringify(name)}].context[${JSON.stringify(WAIT_KEY)}] }}`, 0);
	} catch {
		return undefined;
	}
	return readWaitRecord(kept);
}
