/**
 * The server faults of the fault matrix and what each must give for every operation. Every fault
 * body echoes the bearer token, so that every error path is also checked for leaking it.
 */
import { TOKEN } from '../helpers/fixtures';
import type { Fault } from '../sandbox/talkover-sandbox';
import type { OperationCase } from './operations';

export interface FaultCase {
	name: string;
	/** The sandbox fault (without `when`/`times`); `foreign` is another origin, for redirects. */
	fault: (foreign: string) => Fault;
	/** What the item gets: an error (with whether Talkover may have acted), or a normal output. */
	expected: (op: OperationCase, foreign: string) => { error: string; acted: boolean } | { ok: true };
}

const said = `Something broke for Bearer ${TOKEN} (${TOKEN})`;
const html = `<!DOCTYPE html><html><head><title>Welcome</title></head><body>Signed in as ${TOKEN}</body></html>`;

const serverError = (status: number) => `Talkover had a problem on its side (HTTP ${status})`;
const closed = 'Could not reach Talkover: the connection was closed before Talkover answered';
const noData = (what: string) => `Talkover's answer does not have the expected data (data is ${what})`;
const redirect = (status: number) => (foreign: string) => `Talkover answered with a redirect to ${foreign} (HTTP ${status}), which the node does not follow`;

const error = (text: string, acted: boolean) => ({ error: text, acted });

export const FAULTS: FaultCase[] = [
	{ name: '500', fault: () => ({ status: 500, body: { success: false, message: said } }), expected: () => error(serverError(500), true) },
	{ name: '502 as a web page', fault: () => ({ status: 502, body: html, contentType: 'text/html' }), expected: () => error(serverError(502), true) },
	{ name: '503 with Retry-After', fault: () => ({ status: 503, body: { message: said }, headers: { 'Retry-After': '1' } }), expected: () => error(serverError(503), true) },
	{
		name: '429 with a hint',
		fault: () => ({ status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED', message: said, details: { retry_after: 1 } } }, headers: { 'Retry-After': '1' } }),
		expected: () => error('Talkover rate limit reached: too many requests in a short time', false),
	},
	{
		name: '429 with a hint that is not a time',
		fault: () => ({ status: 429, body: { message: said }, headers: { 'Retry-After': 'soon' } }),
		expected: () => error('Talkover rate limit reached: too many requests in a short time', false),
	},
	{ name: 'connection reset before the answer', fault: () => ({ destroy: true }), expected: () => error(closed, true) },
	{
		name: 'connection reset in the middle of the answer',
		fault: () => ({ status: 200, partial: '{"success":true,"data":{"id":"' }),
		expected: () => error('Could not reach Talkover: the connection was closed while Talkover was answering', true),
	},
	{ name: 'silence, then the connection closes', fault: () => ({ delayMs: 50, destroy: true }), expected: () => error(closed, true) },
	...[301, 302, 307, 308].map(
		(status): FaultCase => ({
			name: `${status} redirect to another origin`,
			fault: (foreign) => ({ status, body: '', headers: { Location: `${foreign}/api/v1/agents?token=${TOKEN}` } }),
			expected: (_op, foreign) => error(redirect(status)(foreign), true),
		}),
	),
	{ name: 'malformed JSON', fault: () => ({ status: 200, body: '{"success":true,"data":' }), expected: () => error('Talkover sent an answer that is not valid JSON (HTTP 200)', true) },
	{ name: 'a web page with 200', fault: () => ({ status: 200, body: html, contentType: 'text/html' }), expected: () => error('Talkover sent a web page instead of data (HTTP 200)', true) },
	{ name: 'empty 200', fault: () => ({ status: 200, body: '' }), expected: () => error('Talkover sent an empty answer (HTTP 200)', true) },
	{
		name: '204',
		fault: () => ({ status: 204, body: '' }),
		// openapi.json documents Delete Agent and Delete Campaign as 204 No Content: for a Delete it is done.
		expected: (op) => (op.data === 'deleted' ? { ok: true } : error('Talkover sent an empty answer (HTTP 204)', true)),
	},
	{ name: 'data: null', fault: () => ({ status: 200, body: { success: true, data: null } }), expected: () => error(noData('null'), true) },
	{ name: 'data a string', fault: () => ({ status: 200, body: { success: true, data: `ok ${TOKEN}` } }), expected: () => error(noData('text'), true) },
	{ name: 'data: true', fault: () => ({ status: 200, body: { success: true, data: true } }), expected: () => error(noData('true'), true) },
	{
		name: 'data missing',
		fault: () => ({ status: 200, body: { success: true, message: said } }),
		expected: (op) => (op.data === 'none' || op.data === 'deleted' ? { ok: true } : error(noData('missing'), true)),
	},
	{
		name: 'success: false with 200',
		fault: () => ({ status: 200, body: { success: false, message: said } }),
		// Validate's "invalid flow" answer is {success:false}: for it this is an answer, not a failure.
		expected: (op) => (op.name === 'flow validate' ? { ok: true } : error('Talkover answered that the request failed (HTTP 200, success: false)', true)),
	},
	{
		name: 'a framework 404 ({"message":"Not Found"})',
		fault: () => ({ status: 404, body: { message: 'Not Found' } }),
		expected: () => error('Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential', false),
	},
];

/** The error text an operation gives for a fault: prefixed with "… may have been …" when it matters. */
export function expectedError(op: OperationCase, expected: { error: string; acted: boolean }): string {
	return !op.repeatable && expected.acted ? `${op.unsure}: ${expected.error}` : expected.error;
}

/** How many requests one item makes over two tries (n8n's Retry On Fail), with Max Retries 0. */
export function expectedSends(op: OperationCase, expected: { error: string; acted: boolean }): number {
	return !op.repeatable && expected.acted ? 1 : 2;
}
