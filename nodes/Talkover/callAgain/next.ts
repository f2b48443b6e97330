import { allowedInEveryZone, decideCallingHours } from '../callingHours/decision';
import type { Attempt } from './attempts';
import type { AttemptPlan } from './plan';
import type { CallAgain } from './read';

/**
 * Whether the rule allows another call to the lead after `attempts`: none of them reached the lead, fewer than
 * Attempts were made, and the last ended as Call Again When calls again on (an `unknown` end never: it may have
 * been answered). With no attempt yet, it does.
 */
export function allowsAnother(rule: CallAgain, attempts: readonly Attempt[]): boolean {
	const last = attempts[attempts.length - 1];
	if (attempts.some((attempt) => attempt.outcome === 'answered') || attempts.length >= rule.attempts) return false;
	return !last || (rule.when as string[]).includes(last.outcome);
}

/**
 * When the lead's next call is due after `attempts` (epoch ms), or undefined when none is: the last attempt
 * reached the lead or ended otherwise than the rule calls again on (an `unknown` end never: it may have been
 * answered), or the attempts are used. Its moment is the last end plus Call Again After, moved to the next moment
 * the lead's Calling Hours allow (in every zone the lead may be in) when they are set; none when they allow none.
 */
export function nextAttemptAt(plan: Pick<AttemptPlan, 'rule' | 'hours'>, attempts: readonly Attempt[], endedAt: number): number | undefined {
	if (attempts.length === 0 || !allowsAnother(plan.rule, attempts)) return undefined;
	const moment = endedAt + plan.rule.afterMs;
	const { hours } = plan;
	if (!hours || allowedInEveryZone(hours, moment)) return moment;
	try {
		const decision = decideCallingHours({ ...hours, outsideHours: 'skip' }, moment);
		return decision.action === 'skip' ? Date.parse(decision.next.utc) : moment;
	} catch {
		// No moment the hours allow within a year (decision.ts): no next call.
		return undefined;
	}
}
