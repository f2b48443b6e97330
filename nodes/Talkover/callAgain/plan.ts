import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../shared/transport';
import type { HoursPlan } from '../callingHours/plan';
import { readHoursPlan } from '../callingHours/keptPlan';
import type { Attempt } from './attempts';
import { readAttempts } from './attempts';
import type { CallAgain, CallAgainWhen } from './read';

/**
 * What the wait keeps of Call Again Until Reached for an item whose call it waits on (wait/record.ts): the rule,
 * the calls before this one, and the lead's Calling Hours (the next call's moment is moved into them). Plain data.
 */
export interface AttemptPlan {
	rule: CallAgain;
	before: Attempt[];
	hours?: HoursPlan;
	/** When this call rings (epoch ms), once placed. */
	ringsAt?: number;
	/**
	 * The request of the lead's next call when the wait may place it itself (within the hour: wait/nextCall.ts):
	 * the item's call as sent, without its delay. None when an option must count each call in the node (Max Calls
	 * per Execution, Max Calls per Day, Skip Numbers Called Within: each call checked when it is dialled): the next
	 * call then goes round the Wait node.
	 */
	resend?: IDataObject;
	/** The wait did not place the next call (never saved: read from the wait's answers, wait/nextCalls.ts), and whether one is still due. */
	notPlaced?: { message: string; nextDue: boolean };
}

const WHEN: readonly string[] = ['notReached', 'voicemail', 'timedOut'];

/** The plan as the wait saved it, or undefined when it is not one this version wrote (nothing is guessed). */
export function readAttemptPlan(value: unknown): AttemptPlan | undefined {
	const plan = asObject(value);
	const rule = plan && asObject(plan.rule);
	if (!plan || !rule || !Array.isArray(plan.before)) return undefined;
	const { attempts, afterMs, when } = rule;
	if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 2) return undefined;
	if (typeof afterMs !== 'number' || !Number.isFinite(afterMs) || afterMs < 0) return undefined;
	if (!Array.isArray(when) || !when.every((w) => typeof w === 'string' && WHEN.includes(w))) return undefined;
	const before = readAttempts(plan.before);
	if (typeof before === 'string') return undefined;
	const hours = plan.hours === undefined ? undefined : readHoursPlan(plan.hours);
	if (plan.hours !== undefined && !hours) return undefined;
	if (plan.ringsAt !== undefined && !(typeof plan.ringsAt === 'number' && Number.isFinite(plan.ringsAt))) return undefined;
	const resend = plan.resend === undefined ? undefined : asObject(plan.resend);
	if (plan.resend !== undefined && (!resend || typeof resend.to !== 'string' || resend.delay_seconds !== undefined)) return undefined;
	return {
		rule: { attempts, afterMs, when: when as CallAgainWhen[] },
		before,
		...(hours ? { hours } : {}),
		...(plan.ringsAt !== undefined ? { ringsAt: plan.ringsAt } : {}),
		...(resend ? { resend } : {}),
	};
}

/** The plan as the wait saves it. */
export function keptAttemptPlan(plan: AttemptPlan): IDataObject {
	return plan as unknown as IDataObject;
}
