import type { IDataObject } from 'n8n-workflow';

/**
 * A request its caller withheld at the moment it was to leave (RequestOptions.atSend): nothing of that
 * attempt was sent. `output` is what the caller gave for it (the item's output in the caller's words); the
 * transport never reads it. `context.mayHaveBeenProcessed` is set only when an earlier attempt of the same
 * request may have reached Talkover (never for a POST, which is sent again only when it provably was not).
 */
export class WithheldAttempt extends Error {
	readonly context: IDataObject;

	constructor(
		readonly output: IDataObject,
		earlierMayHaveActed: boolean,
	) {
		super('Not sent: the request was withheld at the moment it was to leave');
		this.name = 'WithheldAttempt';
		this.context = earlierMayHaveActed ? { notSent: true, mayHaveBeenProcessed: true } : { notSent: true };
	}
}

/** What a request's caller decides right before an attempt leaves (RequestOptions.atSend). */
export type AtSend = { body: IDataObject } | { withhold: IDataObject } | undefined;
