import type { IAdditionalCredentialOptions, IHttpRequestOptions } from 'n8n-workflow';

import type { Context } from './credential';
import { CREDENTIAL_TYPE } from './credential';
import type { TalkoverResponse } from './talkoverResponse';

/** One attempt of a request, sent through n8n's HTTP helpers: the only code that sends HTTP to Talkover. */

/**
 * Sends the request through n8n's credential helper, stoppable by `signal`. n8n (2.8) puts the
 * execution's cancel signal on every request of an execution, replacing ours: the helper is given a
 * view of the context whose cancel signal is this one (which follows the execution's cancel signal).
 */
export async function send(ctx: Context, request: IHttpRequestOptions, signal: AbortSignal, asAccount?: IAdditionalCredentialOptions): Promise<TalkoverResponse> {
	request.abortSignal = signal;
	const view = new Proxy(ctx, {
		get(target, property) {
			if (property === 'getExecutionCancelSignal') return () => signal;
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
	return (await ctx.helpers.httpRequestWithAuthentication.call(view, CREDENTIAL_TYPE, request, asAccount)) as TalkoverResponse;
}

/** `send` for a detached request (RequestSettings.detached): n8n's plain HTTP helper, the credential's header written here. */
export async function sendDetached(ctx: Context, request: IHttpRequestOptions, signal: AbortSignal, token: string): Promise<TalkoverResponse> {
	return (await ctx.helpers.httpRequest({ ...request, abortSignal: signal, headers: { ...request.headers, Authorization: `Bearer ${token}` } })) as TalkoverResponse;
}
