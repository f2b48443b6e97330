/** Talkover's answer to a request as the transport returns it to its caller (TalkoverResponse). */
import type { IDataObject } from 'n8n-workflow';

import type { TalkoverFailure } from './talkoverFailure';

export interface TalkoverResponse {
	statusCode: number;
	body: unknown;
	headers: IDataObject;
	/** Talkover's `message` of a successful answer, without the API token (e.g. "Flow is valid"). */
	message?: string;
	/**
	 * Talkover's failure answer, read once: set for a status the caller handles itself
	 * (`handleStatuses`) and for a 2xx whose body says it failed (`success: false` or `errors`).
	 */
	failure?: TalkoverFailure;
	/** A 404 to a retry after an attempt Talkover may have acted on (asked for with `goneAfterRetry`). */
	goneAfterRetry?: boolean;
}
