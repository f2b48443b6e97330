import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AttemptPlan } from '../callAgain';
import type { RequestSettings } from '../../shared/transport';
import type { DialTarget } from './engine/recentCalls';

/** Where a wait's webhook lives: on the agent of its calls (Make), or on the campaign (Add Call). */
export type WaitOwner = { agentId: string; campaignId?: undefined } | { campaignId: string; agentId?: undefined };

/** What an operation that waits for its calls' outcome says of a prepared item: where the wait's webhook goes and what it waits for (the wait, nodes/Talkover/wait/, reads it). */
export interface WaitPlan {
	owner: WaitOwner;
	/** The number, as sent. */
	to: string;
	/** Context as sent (the item's own request, not an answer). */
	context?: IDataObject;
	/** The item's Wait Limit, counted from when its call rings (ringsAt). */
	waitLimitMs: number;
	/**
	 * When the item's call rings (epoch ms), from its output as placed and when Talkover accepted it: Make Call's
	 * delay after that, a campaign call's `scheduled_at` when later (none: it rings when accepted).
	 */
	ringsAt?(placed: IDataObject, acceptedAt: number): number;
	/** The per-call events picked (event names). */
	events?: string[];
	/** Call Again Until Reached: the rule, the lead's calls before this one, its Calling Hours. */
	callAgain?: AttemptPlan;
}

/** What most operations prepare for an item: the agent, and the JSON body under the API's field names. */
export interface AgentRequest {
	agentId: string;
	body: IDataObject;
}

/** One item's request settings, handed to `execute` by the router: spread them into every request. */
export type ItemContext = RequestSettings & { itemIndex: number };

/**
 * What a person is told when an operation that may not be repeated failed in a way after which
 * Talkover may have acted all the same (a 5xx, a dropped connection, an answer that cannot be read).
 */
export interface IfUnsure {
	/** What may have happened, first in the error: "The call may have been placed". */
	mayHaveHappened: string;
	/** How to find out, completing "check whether …": "the call exists: Call → Get Active (…)". */
	check: string;
	/** When nothing reached Talkover (a refused connection): "The call was not placed." */
	notDone: string;
}

/**
 * May this item's request be sent again? True for reads and for updates that set a value (sending
 * twice changes nothing); false for anything that creates, dials, charges or changes a state (Create,
 * Make Call, Publish, …): the router then never sends it twice for one item, not even under n8n's
 * Retry On Fail, and its errors say what may have happened and how to check. Every operation states
 * it: the type has no default.
 */
export type Repeatability = { repeatable: true; ifUnsure?: undefined } | { repeatable: false; ifUnsure: IfUnsure };

/**
 * What every `<operation>.operation.ts` file exports. `prepare` only reads and checks the item's
 * parameters and throws a clear error for bad input; the router runs it for every item before
 * `execute` sends anything, so a bad item never leaves half of a run sent.
 */
export type TalkoverOperation<Prepared> = Repeatability & {
	description: INodeProperties[];
	/** Its requests carry the credential's Account Token when it has one (Credit → Get Balance): paced as that token. */
	useAccountToken?: boolean;
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared;
	/** Operations that dial (Make Call, Add Call): where a prepared item dials, for engine/dialGuard. */
	dialTarget?(prepared: Prepared): DialTarget;
	/**
	 * Operations with Calling Hours (Make Call, Add Call): asked just before the item is sent, with the
	 * clock's time. `skip`: the item's output, and nothing is sent (nor recorded as sent: a later try asks
	 * again). Undefined: sent as prepared (the operation asks again as each attempt leaves: atSend). An
	 * error found then fails the item `itemIndex`.
	 */
	beforeSending?(this: IExecuteFunctions, prepared: Prepared, now: number, itemIndex: number): { skip: IDataObject } | undefined;
	execute(this: IExecuteFunctions, prepared: Prepared, item: ItemContext): Promise<IDataObject[]>;
	/** Make / Add Call and Wait for Outcome: after its calls, the execution waits for their outcome (nodes/Talkover/wait/), as the plan of each item says (none: the item places no call, and passes on as it came out). */
	waitsForOutcome?(prepared: Prepared): WaitPlan | undefined;
};
