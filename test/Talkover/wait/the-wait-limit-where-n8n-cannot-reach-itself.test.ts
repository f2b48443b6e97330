/**
 * Make and Wait for Outcome where n8n cannot reach its own public address (no hairpin NAT, an egress firewall,
 * split DNS) while Talkover can: the wait's own signals (its Wait Limit, a look at the log shortly after an
 * end) are delivered by Talkover, never sent by n8n to itself, so the wait ends through the node at its limit:
 * the call answered before it keeps its outcome, the other comes out timed out with its last status. Here the
 * resume address's host (`.invalid`) resolves for nobody but Talkover (the sandbox's routes).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SALES_AGENT, until, useSandbox } from '../../helpers/fixtures';
import { useWaitingN8n, WaitingN8n } from '../../helpers/waitingN8n';

const { sandbox, credentials, clock } = useSandbox({ settle: async () => await waiting()?.quiet(sandbox()) });

const waiting = useWaitingN8n(() => credentials());
let n8n: WaitingN8n;
let local: string;
beforeAll(() => {
	n8n = waiting();
	local = new URL(n8n.base).origin;
	// n8n's WEBHOOK_URL: a public name this n8n cannot resolve.
	n8n.base = n8n.base.replace(local, `http://n8n-public.invalid:${new URL(local).port}`);
});
beforeEach(() => sandbox().routes.set(new URL(n8n.base).origin, local));

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'makeAndWait', agentId: { __rl: true, mode: 'id', value: SALES_AGENT }, to: '={{ $json.to }}', isTesting: true, ...extra };
}

const callTo = (to: string) => String(sandbox().calls.find((c) => c.to === to)!.id);

test('n8n cannot reach its own public address: at the Wait Limit the call answered before it keeps its outcome, the other comes out timed out with its last status', async () => {
	const execution = await n8n.run([{ to: '+15550019101' }, { to: '+15550019102' }], parameters({ waitLimit: 1 }));
	expect(execution.status).toBe('waiting');
	const answers = await sandbox().endCallWithEvent(callTo('+15550019101'), { duration: 41 });
	expect(answers.map((a) => a.status)).toEqual([200]);
	expect(execution.status).toBe('waiting');
	sandbox().calls.find((c) => c.to === '+15550019102')!.status = 'ringing';
	clock().advance(60_000);
	await until(() => execution.status === 'success');
	expect((WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map(({ json }) => [json.to, json.outcome, json.timedOut, json.status])).toEqual([
		['+15550019101', 'answered', false, 'completed'],
		['+15550019102', 'timedOut', true, 'ringing'],
	]);
	// Every request to the wait's address came from Talkover; none from n8n to itself.
	expect(n8n.requests.every(({ headers }) => headers['user-agent'] === 'Talkover-Webhook/1.0')).toBe(true);
});

test('n8n cannot reach its own public address: with every call answered before the Wait Limit, the last end resumes the execution at once', async () => {
	const execution = await n8n.run([{ to: '+15550019103' }, { to: '+15550019104' }], parameters({ waitLimit: 5 }));
	await sandbox().endCallWithEvent(callTo('+15550019103'), { duration: 12 });
	await sandbox().endCallWithEvent(callTo('+15550019104'), { duration: 13 });
	await until(() => execution.status === 'success');
	expect((WaitingN8n.output(execution) as Array<{ json: IDataObject }>).map(({ json }) => [json.to, json.outcome, json.timedOut])).toEqual([
		['+15550019103', 'answered', false],
		['+15550019104', 'answered', false],
	]);
});
