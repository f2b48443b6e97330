/**
 * n8n 2.8.4's other "nothing" answer (webhook-helpers.js, when the execution's run data is not
 * there: `{"message": "Workflow executed successfully but no data was returned"}`) — README: "an empty answer
 * (… n8n's "did not return any data") gets the fallback too". Suspicion only: when n8n sends it (e.g. queue
 * mode with successful executions not saved) was not measured.
 */
import { saysNothing } from '../../../nodes/TalkoverTrigger/sources/answerInTime';

test('n8n’s "Workflow executed successfully but no data was returned" is an answer with nothing to say', () => {
	expect(saysNothing({ message: 'Workflow executed successfully but no data was returned' })).toBe(true);
});
