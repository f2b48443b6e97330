import type { INodeExecutionData } from 'n8n-workflow';

import type { Secrets } from '../../../shared/secrets';
import type { ItemContext, TalkoverOperation } from '../operation';
import type { NodeError } from './errorItem';
import type { Batching } from './scheduler';

/**
 * One run of the router in its two steps: the items read and checked before anything is sent (`prepareRun`),
 * then sent (`routeItems`). Between the two, Make / Add Call and Wait for Outcome open their wait
 * (nodes/Talkover/wait/), from the same prepared items: each item is prepared once.
 */

/** One input item as prepared: its operation's value and its request settings, or its error (bad input). */
export interface PreparedItem {
	value?: unknown;
	error?: NodeError;
	item?: ItemContext;
}

/** A run whose items are prepared, nothing sent yet. */
export interface PreparedRun {
	handler: TalkoverOperation<unknown>;
	prepared: PreparedItem[];
	/** The one masking step of every item and error the run outputs (the tokens, every header value given). */
	secrets: Secrets & { values: string[] };
	asError: (error: unknown, i: number) => NodeError;
	batching: Batching;
	auto: boolean;
	signal?: AbortSignal;
	/** The credential's Base URL as given (which Talkover the run dials: numbers take turns per Talkover, numberTurns). */
	talkover: string;
}

/** The node's output, and the items whose request Talkover accepted (in this run or an earlier try of it), with their answer as output. */
export interface Routed {
	output: INodeExecutionData[];
	accepted: Map<number, Record<string, unknown>>;
	/** When Talkover accepted each of those items (epoch ms): a wait's limit counts from it. */
	acceptedAt: Map<number, number>;
}
