/**
 * Test doubles for a webhook's answer: the agent tool's requests (./toolRequests.ts) and a waiting execution's
 * webhook (./waitingN8n.ts).
 */

/**
 * A response object like Express's: after the first answer, setting headers throws (as Node's does); its
 * 'close' listeners run when the answer has gone out (`writableEnded`) or when the client hangs up first
 * (`hangUp()`: the connection closed with nothing written, as Node's ServerResponse does on an aborted request).
 */
export function expressLike() {
	const closeListeners: Array<() => void> = [];
	const close = () => {
		for (const listener of closeListeners.splice(0)) listener();
	};
	const response = {
		statusCode: 200,
		headersSent: false,
		writableEnded: false,
		answers: [] as Array<{ status: number; body: unknown }>,
		/** The client gives up: its connection closes before any answer went out. */
		hangUp() {
			close();
		},
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
			this.writableEnded = true;
			this.answers.push({ status: this.statusCode, body });
			close();
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
			this.writableEnded = true;
			this.answers.push({ status: this.statusCode, body: chunk });
			close();
			return this;
		},
		on(event: string, listener: () => void) {
			if (event === 'close') closeListeners.push(listener);
			return this;
		},
	};
	return response;
}
