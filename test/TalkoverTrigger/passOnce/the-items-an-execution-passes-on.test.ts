/**
 * The trigger's execute() (nodes/TalkoverTrigger/passOnce.ts) item by item, on a small execute context whose n8n
 * deduplication store answers as each test says: which items of one delivery pass on, what its error says when the
 * store cannot answer, and which executions keep what the process learned of its catch-up in their static data.
 * an-event-runs-its-workflow-once.test.ts runs the same through n8n-core's engine.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { confirmSent, forgetRecord, startRecord } from '../../../nodes/TalkoverTrigger/catchUp/record';
import { passOnce } from '../../../nodes/TalkoverTrigger/passOnce';
import { useTestClock } from '../../helpers/clock';

const T = Date.UTC(2026, 10, 28, 9, 0, 0);
const ENDED = 'event_phone_call_ended';

interface Run {
	items: IDataObject[];
	mode?: string;
	staticData?: IDataObject;
	/** The store: the new entries of those asked, or a failure. */
	store?: (asked: string[]) => string[] | Error;
}

function contextOf(run: Run) {
	const asked: string[][] = [];
	let staticReads = 0;
	const ctx = {
		getInputData: () => run.items.map((json, i): INodeExecutionData => ({ json, pairedItem: { item: i } })),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name === 'source' ? 'agent' : fallback),
		getMode: () => run.mode ?? 'webhook',
		getWorkflow: () => ({ id: 'wf-1' }),
		getNode: () => ({ id: 'node-1', name: 'Talkover Trigger', type: 'n8n-nodes-talkover.talkoverTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getWorkflowStaticData: () => {
			staticReads++;
			return run.staticData ?? {};
		},
		helpers: {
			checkProcessedAndRecord: async (entries: string[]) => {
				asked.push(entries);
				const answer = (run.store ?? ((all: string[]) => all))(entries);
				if (answer instanceof Error) throw answer;
				return { new: answer, processed: entries.filter((e) => !answer.includes(e)) };
			},
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions, asked, staticReads: () => staticReads };
}

const passed = async (run: Run) => (await passOnce(contextOf(run).ctx))[0].map((item) => item.json);

const clock = useTestClock();
beforeEach(() => {
	clock().time = T;
});

describe('the items of one delivery', () => {
	test('Talkover’s Test delivery beside an event of a call: both pass on, only the event is asked of the store', async () => {
		const test = { event: 'webhook.test', test: true };
		const ended = { event: ENDED, call_id: 'c-1', duration: 30 };
		const run = contextOf({ items: [test, ended] });
		const [out] = await passOnce(run.ctx);
		expect(out.map((item) => item.json)).toEqual([test, ended]);
		expect(run.asked).toHaveLength(1);
		expect(run.asked[0]).toHaveLength(1);
	});

	test('an event the store has seen does not pass; the Test delivery beside it still does', async () => {
		const test = { event: 'webhook.test', test: true };
		const ended = { event: ENDED, call_id: 'c-1', duration: 30 };
		expect(await passed({ items: [ended, test], store: () => [] })).toEqual([test]);
	});

	test('the same event twice in one delivery passes once', async () => {
		const ended = { event: ENDED, call_id: 'c-1', duration: 30 };
		expect(await passed({ items: [ended, { ...ended }] })).toEqual([ended]);
	});
});

describe('when n8n’s store cannot answer', () => {
	const broken = () => new Error('SQLITE_BUSY: database is locked');

	test('the error names each event the workflow did not run for, one after another', async () => {
		const run = contextOf({ items: [{ event: ENDED, call_id: 'c-1' }, { event: 'event_call_report', call_id: 'c-2' }], store: broken });
		const error = await passOnce(run.ctx).catch((e: Error & { description?: string }) => e);
		expect(error).toMatchObject({ message: 'n8n could not tell whether this Talkover event already ran its workflow' });
		expect((error as { description: string }).description).toBe(
			"n8n's store of processed events (its database) answered: SQLITE_BUSY: database is locked. Nothing after the trigger ran for event_phone_call_ended of call c-1, event_call_report of call c-2.",
		);
	});

	test('a delivery in the log’s body, which names no event, is “the event” of its call', async () => {
		const run = contextOf({ items: [{ call_id: 'c-9', duration: 12 }], store: broken });
		const error = (await passOnce(run.ctx).catch((e: unknown) => e)) as { description: string };
		expect(error.description).toMatch(/Nothing after the trigger ran for the event of call c-9\.$/);
	});
});

describe('what the process learned of its catch-up, kept with the execution', () => {
	const WEBHOOK = 'webhook-learned';
	afterEach(() => forgetRecord({ webhookId: WEBHOOK }));

	/** The static data as saved before the catch-up queued an entry again, which this process then learned. */
	function learnedAfterSaving(): IDataObject {
		startRecord({ webhookId: WEBHOOK }, T - 60_000);
		const saved: IDataObject = { webhookId: WEBHOOK };
		startRecord(saved, T - 60_000);
		confirmSent(WEBHOOK, 'log-entry-7', T - 1_000);
		return saved;
	}

	test('an execution a delivery started keeps it: the next start does not ask Talkover for that entry again', async () => {
		const data = learnedAfterSaving();
		await passed({ items: [{ event: ENDED, call_id: 'c-1' }], mode: 'webhook', staticData: data });
		expect((data.catchUp as { sent: IDataObject }).sent).toHaveProperty('log-entry-7');
	});

	test('a Retry from the executions list writes nothing into the static data', async () => {
		const data = learnedAfterSaving();
		const before = JSON.stringify(data);
		const run = contextOf({ items: [{ event: ENDED, call_id: 'c-1' }], mode: 'retry', staticData: data });
		await passOnce(run.ctx);
		expect(JSON.stringify(data)).toBe(before);
		expect(run.staticReads()).toBe(0);
	});
});
