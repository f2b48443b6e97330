import type { Expected } from '../transport/answer';
import { answerProblem } from '../transport/answer';
import type { AnswerReader } from './reader';
import { AnswerProblem, objectIn } from './reader';

/**
 * A reader whose answers have one of the shapes the transport checks (transport/answer.ts's Expected):
 * the transport checks `expect` with the answer's HTTP status first (its messages name the status), then
 * calls `read`, which checks the shape again (so a reader read on its own, as the contract test does, is
 * as strict) and takes the value out.
 */
export interface ShapedReader<T> extends AnswerReader<T> {
	readonly expect: Expected;
}

function isEmpty(body: unknown): boolean {
	return body === undefined || body === null || (typeof body === 'string' && body.trim() === '');
}

/** A reader of `routes` for answers shaped as `expect`, whose value `take` takes out of the checked body. */
export function shaped<T>(routes: readonly string[], expect: Expected, take: (body: unknown) => T): ShapedReader<T> {
	return {
		routes,
		expect,
		read(body: unknown): T {
			// Without its status, an empty body is read as a Delete's 204 (the only empty answer documented).
			const problem = answerProblem(isEmpty(body) && expect === 'deleted' ? 204 : 200, body, expect);
			if (problem) throw new AnswerProblem(problem);
			return take(body);
		},
	};
}

/** The `data` of the `{ success, data }` envelope, or the body itself (openapi.json's bare answers). */
export function dataOf(body: unknown): unknown {
	const object = objectIn(body);
	return object && 'data' in object ? object.data : body;
}
