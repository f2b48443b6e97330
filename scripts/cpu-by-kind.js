#!/usr/bin/env node
/**
 * Where a CI run's processor time goes: samples every process's own CPU time (user + system, from /proc) once a
 * second until it gets SIGTERM, and writes, to the file given, the core-seconds spent by each kind of process (n8n's
 * main process, its workers, webhook processes and task runners; jest; Chromium; PostgreSQL; Redis; …) in each group
 * of processes, with how many processes of that kind ran, and how much of the machine's time was idle.
 *
 *   node scripts/cpu-by-kind.js <report file> [<groups file>]
 *
 * <groups file> (read at each report) names process groups, a line "<group id> <name>" each (.ci/run writes its
 * lanes' there); a process in no named group counts under "other groups" (the unit tests, lint, the installs).
 * The report is written again every 10 s and when the sampler ends, so a run that is stopped still leaves one.
 * A process that lives less than a second between two samples is not seen: the figures are a lower bound.
 * Linux only: elsewhere it writes that it measured nothing.
 */
'use strict';
const fs = require('node:fs');
const { setInterval, clearInterval } = require('node:timers');

const TICKS = 100; // USER_HZ: /proc's clock ticks per second on Linux

/** The kind of process a command line is. */
function kindOf(cmdline) {
	const n8n = /\/n8n\/bin\/n8n (start|worker|webhook)\b/.exec(cmdline);
	if (n8n) return { start: 'n8n main', worker: 'n8n worker', webhook: 'n8n webhook process' }[n8n[1]];
	if (/\/n8n\/bin\/n8n /.test(cmdline)) return 'n8n CLI (import, database)';
	if (/task-runner|@n8n\/task-runner/.test(cmdline)) return 'n8n task runner';
	if (/jest/.test(cmdline)) return 'jest (tests, sandbox)';
	if (/chrom/i.test(cmdline)) return 'Chromium';
	if (/postgres/.test(cmdline)) return 'PostgreSQL';
	if (/redis/.test(cmdline)) return 'Redis';
	if (/verdaccio/.test(cmdline)) return 'Verdaccio';
	if (/\btsc\b/.test(cmdline)) return 'tsc';
	if (/eslint|n8n-node lint/.test(cmdline)) return 'lint';
	if (/\bnpm\b|npm-cli/.test(cmdline)) return 'npm';
	return 'other';
}

function readProcStat() {
	const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
}

/** Samples until SIGTERM, writing the report to `report` every 10 s and at the end. */
function run(report, groupsFile) {
	function groupNames() {
		const names = new Map();
		if (!groupsFile) return names;
		try {
			for (const line of fs.readFileSync(groupsFile, 'utf8').split('\n')) {
				const [group, ...name] = line.trim().split(/\s+/);
				if (group && name.length > 0) names.set(group, name.join(' '));
			}
		} catch {
			// not written yet
		}
		return names;
	}

	/** Per process (pid and start time, so a reused pid is another process): its kind, group and last CPU ticks. */
	const seen = new Map();
	/** Ticks by "<group id>\t<kind>", and how many processes. */
	const ticks = new Map();
	const processes = new Map();
	let first;
	/** True during the first sample: what a process spent before it is not this run's. */
	let baseline = true;

	function sample() {
		let pids;
		try {
			pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
		} catch {
			return;
		}
		for (const pid of pids) {
			let fields;
			try {
				const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
				fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			} catch {
				continue;
			}
			// Fields from the state on (man 5 proc): pgrp is the 3rd, utime the 12th, stime the 13th, starttime the 20th.
			const key = `${pid}:${fields[19]}`;
			const now = Number(fields[11]) + Number(fields[12]);
			let entry = seen.get(key);
			if (!entry) {
				let cmdline = '';
				try {
					cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
				} catch {
					continue;
				}
				entry = { slot: `${fields[2]}\t${kindOf(cmdline)}`, last: baseline ? now : 0 };
				seen.set(key, entry);
				processes.set(entry.slot, (processes.get(entry.slot) ?? 0) + 1);
			}
			ticks.set(entry.slot, (ticks.get(entry.slot) ?? 0) + (now - entry.last));
			entry.last = now;
		}
	}

	function write() {
		sample();
		const names = groupNames();
		// Every named group is shown, a lane whose processes were never sampled (under a second) with 0.
		const byGroup = new Map([...names.values()].map((name) => [name, new Map()]));
		for (const [slot, spent] of ticks) {
			const [group, kind] = slot.split('\t');
			const name = names.get(group) ?? 'other groups';
			const kinds = byGroup.get(name) ?? new Map();
			const was = kinds.get(kind) ?? { spent: 0, count: 0 };
			kinds.set(kind, { spent: was.spent + spent, count: was.count + (processes.get(slot) ?? 0) });
			byGroup.set(name, kinds);
		}
		const now = readProcStat();
		const total = now.total - first.total;
		const lines = [];
		let all = 0;
		for (const [name, kinds] of [...byGroup].sort((a, b) => a[0].localeCompare(b[0]))) {
			const sum = [...kinds.values()].reduce((a, k) => a + k.spent, 0);
			all += sum;
			lines.push(`${name}: ${Math.round(sum / TICKS)} core-seconds`);
			for (const [kind, k] of [...kinds].sort((a, b) => b[1].spent - a[1].spent)) {
				if (k.spent >= TICKS) lines.push(`  ${String(Math.round(k.spent / TICKS)).padStart(6)} s  ${kind} (${k.count} process${k.count === 1 ? '' : 'es'})`);
			}
		}
		const cores = Math.round(total / TICKS / Math.max(1, (Date.now() - startedAt) / 1000));
		lines.push(`all: ${Math.round(all / TICKS)} core-seconds in ${Math.round((Date.now() - startedAt) / 1000)} s on ${cores} cores, idle ${total > 0 ? ((100 * (now.idle - first.idle)) / total).toFixed(1) : '0.0'} % of the machine's time`);
		fs.writeFileSync(report, `${lines.join('\n')}\n`);
	}

	const startedAt = Date.now();
	try {
		first = readProcStat();
	} catch {
		fs.writeFileSync(report, 'processor time not measured: no /proc/stat here\n');
		process.exit(0);
	}
	sample();
	baseline = false;
	const sampling = setInterval(sample, 1000);
	const writing = setInterval(write, 10_000);
	process.on('SIGTERM', () => {
		clearInterval(sampling);
		clearInterval(writing);
		write();
		process.exit(0);
	});
}

if (require.main === module) {
	const [report, groupsFile] = process.argv.slice(2);
	if (!report) {
		console.error('usage: node scripts/cpu-by-kind.js <report file> [<groups file>]');
		process.exit(2);
	}
	run(report, groupsFile);
}

module.exports = { kindOf };
