import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { unexpectedAnswerError } from '../transport/nodeErrors';

/**
 * How the node reads Talkover's answers: every read of an answer, for an output or for one of the node's
 * own decisions (is the agent published? which calls exist?), goes through a reader. A reader names the
 * routes it reads (as test/contract/documented-answers.json names them, "GET /agents/{}") and turns a 2xx
 * body into what the caller needs, or throws an AnswerProblem: an answer that makes no sense is an error,
 * never a guess. test/contract/readers.test.ts runs every reader over every documented answer of its
 * routes (the pages and openapi.json): an answer the documents describe is never an error.
 */
export interface AnswerReader<T> {
	/** The routes whose answers this reader reads, e.g. `GET /agents/{}`. */
	readonly routes: readonly string[];
	/** The 2xx body as n8n's HTTP client gives it (parsed JSON, or the text); throws AnswerProblem. */
	read(body: unknown): T;
}

/** What is wrong with an answer, in words a user understands ("the agent's status is missing"). */
export class AnswerProblem extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AnswerProblem';
	}
}

/** Where an answer came from, for the error's description. */
export interface AnswerOrigin {
	method: IHttpRequestMethods;
	path: string;
	itemIndex?: number;
}

/**
 * Reads a response (its status and body, as the transport got them) with `reader`; an AnswerProblem becomes the node's error for an answer that cannot be
 * used (NodeApiError naming the request, flagged "may have been processed").
 */
export function readAnswer<T>(node: INode, response: { statusCode: number; body: unknown }, reader: AnswerReader<T>, origin: AnswerOrigin): T {
	let problem: AnswerProblem | undefined;
	let value: T | undefined;
	try {
		value = reader.read(response.body);
	} catch (error) {
		// Only a reader's AnswerProblem is an unusable answer; anything else is a bug in the reader.
		if (!(error instanceof AnswerProblem)) throw new NodeOperationError(node, error as Error, { itemIndex: origin.itemIndex });
		problem = error;
	}
	if (problem) throw unexpectedAnswerError(node, `Talkover's answer could not be read: ${problem.message}`, { status: response.statusCode, ...origin });
	return value as T;
}

/** The object the body holds, or undefined; JSON objects only (no lists). */
export function objectIn(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}
