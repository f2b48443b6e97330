/**
 * What a model is told about the Talkover Tool (nodes/Talkover/guardrails/toolDescription.ts), computed by
 * n8n's own functions as n8n runs them: the Workflow constructor fills a node's parameters with their defaults
 * (`NodeHelpers.getNodeParameters`, with the node and the tool's type description, so `@tool` applies), then
 * `createNodeAsTool` asks `NodeHelpers.getToolDescriptionForNode` — for the AI Agent and for the MCP Server
 * Trigger's `tools/list` alike. By default Make Call and Add Call say they place real, paid calls and name the
 * guardrails; every other operation is told as before.
 */
import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Talkover } from '../../../nodes/Talkover/Talkover.node';
import { ADD_CALL_TOOL_DESCRIPTION, GUARDRAILS_SENTENCE, MAKE_CALL_TOOL_DESCRIPTION } from '../../../nodes/Talkover/guardrails/toolDescription';

const base = new Talkover().description;
/** The Talkover Tool as n8n makes it from `usableAsTool` (its name ends in Tool; n8n adds no parameter: the node has `toolDescription`). */
const tool: INodeTypeDescription = { ...base, name: `${base.name}Tool`, displayName: `${base.displayName} Tool`, inputs: [], outputs: ['ai_tool'] };

/** A workflow node of the given type, its parameters filled with defaults as n8n's Workflow constructor does. */
function nodeOf(type: INodeTypeDescription, parameters: INodeParameters): INode {
	const node: INode = { id: 't', name: 'Call the lead', type: `n8n-nodes-talkover.${type.name}`, typeVersion: 1, position: [0, 0], parameters };
	node.parameters = NodeHelpers.getNodeParameters(type.properties, parameters, true, false, node, type) ?? {};
	return node;
}

/** What n8n hands the model for a tool node with these parameters (as saved in the workflow). */
function toldFor(parameters: INodeParameters): string {
	return NodeHelpers.getToolDescriptionForNode(nodeOf(tool, parameters), { description: tool } as never);
}

test('a new Make Call tool tells the model it places a real, paid call and which guardrails it has (a number an MCP client had called in the hour gets that call back)', () => {
	const told = toldFor({ resource: 'call', operation: 'make' });
	expect(told).toBe(MAKE_CALL_TOOL_DESCRIPTION);
	expect(told).toBe(
		'Make a call in Talkover: a voice agent phones the number now. Each call is a real phone call to a real person and costs Talkover credits (unless Test Call is on). ' +
			"Guardrails of this tool: at most 3 calls in one agent run, and for MCP clients at most 3 within any 60 minutes, unless its Max Calls per Execution option says otherwise; for MCP clients a number called within the last 60 minutes is not called again (the answer is that call, marked skipped), unless its Skip Numbers Called Within option says otherwise; when set, only numbers of its Allowed Destinations (premium-rate and other paid-service numbers refused) and only within the lead's Calling Hours. " +
			'A call a guardrail refuses fails with the reason: do not try it again.',
	);
});

test('a new Add Call tool tells the model the same', () => {
	const told = toldFor({ resource: 'campaign', operation: 'addCall' });
	expect(told).toBe(ADD_CALL_TOOL_DESCRIPTION);
	expect(told).toMatch(/^Add a call to a campaign in Talkover: .*real phone call to a real person and costs Talkover credits\. Guardrails of this tool: /);
	expect(told.endsWith(GUARDRAILS_SENTENCE)).toBe(true);
});

test('the other operations are told as n8n tells them automatically', () => {
	expect([toldFor({ resource: 'call', operation: 'getActive' }), toldFor({ resource: 'campaign', operation: 'get' }), toldFor({ resource: 'credit', operation: 'getBalance' })]).toEqual([
		'Get the active call with a phone number in Talkover',
		'Get a campaign in Talkover',
		expect.stringMatching(/ in Talkover$/),
	]);
});

test('what the user chose stays theirs: their own text, or Set Automatically (which says nothing about cost)', () => {
	expect(toldFor({ resource: 'call', operation: 'make', descriptionType: 'manual', toolDescription: 'Call a lead who asked for a call back.' })).toBe('Call a lead who asked for a call back.');
	expect(toldFor({ resource: 'call', operation: 'make', descriptionType: 'auto' })).toBe('Make a call in Talkover');
	// Set Manually with the text emptied: n8n falls back to the automatic text.
	expect(toldFor({ resource: 'call', operation: 'make', descriptionType: 'manual', toolDescription: '  ' })).toBe('Make a call in Talkover');
	// Another operation on Set Manually starts from the node's description, as n8n's own parameter does.
	expect(toldFor({ resource: 'call', operation: 'getActive', descriptionType: 'manual' })).toBe(base.description);
});

test('the tool parameters exist on the tool alone: the workflow node has neither', () => {
	const workflowNode = nodeOf(base, { resource: 'call', operation: 'make' });
	expect(Object.keys(workflowNode.parameters)).not.toContain('descriptionType');
	expect(Object.keys(workflowNode.parameters)).not.toContain('toolDescription');
	expect(nodeOf(tool, { resource: 'call', operation: 'make' }).parameters).toMatchObject({ descriptionType: 'manual', toolDescription: MAKE_CALL_TOOL_DESCRIPTION });
	expect(nodeOf(tool, { resource: 'call', operation: 'getActive' }).parameters).toMatchObject({ descriptionType: 'auto' });
});

test('n8n adds no Tool Description of its own: the node has a toolDescription parameter (n8n checks that name)', () => {
	expect(base.properties.map((p) => p.name)).toContain('toolDescription');
	expect(base.properties.slice(0, 5).map((p) => p.name)).toEqual(['descriptionType', 'descriptionType', 'toolDescription', 'toolDescription', 'toolDescription']);
});
