/**
 * Make and Wait for Outcome when Make Call's answer gives the call's ID in a form other than a plain text: a
 * whole number (openapi.json's ExternalCall), or a text with spaces around it. The wait is on that call, and
 * the end Talkover delivers naming it (as a number or as the bare text) resumes the execution with the call as
 * placed. In n8n-core's engine with test/helpers/waitingN8n.ts; Talkover is the sandbox, its answer to the
 * call scripted.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SALES_AGENT } from '../../helpers/fixtures';
import { useMakeAndWait } from '../../helpers/makeAndWait';
import { WaitingN8n } from '../../helpers/waitingN8n';

const { sandbox, n8n } = useMakeAndWait();

const CALL = `/api/v1/agents/${SALES_AGENT}/call`;

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, ...extra };
}

const waitWebhooks = () => sandbox().webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));

test.each([
	{ how: 'a whole number, its end naming it as a number', id: 4242, named: 4242 },
	{ how: 'a whole number, its end naming it as a text', id: 4243, named: '4243' },
	{ how: 'a text with spaces around it, its end naming it without them', id: ' call-4244 ', named: 'call-4244' },
])('the call’s ID given as $how: the end resumes the wait with the call as placed', async ({ id, named }) => {
	const to = '+15550042001';
	sandbox().inject({ method: 'POST', path: CALL, times: 1, reply: () => ({ status: 200, body: { success: true, data: { id, to, status: 'initiated' } } }) });
	const execution = await n8n.run([{ to }], parameters());
	expect(execution.status).toBe('waiting');
	const [webhook] = waitWebhooks();
	const answer = await sandbox().deliver(String(webhook.id), { event: 'event_phone_call_ended', call_id: named, duration: 12 });
	expect(answer.status).toBe(200);
	await n8n.ended(execution);
	const [{ json }] = WaitingN8n.output(execution) as Array<{ json: IDataObject }>;
	expect([json.id, json.to, json.outcome, json.timedOut, json.duration]).toEqual([id, to, 'answered', false, 12]);
});
