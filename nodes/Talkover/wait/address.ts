import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The address Talkover delivers a waiting call's events to: the execution's resume address (n8n's
 * `$execution.resumeUrl`, with the token n8n 2.3x+ adds in its query) and this node's ID as the path's
 * last part, the path of the node's waiting webhook (so a late event never resumes a later wait of the
 * same execution in another node).
 */
export function waitAddress(ctx: IExecuteFunctions): string {
	const resumeUrl = ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	let url: URL;
	try {
		url = new URL(String(resumeUrl));
	} catch {
		throw new NodeOperationError(ctx.getNode(), `n8n gave no address to resume this execution at ("${String(resumeUrl)}"), so the node cannot wait for the call's outcome`, {
			description: "Check n8n's WEBHOOK_URL setting: Talkover must be able to reach this n8n.",
		});
	}
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(ctx.getNode().id)}`;
	return url.href;
}

/** What the node answers (404) at its address when no wait of its own is there: read by a later wait's sweep. */
export const NO_WAIT_HERE = 'Not found: no wait for a call outcome here';
