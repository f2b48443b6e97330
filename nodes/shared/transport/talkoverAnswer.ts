import type { IHttpRequestMethods } from 'n8n-workflow';

import type { AnswerReader } from '../answers/reader';
import { readAnswer } from '../answers/reader';
import type { Expected } from './answer';
import type { Context } from './credential';
import type { RequestOptions } from './requestOptions';
import { sendRequest } from './request';
import type { TalkoverResponse } from './talkoverResponse';

/**
 * A response read by its reader (`read`): what the reader took out of the body (`value`), never the body.
 * With `failure` (a status the caller handles) or `goneAfterRetry` the body is not read and `value` is
 * undefined.
 */
export type TalkoverAnswer<T> = Omit<TalkoverResponse, 'body'> & { value: T };

/** How a request's answer is read: a reader of its route, with the shape the transport checks first (answers/shape.ts). */
export type ReaderOf<T> = AnswerReader<T> & { readonly expect?: Expected };

/**
 * Sends one request (sendRequest) and reads its answer with `read`, the reader of its route: the reader's
 * `expect` is checked first, with the status (./answer), then the reader takes its value out of the body.
 * The caller gets that value, never the body (TalkoverAnswer). A plain function of the context (not called
 * with `.call`), so that the value's type is the reader's.
 */
export async function talkoverAnswer<T>(ctx: Context, method: IHttpRequestMethods, path: string, options: RequestOptions & { read: ReaderOf<T> }): Promise<TalkoverAnswer<T>> {
	const { read, ...rest } = options;
	const response = await sendRequest.call(ctx, method, path, { ...rest, expect: read.expect });
	// The body stays here: the caller gets the reader's value.
	const answer: Omit<TalkoverResponse, 'body'> & { body?: unknown } = { ...response };
	delete answer.body;
	if (answer.failure || answer.goneAfterRetry) return { ...answer, value: undefined as T };
	return { ...answer, value: readAnswer(ctx.getNode(), response, read, { method, path, itemIndex: options.itemIndex }) };
}
