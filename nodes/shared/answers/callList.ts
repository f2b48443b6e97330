import type { IDataObject } from 'n8n-workflow';

import { clip } from '../transport/shownText';
import { readTalkoverTime } from './callTime';
import type { AnswerReader } from './reader';
import { AnswerProblem, objectIn } from './reader';

/** One call of a list of calls, as the node's decisions need it. */
export interface CallEntry {
	/** The call as Talkover listed it (a skipped item's output). */
	call: IDataObject;
	/** The number called, as listed. */
	to: string;
	/** When the call was created (epoch ms), read exactly (./callTime). */
	createdAt: number;
	/** The status as listed (a text), or undefined. */
	status?: string;
	/** Whose call it is, when the entry says (`agent.id`, list-calls.mdx, or `agent_id`). */
	agentId?: string;
	/** `inbound` or `outbound`, when the entry says. */
	direction?: string;
	/** Its last change (`updated_at`, epoch ms), when the entry gives one that can be read (a missing or zone-less one is not an error: callMoments reads the call without it). */
	updatedAt?: number;
	/** How long after its creation it was to start (`delay_seconds`, 0–3600 as Make Call sends it), when the entry gives it. */
	delaySeconds?: number;
	/** How long it lasted (`duration`, seconds, 0 if not completed), when the entry gives it. */
	durationSeconds?: number;
}

/** A time field that is not needed to read the entry: its moment, or undefined when it is missing or cannot be read. */
function optionalTime(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	try {
		return readTalkoverTime(value, 'a time');
	} catch {
		return undefined;
	}
}

/** A whole number of seconds within [0, max], or undefined. */
function secondsOrUndefined(value: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
	return Number.isFinite(n) && n >= 0 && n <= max ? n : undefined;
}

function textOrUndefined(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

/**
 * A listed call's status: `status` (the pages, openapi.json's Call), or `current_status` as Talkover's other
 * answers name a state; undefined when it has neither (openapi.json's Call requires no field). Every reader of a
 * listed call's status goes through it.
 */
function listedStatus(call: IDataObject): string | undefined {
	return textOrUndefined(call.status) ?? textOrUndefined(call.current_status);
}

/**
 * One entry of a list of calls (List Calls, Get Agent Calls, Get Campaign's `calls`). An entry that is not
 * an object, has no number or no creation time (or one without a zone) cannot tell which number was
 * called when: an AnswerProblem. Everything else is optional (openapi.json's Call requires no field).
 */
export function readCallEntry(entry: unknown): CallEntry {
	const call = objectIn(entry);
	if (!call) throw new AnswerProblem('a call is not an object, so the node cannot tell which numbers were called');
	if (typeof call.to !== 'string' || !/\d/.test(call.to)) throw new AnswerProblem('a call has no number (to), so the node cannot tell which numbers were called');
	if (call.created_at === undefined || call.created_at === null || call.created_at === '') {
		throw new AnswerProblem(`a call has no creation time (created_at) (the call to ${clip(call.to, 40)}), so the node cannot tell when it was made`);
	}
	const createdAt = readTalkoverTime(call.created_at, `the call to ${clip(call.to, 40)}: its creation time (created_at)`);
	return {
		call,
		to: call.to,
		createdAt,
		status: listedStatus(call),
		agentId: textOrUndefined(objectIn(call.agent)?.id ?? call.agent_id),
		direction: textOrUndefined(call.direction),
		updatedAt: optionalTime(call.updated_at),
		delaySeconds: secondsOrUndefined(call.delay_seconds, 3600),
		durationSeconds: secondsOrUndefined(call.duration ?? call.duration_seconds),
	};
}

/** Every entry of a list of calls; anything but a list is an AnswerProblem. */
export function readCallEntries(entries: unknown): CallEntry[] {
	if (!Array.isArray(entries)) throw new AnswerProblem('the list of calls is missing from the answer, so the node cannot tell which numbers were called');
	return entries.map(readCallEntry);
}

/**
 * A page of a list of calls: the pages' `{success, data, pagination}` and openapi.json's `{data, meta}`.
 * (The node reads every page with getList and its entries with `readCallEntries`; this reads one page.)
 */
export const callListReader: AnswerReader<CallEntry[]> = {
	routes: ['GET /agents/{}/calls', 'GET /calls'],
	read(body) {
		const page = objectIn(body);
		if (page?.success === false) throw new AnswerProblem('Talkover said the list of calls could not be given (success: false)');
		return readCallEntries(page?.data);
	},
};

/** One listed call as a wait reads it at its limit: its ID, its status (`status`, or `current_status` as other answers name it) and duration. */
export interface ListedCallStatus {
	id?: string;
	status?: string;
	duration?: unknown;
}

/**
 * The ID and status of one entry of a list of calls, whatever else it lacks (openapi.json's Call requires no
 * field): a wait looks for its own call among a number's calls, and another call without a creation time
 * must not hide it.
 */
export function readListedCallStatus(entry: unknown): ListedCallStatus {
	const call = objectIn(entry);
	if (!call) return {};
	return { id: textOrUndefined(call.id), status: listedStatus(call), duration: call.duration };
}

/** Whether a listed call went out: its direction is outbound, or the entry names none (taken as the list's, which asked for outbound calls). */
export function isOutbound(call: CallEntry): boolean {
	return call.direction === undefined || call.direction.toLowerCase() === 'outbound';
}

/**
 * Whether a listed call is this agent's outbound call. Get Agent Calls lists one agent's calls, but openapi.json
 * documents no `direction` filter there: an entry that names another agent (`agent.id` or `agent_id`) or another
 * direction does not count; an entry that names neither is taken as the list's answer. A server that ignores
 * `date_from` is still right (created_at is compared) but every page of the agent's calls is read.
 */
export function placedByAgent(call: CallEntry, agentId: string): boolean {
	if (call.agentId !== undefined && call.agentId.toLowerCase() !== agentId.toLowerCase()) return false;
	return isOutbound(call);
}
