/**
 * n8n 2.8.4's other "nothing" answer (webhook-helpers.js, when the execution's run data is not
 * there: `{"message": "Workflow executed successfully but no data was returned"}`) — docs/behaviour.md (the agent
 * tool): a workflow that "answers nothing (… exactly n8n's own … "no data was returned"…)" gets the fallback; the
 * README: "an empty answer (no item) gets the fallback too". Suspicion only: when n8n sends it (e.g. queue
 * mode with successful executions not saved) was not measured.
 */
import { saysNothing } from '../../../nodes/TalkoverTrigger/sources/answerInTime';

test('n8n’s "Workflow executed successfully but no data was returned" is an answer with nothing to say', () => {
	expect(saysNothing({ message: 'Workflow executed successfully but no data was returned' })).toBe(true);
});
