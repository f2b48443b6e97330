import type { IDataObject } from 'n8n-workflow';

import { clip } from '../transport/shownText';
import type { AnswerReader } from './reader';
import { AnswerProblem, objectIn } from './reader';

/** An agent's publication state: what Talkover documents (`draft`, `published`) and nothing else. */
export type AgentStatus = 'draft' | 'published';

const STATUSES: readonly AgentStatus[] = ['draft', 'published'];

function statusIn(record: IDataObject, key: 'current_status' | 'status'): AgentStatus | undefined {
	if (!(key in record) || record[key] === undefined) return undefined;
	const value = record[key];
	if (typeof value === 'string' && (STATUSES as readonly string[]).includes(value)) return value as AgentStatus;
	throw new AnswerProblem(`the agent's ${key} is ${clip(JSON.stringify(value) ?? String(value), 80)}, not draft or published`);
}

/**
 * Whether the agent is published, from Get Agent (the page's `{success, data: {current_status}}`,
 * openapi.json's bare Agent with `status`) or from the answers of Publish and Unpublish Agent (the pages'
 * `{success, message, data: {current_status}}`). No status, an unknown one, or both fields disagreeing is an
 * AnswerProblem: the node never guesses whether a live agent takes calls.
 */
export const agentStatusReader: AnswerReader<AgentStatus> = {
	routes: ['GET /agents/{}', 'POST /agents/{}/publish', 'POST /agents/{}/unpublish'],
	read(body: unknown): AgentStatus {
		const object = objectIn(body);
		if (!object) throw new AnswerProblem(`the agent is ${body === null ? 'null' : Array.isArray(body) ? 'a list' : typeof body}, not an object`);
		if (object.success === false) throw new AnswerProblem('it says success: false');
		let record: IDataObject = object;
		if ('data' in object) {
			const data = objectIn(object.data);
			if (!data) throw new AnswerProblem('its data is not an agent');
			record = data;
		}
		const current = statusIn(record, 'current_status');
		const status = statusIn(record, 'status');
		if (current && status && current !== status) throw new AnswerProblem(`the agent's current_status (${current}) and status (${status}) disagree`);
		const found = current ?? status;
		if (!found) throw new AnswerProblem("the agent's status is missing (neither current_status nor status)");
		return found;
	},
};
