import type { IDataObject } from 'n8n-workflow';

import type { ShapedReader } from './shape';
import { dataOf, shaped } from './shape';

/** Answers whose `data` is one object that is not a record (it has no ID of its own). */
function objectReader(routes: readonly string[]): ShapedReader<IDataObject> {
	return shaped(routes, 'object', (body) => dataOf(body) as IDataObject);
}

/** The agent's flow: `{success, data: {conversation_mode, flow_config}}` (Get Flow, Update Flow). */
export const AGENT_FLOW = objectReader(['GET /agents/{}/flow', 'PUT /agents/{}/flow']);

/** The event webhooks of an agent or a campaign: `{success, data: {webhooks, available_events}}` (the caller checks both). */
export const EVENT_WEBHOOKS = objectReader(['GET /agents/{}/webhooks', 'GET /campaigns/{}/webhooks']);
