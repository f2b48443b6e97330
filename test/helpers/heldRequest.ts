/**
 * A request Talkover holds without answering past the node's one-minute attempt time-out, then handles: the
 * sandbox's `inject` with an `until` gate holds it; the test clock passes the minute and the connection under
 * the node's attempt is closed there (as when its time-out gives the attempt up, the node cannot tell whether
 * Talkover placed the call: "may have been placed", never sent again); the gate then lets Talkover handle the
 * held request (it places the call, answering nobody).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:http';

import type { TalkoverSandbox } from '../sandbox/talkover-sandbox';
import type { TestClock } from './clock';
import { until } from './fixtures';

export interface HeldRequest {
	/** Resolves once the held request has reached Talkover. */
	reached(): Promise<void>;
	/** The minute passes on the test clock and the node's attempt ends without an answer. */
	timeOut(): void;
	/** Talkover handles the held request; resolves once `handled()` holds. */
	letThrough(handled: () => boolean): Promise<void>;
}

/** Holds the next POST to `path` whose body's `to` is `to` (see above). */
export function holdRequest(sandbox: TalkoverSandbox, clock: TestClock, path: string, to: string): HeldRequest {
	let open: () => void = () => {};
	const gate = new Promise<void>((resolve) => (open = resolve));
	const { server } = sandbox as unknown as { server: Server };
	const pending: Array<{ req: IncomingMessage; res: ServerResponse }> = [];
	const watch = (req: IncomingMessage, res: ServerResponse) => {
		if (req.method === 'POST' && req.url === path) pending.push({ req, res });
	};
	server.prependListener('request', watch);
	sandbox.inject({ method: 'POST', path, when: (r) => r.body?.to === to, until: async () => await gate, times: 1 });
	return {
		reached: async () => await until(() => sandbox.requestsTo('POST', path).some((r) => r.body?.to === to)),
		timeOut: () => {
			clock.advance(60_000);
			server.removeListener('request', watch);
			// The one request still unanswered is the held one.
			for (const { req, res } of pending) if (!res.writableFinished) req.socket.destroy();
		},
		letThrough: async (handled) => {
			open();
			await until(handled);
		},
	};
}
