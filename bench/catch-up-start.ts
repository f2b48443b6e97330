/**
 * `npm run bench:catch-up-start`: a start of a real n8n (`n8n start`, the packed package, the line
 * TALKOVER_N8N_LINE picks) with a Talkover Trigger whose webhook has --events events (default 1,000) that
 * failed while n8n was down (each as --attempts log entries, default 4), Catch Up Missed Events 24 hours,
 * and a second trigger workflow with nothing to catch up: when n8n answers its editor, when each trigger's
 * activation reads Talkover, when the retries start and end, when the last event's execution has finished.
 * Talkover's rate limit (--limit a minute, default 100) and answer time (300 ms) are scaled by --scale
 * (default 10) as in bench/catch-up.ts. Prints figures; passes or fails nothing. Not part of `npm test`.
 */
import type { IDataObject } from 'n8n-workflow';

import { SALES_AGENT, SUPPORT_AGENT, TOKEN } from '../test/helpers/fixtures';
import { N8nServer, RealN8n, talkoverTriggerWorkflow } from '../test/e2e/real-n8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import { numberFlag } from './flags';
import { logBusyHourWhileDown } from '../test/helpers/catchUp';

const EVENTS = numberFlag('events', 1000);
const ATTEMPTS = numberFlag('attempts', 4);
const LIMIT = numberFlag('limit', 100);
const SCALE = numberFlag('scale', 10);

const CATCHING = { workflow: 'benchCatchUp', webhookId: 'b0a1b2c3-0000-4000-8000-00000000b001', agent: SALES_AGENT };
const OTHER = { workflow: 'benchOther', webhookId: 'b0a1b2c3-0000-4000-8000-00000000b002', agent: SUPPORT_AGENT };

function workflow(t: typeof CATCHING, hours: number) {
	const file = talkoverTriggerWorkflow(t.workflow, t.webhookId, 'benchTalkover', t.agent);
	const node = file.nodes[0] as { parameters: IDataObject };
	node.parameters = { ...node.parameters, options: { catchUpHours: hours } };
	return file;
}

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	const n8n = new RealN8n();
	await n8n.setUp();
	n8n.env = { ...n8n.env, N8N_LOG_LEVEL: 'warn' };
	n8n.importCredentials([{ id: 'benchTalkover', name: 'Talkover API', type: 'talkoverApi', data: { apiToken: TOKEN, baseUrl: sandbox.url } }]);
	n8n.importWorkflows([workflow(CATCHING, 24), workflow(OTHER, 0)]);
	const server = new N8nServer(n8n);
	await server.start();
	await server.activate(CATCHING.workflow);
	await server.activate(OTHER.workflow);
	await server.stop();
	const webhook = sandbox.webhooks.find((w) => w.agent_id === CATCHING.agent)!;
	logBusyHourWhileDown(sandbox, webhook.id, EVENTS, ATTEMPTS);
	// From now on (a reset would forget the webhooks and their logs).
	sandbox.setRateLimit({ limit: LIMIT, windowMs: 60_000 / SCALE });
	sandbox.latencyMs = 300 / SCALE;
	const before = sandbox.requests.length;
	const spawned = Date.now();
	await server.start();
	const ready = Date.now() - spawned;
	// The editor's first requests: its settings, then the signed-in user's workflows.
	const asked = Date.now();
	await server.rest('GET', '/rest/settings');
	await server.rest('GET', '/rest/workflows');
	const editor = Date.now() - spawned;
	const editorAnswer = Date.now() - asked;
	const deadline = Date.now() + 30 * 60_000;
	let finished = 0;
	while (finished < EVENTS && Date.now() < deadline) {
		finished = (await server.executionList(CATCHING.workflow, ['success', 'error', 'canceled', 'crashed'])).count;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const allRan = Date.now() - spawned;
	const seen = sandbox.requests.slice(before);
	const at = (r: { at?: number }) => (r.at ?? 0) - spawned;
	const of = (agent: string) => seen.filter((r) => r.path.startsWith(`/api/v1/agents/${agent}/`));
	const reads = of(CATCHING.agent).filter((r) => r.method === 'GET' && r.path.endsWith('/logs'));
	const retries = of(CATCHING.agent).filter((r) => r.method === 'POST' && r.path.endsWith('/retry'));
	const other = of(OTHER.agent);
	const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
	const row = (name: string, value: string) => process.stdout.write(`| ${name.padEnd(52)} | ${value.padEnd(22)} |\n`);
	process.stdout.write(`\nA start of n8n ${process.env.TALKOVER_N8N_LINE ?? '2.8'} with ${EVENTS} events to catch up (${EVENTS * ATTEMPTS} log entries), ${LIMIT}/min scaled 1:${SCALE}\n\n`);
	row('From `n8n start`', 'Measured');
	row('---', '---');
	row('n8n ready (/healthz/readiness) and signed in', s(ready));
	row('Editor answered (settings, workflows)', `${s(editor)} (${editorAnswer} ms)`);
	row('Catching trigger: first log page read', reads.length ? s(at(reads[0])) : '—');
	row('Catching trigger: last log page read', reads.length ? s(at(reads[reads.length - 1])) : '—');
	row('Other trigger: activation read its webhooks', other.length ? s(at(other[0])) : '—');
	row('First retry asked', retries.length ? s(at(retries[0])) : '—');
	row('Last retry asked', retries.length ? s(at(retries[retries.length - 1])) : '—');
	row('Every event’s execution finished', `${s(allRan)} (${finished} of ${EVENTS})`);
	row('Log pages read / retries asked / 429s', `${reads.length} / ${retries.length} / ${sandbox.rateLimited}`);
	await server.stop();
	await sandbox.stop();
	n8n.tearDown();
	process.exit(0);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
