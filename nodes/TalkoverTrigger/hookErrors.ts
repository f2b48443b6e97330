/**
 * What n8n shows of an error a trigger hook throws (publishing or unpublishing the workflow, Listen for test
 * event): n8n 1.123 and 2.8 show only the description of a NodeApiError (else its message), and only the
 * message of any other error; 2.41 shows the message and, of a NodeApiError, the description. So a hook's
 * error carries the problem and what to do in its message, and no description of its own: every line shows
 * both, once.
 */
import type { NodeError } from 'n8n-workflow';

/** `message` then `description` as one text (the description left out when the message already holds it). */
function together(message: string, description: string): string {
	if (description === '' || message.includes(description)) return message;
	if (message === '' || description.includes(message)) return description;
	return `${message}${/[.!?:]$/.test(message) ? '' : '.'} ${description}`;
}

/** The error as n8n shows a hook's error on every line: its message says the problem and what to do. */
export function shownOnPublish<T>(error: T): T {
	if (error === null || typeof error !== 'object') return error;
	const e = error as unknown as Partial<Pick<NodeError, 'message' | 'description'>>;
	const description = typeof e.description === 'string' ? e.description.trim() : '';
	if (description === '') return error;
	e.message = together(typeof e.message === 'string' ? e.message.trim() : '', description);
	e.description = undefined;
	return error;
}
