/**
 * Make and Wait for Outcome and Add Call and Wait for Outcome as a model's tool (an AI Agent's, run by
 * n8n-core's engine: the v3 agent's engine requests and the v1/v2 agent's sub-node calls): a tool call cannot
 * wait minutes or days for a phone call to end, so the node refuses before anything is read or sent, naming
 * the operation and the one to use as the tool instead. The sandbox's requests are the oracle.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runAgentWithTool } from '../../helpers/agentRun';
import { ACTIVE_CAMPAIGN } from '../../helpers/seed';
import { byId, SALES_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();

const WAITS: Array<{ name: string; parameters: INodeParameters; instead: string }> = [
	{ name: 'Make and Wait for Outcome', parameters: { resource: 'call', operation: 'makeAndWait', agentId: byId(SALES_AGENT), isTesting: true }, instead: 'Call → Make' },
	{ name: 'Add Call and Wait for Outcome', parameters: { resource: 'campaign', operation: 'addCallAndWait', campaignId: byId(ACTIVE_CAMPAIGN), isTesting: true }, instead: 'Campaign → Add Call' },
];

describe.each(WAITS)('$name as an AI Agent’s tool', ({ name, parameters, instead }) => {
	const message = `${name} cannot be an AI Agent’s or MCP client’s tool: a tool call cannot wait for a phone call to end`;
	const description = `Use ${instead} as the tool (it answers at once), and a Talkover Trigger for the outcome. Nothing was sent to Talkover.`;

	test('the v3 agent’s tool call stops the run with why and what to use instead; nothing reaches Talkover', async () => {
		const { error } = await runAgentWithTool({ mode: 'engine', calls: [{ to: '+15550040001' }], parameters: { ...parameters, to: '={{ $json.to }}' }, credentials: credentials() });
		expect([error?.message, (error as { description?: unknown } | undefined)?.description]).toEqual([message, description]);
		expect(sandbox().requests).toEqual([]);
	});

	test('the v1/v2 agent’s tool call is answered with the refusal; nothing reaches Talkover', async () => {
		const { output } = await runAgentWithTool({
			mode: 'subNode',
			calls: [{ to: '+15550040002' }],
			parameters: { ...parameters, to: "={{ $fromAI('to', 'The number to call, international format', 'string') }}" },
			credentials: credentials(),
		});
		expect(output?.map((o) => o.error)).toEqual([expect.stringContaining(message)]);
		expect(sandbox().requests).toEqual([]);
	});
});
