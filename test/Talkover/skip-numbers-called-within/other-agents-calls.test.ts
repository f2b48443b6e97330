/**
 * Skip Numbers Called Within counts only this agent's calls, against a Talkover that answers as openapi.json documents
 * /calls (only search, per_page, page: agent_id, direction and date_from unknown there, CONTRADICTIONS #46),
 * i.e. the list holds every call of the account. Each entry names its agent (list-calls.mdx: agent.id,
 * direction): docs/guarantees.md promises "the calls of this agent (campaign) only" and its Not protected table lists
 * "calls placed by another agent" as not seen.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runTalkover } from '../../helpers/n8n';
import { byId, SALES_AGENT, SUPPORT_AGENT, useSandbox } from '../../helpers/fixtures';

const { sandbox, credentials } = useSandbox();
const callPath = `/api/v1/agents/${SALES_AGENT}/call`;
const make = (options: INodeParameters = { skipCalledWithinMinutes: 1440 }) => ({ resource: 'call', operation: 'make', agentId: byId(SALES_AGENT), to: '={{ $json.phone }}', options });

test('a call to the number that names ANOTHER agent in the Sales agent’s list: the Sales agent still dials', async () => {
	sandbox().inject({
		method: 'GET',
		path: `/api/v1/agents/${SALES_AGENT}/calls`,
		status: 200,
		body: {
			success: true,
			data: [
				{ id: 'c0ffee00-0000-4000-8000-000000000001', to: '+15559990000', direction: 'outbound', status: 'completed', agent: { id: SUPPORT_AGENT, name: 'Support' }, created_at: '2026-01-15T11:00:00Z' },
			],
			pagination: { current_page: 1, last_page: 1, per_page: 100, total: 1 },
		},
	});
	const { output, error } = await runTalkover({ items: [{ phone: '+15559990000' }], parameters: make(), credentials: credentials() });
	expect(error).toBeUndefined();
	expect({ skipped: output![0].json.skipped, reason: output![0].json.skipReason, posts: sandbox().requestsTo('POST', callPath).length }).toEqual({ skipped: undefined, reason: undefined, posts: 1 });
});
