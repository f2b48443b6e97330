import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiInstantMs } from '../../shared/dates';
import { numberKey } from '../../shared/dialledNumbers/numberKey';
import type { Attempt } from './attempts';
import { readAttempts } from './attempts';
import { callAgainOption } from './description';
import { allowsAnother } from './next';
import type { CallAgain } from './read';

/**
 * What an input item carries of Call Again Until Reached: the node's own output of an earlier call to the lead,
 * brought back into the node by a Wait node (`attempts`, and `nextAttemptAt` when another call is due).
 */
export interface Carried {
	attempts: Attempt[];
	/** When the next call may be placed (epoch ms); none: no call is due. */
	nextAttemptAt?: number;
}

type Ctx = { getNode(): INode };

function carriedError(ctx: Ctx, itemIndex: number, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problem}, so ${callAgainOption.displayName} cannot count its calls`, {
		itemIndex,
		description: `The node counts the lead's calls from the attempts and nextAttemptAt its own output gave the item. Bring that output back unchanged (through an If node and a Wait node), or rename the item's own field called attempts or nextAttemptAt with an Edit Fields node. Nothing was sent to Talkover.`,
	});
}

/**
 * The attempts an input item carries, read before any request: none when it has no `attempts` list (a new lead;
 * an `attempts` that is not a list is another field of the lead's, not the node's). A list that is not the one
 * the node outputs, or a `nextAttemptAt` that is not a moment, is an error naming the item (nothing is guessed:
 * a wrong count would call a lead once too often).
 */
export function readCarried(ctx: Ctx, itemIndex: number, json: IDataObject, to: string): Carried | undefined {
	if (!Array.isArray(json.attempts)) return undefined;
	// An empty list without a next call's moment says nothing of the lead's calls (a CRM's own empty list): a new lead.
	if (json.attempts.length === 0 && json.nextAttemptAt === undefined) return undefined;
	const attempts = readAttempts(json.attempts);
	if (typeof attempts === 'string') throw carriedError(ctx, itemIndex, `its attempts are not the list this node outputs (${attempts})`);
	// The node's output names the number its calls went to (`to`): without it the calls are no lead's, and another
	// number's calls are not this lead's.
	if (typeof json.to !== 'string') throw carriedError(ctx, itemIndex, 'its attempts name no number (the node’s output has the number called as to)');
	if (numberKey(json.to) !== numberKey(to)) throw carriedError(ctx, itemIndex, `its attempts are the calls to ${json.to}, not to ${to}, the number To gives now`);
	if (json.nextAttemptAt === undefined) return { attempts };
	const next = apiInstantMs(json.nextAttemptAt);
	if (next === undefined) throw carriedError(ctx, itemIndex, `its nextAttemptAt ${JSON.stringify(json.nextAttemptAt)} is not a moment with its time zone (the node writes e.g. 2026-01-15T12:10:00.000Z)`);
	return { attempts, nextAttemptAt: next };
}

/**
 * Whether the item's next call is placed now (`call`), or the item passes on without a call: `due` (its moment
 * has not come: it passes on as it came, round the loop again) or `done` (reached, its last outcome not one to
 * call again on, its attempts used, or no call due: it passes on without `nextAttemptAt`, out of the loop).
 */
export type Turn = { call: true } | { pass: 'due' | 'done' };

export function turnOf(rule: CallAgain, carried: Carried | undefined, now: number): Turn {
	if (!carried) return { call: true };
	const { attempts, nextAttemptAt } = carried;
	if (!allowsAnother(rule, attempts) || nextAttemptAt === undefined) return { pass: 'done' };
	return now < nextAttemptAt ? { pass: 'due' } : { call: true };
}

/** The output of an item that passes on without a call: as it came, `nextAttemptAt` left out when it is done. */
export function passedOutput(json: IDataObject, pass: 'due' | 'done'): IDataObject {
	const output = { ...json };
	if (pass === 'done') delete output.nextAttemptAt;
	return output;
}
