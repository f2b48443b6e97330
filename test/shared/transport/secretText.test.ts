/**
 * Removing secrets from what the node gives back (nodes/shared/transport/secretText.ts): a URL's user name
 * and password, and the token (or each of several) from texts, copies of answers and errors in place.
 */
import { scrub, scrubError, scrubValue, withoutUserinfo } from '../../../nodes/shared/transport/secretText';

describe('withoutUserinfo: a URL\'s user name and password removed', () => {
	test('the user name and password of every URL in a text are removed', () => {
		expect(withoutUserinfo('https://a:b@h.test/x')).toBe('https://h.test/x');
		expect(withoutUserinfo('see https://a:b@h.test/x and http://c@d.test')).toBe('see https://h.test/x and http://d.test');
		expect(withoutUserinfo('https://h.test/a@b')).toBe('https://h.test/a@b');
		expect(withoutUserinfo('mail me: a@b.test')).toBe('mail me: a@b.test');
		expect(withoutUserinfo('https://u:p@ss@h.test/x@y')).toBe('https://h.test/x@y');
	});

	test('a Base URL\'s password in capitals of the scheme is removed too', () => {
		expect(withoutUserinfo('HTTPS://u:p@h.test/x')).toBe('HTTPS://h.test/x');
	});
});

describe('scrub and scrubValue: the token removed from texts and from copies of answers', () => {
	test('scrub removes every occurrence of the token; an empty token removes nothing', () => {
		expect(scrub('a talq_x b talq_x', 'talq_x')).toBe('a *** b ***');
		expect(scrub('a', '')).toBe('a');
	});

	test('a token with a * in it is never spelt again by the *** and the text beside it', () => {
		expect(scrub('a **tok1tok1 b', '*tok1')).toBe('a ****** b');
		expect(scrub('a tokensecret b', ['*secret', 'token'])).toBe('a ***** b');
		expect(scrub('x talq_1*2*3 y', 'talq_1*2*3')).toBe('x *** y');
		expect(scrub('a tok*tok b', ['*tok', 'tok'])).toBe('a ****** b');
	});

	test('a token echoed percent-encoded, or in a JSON text with its slashes escaped, is removed too', () => {
		const token = 'talq_Ab+Cd/Ef==';
		expect(scrub('GET /hook?token=talq_Ab%2BCd%2FEf%3D%3D failed', token)).toBe('GET /hook?token=*** failed');
		expect(scrub('{"detail":"{\\"token\\":\\"talq_Ab+Cd\\/Ef==\\"}"}', token)).not.toContain('Ef==');
		expect(scrubValue({ log: '{"token":"talq_Ab+Cd\\/Ef=="}', url: '/x?t=talq_Ab%2BCd%2FEf%3D%3D' }, token)).toEqual({ log: '{"token":"***"}', url: '/x?t=***' });
	});

	test('an echo whose every *** spells the token again with the text before it has none of the token left, in one reading', () => {
		const out = scrub(`${'tk_live'.repeat(40_000)}*`, 'tk_live*');
		expect(out).not.toContain('tk_live');
		expect(out).toBe('*'.repeat(3 + 2 * 39_999));
	});

	test('scrubValue keeps an own "__proto__" key as data (never the copy\'s prototype), at any depth', () => {
		const answer = JSON.parse('{"id":"a1","__proto__":{"isAdmin":true},"debug":"talq_x","nested":[{"__proto__":{"polluted":1},"t":"talq_x"}]}');
		const copy = scrubValue(answer, 'talq_x') as Record<string, unknown>;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(copy.isAdmin).toBeUndefined();
		expect(JSON.stringify(copy)).toBe('{"id":"a1","__proto__":{"isAdmin":true},"debug":"***","nested":[{"__proto__":{"polluted":1},"t":"***"}]}');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('an answer without the token comes back as it is (not copied)', () => {
		const answer = { id: 'a', list: [1, 2] };
		expect(scrubValue(answer, ['talq_x', ''])).toBe(answer);
		expect(scrubValue(answer, '')).toBe(answer);
	});

	test('the token is removed from texts in lists, nested objects and keys; other values stay', () => {
		const answer = { list: ['talq_x', 2, null, true], deep: { talq_x: 'key', n: 1 } };
		expect(scrubValue(answer, 'talq_x')).toEqual({ list: ['***', 2, null, true], deep: { '***': 'key', n: 1 } });
		expect(answer.list[0]).toBe('talq_x');
	});

	test('every one of several tokens is removed', () => {
		expect(scrubValue({ a: 'talq_a', b: 'talq_b' }, ['talq_a', 'talq_b'])).toEqual({ a: '***', b: '***' });
	});

	test('a token with a quote is found as JSON writes it', () => {
		expect(scrubValue({ a: 'x"tok"y' }, '"tok"')).toEqual({ a: 'x***y' });
	});

	test('an answer that refers to itself is copied once, the token removed, without looping', () => {
		const answer: Record<string, unknown> = { t: 'talq_x' };
		answer.self = answer;
		const list: unknown[] = ['talq_x'];
		list.push(list);
		answer.list = list;
		const copy = scrubValue(answer, 'talq_x') as Record<string, unknown>;
		expect(copy.t).toBe('***');
		expect(copy.self).toBe(copy);
		const listCopy = copy.list as unknown[];
		expect(listCopy[0]).toBe('***');
		expect(listCopy[1]).toBe(listCopy);
	});

	test('an object that is not plain data (a Date) is kept as it is', () => {
		const when = new Date(0);
		const copy = scrubValue({ when, t: 'talq_x' }, 'talq_x') as { when: Date };
		expect(copy.when).toBe(when);
	});

	test('an object without a prototype is copied as data', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { t: 'talq_x' });
		expect(scrubValue({ bare }, 'talq_x')).toEqual({ bare: { t: '***' } });
	});

	test('an answer holding only the Account Token (both tokens given) has it removed', () => {
		expect(scrubValue({ a: 'talq_account' }, ['talq_api', 'talq_account'])).toEqual({ a: '***' });
	});

	test('a field without a value (undefined) beside the token is kept as it is', () => {
		expect(scrubValue({ a: 'talq_x', b: undefined, c: [undefined] }, 'talq_x')).toEqual({ a: '***', b: undefined, c: [undefined] });
	});

	test('a cleaned answer is ordinary data: a later step can change and delete its fields', () => {
		const copy = scrubValue({ a: 'talq_x', b: 1 }, 'talq_x') as Record<string, unknown>;
		copy.a = 'changed';
		delete copy.b;
		expect(copy).toEqual({ a: 'changed' });
	});
});

describe('scrubError: the token removed from every text of an error, in place', () => {
	test('scrubError rewrites an own "__proto__" text as a property, not a prototype', () => {
		const error = Object.defineProperty(new Error('m'), '__proto__', { value: 'talq_x', enumerable: true, writable: true, configurable: true });
		scrubError(error, 'talq_x');
		expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
		expect(Object.getOwnPropertyDescriptor(error, '__proto__')?.value).toBe('***');
	});

	test('an error: its texts at any depth up to six levels; the node\'s parameters and read-only texts are left alone', () => {
		const error = Object.assign(new Error('failed for talq_x'), {
			description: 'token talq_x',
			context: { list: ['talq_x'], deep: { a: { b: { c: { d: { e: 'talq_x' } } } } } },
			node: { parameters: { token: 'talq_x' } },
		});
		Object.defineProperty(error, 'fixed', { value: 'talq_x', writable: false, enumerable: true });
		Object.defineProperty(error, 'computed', { get: () => 'talq_x', enumerable: true });
		scrubError(error, ['', 'talq_x']);
		expect(error.message).toBe('failed for ***');
		expect(error.description).toBe('token ***');
		expect(error.context.list).toEqual(['***']);
		expect(error.context.deep.a.b.c.d.e).toBe('***');
		expect(error.node.parameters.token).toBe('talq_x');
		expect((error as unknown as { fixed: string }).fixed).toBe('talq_x');
		expect(String(error.stack)).not.toContain('talq_x');
	});

	test('an error nested deeper than that is left (n8n does not show it)', () => {
		const error = { a: { b: { c: { d: { e: { f: { g: { h: 'talq_x' } } } } } } } };
		scrubError(error, 'talq_x');
		expect(error.a.b.c.d.e.f.g.h).toBe('talq_x');
	});

	test('an error that refers to itself is walked once', () => {
		const error: Record<string, unknown> = { message: 'talq_x' };
		error.self = error;
		expect(scrubError(error, 'talq_x')).toBe(error);
		expect(error.message).toBe('***');
	});

	test('without a token nothing is touched', () => {
		const error = { message: 'talq_x' };
		expect(scrubError(error, ['', ''])).toBe(error);
		expect(error.message).toBe('talq_x');
	});

	test('an error text holding only the Account Token (both tokens given) has it removed', () => {
		const error = { message: 'failed for talq_account' };
		scrubError(error, ['talq_api', 'talq_account']);
		expect(error.message).toBe('failed for ***');
	});

	test('an error with empty fields (null, undefined) still has the token removed from its texts', () => {
		const error = { message: 'failed for talq_x', httpCode: null, description: undefined, context: { itemIndex: undefined, data: null, text: 'talq_x' } };
		scrubError(error, 'talq_x');
		expect(error).toEqual({ message: 'failed for ***', httpCode: null, description: undefined, context: { itemIndex: undefined, data: null, text: '***' } });
	});
});
