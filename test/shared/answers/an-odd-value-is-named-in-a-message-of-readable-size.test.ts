/**
 * A value of Talkover's answer that makes an answer an error is named in the message, clipped: a 200,000-character
 * currency, price, agent ID, number, time or status makes a message of a few hundred characters (with the value's
 * length), not an error, an execution and a log line of 200 kB each.
 */
import { agentPricing, agentStatusReader, AnswerProblem, CREDIT_BALANCE } from '../../../nodes/shared/answers';
import { readCallEntry } from '../../../nodes/shared/answers/callList';
import { readTalkoverTime } from '../../../nodes/shared/answers/callTime';

const LONG = 200_000;
const long = (character: string) => character.repeat(LONG);

test.each<[string, () => unknown]>([
	['a balance’s currency', () => CREDIT_BALANCE.read({ success: true, data: { balance: 10, currency: long('X') } })],
	['a balance given as text', () => CREDIT_BALANCE.read({ success: true, data: { balance: long('9'), currency: 'USD' } })],
	['the agent a pricing names', () => agentPricing('agent-1').read({ success: true, data: { agent_id: long('a'), currency: 'USD', estimated_cost_per_minute: 0.1 } })],
	['the number of a call without a creation time', () => readCallEntry({ to: `+1${long('5')}` })],
	['a time that is no time', () => readTalkoverTime(long('t'), 'the call’s creation time (created_at)')],
	['a time without a zone', () => readTalkoverTime(`2026-11-28T10:00:00${long('0')}`, 'the call’s creation time (created_at)')],
	['an agent’s status', () => agentStatusReader.read({ success: true, data: { current_status: long('s') } })],
])('%s of 200,000 characters: the error names it clipped, with its length', (_what, read) => {
	let problem: unknown;
	try {
		read();
	} catch (error) {
		problem = error;
	}
	expect(problem).toBeInstanceOf(AnswerProblem);
	const message = (problem as Error).message;
	expect(message.length).toBeLessThan(400);
	expect(message).toMatch(/… \(\d{6} characters\)/);
});
