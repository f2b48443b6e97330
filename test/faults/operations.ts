/**
 * Every operation of the Talkover node, as the fault tests see it: parameters that succeed against the
 * seeded sandbox, whether Talkover may be sent the request again when it may already have acted
 * (`repeatable`), what its answer must contain (`data`), and, for operations that must not be repeated,
 * how the error starts when Talkover may have acted anyway.
 *
 * `offeredOperations()` reads the node's own resource/operation list, and every fault test first checks
 * that this table has exactly those operations: a new operation cannot ship without its row.
 */
import type { INodeParameters } from 'n8n-workflow';

import { OPERATIONS as RUNNABLE } from '../helpers/fixtures';
import { loadBuilt } from '../helpers/n8n';

/**
 * What a 2xx answer must carry: an object, a list, the flow's versions, nothing but `success: true`
 * (`none`), or that or a 204 without a body (`deleted`: openapi.json documents Delete as 204).
 */
export type DataKind = 'object' | 'list' | 'versions' | 'none' | 'deleted';

export interface OperationCase {
	name: string;
	/** Parameters that succeed against the seeded sandbox (the one table in test/helpers/fixtures). */
	parameters: INodeParameters;
	repeatable: boolean;
	data: DataKind;
	/** Non-repeatable operations: how the error starts when Talkover may have acted before failing. */
	unsure?: string;
	/**
	 * For an operation that reads before it writes (Update Voice reads the agent and the voice list, Book
	 * Only If Free the calendar's events): the method of its own request, the one the faults are aimed at
	 * and counted on. The reads before it are checked by the GET operations' rows.
	 */
	method?: 'POST' | 'PUT';
	/**
	 * For an operation whose own request is one of several of its method (Make and Wait for Outcome registers
	 * its webhook, a POST, before its call): the path of its own request.
	 */
	path?: RegExp;
}

const PARAMETERS = new Map(RUNNABLE);

function row(name: string, repeatable: boolean, data: DataKind, more: Pick<OperationCase, 'unsure' | 'method' | 'path'> & { parameters?: INodeParameters } = {}): OperationCase {
	const parameters = PARAMETERS.get(name);
	if (!parameters) throw new Error(`test/helpers/fixtures.ts OPERATIONS has no parameters for ${name}`);
	return { name, repeatable, data, ...more, parameters: { ...parameters, ...more.parameters } };
}

/** Item 0 at 14:00, item 1 at 16:00 (the seeded demo is at 15:00): two bookings, not one slot booked twice. */
const slotPerItem = { startAt: '={{ "2026-03-02T1" + (4 + 2 * $itemIndex) + ":00:00Z" }}', endAt: '={{ "2026-03-02T1" + (4 + 2 * $itemIndex) + ":30:00Z" }}' };

export const OPERATIONS: OperationCase[] = [
	row('agent create', false, 'object', { unsure: 'The agent may have been created' }),
	row('agent delete', true, 'deleted'),
	row('agent get', true, 'object'),
	row('agent getCalls', true, 'list'),
	row('agent getMany', true, 'list'),
	row('agent getPricing', true, 'object'),
	row('agent publish', false, 'object', { unsure: 'The agent may have been published' }),
	row('agent unpublish', false, 'object', { unsure: 'The agent may have been unpublished' }),
	row('agent updateAdvancedSettings', true, 'object'),
	row('agent updateCalling', true, 'object'),
	row('agent updateFlow', true, 'object'),
	row('agent updateKnowledge', true, 'object'),
	row('agent updateVoice', true, 'object', { method: 'PUT' }),
	row('agentAction create', false, 'object', { unsure: 'The action may have been created', method: 'POST' }),
	row('agentAction delete', true, 'deleted'),
	row('agentAction getMany', true, 'list'),
	row('agentAction update', false, 'object', { unsure: 'The action may have been updated', method: 'POST' }),
	row('calendar getAvailability', true, 'list'),
	row('calendar getMany', true, 'list'),
	row('calendarEvent create', false, 'object', { unsure: 'The event may have been created', method: 'POST', parameters: slotPerItem }),
	row('calendarEvent delete', true, 'deleted'),
	row('calendarEvent get', true, 'object'),
	row('calendarEvent getMany', true, 'list'),
	row('calendarEvent update', true, 'object', { method: 'PUT' }),
	row('call end', false, 'object', { unsure: 'The call may have been ended' }),
	row('call getActive', true, 'list'),
	row('call getMany', true, 'list'),
	row('call make', false, 'object', { unsure: 'The call may have been placed' }),
	row('call makeAndWait', false, 'object', { unsure: 'The call may have been placed', method: 'POST', path: /\/call$/ }),
	row('campaign addCall', false, 'object', { unsure: 'The lead may have been added to the campaign' }),
	row('campaign addCallAndWait', false, 'object', { unsure: 'The lead may have been added to the campaign', method: 'POST', path: /\/call$/ }),
	row('campaign create', false, 'object', { unsure: 'The campaign may have been created' }),
	row('campaign delete', true, 'deleted'),
	row('campaign get', true, 'object'),
	row('campaign getMany', true, 'list'),
	row('campaign update', true, 'object'),
	row('campaign updateStatus', false, 'object', { unsure: 'The campaign’s status may have been changed' }),
	row('credit getBalance', true, 'object'),
	row('flow get', true, 'object'),
	row('flow getVersions', true, 'versions'),
	row('flow validate', true, 'none'),
	row('phoneNumber getMany', true, 'list'),
	row('webhookDelivery getMany', true, 'list'),
	row('webhookDelivery retry', false, 'object', { unsure: 'The delivery may have been queued again' }),
];

/** "resource operation" for every operation the built node offers, from its own description. */
export function offeredOperations(): string[] {
	return loadBuilt()
		.node.description.properties.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => `${p.displayOptions!.show!.resource![0]} ${o.value}`))
		.sort();
}

export function operation(name: string): OperationCase {
	const found = OPERATIONS.find((o) => o.name === name);
	if (!found) throw new Error(`no operation ${name}`);
	return found;
}
