/**
 * Make and Wait for Outcome in a real n8n whose public address (WEBHOOK_URL) n8n itself cannot reach (a name
 * only the outside resolves: no hairpin NAT, an egress firewall, split DNS) while Talkover reaches it (the
 * sandbox delivers to n8n's own port through its routes): the Wait Limit still ends the wait through the node,
 * the call answered before it keeping its outcome, the other timed out with its last status; not n8n's own end
 * 10 minutes later, which passes the input on without `outcome`.
 */
import { SALES_AGENT, TOKEN } from '../helpers/fixtures';
import { untilDefined } from '../helpers/polling';
import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nServer } from './real-n8n';
import { callAndWaitWorkflow } from './real-n8n';

const LIMITED = 'talkoverUnreach1';
const PUBLIC = 'http://n8n-public.invalid';

let sandbox: TalkoverSandbox;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
	({ sandbox, server, stop } = await bringUp({
		tokens: [TOKEN],
		env: { N8N_LOG_LEVEL: 'warn', WEBHOOK_URL: `${PUBLIC}/` },
		credentials: (url) => [{ id: 'talkoverGood', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: url.sandbox } }],
		workflows: [callAndWaitWorkflow(LIMITED, 'talkover-unreachable', '5a1c2e3d-4b5f-4a6b-8c7d-9e0f1a2b3c51', { waitLimit: 1 })],
		activate: [LIMITED],
	}));
}, 600_000);

afterAll(async () => await stop?.());

beforeEach(() => {
	sandbox.reset();
	sandbox.routes.set(PUBLIC, `http://127.0.0.1:${server.port}`);
});

test('n8n cannot reach its own public address: at the Wait Limit the call answered before it keeps its outcome, the other comes out timed out with its last status', async () => {
	const before = (await server.executions(LIMITED)).length;
	const response = await fetch(`http://127.0.0.1:${server.port}/webhook/talkover-unreachable`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ leads: [{ to: '+15550019201', crmId: 'lead-a' }, { to: '+15550019202', crmId: 'lead-b' }] }),
	});
	expect(response.status).toBe(200);
	const waiting = await untilDefined('a waiting execution', async () => (await server.executionList(LIMITED, ['waiting'])).results[0]);
	const [webhook] = sandbox.webhooks.filter((w) => String(w.name).startsWith('n8n wait for outcome'));
	expect(String(webhook.webhook_url).startsWith(`${PUBLIC}/webhook-waiting/`)).toBe(true);
	const answered = sandbox.calls.find((c) => c.to === '+15550019201')!;
	const answers = await sandbox.endCallWithEvent(String(answered.id), { duration: 41 });
	expect(answers.map((a) => a.status)).toEqual([200]);
	sandbox.calls.find((c) => c.to === '+15550019202')!.status = 'ringing';
	const [done] = await server.waitForExecutions(LIMITED, before + 1, 150_000);
	expect([done.id, done.status]).toEqual([waiting.id, 'success']);
	const output = (await server.runData(done.id)).resultData.runData['Call and Wait'][0].data!.main[0]!;
	expect(output.map(({ json }) => [json.to, json.outcome, json.timedOut, json.status])).toEqual([
		['+15550019201', 'answered', false, 'completed'],
		['+15550019202', 'timedOut', true, 'ringing'],
	]);
	// The alarm came through Talkover (its test delivery of the wait's webhook).
	expect(sandbox.requestsTo('POST', `/api/v1/agents/${SALES_AGENT}/webhooks/${webhook.id}/test`).length).toBeGreaterThanOrEqual(1);
}, 200_000);
