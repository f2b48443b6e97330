/**
 * n8n's external hooks, for a self-hosted n8n that names this file in EXTERNAL_HOOK_FILES (README, "n8n stopping
 * within the 10 seconds"). n8n runs `n8n.stop` once when it is asked to stop (SIGTERM or SIGINT: a deploy, `docker
 * stop`, Ctrl+C), within its graceful shutdown and before it exits. The trigger's unpublishes still in their grace
 * (sources/unpublishLater.ts: the event webhooks, the agent tool's action) are deleted then, instead of never: the
 * stop waits for them at most UNPUBLISH_GRACE_MS. The nodes cannot hear the signal themselves (n8n's rules for
 * community nodes, and its scanner, forbid `process`); n8n loads this file with `require`, so it shares the
 * modules of the nodes n8n loaded from the same installed package. A kill (SIGKILL, a crash) runs nothing.
 */
import { deleteWaitingNow, UNPUBLISH_GRACE_MS } from './sources/unpublishLater';

export const n8n = {
	stop: [
		async (): Promise<void> => {
			await deleteWaitingNow(UNPUBLISH_GRACE_MS);
		},
	],
};
