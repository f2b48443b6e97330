/**
 * `npm run bench:wait-reads`: the Talkover requests Make and Wait for Outcome makes per call it waits on, in
 * n8n-core's engine (test/helpers/waitingN8n.ts) against the sandbox, on the test clock (no real waiting):
 * --calls leads alone (default 100, then 600), and 100 leads while the agent ends --others other calls (default
 * 2,000), their ends logged on the wait's webhook between the wait's own, a second apart. Counted: every request
 * from the calls' placing to the execution's end (log pages, list reads, the wait's webhooks deleted, alarms),
 * divided by the calls. Prints figures; passes or fails nothing. Not part of `npm test`.
 */
import type { IDataObject } from 'n8n-workflow';

import { setClock } from '../nodes/shared/transport';
import { byId, SALES_AGENT, TOKEN, until } from '../test/helpers/fixtures';
import { now, TestClock } from '../test/helpers/clock';
import { resetRateLimits, stopN8nTimers } from '../test/helpers/n8n';
import { WaitingN8n } from '../test/helpers/waitingN8n';
import { TalkoverSandbox } from '../test/sandbox/talkover-sandbox';
import { numberFlag } from './flags';

const OTHERS = numberFlag('others', 2000);

async function scenario(sandbox: TalkoverSandbox, n8n: WaitingN8n, leads: number, others: number, first: number): Promise<{ perCall: number; logPages: number; answered: number; seconds: number }> {
	const clock = new TestClock();
	const restore = setClock({ now: clock.now, sleep: clock.sleep, random: clock.random, alarm: clock.alarm });
	sandbox.reset();
	resetRateLimits();
	const started = process.hrtime.bigint();
	try {
		const numbers = Array.from({ length: leads }, (_, i) => `+1555${first + i}`);
		const execution = await n8n.run(
			numbers.map((to) => ({ to })),
			{ resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), to: '={{ $json.to }}', isTesting: true, waitLimit: 240 },
		);
		if (execution.status !== 'waiting') throw new Error(`the execution is ${execution.status}, not waiting`);
		const placed = sandbox.requests.length;
		const webhook = sandbox.webhooks.find((w) => String(w.name).startsWith('n8n wait for outcome'))!;
		const perEnd = Math.floor(others / leads);
		let other = 0;
		for (const to of numbers) {
			for (let i = 0; i < perEnd; i++) {
				clock.advance(1000);
				const id = `0ther000-0000-4000-8000-${String(other++).padStart(12, '0')}`;
				sandbox.logDelivery(String(webhook.id), { event: 'event_phone_call_ended', call_id: id, status: 'completed', duration: 10, ended_reason: 'customer_hangup' }, { status: 'success' });
			}
			clock.advance(1000);
			await sandbox.endCallWithEvent(String(sandbox.calls.find((c) => c.to === to)!.id), { duration: 30 });
		}
		await until(() => execution.status === 'success');
		await n8n.settled();
		const requests = sandbox.requests.slice(placed);
		const answered = (WaitingN8n.output(execution) as Array<{ json: IDataObject }>).filter(({ json }) => json.outcome === 'answered').length;
		return { perCall: requests.length / leads, logPages: requests.filter((r) => r.path.endsWith('/logs')).length, answered, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
	} finally {
		restore();
	}
}

async function main(): Promise<void> {
	const sandbox = await new TalkoverSandbox({ tokens: [TOKEN], now }).start();
	const n8n = await new WaitingN8n(() => ({ apiToken: TOKEN, baseUrl: sandbox.url })).start();
	const row = (cells: string[]) => process.stdout.write(`| ${cells[0].padEnd(46)} | ${cells.slice(1).map((c) => c.padEnd(16)).join(' | ')} |\n`);
	process.stdout.write('\nMake and Wait for Outcome: Talkover requests per call, from the placing to the execution’s end (n8n-core’s engine, test clock)\n\n');
	row(['Scenario', 'Requests / call', 'Log pages read', 'Answered', 'Wall (s)']);
	row(['---', '---', '---', '---', '---']);
	const scenarios: Array<[string, number, number]> = [
		['100 leads alone', 100, 0],
		['600 leads alone', 600, 0],
		[`100 leads, the agent ending ${OTHERS.toLocaleString('en-US')} other calls`, 100, OTHERS],
	];
	let first = 50090000;
	for (const [name, leads, others] of scenarios) {
		const figures = await scenario(sandbox, n8n, leads, others, first);
		first += 1000;
		row([name, figures.perCall.toFixed(2), String(figures.logPages), `${figures.answered} / ${leads}`, figures.seconds.toFixed(1)]);
	}
	await n8n.stop();
	await sandbox.stop();
	stopN8nTimers();
	process.exit(0);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	process.exit(1);
});
