/**
 * Secrets kept as a hash (nodes/shared/secrets/secretHash.ts): the tool's secret is never kept in clear in
 * the static data n8n saves, and a received secret is matched against its hash.
 */
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { hashOf, HASH_PREFIX, keepHashed, keptHash, matchesKept } from '../../../nodes/shared/secrets';

const SECRET = '0123456789abcdef'.repeat(4);
const sha = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

describe('a secret kept as its hash', () => {
	test('the hash is SHA-256 of the secret, marked', () => {
		expect(HASH_PREFIX).toBe('sha256:');
		expect(hashOf(SECRET)).toBe(sha(SECRET));
		expect(hashOf('é')).toBe(sha('é'));
	});

	test('a delivery’s header matches the kept hash, or the clear secret an earlier version kept; nothing else', () => {
		expect(matchesKept(SECRET, hashOf(SECRET))).toBe(true);
		expect(matchesKept(SECRET, SECRET)).toBe(true);
		expect(matchesKept(hashOf(SECRET), hashOf(SECRET))).toBe(false);
		expect(matchesKept(`${SECRET}x`, hashOf(SECRET))).toBe(false);
		expect(matchesKept(SECRET.slice(1), SECRET)).toBe(false);
		expect(matchesKept(`${SECRET}, ${SECRET}`, hashOf(SECRET))).toBe(false);
		for (const [received, kept] of [
			[undefined, hashOf(SECRET)],
			['', hashOf('')],
			['', ''],
			[SECRET, ''],
			[SECRET, undefined],
			[[SECRET], hashOf(SECRET)],
			[SECRET, 42],
		] as Array<[unknown, unknown]>) {
			expect(matchesKept(received, kept)).toBe(false);
		}
	});

	test('a hash kept with another prefix-less length does not throw', () => {
		expect(matchesKept(SECRET, 'sha256:short')).toBe(false);
	});

	test('keepHashed: a clear secret is replaced by its hash; a hash stays; nothing kept: false', () => {
		const data: IDataObject = { secret: SECRET };
		expect(keepHashed(data, 'secret')).toBe(true);
		expect(data.secret).toBe(hashOf(SECRET));
		expect(keepHashed(data, 'secret')).toBe(true);
		expect(data.secret).toBe(hashOf(SECRET));
		for (const value of [undefined, '', 7]) {
			const other: IDataObject = { secret: value as string };
			expect(keepHashed(other, 'secret')).toBe(false);
			expect(other.secret).toBe(value);
		}
	});

	test('keptHash: the hash, of a clear secret too (without changing the record); none: undefined', () => {
		const data: IDataObject = { a: SECRET, b: hashOf(SECRET), c: '', d: 1 };
		expect(keptHash(data, 'a')).toBe(hashOf(SECRET));
		expect(data.a).toBe(SECRET);
		expect(keptHash(data, 'b')).toBe(hashOf(SECRET));
		expect(keptHash(data, 'c')).toBeUndefined();
		expect(keptHash(data, 'd')).toBeUndefined();
		expect(keptHash(data, 'e')).toBeUndefined();
	});
});
