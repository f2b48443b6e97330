/**
 * Make and Wait for Outcome with calls of two agents in one run, none ended by the Wait Limit: each call's
 * last status is read among its own agent's calls (List Calls with that `agent_id`), and comes out with it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SALES_AGENT, SUPPORT_AGENT, until } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';

const { sandbox, clock, n8n } = useMakeAndWait();

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' }, to: '={{ $json.to }}', isTesting: true, ...extra };
}

test('calls of two agents still open at the Wait Limit: each one’s status is read among its own agent’s calls', async () => {
	const execution = await n8n.run(
		[
			{ to: '+15550017101', agent: SALES_AGENT },
			{ to: '+15550017102', agent: SUPPORT_AGENT },
		],
		parameters({ waitLimit: 1 }),
	);
	expect(execution.status).toBe('waiting');
	sandbox().calls.find((c) => c.to === '+15550017101')!.status = 'ringing';
	sandbox().calls.find((c) => c.to === '+15550017102')!.status = 'in-progress';
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect((WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status, json.statusError])).toEqual([
		['+15550017101', 'timedOut', true, 'ringing', undefined],
		['+15550017102', 'timedOut', true, 'in-progress', undefined],
	]);
	expect(sandbox().requestsTo('GET', '/api/v1/calls').map((r) => [r.query.agent_id, r.query.search])).toEqual([
		[SALES_AGENT, '+15550017101'],
		[SUPPORT_AGENT, '+15550017102'],
	]);
});
