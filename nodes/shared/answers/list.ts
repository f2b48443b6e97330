import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../transport/objects';
import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/** One page of a list: its entries (objects) and its paging object (`meta` or `pagination`), if it has one. */
export interface ListPage {
	entries: IDataObject[];
	paging?: IDataObject;
}

/** The paging object of a list answer (`meta` or `pagination`: the API uses both), if it has one. */
export function pagingIn(body: unknown): IDataObject | undefined {
	const object = asObject(body);
	return asObject(object?.meta) ?? asObject(object?.pagination);
}

/** A page of a list: `{success, data: [objects], meta?}` (pages), `{data: [objects], meta}` (openapi.json). */
function listReader(routes: readonly string[]): ShapedReader<ListPage> {
	return shaped(routes, 'list', (body) => ({ entries: dataOf(body) as IDataObject[], paging: pagingIn(body) }));
}

export const AGENTS = listReader(['GET /agents']);
export const AGENT_ACTIONS = listReader(['GET /agents/{}/actions']);
export const ACTION_INTEGRATIONS = listReader(['GET /action-integrations']);
export const CALLS = listReader(['GET /calls']);
export const AGENT_CALLS = listReader(['GET /agents/{}/calls']);
/** The active calls with one number: the page's `{success, data: [calls]}` (a 404 says there is none). */
export const ACTIVE_CALLS = listReader(['GET /agents/{}/active-call/{}']);
export const CAMPAIGNS = listReader(['GET /campaigns']);
export const PHONE_NUMBERS = listReader(['GET /phone-numbers']);
export const CALENDARS = listReader(['GET /calendars']);
export const CALENDAR_EVENTS = listReader(['GET /calendars/{}/events']);
/** The free slots `{start_at, end_at}` (no IDs). */
export const AVAILABILITY = listReader(['GET /calendars/{}/availability']);

/**
 * The voice groups: the page's `{success, data: [groups]}`, openapi.json's bare array of groups
 * (CONTRADICTIONS.md #13, #24); the caller reads each group's voices.
 */
export const VOICE_GROUPS: ShapedReader<IDataObject[]> = shaped(['GET /voice-templates'], 'bareList', (body) => dataOf(body) as IDataObject[]);
