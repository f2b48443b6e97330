/**
 * Review 6: networkCode reads message/messages as texts only now, but still takes `cause.code` and `code`
 * as they are: a code that is not a text (an object, an object without a prototype, a Symbol, a number)
 * is returned as "the code". The message then reads "network error [object Object]", or building it
 * throws a TypeError (Symbol, null-prototype object) that replaces the failure; and a refused connection
 * whose text says ECONNREFUSED loses its "nothing was sent" verdict.
 */
import { mayHaveBeenProcessed, networkCode, networkError } from '../../nodes/shared/transport/errors';
import { NODE } from '../helpers/context';

const request = { method: 'GET' as const, url: 'https://api.example.test/api/v1/agents', secret: 'tok' };

describe('review 6: a network error whose code field is not a text', () => {
	test.each([
		['an object', { x: 1 }],
		['an object without a prototype', Object.create(null) as object],
		['a Symbol', Symbol('ECONNREFUSED')],
		['a number', 111],
	])('cause.code is %s and the text says ECONNREFUSED: the code is ECONNREFUSED (nothing was sent)', (_kind, odd) => {
		const error = { cause: { code: odd }, message: 'connect ECONNREFUSED 127.0.0.1:9' };
		expect(networkCode(error)).toBe('ECONNREFUSED');
	});

	test.each([
		['an object', { x: 1 }],
		['an object without a prototype', Object.create(null) as object],
		['a Symbol', Symbol('x')],
	])('code is %s: networkCode gives a text or nothing, and the error is built (no "[object Object]", no TypeError)', (_kind, odd) => {
		const code = networkCode({ code: odd, message: 'something failed' });
		expect(code === undefined || typeof code === 'string').toBe(true);
		const error = networkError(NODE, code, request);
		expect(error.message).not.toMatch(/\[object|undefined|null/);
		expect(mayHaveBeenProcessed(error)).toBe(true);
	});
});
