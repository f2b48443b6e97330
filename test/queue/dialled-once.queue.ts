/**
 * Every lead dialled once however n8n runs the node again (the table of test/e2e/dialledOnce.ts), in n8n's
 * queue mode (test/queue/cluster.ts): the executions run on the workers, the CRM's webhooks and the calls'
 * ends reach the webhook process, and a crash is every worker killed while one places the calls (then the
 * workers and main are started again, and main's executions list offers the Retry).
 */
import { stopN8nTimers } from '../helpers/n8n';
import { TOKEN } from '../helpers/fixtures';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { N8nUnderTest } from '../e2e/dialledOnce';
import { dialledOnceCredentials, dialledOnceTable, dialledOnceWorkflows, script } from '../e2e/dialledOnce';
import { ScriptedModel } from '../e2e/scripted-model';
import { QueueCluster } from './cluster';

let sandbox: TalkoverSandbox;
let model: ScriptedModel;
let cluster: QueueCluster;

beforeAll(async () => {
	sandbox = await new TalkoverSandbox({ tokens: [TOKEN] }).start();
	model = await new ScriptedModel(script).start();
	cluster = new QueueCluster({ workers: 2, concurrency: 5 });
	await cluster.prepare();
	cluster.importCredentials(dialledOnceCredentials(sandbox.url, model.url));
	const workflows = dialledOnceWorkflows();
	cluster.importWorkflows(workflows);
	await cluster.start();
	for (const workflow of workflows) await cluster.main.activate(workflow.id);
}, 900_000);

afterAll(async () => {
	await cluster?.stop();
	await model?.stop();
	await sandbox?.stop();
	stopN8nTimers();
}, 120_000);

dialledOnceTable(
	(): N8nUnderTest => ({
		sandbox,
		server: cluster.main,
		webhookPort: cluster.webhookPort,
		crash: async () => await cluster.killWorkers(),
		restart: async () => {
			await cluster.startWorkers();
			// Main marks what the killed workers left running as crashed when it starts.
			await cluster.main.stop();
			await cluster.main.start();
		},
	}),
);
