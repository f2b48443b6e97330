import type { IDataObject } from 'n8n-workflow';

import { agentNotFound } from './agent';
import { ACTION_DELETED, ACTION_INTEGRATIONS, ACTION_RECORD, AGENT_ACTIONS } from './answers';
import type { Context, ListLimits, RequestSettings, TalkoverAnswer } from './transport';
import { apiPath, getList, idKind, isId, kindOf, talkoverAnswer, unexpectedAnswerError } from './transport';
import { maskActionSecrets } from './secrets/mask';

/**
 * The requests of an agent's actions (list-actions.mdx, create-action.mdx, delete-action.mdx,
 * list-action-integrations.mdx), as both nodes send them: through the transport, their answers read only in
 * their documented shapes (anything else is an error). The body they send is built and checked by
 * agentActions.ts.
 */


export function actionNotFound(agentId: string, actionId: string): string {
	return `Action not found: agent ${agentId} has no action with ID ${actionId} (or Talkover has no such agent for this token's environment)`;
}

/**
 * The agent's actions: list-actions.mdx answers `{success, data: [actions]}` without paging, openapi.json
 * `{data, meta}` with `per_page`/`page`: both are read, every page followed (Return All) or up to
 * `limit` (`shortPageEnds`: a picker, a short page is the end). Every action must have its `id` (both documents require it): an entry without one is an
 * error, since nothing could tell it apart (never a guess).
 */
export async function listActions(
	ctx: Context,
	agentId: string,
	{ returnAll = true, limit = 0, shortPageEnds = false, ...settings }: Partial<Pick<ListLimits, 'returnAll' | 'limit'>> & RequestSettings & { shortPageEnds?: boolean } = {},
): Promise<IDataObject[]> {
	const path = apiPath`/agents/${agentId}/actions`;
	const actions = await getList.call(ctx, path, {}, { ...settings, returnAll, limit, shortPageEnds, notFoundMessage: agentNotFound(agentId), read: AGENT_ACTIONS });
	const odd = actions.findIndex((action) => !isId(action.id));
	if (odd >= 0) {
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's list of actions does not have the expected data (action ${odd + 1}: its id is ${idKind(actions[odd].id)})`, { status: 200, method: 'GET', path, itemIndex: settings.itemIndex });
	}
	return actions.map((action) => maskActionSecrets(action));
}

/**
 * Create/Update Action: `POST /agents/{agent_id}/actions` with a checked body (actionBody). The page
 * answers `{success, message, data: action}` (200), openapi.json the bare Action (201): either is the
 * action, which must have its `id`. Not safe to repeat (it may add an action): callers send it once.
 */
export async function saveAction(ctx: Context, agentId: string, body: IDataObject, settings: RequestSettings = {}): Promise<{ action: IDataObject; response: TalkoverAnswer<IDataObject> }> {
	const response = await talkoverAnswer(ctx, 'POST', apiPath`/agents/${agentId}/actions`, { ...settings, body, notFoundMessage: agentNotFound(agentId), read: ACTION_RECORD });
	return { action: maskActionSecrets(response.value), response };
}

/**
 * Delete Action: the page answers `{success: true, message}` (200), openapi.json 204 without a body:
 * either means deleted. A 404 to a retry after an attempt Talkover may have acted on comes back with
 * `goneAfterRetry` (the first attempt deleted it).
 */
export async function deleteAction(ctx: Context, agentId: string, actionId: string, settings: RequestSettings = {}): Promise<TalkoverAnswer<true>> {
	return await talkoverAnswer(ctx, 'DELETE', apiPath`/agents/${agentId}/actions/${actionId}`, {
		...settings,
		notFoundMessage: actionNotFound(agentId, actionId),
		read: ACTION_DELETED,
		goneAfterRetry: true,
	});
}

/** One entry of Talkover's integration catalogue (list-action-integrations.mdx). */
export interface ActionIntegration extends IDataObject {
	identifier: string;
	display_name: string;
}

/**
 * Talkover's catalogue of integrations (`GET /action-integrations`, only on its page: `{success, data}`,
 * no paging, no query). Every entry needs its `identifier` and `display_name` (both required there): an
 * entry without them is an error, never a guess.
 */
export async function listActionIntegrations(ctx: Context, settings: RequestSettings = {}): Promise<ActionIntegration[]> {
	const path = apiPath`/action-integrations`;
	const response = await talkoverAnswer(ctx, 'GET', path, { ...settings, read: ACTION_INTEGRATIONS });
	const entries = response.value.entries;
	const odd = entries.findIndex((entry) => !isId(entry.identifier) || typeof entry.display_name !== 'string');
	if (odd >= 0) {
		const entry = entries[odd];
		const what = !isId(entry.identifier) ? `its identifier is ${idKind(entry.identifier)}` : `its display_name is ${kindOf(entry.display_name)}`;
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's list of action integrations does not have the expected data (integration ${odd + 1}: ${what})`, { status: response.statusCode, method: 'GET', path, itemIndex: settings.itemIndex });
	}
	return entries as ActionIntegration[];
}
