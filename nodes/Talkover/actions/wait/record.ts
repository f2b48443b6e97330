/**
 * What a waiting Make and Wait for Outcome keeps for its webhook: written by execute() into the node's
 * execution context (n8n saves it with the waiting execution), read back by webhook() through an expression
 * (`$node[…].context`: the context is all a waiting webhook can read of what execute() did; static data is
 * not saved from there, and the node's own output of the wait is dropped before webhook() runs). No secret is
 * kept: the header Talkover sends back is compared with its hash.
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { asObject } from '../../../shared/transport';

export const WAIT_KEY = 'talkoverWait';

/** A Talkover webhook the wait registered (one per agent of its calls). */
export interface WaitWebhook {
	agentId: string;
	webhookId: string;
}

/** One input item: the call it waits on, or its output as it is (skipped by an option, or an error item). */
export type WaitItem =
	| { item: number; callId: string; agentId: string; to: string; call: IDataObject; context?: IDataObject; deadline: number }
	| { item: number; output: IDataObject };

export interface WaitRecord {
	v: 1;
	/** The hash of the secret Talkover sends back (DELIVERY_HEADER). */
	secretHash: string;
	/** The address Talkover delivers to (the execution's resume address for this node). */
	address: string;
	/** When the wait started (epoch ms). */
	since: number;
	/** The latest Wait Limit of its items (epoch ms). */
	deadline: number;
	webhooks: WaitWebhook[];
	items: WaitItem[];
}

export function isCallItem(item: WaitItem): item is Extract<WaitItem, { callId: string }> {
	return 'callId' in item;
}

/** Kept in the node's context of this execution (saved with the waiting execution). */
export function keepWaitRecord(ctx: IExecuteFunctions, record: WaitRecord): void {
	ctx.getContext('node')[WAIT_KEY] = record as unknown as IDataObject;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function readItem(value: unknown): WaitItem | undefined {
	const item = asObject(value);
	if (!item || typeof item.item !== 'number' || !Number.isInteger(item.item) || item.item < 0) return undefined;
	if (asObject(item.output)) return { item: item.item, output: item.output as IDataObject };
	if (!isText(item.callId) || !isText(item.agentId) || !isText(item.to) || !asObject(item.call) || !isTime(item.deadline)) return undefined;
	const context = asObject(item.context);
	return { item: item.item, callId: item.callId, agentId: item.agentId, to: item.to, call: item.call as IDataObject, deadline: item.deadline, ...(context ? { context } : {}) };
}

/** The record as saved, or undefined when there is none or it is not one this version wrote (nothing is guessed). */
export function readWaitRecord(value: unknown): WaitRecord | undefined {
	const record = asObject(value);
	if (!record || record.v !== 1 || !isText(record.secretHash) || !isText(record.address) || !isTime(record.since) || !isTime(record.deadline)) return undefined;
	if (!Array.isArray(record.webhooks) || !Array.isArray(record.items)) return undefined;
	const webhooks = record.webhooks.map(asObject);
	if (webhooks.some((w) => !w || !isText(w.agentId) || !isText(w.webhookId))) return undefined;
	const items = record.items.map(readItem);
	if (items.some((i) => i === undefined)) return undefined;
	return {
		v: 1,
		secretHash: record.secretHash,
		address: record.address,
		since: record.since,
		deadline: record.deadline,
		webhooks: webhooks.map((w) => ({ agentId: w!.agentId as string, webhookId: w!.webhookId as string })),
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
