import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { concernsACall, isTestDelivery, readDelivery } from '../shared/answers/delivery';
import { clock } from '../shared/transport/clock';
import { keepLearned } from './catchUp/record';
import { deliveryKey } from './deliveries';

/**
 * The trigger's execute(): n8n runs it with the items webhook() gave, first thing in every execution the trigger
 * starts (n8n-core's runNode calls execute() before webhook(); the same on 1.123, 2.8 and 2.41). Each item passes
 * through unchanged, but an event of a call (it names a call or a campaign call) passes only the first time this
 * node sees it: the event is recorded in n8n's own deduplication store (the `processed_data` table, kept in the
 * database per workflow and node, shared by every n8n process and worker, kept across restarts and re-publishes).
 *
 * Why here and not only in webhook(): n8n 2.3x+ does not keep what webhook() writes in the static data when the
 * request starts an execution (docs/n8n-start.md §2), so after a restart a Talkover retry, or a catch-up that
 * sends again an event delivered before, would run the workflow twice. webhook() still answers a redelivery it
 * knows of (the static data on 1.123 and 2.8, this process's memory) without starting anything; this is the
 * record that outlives the process. An event absorbed here shows as an execution whose trigger gave no item.
 *
 * Not recorded: Talkover's Test button (a test delivery, `webhook.test` or `test: true`: each press runs), the agent tool's requests (each call of
 * the tool is asked for), events that name no call (one `campaign` event may repeat with the same body: webhook()
 * absorbs those within the hour), and the editor's test runs (a test event must not take a live event's place).
 */

/** How many events n8n's store keeps per trigger (the oldest go first): n8n's Remove Duplicates node keeps as many. */
export const MAX_RECORDED = 10_000;

/**
 * n8n's store reads a trigger's list, then writes it whole (or inserts it, the first time: a second insert of the
 * same list fails), without a lock: two executions recording at once would lose one's event, or fail. In this
 * process they take turns per workflow and node; between processes (queue mode's workers) a failed write is tried
 * again after WAITS_MS (it then finds the list the other process made). Not prevented between processes: two
 * workers recording at the same moment may each write the list over the other's event (that event may then run
 * again if Talkover delivers it again after a restart), and both may pass one event delivered to both at once.
 */
const turns = new Map<string, Promise<unknown>>();
const WAITS_MS = [200, 1_000];

async function inTurn<T>(key: string, run: () => Promise<T>): Promise<T> {
	const before = turns.get(key) ?? Promise.resolve();
	const mine = before.then(run, run);
	const settled = mine.catch(() => undefined);
	turns.set(key, settled);
	try {
		return await mine;
	} finally {
		if (turns.get(key) === settled) turns.delete(key);
	}
}

async function recordOnce(ctx: IExecuteFunctions, recorded: string[]): Promise<Set<string>> {
	const workflow = ctx.getWorkflow();
	return await inTurn(`${workflow.id ?? ''}|${ctx.getNode().id}`, async () => {
		let failure: unknown;
		for (const wait of [0, ...WAITS_MS]) {
			if (wait > 0) await clock.sleep(wait);
			try {
				const checked = await ctx.helpers.checkProcessedAndRecord(recorded, 'node', { mode: 'entries', maxEntries: MAX_RECORDED });
				return new Set(checked.new.map(String));
			} catch (error) {
				failure = error;
			}
		}
		throw failure;
	});
}

/**
 * An item's record: the digest it is recorded by (the delivery as webhook() read it, its `event` named, without the
 * catch-up's mark) and its event in words, for an error (`event_phone_call_ended of call c-1`); undefined for an item
 * that is not recorded.
 */
function recordOf(json: IDataObject): { key: string; words: string } | undefined {
	if (isTestDelivery(json)) return undefined;
	const delivery = { ...json };
	delete delivery.caught_up;
	const read = readDelivery(delivery);
	if ('problem' in read || !concernsACall(read)) return undefined;
	return { key: deliveryKey(delivery), words: `${read.event ?? 'the event'} of call ${read.callId ?? read.campaignCallId}` };
}

/** The items webhook() gave, each event of a call only the first time (see above). */
export async function passOnce(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const source = String(ctx.getNodeParameter('source', 0, 'agent'));
	const mode = ctx.getMode();
	// Only a delivery (mode `webhook`) is held against the record. A Retry from the executions list (mode `retry`)
	// is a person asking for this execution again: after a crash it starts again at the trigger, whose event the
	// crashed run recorded, and it must reach the next node; it is recorded (it may be the first record of it).
	if (source === 'agentTool' || (mode !== 'webhook' && mode !== 'retry')) return [items];
	// What this process learned of its catch-up (the entries Talkover queued again) is kept with this execution's
	// static data, which n8n saves at its end (n8n 2.3x+ keeps none of it otherwise: catchUp/record.ts).
	if (mode === 'webhook') keepLearned(ctx.getWorkflowStaticData('node'));
	const records = items.map((item) => recordOf(item.json));
	// The events to record, each once (by its digest), with their words.
	const recorded = new Map<string, string>();
	for (const record of records) if (record) recorded.set(record.key, record.words);
	if (recorded.size === 0) return [items];
	let fresh: Set<string>;
	try {
		fresh = await recordOnce(ctx, [...recorded.keys()]);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), 'n8n could not tell whether this Talkover event already ran its workflow', {
			description: `n8n's store of processed events (its database) answered: ${(error as Error).message}. Nothing after the trigger ran for ${[...recorded.values()].join(', ')}.`,
		});
	}
	if (mode === 'retry') return [items];
	// An event passes once: a second item of the same event in one delivery is the same event.
	const passed = new Set<string>();
	return [
		items.filter((_item, i) => {
			const record = records[i];
			if (record === undefined) return true;
			if (!fresh.has(record.key) || passed.has(record.key)) return false;
			passed.add(record.key);
			return true;
		}),
	];
}
