/**
 * Every lead dialled once however n8n runs the node again (the table of dialledOnce.ts), in a real n8n in
 * regular mode (`n8n start`, the packed package): a crash is this one process killed (and, for the crash n8n
 * kept no data of, its event log deleted); MCP clients reach the same process.
 */
import type { ChildProcess } from 'node:child_process';

import { stopN8nTimers } from '../helpers/n8n';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { N8nUnderTest } from './dialledOnce';
import { dialledOnceCredentials, dialledOnceTable, dialledOnceTokens, dialledOnceWorkflows, script } from './dialledOnce';
import { deleteEventLogs, N8nServer, RealN8n } from './real-n8n';
import { ScriptedModel } from './scripted-model';

let sandbox: TalkoverSandbox;
let model: ScriptedModel;
let n8n: RealN8n;
let server: N8nServer;

beforeAll(async () => {
	sandbox = await new TalkoverSandbox({ tokens: dialledOnceTokens() }).start();
	model = await new ScriptedModel(script).start();
	n8n = new RealN8n();
	await n8n.setUp();
	n8n.env = { ...n8n.env, N8N_LOG_LEVEL: 'warn' };
	n8n.importCredentials(dialledOnceCredentials(sandbox.url, model.url));
	const workflows = dialledOnceWorkflows();
	n8n.importWorkflows(workflows);
	server = new N8nServer(n8n);
	await server.start();
	for (const workflow of workflows) await server.activate(workflow.id);
}, 900_000);

afterAll(async () => {
	await server?.stop();
	await model?.stop();
	await sandbox?.stop();
	n8n?.tearDown();
	stopN8nTimers();
});

dialledOnceTable(
	(): N8nUnderTest => ({
		sandbox,
		server,
		get webhookPort() {
			return server.port;
		},
		get mcpPort() {
			return server.port;
		},
		crash: async ({ keepEventLog = true } = {}) => {
			const child = server.process as ChildProcess;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
			server.process = undefined;
			// n8n writes its event log in its user folder: without it, n8n marks the execution crashed with no run data.
			if (!keepEventLog) expect(deleteEventLogs([n8n.folder]).length).toBeGreaterThan(0);
		},
		restart: async () => await server.start(),
		stopAndStart: async () => {
			await server.stop();
			await server.start();
		},
	}),
);
