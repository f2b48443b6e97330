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

import { ACTIVE_PHONE, byId, SALES_AGENT, SUPPORT_AGENT } from '../helpers/fixtures';
import { loadBuilt } from '../helpers/n8n';

export const DRAFT_AGENT = '550e8400-e29b-41d4-a716-446655440002';
export const ACTIVE_CALL = 'c0ffee00-0000-4000-8000-000000000001';

/** What a 2xx answer must carry: an object, a list, the flow's versions, or nothing but `success: true`. */
export type DataKind = 'object' | 'list' | 'versions' | 'none';

export interface OperationCase {
	name: string;
	parameters: INodeParameters;
	repeatable: boolean;
	data: DataKind;
	/** Non-repeatable operations: how the error starts when Talkover may have acted before failing. */
	unsure?: string;
}

export const OPERATIONS: OperationCase[] = [
	{ name: 'agent create', parameters: { resource: 'agent', operation: 'create', label: 'L', name: 'N' }, repeatable: false, data: 'object', unsure: 'The agent may have been created' },
	{ name: 'agent delete', parameters: { resource: 'agent', operation: 'delete', agentId: byId(DRAFT_AGENT) }, repeatable: true, data: 'none' },
	{ name: 'agent get', parameters: { resource: 'agent', operation: 'get', agentId: byId(SUPPORT_AGENT) }, repeatable: true, data: 'object' },
	{ name: 'agent getMany', parameters: { resource: 'agent', operation: 'getMany', limit: 1 }, repeatable: true, data: 'list' },
	{ name: 'agent publish', parameters: { resource: 'agent', operation: 'publish', agentId: byId(SALES_AGENT) }, repeatable: false, data: 'object', unsure: 'The agent may have been published' },
	{ name: 'agent unpublish', parameters: { resource: 'agent', operation: 'unpublish', agentId: byId(SUPPORT_AGENT) }, repeatable: false, data: 'object', unsure: 'The agent may have been unpublished' },
	{ name: 'agent updateCalling', parameters: { resource: 'agent', operation: 'updateCalling', agentId: byId(SUPPORT_AGENT), direction: 'inbound' }, repeatable: true, data: 'object' },
	{ name: 'agent updateFlow', parameters: { resource: 'agent', operation: 'updateFlow', agentId: byId(SUPPORT_AGENT), conversationMode: 'llm_driven' }, repeatable: true, data: 'object' },
	{ name: 'call end', parameters: { resource: 'call', operation: 'end', agentId: byId(SALES_AGENT), callId: ACTIVE_CALL }, repeatable: false, data: 'object', unsure: 'The call may have been ended' },
	{ name: 'call getActive', parameters: { resource: 'call', operation: 'getActive', agentId: byId(SALES_AGENT), phone: ACTIVE_PHONE }, repeatable: true, data: 'list' },
	{ name: 'call getMany', parameters: { resource: 'call', operation: 'getMany', limit: 1 }, repeatable: true, data: 'list' },
	{ name: 'call make', parameters: { resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '+15550009999' }, repeatable: false, data: 'object', unsure: 'The call may have been placed' },
	{ name: 'flow get', parameters: { resource: 'flow', operation: 'get', agentId: byId(SUPPORT_AGENT) }, repeatable: true, data: 'object' },
	{ name: 'flow getVersions', parameters: { resource: 'flow', operation: 'getVersions', agentId: byId(SUPPORT_AGENT) }, repeatable: true, data: 'versions' },
	{ name: 'flow validate', parameters: { resource: 'flow', operation: 'validate', agentId: byId(SUPPORT_AGENT) }, repeatable: true, data: 'none' },
	{ name: 'phoneNumber getMany', parameters: { resource: 'phoneNumber', operation: 'getMany', limit: 1 }, repeatable: true, data: 'list' },
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
