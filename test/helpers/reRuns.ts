/**
 * What n8n hands a re-run of an execution, built as n8n 2.8.4 builds it (its ExecutionService.retry and
 * ExecutionRecoveryService), for n8n-core's engine in the tests (runChain's and runAgentWithTool's `retryOf`).
 */
import type { IDataObject, IRun, IRunExecutionData, ITaskData } from 'n8n-workflow';

import { SOURCE_TYPE } from './n8n';

/**
 * n8n's Retry of a failed execution: the saved data, its error and the failed node's last run (if it failed)
 * dropped. `startedAt`: the time its tasks started on the test's clock (n8n-core dates them by the machine's
 * clock, Talkover's calls by the test's: n8n's and Talkover's clocks agree in life).
 */
export function retryData(failed: IRun, startedAt?: number): IRunExecutionData {
	return retryOf(failed.data, startedAt);
}

/** The same, from the failed execution's saved data (a waiting n8n's saved execution). */
export function retryOf(saved: IRunExecutionData, startedAt?: number): IRunExecutionData {
	const data = JSON.parse(JSON.stringify(saved)) as IRunExecutionData;
	if (startedAt !== undefined) for (const tasks of Object.values(data.resultData.runData)) for (const task of tasks) task.startTime = startedAt;
	delete data.resultData.error;
	const runs = data.resultData.runData[data.resultData.lastNodeExecuted ?? ''];
	if (runs?.at(-1)?.error !== undefined) runs.pop();
	return data;
}

/**
 * n8n's Retry of an execution that crashed (n8n killed while `crashedNode` ran: out of memory, a deploy):
 * - what n8n saved when the execution started: the start node on the stack with its item, no run data, no
 *   node's context (nothing more is saved until the execution ends);
 * - n8n's recovery at its next start, from its event log: each node that had started gets a task, the start
 *   node n8n's artificial item (`isArtificialRecoveredEventItem`), the crashed node an error, both with the
 *   event's time in seconds, as n8n writes it; the execution becomes "crashed";
 * - the Retry: the crashed node (the last executed) loses its task.
 * `startedAt`: when the crashed execution started (ms). `progressSaved`: the workflow saves its execution
 * progress (the start node's task saved as it ran, no recovered task). `nothingKept`: n8n kept nothing but what it
 * saved at the start (its event log off or lost; queue mode, where main marks a stopped worker's executions
 * crashed: n8n 2.8.4's ExecutionRecoveryService.amendWithoutLogs): no run data, no last node, the start node on
 * the stack; the Retry runs the workflow from its start.
 */
export function crashedData({ items, startedAt, sourceName = 'Items', crashedNode, progressSaved = false, nothingKept = false }: { items: IDataObject[]; startedAt: number; sourceName?: string; crashedNode: string; progressSaved?: boolean; nothingKept?: boolean }): IRunExecutionData {
	const source = { id: 'source', name: sourceName, type: SOURCE_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: { items: JSON.stringify(items) } };
	const seconds = Math.floor(startedAt / 1000);
	// With the workflow's Save Execution Progress, n8n saved the start node's own task (its items, its time in ms)
	// and recovers nothing: the crashed node's task, an error, is what the Retry drops.
	const started: ITaskData = progressSaved
		? { startTime: startedAt, executionIndex: 0, executionTime: 1, source: [null], executionStatus: 'success', data: { main: [items.map((json) => ({ json }))] } }
		: { startTime: seconds, executionIndex: 0, executionTime: 1, source: [null], executionStatus: 'success', data: { main: [[{ json: { isArtificialRecoveredEventItem: true } }]] } };
	return {
		startData: {},
		resultData: nothingKept ? { runData: {} } : { runData: { [sourceName]: [started], [crashedNode]: [] }, lastNodeExecuted: crashedNode },
		executionData: {
			contextData: {},
			nodeExecutionStack: [{ node: source, data: { main: [[{ json: {} }]] }, source: null }],
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;
}
