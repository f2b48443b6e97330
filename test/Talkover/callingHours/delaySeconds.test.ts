/**
 * Whether Make Call may wait for the next allowed moment itself (nodes/Talkover/callingHours/decision.ts):
 * `delay_seconds` is documented on make-call.mdx with a range of 0–3600; openapi.json does not list it for
 * POST /agents/{agent_id}/call, so the page's range is the one kept (both documents are read here).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { delaySecondsUntil, MAX_DELAY_SECONDS, nextAllowedMoment } from '../../../nodes/Talkover/callingHours';

const ROOT = path.resolve(__dirname, '../../..');
const { apiReference } = require(path.join(ROOT, 'scripts/api-reference.js')) as { apiReference(): string };
const NOW = Date.parse('2026-03-02T08:00:00Z');

describe('the documented range of delay_seconds', () => {
	test('make-call.mdx: 0–3600, the maximum kept', () => {
		const page = fs.readFileSync(path.join(apiReference(), 'make-call.mdx'), 'utf8');
		const range = /<ParamField body="delay_seconds" type="integer"[^>]*>[^<]*Range: `(\d+)`–`(\d+)`/.exec(page);
		expect(range?.slice(1).map(Number)).toEqual([0, MAX_DELAY_SECONDS]);
	});

	test('openapi.json does not list delay_seconds for POST /agents/{agent_id}/call (in neither body variant): it gives no other range', () => {
		const openapi = JSON.parse(fs.readFileSync(path.join(apiReference(), 'openapi.json'), 'utf8')) as {
			paths: Record<string, { post: { requestBody: { content: { 'application/json': { schema: { oneOf: Array<{ properties: object }> } } } } } }>;
		};
		const variants = openapi.paths['/agents/{agent_id}/call'].post.requestBody.content['application/json'].schema.oneOf;
		expect(variants.length).toBeGreaterThan(0);
		expect(variants.filter((variant) => 'delay_seconds' in variant.properties)).toEqual([]);
	});
});

describe('delaySecondsUntil', () => {
	test.each([
		[0, 0],
		[1, 1],
		[59_000, 59],
		[3_599_000, 3599],
		[3_600_000, 3600],
		[3_599_001, 3600],
	])('%s ms ahead → %s s (rounded up: the call never starts early)', (ahead, seconds) => {
		expect(delaySecondsUntil(NOW + ahead, NOW)).toBe(seconds);
	});

	test.each([3_600_001, 3_601_000, 86_400_000])('%s ms ahead → beyond 3,600 s: undefined (the item is skipped instead)', (ahead) => {
		expect(delaySecondsUntil(NOW + ahead, NOW)).toBeUndefined();
	});

	test('a moment already past → 0', () => {
		expect(delaySecondsUntil(NOW - 5000, NOW)).toBe(0);
	});

	test('from a next allowed moment: 08:15 in New York with hours from 09:00 → 2,700 s; from 07:59 → beyond', () => {
		const rule = { days: ['monday'] as const, from: 540, to: 1020 };
		const at815 = Date.parse('2026-03-02T08:15:00-05:00');
		const at759 = Date.parse('2026-03-02T07:59:00-05:00');
		expect(delaySecondsUntil(nextAllowedMoment(rule, 'America/New_York', at815), at815)).toBe(2700);
		expect(delaySecondsUntil(nextAllowedMoment(rule, 'America/New_York', at759), at759)).toBeUndefined();
	});
});
