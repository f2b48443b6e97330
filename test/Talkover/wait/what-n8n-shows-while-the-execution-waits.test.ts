/**
 * Make and Wait for Outcome while its execution waits: n8n shows the node's output of the run up to the wait,
 * the calls as Talkover placed them (each paired with its item), until the calls' ends replace it with their
 * outcomes. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';

const { sandbox, n8n } = useMakeAndWait();

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const callTo = (to: string) => sandbox().calls.find((c) => c.to === to)!;

test('two calls placed: while the execution waits, the node’s output is the two calls as placed, each at its item; their ends then give the outcomes', async () => {
	const numbers = ['+15550044001', '+15550044002'];
	const execution = await n8n.run(numbers.map((to) => ({ to })), parameters());
	expect(execution.status).toBe('waiting');
	const shown = execution.runs[0].data.resultData.runData.Talkover.at(-1)?.data?.main[0] as Array<{ json: IDataObject; pairedItem: unknown }>;
	expect(shown.map(({ json, pairedItem }) => [json.id, json.to, json.status, json.outcome, pairedItem])).toEqual(
		numbers.map((to, i) => [String(callTo(to).id), to, 'initiated', undefined, { item: i }]),
	);
	for (const to of numbers) await sandbox().endCallWithEvent(String(callTo(to).id));
	await n8n.ended(execution);
	expect((WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map(({ json }) => json.outcome)).toEqual(['answered', 'answered']);
});
