/** A context whose HTTP answers are scripted: for unit tests of the transport without a server. */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { NODE } from './context';

export type Answer = { statusCode?: number; headers?: IDataObject; body?: unknown } | Error;

export function scripted(answers: Answer[]) {
	const requests: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiToken: 'talq_secret', baseUrl: ' http://talkover.test// ' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				requests.push(request);
				const answer = answers.shift();
				if (answer === undefined) throw new Error('no answer scripted');
				if (answer instanceof Error) throw answer;
				return { statusCode: 200, headers: {}, body: { success: true, data: {} }, ...answer };
			},
		},
	};
	return { ctx: ctx as never, requests };
}

/** An error as n8n's HTTP helper throws it for a network failure. */
export function networkFailure(code: string): Error {
	return Object.assign(new Error(`connect ${code}`), { cause: { code } });
}

/** A request to Talkover's API as a client sends it (here, to a sandbox at `baseUrl`): the status and the parsed JSON answer. */
export async function callApi(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const response = await fetch(`${baseUrl}/api/v1${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
