/**
 * `npm run bench:catch-up`: what catching up costs (Talkover Trigger → Options → Catch Up Missed Events):
 * --events events (default 1,000) whose deliveries all failed while n8n was down, each logged as
 * --attempts entries (default 4: three `retrying`, then `failed`, as Talkover's three retries leave them),
 * caught up by one start of the trigger in n8n-core's engine (its own hooks, test/helpers/triggerInProcess.ts)
 * against the sandbox under a rate limit of --limit requests a minute (default 100: Talkover's Standard
 * plan). Prints figures, the process's CPU time among them (what the deliveries cost n8n, with --limit high
 * enough that the rate limit does not pace them); it passes or fails nothing. Not part of `npm test`.
 *
 * Time is scaled (--scale, default 10) as in bench/throughput.ts: a "minute" of the rate limit lasts 60 s /
 * scale and the answer time (300 ms) is divided by the scale; the figures are given scaled (measured) and
 * unscaled (× scale: what a real start would take). The time until n8n's editor answers after a start is
 * measured in a real n8n: bench/catch-up-start.ts.
 */

import { catchUpSettled } from '../nodes/TalkoverTrigger/catchUp/catchUp';
import { resetRateLimits, stopN8nTimers } from '../test/helpers/n8n';
import { DeliveryReceiver, TriggerInProcess } from '../test/helpers/triggerInProcess';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import { numberFlag } from './flags';
import { logBusyHourWhileDown } from '../test/helpers/catchUp';

const TOKEN = 'talq_test_token';

const EVENTS = numberFlag('events', 1000);
const ATTEMPTS = numberFlag('attempts', 4);
const LIMIT = numberFlag('limit', 100);
const SCALE = numberFlag('scale', 10);
const MINUTE = 60_000 / SCALE;

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	sandbox.options.rateLimit = { limit: LIMIT, windowMs: MINUTE };
	sandbox.options.latencyMs = 300 / SCALE;
	sandbox.reset();
	resetRateLimits();
	const receiver = await new DeliveryReceiver().start();
	const trigger = new TriggerInProcess(receiver, () => ({ apiToken: TOKEN, baseUrl: sandbox.url }), { catchUpHours: 24 });
	await trigger.activate();
	// Nothing received since it was activated: the log is read back the option's hours.
	logBusyHourWhileDown(sandbox, trigger.webhookId, EVENTS, ATTEMPTS);
	const before = sandbox.requests.length;
	const heapBefore = process.memoryUsage().heapUsed;
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	await trigger.activate();
	const held = Number(process.hrtime.bigint() - started) / 1e6;
	await catchUpSettled();
	const queued = Number(process.hrtime.bigint() - started) / 1e6;
	await sandbox.retriesSettled();
	while (trigger.executions.length < EVENTS && Number(process.hrtime.bigint() - started) / 1e6 < queued + 30_000) await new Promise((r) => setTimeout(r, 50));
	const delivered = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	const heapAfter = process.memoryUsage().heapUsed;
	const requests = sandbox.requests.slice(before);
	const reads = requests.filter((r) => r.method === 'GET' && r.path.endsWith('/logs')).length;
	const retries = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/retry')).length;
	const callIds = trigger.items.map((i) => String(i.call_id)).filter((id) => id !== 'live');
	const bound = ((reads + retries) / LIMIT) * MINUTE;
	const row = (name: string, value: string) => process.stdout.write(`| ${name.padEnd(46)} | ${value.padEnd(28)} |\n`);
	process.stdout.write(`\nCatching up ${EVENTS} events (${EVENTS * ATTEMPTS} log entries), ${LIMIT} requests/min, time scaled 1:${SCALE}\n\n`);
	row('Figure', 'Measured (unscaled)');
	row('---', '---');
	row('Log pages read (GET …/logs)', String(reads));
	row('Retries asked (POST …/retry)', String(retries));
	row('Other requests of the start', String(requests.length - reads - retries));
	row('429 answers', String(sandbox.rateLimited));
	row('Activation held (log read)', `${(held / 1000).toFixed(2)} s (${((held * SCALE) / 1000).toFixed(1)} s)`);
	row('Until every retry was queued', `${(queued / 1000).toFixed(1)} s (${((queued * SCALE) / 60_000).toFixed(1)} min)`);
	row('Rate-limit bound of those requests', `${(bound / 1000).toFixed(1)} s (${((bound * SCALE) / 60_000).toFixed(1)} min)`);
	row('Wall / bound', (queued / bound).toFixed(2));
	row('Until every event ran', `${(delivered / 1000).toFixed(1)} s`);
	row('Executions started (events)', `${callIds.length} (${new Set(callIds).size} distinct)`);
	row('Marked caught_up', String(trigger.items.filter((i) => i.caught_up === true).length));
	row('CPU time of the process (engine, trigger, sandbox)', `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${((cpu.user + cpu.system) / 1e3 / Math.max(1, callIds.length)).toFixed(1)} ms an event`);
	row('Heap growth (the harness keeps every item too)', `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB`);
	row('Static data after (bytes)', String(JSON.stringify(trigger.staticData).length));
	await receiver.stop();
	await sandbox.stop();
	stopN8nTimers();
}

main().catch((error) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
