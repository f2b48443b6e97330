import type { IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maskedError } from './secrets';
import type { Context, ReaderOf, RequestOptions, TalkoverAnswer } from './transport';
import { talkoverAnswer } from './transport';

/** The 2xx statuses Talkover sends with a body (answer.ts): each may say `success: false`. */
const ANSWERED_2XX = [200, 201, 202];

/**
 * A request made while activating or deactivating. A 2xx whose body says the request failed
 * (`success: false`, or problems listed) is an error whose message carries Talkover's words: n8n shows
 * only the message when an activation fails, and nothing of such an answer is used (no ID kept, nothing
 * taken as gone or deleted). `doing` names the request ("registering the webhook"), `then` what to do.
 * The answer is read by `read`, the reader of the route. `secret`, one the request gives Talkover, leaves
 * every error of the request through the one masking step (whole, JSON-escaped or cut by a clip).
 */
export async function confirmedRequest<T>(
	ctx: Context,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions & { read: ReaderOf<T>; doing: string; then?: string; secret?: string },
): Promise<TalkoverAnswer<T>> {
	const { doing, then, secret, ...request } = options;
	try {
		const response = await talkoverAnswer(ctx, method, path, { ...request, handleStatuses: [...(request.handleStatuses ?? []), ...ANSWERED_2XX] });
		const { failure, statusCode } = response;
		if (failure && statusCode >= 200 && statusCode < 300) {
			const said = failure.message ? `: "${failure.message}"` : '';
			const details = [...failure.lines, failure.code ? `Error code: ${failure.code}` : '', then ?? ''].filter(Boolean);
			throw new NodeOperationError(ctx.getNode(), `Talkover answered that ${doing} failed (HTTP ${statusCode})${said}`, {
				description: `The request was ${method} ${path}.${details.length ? `\n${details.join('\n')}` : ''}`,
			});
		}
		return response;
	} catch (error) {
		throw secret && error !== null && typeof error === 'object' ? maskedError(error, { values: [secret] }) : error;
	}
}

