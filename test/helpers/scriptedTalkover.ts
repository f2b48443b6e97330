/**
 * A node's context whose Talkover answers each request as a test scripts it (by its path and query), every request
 * recorded: for unit tests of code that reads Talkover's lists, without n8n or the sandbox
 * (test/Talkover/wait/logReads.test.ts, test/Talkover/wait/known.test.ts).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { NODE } from './context';

/** A request as Talkover receives it: its method, its path (`/api/v1/…`) and its query. */
export interface TalkoverRequest {
	method: string;
	path: string;
	qs: IDataObject;
}

/** Talkover's answer to a request: its status (200 unless given) and its body. */
export interface TalkoverAnswer {
	statusCode?: number;
	body?: unknown;
}

/** A context whose Talkover gives `answer(request)` to each request; `asked` holds the requests in order. */
export function scriptedTalkover(answer: (request: TalkoverRequest) => TalkoverAnswer) {
	const asked: TalkoverRequest[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiToken: 'talq_secret', baseUrl: 'http://talkover.test' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const sent: TalkoverRequest = { method: String(request.method), path: String(request.url).replace(/^https?:\/\/[^/]+/, ''), qs: { ...(request.qs as IDataObject) } };
				asked.push(sent);
				const { statusCode = 200, body } = answer(sent);
				return { statusCode, headers: {}, body };
			},
		},
	};
	return { ctx: ctx as never, asked };
}

/** Page `page` of a list of `entries` in pages of 100, as Talkover gives it (its `pagination` from the whole list). */
export function pageOf(entries: IDataObject[], page: number): TalkoverAnswer {
	const data = entries.slice((page - 1) * 100, page * 100);
	return { body: { success: true, data, pagination: { current_page: page, per_page: 100, total: entries.length, last_page: Math.max(1, Math.ceil(entries.length / 100)) } } };
}
