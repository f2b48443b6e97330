/**
 * The two walks every removal of secrets makes (nodes/shared/transport/textWalks.ts): a copy of an output
 * value with each text rewritten, and the texts of an error rewritten in place, as deep as the caller allows.
 */
import { copyTexts, rewriteErrorTexts } from '../../../nodes/shared/transport/textWalks';

const upper = (t: string) => t.toUpperCase();

describe('copyTexts: a copy with every text rewritten', () => {
	test('without an entry rule, every value is copied with its texts rewritten, keys and lists included', () => {
		const value = { name: 'a', list: ['b', { c: 'd' }], n: 1, none: null };
		expect(copyTexts(value, upper)).toEqual({ NAME: 'A', LIST: ['B', { C: 'D' }], N: 1, NONE: null });
		expect(value).toEqual({ name: 'a', list: ['b', { c: 'd' }], n: 1, none: null });
	});
});

describe('rewriteErrorTexts: the texts of an error rewritten in place', () => {
	test('without an entry rule, every text of the error is rewritten, at any depth', () => {
		const error = Object.assign(new Error('failed'), { context: { note: 'n', deep: { list: ['x'] } } });
		rewriteErrorTexts(error, upper);
		expect(error.message).toBe('FAILED');
		expect(error.context).toEqual({ note: 'N', deep: { list: ['X'] } });
	});

	test('texts are rewritten at most maxDepth objects deep: deeper objects are left as they are', () => {
		const make = () => ({ message: 'm', one: { text: 'a', two: { text: 'b', three: { text: 'c' } } } });
		const atOne = rewriteErrorTexts(make(), upper, { maxDepth: 1 });
		expect(atOne).toEqual({ message: 'M', one: { text: 'A', two: { text: 'b', three: { text: 'c' } } } });
		const atTwo = rewriteErrorTexts(make(), upper, { maxDepth: 2 });
		expect(atTwo).toEqual({ message: 'M', one: { text: 'A', two: { text: 'B', three: { text: 'c' } } } });
		const atZero = rewriteErrorTexts(make(), upper, { maxDepth: 0 });
		expect(atZero).toEqual({ message: 'M', one: { text: 'a', two: { text: 'b', three: { text: 'c' } } } });
	});
});
