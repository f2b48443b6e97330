/**
 * n8n's deduplication store (the `processed_data` table) for n8n-core's engine in tests: what a node's
 * `checkProcessedAndRecord` reads and writes, one entry list per workflow and context (`n:<node id>` for the scope
 * `node`), the oldest dropped past `maxEntries`, as n8n's DeduplicationHelper keeps it (mode `entries`). One store
 * per test file's "database": every simulated n8n process of the file (jest.isolateModules loads n8n-core again)
 * reads the same one, as n8n's processes read one database.
 */
import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedContextData, ICheckProcessedOptions, IDataDeduplicator, IDeduplicationOutput } from 'n8n-workflow';
import { DataDeduplicationService } from 'n8n-core';

const DATABASE = Symbol.for('talkover.tests.processedData');
type Rows = Map<string, string[]>;

function rows(): Rows {
	const holder = globalThis as unknown as Record<symbol, Rows | undefined>;
	holder[DATABASE] ??= new Map();
	return holder[DATABASE];
}

function rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id}` : ''}`;
}

const FAILURE = Symbol.for('talkover.tests.processedDataFailure');

const FAILURES_LEFT = Symbol.for('talkover.tests.processedDataFailuresLeft');

/** Makes the store fail the next `times` checks (every one by default) with `error`; undefined: answers again (a database that does not answer, or a write another process beat). */
export function failProcessedData(error: Error | undefined, times = Infinity): void {
	const holder = globalThis as unknown as Record<symbol, unknown>;
	holder[FAILURE] = error;
	holder[FAILURES_LEFT] = times;
}

class InMemoryDeduplicator implements IDataDeduplicator {
	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions): Promise<IDeduplicationOutput> {
		const holder = globalThis as unknown as Record<symbol, unknown>;
		const failure = holder[FAILURE] as Error | undefined;
		if (failure && (holder[FAILURES_LEFT] as number) > 0) {
			holder[FAILURES_LEFT] = (holder[FAILURES_LEFT] as number) - 1;
			throw failure;
		}
		if (options.mode !== 'entries') throw new Error(`mode ${options.mode} is not modelled`);
		const key = rowKey(scope, contextData);
		// As n8n's DeduplicationHelper: read the row, then (a database round trip later) insert it when there was none
		// (a second insert of the row fails: its primary key) or write the whole list back (the last writer wins).
		const found = rows().get(key);
		await new Promise((resolve) => setImmediate(resolve));
		const kept = [...(found ?? [])];
		const out: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const value = String(item);
			if (kept.includes(value)) out.processed.push(item);
			else {
				out.new.push(item);
				kept.push(value);
			}
		}
		if (options.maxEntries) kept.splice(0, Math.max(0, kept.length - options.maxEntries));
		if (!found && rows().has(key)) throw new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
		rows().set(key, kept);
		return out;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		const key = rowKey(scope, contextData);
		rows().set(key, (rows().get(key) ?? []).filter((v) => !items.map(String).includes(v)));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		rows().delete(rowKey(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		return (rows().get(rowKey(scope, contextData)) ?? []).length;
	}
}

/** Makes n8n-core's deduplication helpers answer from the file's store (once per loaded n8n-core). */
export async function useProcessedData(): Promise<void> {
	try {
		DataDeduplicationService.getInstance();
	} catch {
		await DataDeduplicationService.init(new InMemoryDeduplicator());
	}
}

/** What the store holds for one workflow's node (the trigger's recorded events). */
export function processedEntries(workflowId: string, nodeId: string): string[] {
	return [...(rows().get(`${workflowId}|n:${nodeId}`) ?? [])];
}

/** Records `entries` after what the store holds for one workflow's node (as many events received before would). */
export function fillProcessedData(workflowId: string, nodeId: string, entries: string[]): void {
	const key = `${workflowId}|n:${nodeId}`;
	rows().set(key, [...(rows().get(key) ?? []), ...entries]);
}

/** Empties the store (a new database). */
export function clearProcessedData(): void {
	rows().clear();
}
