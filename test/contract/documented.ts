/**
 * The answers Talkover documents (test/contract/documented-answers.json, extracted from the API reference
 * by scripts/extract-examples.mjs) and how to serve one of them from the sandbox for one route.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { RecordedRequest } from '../sandbox/talkover-sandbox';

export interface DocumentedAnswer {
	id: string;
	source: {
		file: string;
		heading?: string | null;
		/** A `<ResponseExample title="…">`'s title. */
		title?: string;
		/** Where a page holds it: "ResponseExample", "ResponseExample with title", "json block under a response heading". */
		form?: string;
		pointer?: string;
		description?: string | null;
	};
	/** "GET /agents/{}": method and path, path parameters unnamed; null for a page of no route (authentication.mdx's errors hold for every route). */
	route: string | null;
	status: number;
	handling: string;
	body: unknown;
}

export interface DocumentedAnswers {
	sources: Record<string, string>;
	repairs: Record<string, string>;
	notJson: Array<{ id: string; handling: string }>;
	answers: DocumentedAnswer[];
}

export const FIXTURE_PATH = path.join(__dirname, 'documented-answers.json');

export const DOCUMENTED: DocumentedAnswers = JSON.parse(fs.readFileSync(FIXTURE_PATH, 'utf8'));

/** Every documented answer of one route (pages and openapi.json), in the fixture's order. */
export function answersOf(route: string): DocumentedAnswer[] {
	return DOCUMENTED.answers.filter((a) => a.route === route);
}

/** Whether a recorded request is one of `route` ("GET /agents/{}"). */
export function isRoute(route: string): (request: RecordedRequest) => boolean {
	const [method, template] = route.split(' ');
	const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\\?\}/g, '[^/]+')}$`);
	return (request) => {
		const bare = request.path.split('?')[0].replace(/^\/api\/v1/, '');
		return request.method === method && pattern.test(bare);
	};
}

/** The record a documented body carries: `data`, else the bare body. */
export function recordOf(body: unknown): unknown {
	return body !== null && typeof body === 'object' && !Array.isArray(body) && 'data' in body ? (body as { data: unknown }).data : body;
}

/** A documented error's own words (`message`, `error.message` or `error`), to find in the node's error. */
export function messageOf(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const b = body as { message?: unknown; error?: unknown };
	if (typeof b.error === 'object' && b.error !== null && typeof (b.error as { message?: unknown }).message === 'string') return (b.error as { message: string }).message;
	if (typeof b.message === 'string') return b.message;
	if (typeof b.error === 'string') return b.error;
	return undefined;
}

/** A documented error's code (`error.code`, `code`, or `error` when `message` is beside it). */
export function codeOf(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const b = body as { code?: unknown; error?: unknown };
	if (typeof b.error === 'object' && b.error !== null && typeof (b.error as { code?: unknown }).code === 'string') return (b.error as { code: string }).code;
	if (typeof b.code === 'string') return b.code;
	return undefined;
}
