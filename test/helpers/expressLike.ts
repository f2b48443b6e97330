/**
 * Test doubles for the agent tool's webhook (test/trigger-tool.test.ts, test/never/tool-redelivery.test.ts).
 */

/** A response object like Express's: after the first answer, setting headers throws (as Node's does). */
export function expressLike() {
	const response = {
		statusCode: 200,
		headersSent: false,
		answers: [] as Array<{ status: number; body: unknown }>,
		status(code: number) {
			if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			return this.send(body);
		},
		send(body: unknown) {
			if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
			this.headersSent = true;
			this.answers.push({ status: this.statusCode, body });
			return this;
		},
		setHeader(...header: unknown[]) {
			if (header.length === 0) throw new Error('setHeader needs a name');
			if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
			return this;
		},
		/** Node's end: with nothing written yet, it sends the status without a body (an empty answer). */
		end(chunk?: unknown) {
			if (this.headersSent) return this;
			this.headersSent = true;
			this.answers.push({ status: this.statusCode, body: chunk });
			return this;
		},
		on() {
			return this;
		},
	};
	return response;
}
