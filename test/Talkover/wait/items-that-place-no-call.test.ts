/**
 * Make and Wait for Outcome over items none of which places a call (a bad number with Continue On Fail, a
 * call not dialled again on a Retry whose ID Talkover does not give): there is no wait, and each item comes
 * out at once at its place, paired with its own input item (what `$('Talkover').item` follows downstream).
 * In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox.
 */
import type { INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';

const { sandbox, n8n } = useMakeAndWait();

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

test('three items with bad numbers (Continue On Fail): no wait, each error item at its place, paired with its input item; nothing sent', async () => {
	const execution = await n8n.run([{ to: 'not a number' }, { to: '12' }, { to: 'call me' }], parameters(), { continueOnFail: true });
	expect(execution.status).toBe('success');
	expect((WaitingN8n.output(execution) as Array<{ json: { error?: unknown }; pairedItem: unknown }>).map(({ json, pairedItem }) => [typeof json.error, pairedItem])).toEqual([
		['string', { item: 0 }],
		['string', { item: 1 }],
		['string', { item: 2 }],
	]);
	expect(sandbox().requests).toEqual([]);
});
