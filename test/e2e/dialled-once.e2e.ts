/**
 * Every lead dialled once however n8n runs the node again (the table of dialledOnce.ts), in a real n8n in
 * regular mode (`n8n start`, the packed package): a crash is this one process killed (and, for the crash n8n
 * kept no data of, its event log deleted); MCP clients reach the same process.
 */
import type { ChildProcess } from 'node:child_process';

import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import { bringUp } from './bringUp';
import type { N8nUnderTest } from './dialledOnce';
import { dialledOnceCredentials, dialledOnceTable, dialledOnceTokens, dialledOnceWorkflows, script } from './dialledOnce';
import type { N8nServer, RealN8n } from './real-n8n';
import { deleteEventLogs } from './real-n8n';

let sandbox: TalkoverSandbox;
let n8n: RealN8n;
let server: N8nServer;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
	const workflows = dialledOnceWorkflows();
	({ sandbox, n8n, server, stop } = await bringUp({
		tokens: dialledOnceTokens(),
		model: script,
		env: { N8N_LOG_LEVEL: 'warn' },
		credentials: (url) => dialledOnceCredentials(url.sandbox, url.model),
		workflows,
		activate: workflows.map((workflow) => workflow.id),
	}));
}, 900_000);

afterAll(async () => await stop?.());

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
