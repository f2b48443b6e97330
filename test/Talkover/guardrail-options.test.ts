/**
 * Where n8n shows the guardrails: Options → Calling Hours and Allowed Destinations on Make Call and Add
 * Call only, Outside the Hours on Make Call only, each field at its default when left out — read through
 * n8n's own NodeHelpers.getNodeParameters, as the editor and an execution resolve the node's parameters.
 */
import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { OPERATIONS } from '../helpers/fixtures';
import { loadSource } from '../helpers/n8n';

const { node } = loadSource();
const given = { callingHours: { hours: { from: '08:00', outsideHours: 'delay' } }, allowedDestinations: { destinations: { countries: ['DE'] } } };

/** The Options n8n keeps for an operation, as saved (`defaults` false) or as an execution reads them (true). */
function optionsOf(resource: string, operation: string, defaults: boolean): unknown {
	const parameters = { resource, operation, options: given } as unknown as INodeParameters;
	return NodeHelpers.getNodeParameters(node.description.properties, parameters, defaults, false, { parameters } as unknown as INode, node.description)?.options;
}

test('Make Call: both options, Outside the Hours among the hours; left-out fields at their defaults when run', () => {
	expect(optionsOf('call', 'make', false)).toEqual(given);
	expect(optionsOf('call', 'make', true)).toEqual({
		allowedDestinations: { destinations: { countries: ['DE'], allowPaidServices: false } },
		callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '08:00', to: '17:00', timeZone: '', whenZoneUnknown: 'refuse', outsideHours: 'delay' } },
	});
});

test('Add Call: both options, without Outside the Hours (a campaign call cannot be delayed)', () => {
	expect(optionsOf('campaign', 'addCall', true)).toEqual({
		allowedDestinations: { destinations: { countries: ['DE'], allowPaidServices: false } },
		callingHours: { hours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], from: '08:00', to: '17:00', timeZone: '', whenZoneUnknown: 'refuse' } },
	});
});

test.each(OPERATIONS.filter(([name]) => !['call make', 'call makeAndWait', 'campaign addCall', 'campaign addCallAndWait'].includes(name)))('%s: neither option', (_name, parameters) => {
	const { resource, operation } = parameters as { resource: string; operation: string };
	expect(optionsOf(resource, operation, true)).not.toHaveProperty('callingHours');
	expect(optionsOf(resource, operation, true)).not.toHaveProperty('allowedDestinations');
});

test('Make and Wait for Outcome and Add Call and Wait for Outcome: both options, as the operations they place their calls with (Outside the Hours on Make and Wait for Outcome: its limit counts from when the call rings)', () => {
	expect(optionsOf('call', 'makeAndWait', true)).toEqual(optionsOf('call', 'make', true));
	expect(optionsOf('campaign', 'addCallAndWait', true)).toEqual(optionsOf('campaign', 'addCall', true));
});

test('the options of dialling (Skip Numbers Called Within, Dial Again on Retried Executions, Max Calls per Execution, Max Calls per Day) are kept on every operation that dials, and on no other', () => {
	const dialling = { skipCalledWithinMinutes: 60, dialAgainOnRetry: true, maxCallsPerExecution: 3, maxCallsPerDay: { limit: { calls: 20, timeZone: 'Europe/Paris' } } };
	const kept = (resource: string, operation: string) => {
		const parameters = { resource, operation, options: dialling } as unknown as INodeParameters;
		return Object.keys((NodeHelpers.getNodeParameters(node.description.properties, parameters, false, false, { parameters } as unknown as INode, node.description)?.options ?? {}) as object).sort();
	};
	const dials = ['call make', 'call makeAndWait', 'campaign addCall', 'campaign addCallAndWait'];
	expect(OPERATIONS.filter(([name]) => kept(...(name.split(' ') as [string, string])).length > 0).map(([name]) => name)).toEqual(dials);
	for (const name of dials) expect(kept(...(name.split(' ') as [string, string]))).toEqual(Object.keys(dialling).sort());
});

test('Max Calls per Day: a limit added in the editor has 20 calls and the workflow’s time zone', () => {
	const parameters = { resource: 'call', operation: 'make', options: { maxCallsPerDay: { limit: {} } } } as unknown as INodeParameters;
	const options = NodeHelpers.getNodeParameters(node.description.properties, parameters, true, false, { parameters } as unknown as INode, node.description)?.options;
	expect(options).toEqual({ maxCallsPerDay: { limit: { calls: 20, timeZone: '' } } });
});
