import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Secrets } from '../../shared/secrets';
import { givenHeaderValues, masked, maskedError } from '../../shared/secrets';
import { clock, CREDENTIAL_TYPE, credentialError, credentialProblem, MAX_TOTAL_WAIT_MS, mayHaveBeenProcessed, own, pacingOf, tokensOf, TRY_AGAIN_LATER, WARMUP, WithheldAttempt } from '../../shared/transport';
import * as agent from './agent';
import * as agentAction from './agentAction';
import * as calendar from './calendar';
import * as calendarEvent from './calendarEvent';
import * as call from './call';
import * as campaign from './campaign';
import * as credit from './credit';
import type { NodeError } from './engine/errorItem';
import { asNodeError, errorItem } from './engine/errorItem';
import { readOptions } from './engine/options';
import type { Batching, ItemResult } from './engine/scheduler';
import { runAll } from './engine/scheduler';
import { dialGuardFor } from './engine/dialGuard';
import type { PreparedItem, PreparedRun, Routed } from './engine/run';
import { sentRecordFor } from './engine/sendOnce';
import * as flow from './flow';
import type { ItemContext, TalkoverOperation } from './operation';
import * as phoneNumber from './phoneNumber';
import * as webhookDelivery from './webhookDelivery';

const operations: Record<string, Record<string, TalkoverOperation<unknown>>> = {
	agent: agent.operations,
	agentAction: agentAction.operations,
	calendar: calendar.operations,
	calendarEvent: calendarEvent.operations,
	call: call.operations,
	campaign: campaign.operations,
	credit: credit.operations,
	flow: flow.operations,
	phoneNumber: phoneNumber.operations,
	webhookDelivery: webhookDelivery.operations,
};

type Result = ItemResult<INodeExecutionData, NodeError>;

/** The operation a node's Resource and Operation name (undefined when there is none). */
export function operationOf(ctx: IExecuteFunctions): TalkoverOperation<unknown> | undefined {
	return own(own(operations, ctx.getNodeParameter('resource', 0) as string), ctx.getNodeParameter('operation', 0) as string);
}

/**
 * The line added to the error that stops a run (without Continue On Fail): the items Talkover had
 * already accepted are not in the output, and they must not look like failures.
 */
const ALREADY_ACCEPTED = 'Before the node stopped, Talkover had already accepted item';

function alreadyAccepted(items: number[], check: string): string {
	const sorted = [...items].sort((a, b) => a - b);
	const shown = sorted.slice(0, 20).join(', ') + (sorted.length > 20 ? ` and ${sorted.length - 20} more` : '');
	const [it, is] = sorted.length === 1 ? ['it', 'It is'] : ['them', 'They are'];
	// The operation's own words (its `ifUnsure.check`), never Make Call's for every operation.
	return (
		`${ALREADY_ACCEPTED}${sorted.length === 1 ? '' : 's'} ${shown}. ${is} not in the output because the node stopped; ` +
		`before you send ${it} again, check whether ${check}. n8n's Retry On Fail does not send ${it} again.`
	);
}

/** The error of an item whose body would send the mask (`***`) as a header value: nothing is sent for it. */
function maskedHeaderError(ctx: IExecuteFunctions, itemIndex: number, header: { key: string; index: number }): NodeOperationError {
	const name = header.key ? ` ("${header.key}")` : '';
	const error = new NodeOperationError(ctx.getNode(), `Custom Headers (item ${itemIndex}): header ${header.index + 1}${name}: its value is *** — the mask the node shows instead of a header value, not the value itself`, {
		itemIndex,
		description: `Sending it would replace the real value in Talkover with ***. Enter the real value (or an expression that gives it). Nothing was sent to Talkover for this item.`,
	});
	error.context.notSent = true;
	return error;
}

/** True once the user stopped the execution: nothing more is sent and no error item is made. */
function cancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

/**
 * The error of an operation that may not be repeated, after which Talkover may have acted: it says so
 * first, then how to check before running the item again (instead of "try again later").
 */
function unsureError(error: NodeError, handler: TalkoverOperation<unknown>): NodeError {
	if (handler.repeatable) return error;
	const { mayHaveHappened, check, notDone } = handler.ifUnsure;
	const rest = (error.description ?? '').split('\n').filter((line) => line !== '' && line !== TRY_AGAIN_LATER);
	if (mayHaveBeenProcessed(error)) {
		// `acted`: the operation knows Talkover acted (Agent Action → Update that added an action): no "may have".
		const acted = (error as { context?: { acted?: boolean } }).context?.acted === true;
		if (!acted) error.message = `${mayHaveHappened}: ${error.message}`;
		rest.unshift(
			`Talkover ${acted ? 'acted on the request' : 'may have acted on the request before the error'}, so the node does not send it again. Before you run this item again, check whether ${check}.`,
		);
	} else if ((error as { context?: { notSent?: boolean } }).context?.notSent) {
		rest.unshift(notDone);
	}
	error.description = rest.join('\n');
	return error;
}

/**
 * Runs one operation over all input items in two passes: first every item's parameters and Options
 * are read and checked (so bad input stops the run before anything is sent), then the requests go
 * out: with Concurrency Auto (the default) as fast as the account's Auto controller allows, with Fixed
 * up to Options → Batch Size items in flight (see engine/scheduler). With "Continue On Fail"
 * a bad or failed item becomes an error item and the others go on; without it no further item starts
 * after a failure. Output order is input order, whatever finishes first, and every output item is
 * paired with the input item it came from. What an item got is kept for n8n's Retry On Fail
 * (engine/sendOnce): it is not sent again, and an operation that is not `repeatable` is sent at most
 * once per item. No error leaves the node with the API token in it.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [(await routeItems.call(this, await prepareRun.call(this))).output];
}

/**
 * The router's first step: every item's parameters and Options read and checked, nothing sent. Without Continue On
 * Fail the first bad item's error stops the run here; with it, the item's error is its output.
 */
export async function prepareRun(this: IExecuteFunctions): Promise<PreparedRun> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = own(own(operations, resource), operation);
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const credentials = await this.getCredentials(CREDENTIAL_TYPE).catch(() => undefined);
	// The one masking step (secrets/mask.ts) of every item and error this node outputs: the API Token and the
	// optional Account Token (Credit → Get Balance), every header value this run gives Talkover (known once
	// the items are prepared), and every action header value Talkover echoes.
	const secrets: Secrets & { values: string[] } = { values: tokensOf(credentials) };
	const asError = (error: unknown, i: number): NodeError => maskedError(asNodeError(this.getNode(), error, i), secrets);
	// A Base URL or token that cannot be sent is every item's error before anything is sent, naming the field.
	const unusable = credentials ? credentialProblem(credentials, handler.useAccountToken === true) : undefined;

	const signal = this.getExecutionCancelSignal?.();
	const prepared: PreparedItem[] = [];
	let batching: Batching = { batchSize: 1, batchInterval: 0 };
	let auto = false;
	for (let i = 0; i < items.length; i++) {
		try {
			if (unusable) throw credentialError(this.getNode(), unusable, i);
			const { maxRetries, concurrency, ...itemBatching } = readOptions.call(this, i);
			if (i === 0) {
				batching = itemBatching;
				auto = concurrency === 'auto';
			}
			const value = handler.prepare.call(this, i);
			// A header value shown masked (`***`, read back from an output) is never sent as the real one.
			const given = givenHeaderValues(value);
			if (given.masked) throw maskedHeaderError(this, i, given.masked);
			secrets.values.push(...given.values);
			prepared.push({ value, item: { itemIndex: i, maxRetries, signal } });
		} catch (error) {
			const nodeError = asError(error, i);
			if (!this.continueOnFail()) throw nodeError;
			prepared.push({ error: nodeError });
		}
	}
	const talkover = typeof credentials?.baseUrl === 'string' ? credentials.baseUrl : '';
	return { handler, prepared, secrets, asError, batching, auto, signal, talkover };
}

/** The router's second step: the prepared items sent (see `router`), with the items Talkover accepted: Make and Wait for Outcome waits on their calls. */
export async function routeItems(this: IExecuteFunctions, run: PreparedRun): Promise<Routed> {
	const items = this.getInputData();
	const { handler, prepared, secrets, asError, auto, signal, talkover } = run;
	let { batching } = run;
	const sent = sentRecordFor(this);
	// Make Call, Add Call (and their waits): numbers called within a window, and items a retried execution had placed.
	const guard = dialGuardFor(this, handler, prepared, sent, asError, secrets, talkover);

	/** Items Talkover accepted in this run (operations that are not repeatable), for the error that stops it. */
	const accepted: number[] = [];
	/** Every item Talkover accepted, with its (masked) output. */
	const acceptedOutput = new Map<number, Record<string, unknown>>();
	const acceptedAt = new Map<number, number>();

	/** Errors that stop the run (without Continue On Fail); the lowest item's is thrown. */
	const stops: NodeError[] = [];
	const failed = (nodeError: NodeError, i: number): Result => {
		if (this.continueOnFail()) return { output: [errorItem(nodeError, i)] };
		stops.push(nodeError);
		return { output: [], stop: nodeError };
	};
	// Every output item is built here, through the one masking step: a token Talkover echoes in an answer
	// ("authenticated as talq_…"), a header value, never reach the output.
	const outputOf = (results: Array<Record<string, unknown>>, i: number): Result => ({
		output: results.map((json) => ({ json: masked(json, secrets) as INodeExecutionData['json'], pairedItem: { item: i } })),
	});

	/** What is already known of an item without sending: bad input, or what an earlier try of this run got. */
	const settled = (i: number): Result | undefined => {
		const { error } = prepared[i];
		if (error !== undefined) return { output: [errorItem(error, i)] };
		const before = sent.get(i);
		if (before?.error) return failed(before.error, i);
		if (!before?.results) return undefined;
		if (!handler.repeatable) accepted.push(i);
		const out = outputOf(before.results, i);
		if (before.accepted) acceptedOutput.set(i, out.output[0].json);
		if (before.accepted && before.at !== undefined) acceptedAt.set(i, before.at);
		return out;
	};

	/** Sends one item's request(s). */
	const runItem = async (i: number, queuedAt?: number): Promise<Result> => {
		const { value, item } = prepared[i];
		let got: Array<Record<string, unknown>> | undefined;
		let sending = false;
		try {
			// Another run's call to the same number in this process is placed before this item is checked or sent.
			await guard?.turn(i);
			// Calling Hours, with the time the item is sent; after a retried execution's placed call (which it must not hide), before any request
			// (Skip Numbers Called Within's read included). The operation asks again as each attempt of its call leaves (atSend).
			const hold = (await guard?.retried(i)) ? undefined : handler.beforeSending?.call(this, value, clock.now(), i);
			if (hold) return outputOf([hold.skip], i);
			const skip = await guard?.before(i);
			if (skip && 'error' in skip) return failed(skip.error, i);
			if (skip) {
				sent.set(i, { results: [skip.output] });
				got = [skip.output];
				return outputOf(got, i);
			}
			// Auto: the time the item waited for its slot counts against its first request's time limit.
			const context: ItemContext = { ...item!, ...(sent.get(i)?.actedBefore ? { actedBefore: true } : {}) };
			sending = true;
			const results = await handler.execute.call(this, value, queuedAt === undefined ? context : { ...context, queue: { since: queuedAt } });
			const at = clock.now();
			sent.set(i, { results, accepted: true, at });
			acceptedAt.set(i, at);
			// Kept in the execution's saved context: never with a token or a header value Talkover echoed.
			guard?.after(i, results.map((json) => masked(json, secrets) as Record<string, unknown>), true);
			if (!handler.repeatable) accepted.push(i);
			const out = outputOf(results, i);
			if (out.output.length) acceptedOutput.set(i, out.output[0].json);
			return { ...out, ok: true };
		} catch (failure) {
			// Withheld by the operation at the moment its request was to leave (Calling Hours, after a wait): nothing
			// was sent, and its output is the operation's, as for a skip before sending (not recorded as sent).
			if (failure instanceof WithheldAttempt && !mayHaveBeenProcessed(failure)) return outputOf([failure.output], i);
			const nodeError = unsureError(asError(failure, i), handler);
			if (cancelled(this)) throw nodeError;
			if (mayHaveBeenProcessed(nodeError)) sent.set(i, handler.repeatable ? { actedBefore: true } : { error: nodeError });
			if (mayHaveBeenProcessed(nodeError)) guard?.unsure(i, nodeError.message);
			return failed(nodeError, i);
		} finally {
			guard?.after(i, got, false);
			guard?.turnOver(i, sending);
		}
	};

	if (auto) {
		const pacing = await pacingOf(this, handler.useAccountToken === true);
		batching = { ...batching, warmup: WARMUP, slot: async (s) => await pacing.slotWithin(MAX_TOTAL_WAIT_MS, s) };
		// The number's turn before the account's slot: an item waiting for another run's call holds no slot.
		if (guard) batching = { ...batching, ready: async (i) => await guard.turn(i), unready: (i) => guard.turnOver(i, false) };
	}
	let results: Result[];
	try {
		results = await runAll(items.length, batching, settled, runItem, signal);
	} finally {
		guard?.close();
		// The error that stops the run (the lowest item's) names the items Talkover had already accepted.
		if (accepted.length && !cancelled(this)) {
			// An error kept in the send-once record is the same object on every try of Retry On Fail: its
			// line from an earlier try is replaced, not repeated (and an error listed twice gets it once).
			for (const stop of new Set(stops)) {
				const rest = (stop.description ?? '').split('\n').filter((line) => line !== '' && !line.startsWith(ALREADY_ACCEPTED));
				stop.description = [...rest, alreadyAccepted(accepted, handler.ifUnsure?.check ?? 'they are done')].join('\n');
			}
		}
	}
	const output: INodeExecutionData[] = [];
	// One by one: a spread of a huge list (Return All over 130,000 calls) overflows the stack.
	for (const result of results) for (const entry of result?.output ?? []) output.push(entry);
	return { output, accepted: acceptedOutput, acceptedAt };
}
