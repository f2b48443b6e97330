/**
 * A secret the node gave Talkover (the agent tool's header, an event webhook's header) kept only as its
 * hash: n8n saves a workflow's static data with every execution, so the secret itself is never kept there.
 * The secrets are 32 random bytes (64 hex characters): a plain SHA-256 cannot be turned back, and a
 * comparison needs nothing else. Both sides are hashed before the constant-time comparison (equal lengths).
 */
import { createHash, timingSafeEqual } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

/** What a kept hash starts with (a text without it is a clear secret kept by an earlier version). */
export const HASH_PREFIX = 'sha256:';

/** The hash kept for a secret. */
export function hashOf(secret: string): string {
	return HASH_PREFIX + createHash('sha256').update(secret, 'utf8').digest('hex');
}

function isHash(kept: string): boolean {
	return kept.startsWith(HASH_PREFIX);
}

/**
 * Whether `received` (a delivery's header) is the secret `kept` (its hash, or the clear secret an earlier
 * version kept), in constant time. Nothing received, or nothing kept: no.
 */
export function matchesKept(received: unknown, kept: unknown): boolean {
	if (typeof received !== 'string' || received === '' || typeof kept !== 'string' || kept === '') return false;
	const expected = Buffer.from(isHash(kept) ? kept : hashOf(kept));
	const given = Buffer.from(hashOf(received));
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The record's secret under `key` as a hash: a clear secret (kept by an earlier version) is hashed in
 * place, so the record keeps working and the secret leaves the static data. True when a secret is kept.
 */
export function keepHashed(data: IDataObject, key: string): boolean {
	const kept = data[key];
	if (typeof kept !== 'string' || kept === '') return false;
	if (!isHash(kept)) data[key] = hashOf(kept);
	return true;
}

/** The hash kept under `key` (after keepHashed), if any. */
export function keptHash(data: IDataObject, key: string): string | undefined {
	const kept = data[key];
	if (typeof kept !== 'string' || kept === '') return undefined;
	return isHash(kept) ? kept : hashOf(kept);
}
