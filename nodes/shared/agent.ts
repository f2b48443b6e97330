import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import type { LocatorSpec } from './locator';
import { locatorField, readLocatorId } from './locator';

/**
 * The agent, as both nodes ask for it: the resource locator (list, ID, URL), the one reader of its
 * value (with the check that keeps an ID from reaching another endpoint), and the one "agent not
 * found" text.
 */

const AGENT: LocatorSpec = {
	name: 'agentId',
	displayName: 'Agent',
	noun: 'agent',
	description: 'The Talkover voice agent',
	searchListMethod: 'searchAgents',
	urlPath: 'agents',
	uuid: true,
};

/** The Agent parameter (`agentId`): pick from the list, or give the ID or the agent's Talkover URL. */
export function agentLocator(): INodeProperties {
	return locatorField(AGENT);
}

export function agentNotFound(agentId: string): string {
	return `Agent not found: Talkover has no agent with ID ${agentId} for this token's environment`;
}

/**
 * The one reader of an agent: a locator value (`{ mode, value }`, as `getNodeParameter` gives it) or the
 * ID itself, checked by readLocatorId (which reads a URL itself).
 * `itemIndex` is undefined outside an execution (the trigger's activation, a picker).
 */
export function readAgentId(ctx: { getNode(): INode }, itemIndex: number | undefined, value: unknown, label = 'Agent'): string {
	return readLocatorId(ctx, itemIndex, value, { ...AGENT, label });
}

/** The item's Agent parameter (`agentId`), checked. */
export function getAgentId(this: IExecuteFunctions, itemIndex: number): string {
	return readAgentId(this, itemIndex, this.getNodeParameter('agentId', itemIndex, ''));
}

