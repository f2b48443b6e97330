import type { IDataObject } from 'n8n-workflow';

import { EVENT_WEBHOOKS } from '../../shared/answers';
import { kindOf, unexpectedAnswerError } from '../../shared/transport';
import { hookTime } from '../hookTime';
import type { Ctx } from './common';
import { hookRequest, isObject } from './common';
import type { Source } from './eventSource';

/** An event source's webhooks in Talkover, as List Agent Webhooks and List Campaign Webhooks give them. */

export interface Webhooks {
	webhooks: IDataObject[];
	available_events?: Record<string, unknown> | unknown[];
	status?: number;
}

/**
 * The source's webhooks, read only in the shape Talkover documents (List Agent Webhooks, List Campaign
 * Webhooks and openapi.json agree): `{ success, data: { webhooks: [...], available_events } }`, without
 * paging. Any other answer is an error: read as "no webhook", each activation would add one more.
 */
export async function listWebhooks(ctx: Ctx, source: Source): Promise<Webhooks> {
	const response = await hookRequest(ctx, 'GET', source.webhooks, {
		...hookTime(ctx),
		notFoundMessage: source.notFound,
		read: EVENT_WEBHOOKS,
		doing: 'reading the webhooks',
		then: 'The node cannot tell whether its webhook is already registered: try activating again later.',
	});
	const data = response.value;
	const events = data.available_events;
	const problem = !Array.isArray(data.webhooks)
		? `webhooks is ${kindOf(data.webhooks)}`
		: data.webhooks.some((w) => !isObject(w))
			? 'a webhook in the list is not an object'
			: events !== undefined && !Array.isArray(events) && !isObject(events)
				? `available_events is ${kindOf(events)}`
				: undefined;
	if (problem) {
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's list of webhooks could not be read (${problem}), so the node cannot tell whether its webhook is already registered`, {
			status: response.statusCode,
			method: 'GET',
			path: source.webhooks,
		});
	}
	return { webhooks: data.webhooks as IDataObject[], available_events: events as Webhooks['available_events'], status: response.statusCode };
}
