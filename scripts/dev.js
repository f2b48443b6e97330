/**
 * `npm run dev`: a real n8n on 127.0.0.1 with this package installed, a local Talkover sandbox, a
 * "Talkover API" credential pointing at it and the example workflows imported. Open the printed URL,
 * sign in with the printed e-mail and password, open an example, click Execute. Ctrl-C stops it all.
 *
 * `npm run dev -- --real` (or TALKOVER_REAL=1): no sandbox. With TALKOVER_API_TOKEN set, the credential
 * uses that token and TALKOVER_BASE_URL (default https://app.talkover.ai); without it, no credential is
 * imported and you create one in the editor.
 *
 * Environment: N8N_PORT (default 5678), TALKOVER_SANDBOX_PORT (default 5679), TALKOVER_DEV_FOLDER
 * (n8n's data folder, default .n8n-dev/ in the project; kept between runs), TALKOVER_N8N_LINE (which n8n:
 * 2.8 (default), next or lts, the 1.x line; see scripts/n8n-host.js). The data folder's default is one per
 * line (.n8n-dev/, .n8n-dev-next/, .n8n-dev-lts/): n8n does not migrate a database back to an older version.
 * TALKOVER_EXAMPLES_ANY_HOUR=1 opens the examples' Calling Hours to every minute of every day (the browser
 * suite sets it: n8n runs on the real clock, and no outcome of a test may depend on when it runs).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const { freePort } = require('./free-port');
const { LINE, ROOT, ensureN8n, installPackage, n8nCli, n8nEnv, ownerSession, startN8n, stopProcess, wantedVersion } = require('./n8n-host');

const OWNER = { email: 'dev@talkover.local', firstName: 'Talkover', lastName: 'Developer', password: 'Talkover-dev-1' };
const CREDENTIAL_ID = 'talkover-sandbox';
const SANDBOX_TOKEN = 'talq_test_token';

function say(text) {
	process.stdout.write(`${text}\n`);
}

/**
 * n8n's own lines, passed through, except one that alarms for nothing and that no n8n setting turns off:
 * n8n 2.8 always tries to start a Python task runner and warns when there is no Python virtualenv (only
 * the Code node's Python mode needs it; JavaScript Code nodes and this package do not).
 */
const QUIET = [/^Failed to start Python task runner in internal mode/];
function forward(stream, to) {
	readline.createInterface({ input: stream }).on('line', (line) => {
		if (!QUIET.some((pattern) => pattern.test(line))) to.write(`${line}\n`);
	});
}

function fail(step, result) {
	throw new Error(`${step} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
}

/** The example workflows as n8n imports them: a fixed id each (n8n ids are at most 21 characters). */
function exampleWorkflows() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file, i) => ({ id: `talkoverSample${i + 1}`, active: false, settings: {}, ...JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }))
		.map((workflow) => (/^(1|true|yes)$/i.test(process.env.TALKOVER_EXAMPLES_ANY_HOUR ?? '') ? anyHour(workflow) : workflow));
}

/** The workflow with every Calling Hours option open all day, every day (the lead's time zone is still read). */
function anyHour(workflow) {
	for (const node of workflow.nodes) {
		const hours = node.parameters?.options?.callingHours?.hours;
		if (hours) Object.assign(hours, { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], from: '00:00', to: '24:00' });
	}
	return workflow;
}

const running = { sandbox: undefined, n8n: undefined, stopping: false };

/** Stops n8n and the sandbox (whatever of them was started), then exits. */
async function stopAll(code) {
	if (running.stopping) return;
	running.stopping = true;
	say('\nStopping n8n and the sandbox…');
	await stopProcess(running.n8n);
	if (running.sandbox) await running.sandbox.stop();
	say('Stopped.');
	process.exit(code);
}

async function main() {
	const real = process.argv.includes('--real') || /^(1|true|yes)$/i.test(process.env.TALKOVER_REAL ?? '');
	const port = Number(process.env.N8N_PORT ?? 5678);
	const sandboxPort = Number(process.env.TALKOVER_SANDBOX_PORT ?? 5679);
	const userFolder = path.resolve(process.env.TALKOVER_DEV_FOLDER ?? path.join(ROOT, LINE === '2.8' ? '.n8n-dev' : `.n8n-dev-${LINE}`));
	fs.mkdirSync(userFolder, { recursive: true });

	const started = Date.now();
	ensureN8n();
	say('Packing n8n-nodes-talkover and installing it into n8n…');
	installPackage(userFolder);
	const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort()) });

	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	let credential;
	if (!real) {
		const { TalkoverSandbox } = require(path.join(ROOT, 'test/sandbox/talkover-sandbox.js'));
		running.sandbox = await new TalkoverSandbox({ tokens: [SANDBOX_TOKEN] }).start(sandboxPort);
		// The call-and-wait example's test call ends by itself, so Execute workflow shows its outcome.
		running.sandbox.endWaitedTestCallsAfterMs = 3000;
		credential = { apiToken: SANDBOX_TOKEN, baseUrl: running.sandbox.url };
	} else if (process.env.TALKOVER_API_TOKEN) {
		credential = { apiToken: process.env.TALKOVER_API_TOKEN, baseUrl: process.env.TALKOVER_BASE_URL ?? 'https://app.talkover.ai' };
	}

	const imports = fs.mkdtempSync(path.join(userFolder, 'import-'));
	if (credential) {
		const file = path.join(imports, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify([{ id: CREDENTIAL_ID, name: 'Talkover API', type: 'talkoverApi', data: credential }]));
		const result = n8nCli(['import:credentials', `--input=${file}`], env);
		if (result.status !== 0) fail('Importing the credential', result);
	}
	const workflows = path.join(imports, 'workflows.json');
	const examples = exampleWorkflows();
	say(`Importing ${credential ? 'the "Talkover API" credential and ' : ''}${examples.length} example workflows…`);
	fs.writeFileSync(workflows, JSON.stringify(examples));
	const imported = n8nCli(['import:workflow', `--input=${workflows}`], env);
	if (imported.status !== 0) fail('Importing the example workflows', imported);
	fs.rmSync(imports, { recursive: true, force: true });

	say('Starting n8n…');
	running.n8n = await startN8n(env, port, {
		onOutput(stdout, stderr) {
			forward(stdout, process.stdout);
			forward(stderr, process.stderr);
		},
	});
	running.n8n.once('exit', (code) => void stopAll(code ?? 1));
	// A kept data folder whose owner changed the password: the editor asks for it instead.
	const signedIn = await ownerSession(port, OWNER).then(
		() => true,
		() => false,
	);

	say('');
	say(`n8n ${wantedVersion()} is ready with n8n-nodes-talkover (in ${Math.round((Date.now() - started) / 1000)} s): http://127.0.0.1:${port}`);
	say(signedIn ? `Sign in: ${OWNER.email} / ${OWNER.password}` : `Sign in with the owner account of ${userFolder} (not the default password any more).`);
	if (running.sandbox) say(`Talkover sandbox: ${running.sandbox.url} (credential "Talkover API", token ${SANDBOX_TOKEN}; no real calls, no credits)`);
	else if (credential) say(`Credential "Talkover API" uses your token at ${credential.baseUrl}: calls are real unless Test Call is on.`);
	else say('Real mode without TALKOVER_API_TOKEN: create a "Talkover API" credential in the editor.');
	say('Example workflows (open one and click Execute workflow):');
	for (const example of examples) say(`  ${example.name}: http://127.0.0.1:${port}/workflow/${example.id}`);
	say('Ctrl-C stops everything.');
	say('READY');
}

main().catch((error) => {
	process.stderr.write(`npm run dev: ${error.message ?? error}\n`);
	void stopAll(1);
});
