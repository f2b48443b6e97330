/**
 * What every engine test file of Make / Add Call and Wait for Outcome starts with: the sandbox on the test clock
 * (fixtures.ts's useSandbox) and an n8n-core that keeps waiting executions (waitingN8n.ts), started once for the
 * file and stopped after it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT, useSandbox } from './fixtures';
import { retryOf } from './reRuns';
import type { SavedExecution, WaitingN8n } from './waitingN8n';
import { useWaitingN8n } from './waitingN8n';

/** The file's sandbox, credentials and clock, and `n8n`: the file's waiting n8n, from its first test on. */
export function useMakeAndWait(): ReturnType<typeof useSandbox> & { n8n: WaitingN8n } {
	// What a test set travelling (a signal the node sent, a delivery) ends within that test, before its clock
	// goes: each test sees only its own requests, whichever tests ran before it (all of the file's, or some).
	const sandboxed = useSandbox({ settle: async () => await waiting()?.quiet(sandboxed.sandbox()) });
	const waiting = useWaitingN8n(() => sandboxed.credentials());
	// The n8n is started in the file's beforeAll: `n8n` reaches it at each use.
	const n8n = new Proxy({} as WaitingN8n, {
		get(_target, property) {
			const current = waiting();
			const value: unknown = Reflect.get(current, property, current);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
		},
	});
	return { ...sandboxed, n8n };
}

/** A failed wait execution's data as n8n's Retry starts from it: its error and the Talkover node's failed last run dropped. */
export function retryData(failed: SavedExecution): SavedExecution['data'] {
	return retryOf(failed.data);
}

/** Make and Wait for Outcome to the item's `to` with Call Again Until Reached's `rule` (Test Call, Wait Limit 30 minutes), other options, and a Context. */
export function callAgainParameters(rule: IDataObject, options: IDataObject = {}, context?: IDataObject): INodeParameters {
	return {
		resource: 'call',
		operation: 'makeAndWait',
		agentId: byId(SALES_AGENT),
		to: '={{ $json.to }}',
		isTesting: true,
		waitLimit: 30,
		...(context ? { additionalFields: { contextJson: JSON.stringify(context) } } : {}),
		options: { callAgainUntilReached: { rule }, ...options } as INodeParameters,
	};
}
