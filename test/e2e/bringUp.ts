/**
 * The bring-up every e2e and queue file shares: the Talkover sandbox (and, for a file whose AI Agent needs one,
 * a scripted model), then n8n with the file's credentials (given the sandbox's and the model's URLs) and
 * workflows, started (`n8n start` for the e2e files, the queue cluster for the queue files), then the workflows
 * the file publishes before its tests. One `stop()` ends all of it, and a bring-up that fails part way stops
 * what it had started before it throws.
 */
import * as path from 'node:path';
import { stopN8nTimers } from '../helpers/n8n';
import type { ClusterOptions } from '../queue/cluster';
import { QueueCluster } from '../queue/cluster';
import { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { WorkflowFile } from './real-n8n';
import { N8nServer, RealN8n } from './real-n8n';
import type { ChatRequest, Step } from './scripted-model';
import { ScriptedModel } from './scripted-model';

type CredentialFile = Parameters<RealN8n['importCredentials']>[0][number];

export interface BringUpOptions {
	/** The API tokens the sandbox accepts. */
	tokens: string[];
	/** The sandbox's other options. */
	sandbox?: Omit<NonNullable<ConstructorParameters<typeof TalkoverSandbox>[0]>, 'tokens'>;
	/** A scripted model's script: the model is started and its URL given to `credentials`. */
	model?: (request: ChatRequest) => Step;
	/** Done with the sandbox once it runs, before n8n is set up. */
	beforeN8n?: (sandbox: TalkoverSandbox) => void;
	/** The credentials, under the IDs the workflows name them by. */
	credentials: (urls: { sandbox: string; model: string }) => CredentialFile[];
	workflows: WorkflowFile[];
	/** Workflows published (as the editor does) once n8n runs, in this order. */
	activate?: string[];
}

export interface E2eBringUpOptions extends BringUpOptions {
	/** Added to n8n's environment (e.g. N8N_LOG_LEVEL). */
	env?: Record<string, string>;
	/** Gets n8n's stdout and stderr at each start. */
	onOutput?: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => void;
	/** false: n8n is set up, not started (the file starts it, and publishes, itself). */
	start?: boolean;
	/** n8n runs the package's stop hook (its file in the installed package named in EXTERNAL_HOOK_FILES, as docs/installation.md tells a self-hosted n8n to). */
	stopHook?: boolean;
}

export interface BroughtUp {
	sandbox: TalkoverSandbox;
	/** The scripted model, when `model` was given. */
	model: ScriptedModel | undefined;
	stop(): Promise<void>;
}

/** The sandbox and the model, and a stop for them that also clears what n8n's libraries left running in jest's process. */
async function startServices(options: BringUpOptions): Promise<BroughtUp> {
	const up: BroughtUp = {
		sandbox: undefined as unknown as TalkoverSandbox,
		model: undefined,
		stop: async () => {
			await up.model?.stop();
			await up.sandbox?.stop();
			stopN8nTimers();
		},
	};
	try {
		up.sandbox = await new TalkoverSandbox({ ...options.sandbox, tokens: options.tokens }).start();
		if (options.model) up.model = await new ScriptedModel(options.model).start();
		options.beforeN8n?.(up.sandbox);
	} catch (error) {
		await up.stop();
		throw error;
	}
	return up;
}

/** Runs `step`; if it throws, `stop` first. */
async function orStop<T>(stop: () => Promise<void>, step: () => Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (error) {
		await stop();
		throw error;
	}
}

/** An e2e file's sandbox, model and n8n (`n8n start` with the file's credentials and workflows). */
export async function bringUp(options: E2eBringUpOptions): Promise<BroughtUp & { n8n: RealN8n; server: N8nServer }> {
	const services = await startServices(options);
	const n8n = new RealN8n();
	const server = new N8nServer(n8n, options.onOutput ? { onOutput: options.onOutput } : {});
	// As the cluster's: n8n first (its folder with it), then what it talked to.
	const stop = async () => {
		await server.stop();
		n8n.tearDown();
		await services.stop();
	};
	await orStop(stop, async () => {
		await n8n.setUp();
		if (options.env) n8n.env = { ...n8n.env, ...options.env };
		if (options.stopHook) n8n.env = { ...n8n.env, EXTERNAL_HOOK_FILES: path.join(n8n.folder, '.n8n/nodes/node_modules/n8n-nodes-talkover/dist/nodes/TalkoverTrigger/externalHooks.js') };
		n8n.importCredentials(options.credentials({ sandbox: services.sandbox.url, model: services.model?.url ?? '' }));
		n8n.importWorkflows(options.workflows);
		if (options.start === false) return;
		await server.start();
		for (const id of options.activate ?? []) await server.activate(id);
	});
	return { ...services, n8n, server, stop };
}

/** A queue file's sandbox, model and n8n in queue mode (QueueCluster) with the file's credentials and workflows. */
export async function bringUpCluster(options: BringUpOptions & { cluster?: ClusterOptions }): Promise<BroughtUp & { cluster: QueueCluster }> {
	const services = await startServices(options);
	const cluster = new QueueCluster(options.cluster);
	const stop = async () => {
		await cluster.stop();
		await services.stop();
	};
	await orStop(stop, async () => {
		await cluster.prepare();
		cluster.importCredentials(options.credentials({ sandbox: services.sandbox.url, model: services.model?.url ?? '' }));
		cluster.importWorkflows(options.workflows);
		await cluster.start();
		for (const id of options.activate ?? []) await cluster.main.activate(id);
	});
	return { ...services, cluster, stop };
}
