/**
 * The words of a failure Talkover answered (nodes/shared/transport/failureMessages.ts): the message and
 * description for each status, the sentences of the error codes a person can act on (also when only
 * Talkover's message names them), the campaign's status rules, and what a message shows of the body.
 */
import type { TalkoverFailure } from '../../../nodes/shared/transport/talkoverFailure';
import { CAMPAIGN_TRANSITIONS, describeFailure } from '../../../nodes/shared/transport/failureMessages';
import { failureError } from '../../../nodes/shared/transport/nodeErrors';
import { readFailure } from '../../../nodes/shared/transport/talkoverFailure';
import { NODE } from '../../helpers/context';

const failure = (status: number, extra: Partial<TalkoverFailure> = {}): TalkoverFailure => ({ status, lines: [], textBody: false, mayHaveBeenProcessed: status >= 500, ...extra });

describe('describeFailure: the message and description shown in n8n', () => {
	const failure = (status: number, extra: Partial<TalkoverFailure> = {}): TalkoverFailure => ({ status, lines: [], textBody: false, mayHaveBeenProcessed: status >= 500, ...extra });

	test.each<[string, TalkoverFailure, string | undefined, string, string]>([
		['401', failure(401, { message: 'Unauthenticated.' }), undefined, 'Talkover did not accept the API token: it is wrong or has expired', 'Talkover said: "Unauthenticated."\nOpen the "Talkover API" credential and paste a current token from Talkover (Account → Environments).'],
		['401 with a known code: still the token', failure(401, { code: 'AGENT_INACTIVE' }), undefined, 'Talkover did not accept the API token: it is wrong or has expired', 'Open the "Talkover API" credential and paste a current token from Talkover (Account → Environments).\nError code: AGENT_INACTIVE'],
		['403', failure(403), undefined, 'The Talkover API token is not allowed to do this', ''],
		['404 with the caller’s meaning', failure(404, { message: 'Agent not found' }), 'Agent not found: X', 'Agent not found: X', 'Talkover said: "Agent not found"'],
		['404 that names what is missing, without the caller’s meaning', failure(404, { code: 'WEBHOOK_NOT_FOUND' }), undefined, 'Talkover could not find what was asked for', 'Error code: WEBHOOK_NOT_FOUND'],
		['404 of an address Talkover does not know (a framework’s "Not Found")', failure(404, { message: 'Not Found' }), 'Agent not found: X', 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential', 'Talkover said: "Not Found"\nThe Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.'],
		['404 without words', failure(404), undefined, 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential', 'The Base URL is Talkover\'s address without /api/v1, e.g. https://app.talkover.ai.'],
		['409 known from the message alone', failure(409, { message: 'Cannot delete agent while it has active calls.' }), undefined, 'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish', 'Talkover said: "Cannot delete agent while it has active calls."'],
		['409 call not active', failure(409, { message: 'Call is not active' }), undefined, 'The call is not active any more: it has already ended', 'Talkover said: "Call is not active"'],
		['402 known code', failure(402, { code: 'INSUFFICIENT_CREDITS', message: 'No credits' }), undefined, 'Not enough Talkover credits: top up your Talkover account', 'Talkover said: "No credits"\nError code: INSUFFICIENT_CREDITS'],
		['422: Talkover’s words in the message, the lines in the description', failure(422, { message: 'The given data was invalid.', lines: ['a: b'] }), undefined, 'Talkover rejected the data: The given data was invalid.', 'a: b'],
		['422 without a message', failure(422), undefined, 'Talkover rejected the data: validation failed', ''],
		['500', failure(500, { message: 'boom' }), undefined, 'Talkover had a problem on its side (HTTP 500)', 'Talkover said: "boom"\nThis is not caused by your input. Try again later.'],
		['502 with an HTML page', failure(502, { textBody: true }), undefined, 'Talkover had a problem on its side (HTTP 502)', 'This is not caused by your input. Try again later.\nThe response was not a Talkover JSON error; check the Base URL of the credential.'],
		['another 4xx', failure(418, { message: 'teapot', code: 'TEA' }), undefined, 'Talkover refused the request (HTTP 418): teapot', 'Talkover said: "teapot"\nError code: TEA'],
		['another 4xx without words', failure(400), undefined, 'Talkover refused the request (HTTP 400)', ''],
	])('%s', (_case, read, notFound, message, description) => {
		expect(describeFailure(read, notFound)).toEqual({ message, description });
	});

	// A text that names one operation is shown only where it fits.
	test.each<[string, TalkoverFailure, string]>([
		['402 on any operation: no "call", no Test Call', failure(402, { code: 'INSUFFICIENT_CREDITS' }), 'Not enough Talkover credits: top up your Talkover account'],
		['409 that mentions active calls but not a deletion (e.g. Unpublish)', failure(409, { message: 'Agent has active calls' }), 'Talkover refused the request (HTTP 409): Agent has active calls'],
		['409 that mentions "published" but not a deletion (e.g. Publish)', failure(409, { message: 'Agent is already published' }), 'Talkover refused the request (HTTP 409): Agent is already published'],
		['409 "Campaign is not active" (Add Call) is not about a call', failure(409, { message: 'Campaign is not active' }), 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)'],
		['409 "Cannot delete agent while it is published" is still the delete rule', failure(409, { message: 'Cannot delete a published agent' }), 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)'],
	])('%s', (_case, read, message) => {
		expect(describeFailure(read).message).toBe(message);
	});

	test('an operation’s own words for a code (Make Call’s 402), and the Account Token named', () => {
		const noCredits = failure(402, { code: 'INSUFFICIENT_CREDITS' });
		expect(describeFailure(noCredits, undefined, { codeMessages: { INSUFFICIENT_CREDITS: 'own words' } }).message).toBe('own words');
		expect(describeFailure(failure(401), undefined, { token: 'Account Token' }).message).toBe('Talkover did not accept the Account Token: it is wrong or has expired');
	});
});

describe('a campaign status change Talkover refuses', () => {
	test.each([
		['Cannot transition from draft to paused', 'The campaign cannot go from draft to paused: from draft it can only become active or cancelled'],
		['Cannot transition from active to draft', 'The campaign cannot go from active to draft: from active it can only become paused, completed or cancelled'],
		['Cannot transition from Completed to active', 'The campaign cannot go from Completed to active: Completed is a final status'],
		['Cannot transition from archived to active', 'The campaign cannot go from archived to active'],
		['Invalid status change', 'Talkover does not allow this status change for the campaign in its current status'],
	])('"%s" reads "%s"', (message, text) => {
		expect(describeFailure(failure(400, { code: 'INVALID_TRANSITION', message })).message).toBe(text);
	});

	test('a refused status change without Talkover\'s words still says what happened', () => {
		expect(describeFailure(failure(400, { code: 'INVALID_TRANSITION' })).message).toBe('Talkover does not allow this status change for the campaign in its current status');
	});

	test('the rule is known from the message alone (a 400 without a code)', () => {
		expect(describeFailure(failure(400, { message: 'Cannot transition from paused to draft' })).message).toBe(
			'The campaign cannot go from paused to draft: from paused it can only become active, completed or cancelled',
		);
	});

	test('the status rules are the page\'s table', () => {
		expect(CAMPAIGN_TRANSITIONS).toEqual({
			draft: ['active', 'cancelled'],
			active: ['paused', 'completed', 'cancelled'],
			paused: ['active', 'completed', 'cancelled'],
			completed: [],
			cancelled: [],
		});
	});
});

describe('the texts of known codes that name what the answer carried', () => {
	test('a duplicate campaign call names the open call Talkover already has', () => {
		const read = readFailure(409, { success: false, message: 'Phone number already exists in this campaign', existing_call: { id: 'cc-7', status: 'queued' } });
		expect(read.details).toEqual({ existing_call: { id: 'cc-7', status: 'queued' } });
		expect(describeFailure(read).message).toBe(
			'This number already has an open call in the campaign (campaign call cc-7, queued), so nothing was added: turn on Allow Duplicates to add it again on purpose',
		);
		expect(describeFailure(failure(409, { code: 'DUPLICATE_CALL' })).message).toBe(
			'This number already has an open call in the campaign, so nothing was added: turn on Allow Duplicates to add it again on purpose',
		);
	});

	test('the optimized-costs threshold says how many calls the agent has and needs', () => {
		const withDays = readFailure(422, { error: { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', message: 'no', details: { current_calls: 3, required_calls: 50, threshold_days: 30 } } });
		expect(describeFailure(withDays).message).toBe('The agent does not have enough calls for optimized costs yet (3 of the 50 calls needed in 30 days): Enable Initial Message Cache stays off');
		const withoutDays = readFailure(422, { success: false, code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { current_calls: 0, required_calls: 50 } });
		expect(describeFailure(withoutDays).message).toBe('The agent does not have enough calls for optimized costs yet (0 of the 50 calls needed): Enable Initial Message Cache stays off');
		expect(describeFailure(failure(422, { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { current_calls: 3 } })).message).toBe(
			'The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off',
		);
	});

	// The values of these two messages come from Talkover's body: only texts and numbers are shown.
	test('a duplicate or a threshold message shows what the body names only as text or numbers, never "[object Object]" or "null"', () => {
		const duplicate = (existing: unknown) => describeFailure(failure(409, { code: 'DUPLICATE_CALL', details: { existing_call: existing } as TalkoverFailure['details'] })).message;
		const plain = 'This number already has an open call in the campaign, so nothing was added: turn on Allow Duplicates to add it again on purpose';
		expect(duplicate({ id: { nested: 1 }, status: 'queued' })).toBe(plain);
		expect(duplicate({ id: null, status: null })).toBe(plain);
		expect(duplicate({ id: '  ', status: 'queued' })).toBe(plain);
		expect(duplicate({ id: 77, status: ['queued'] })).toContain('(campaign call 77), so nothing');
		expect(duplicate({ id: 'cc-1', status: 'x'.repeat(500) })).toContain('(campaign call cc-1, ' + 'x'.repeat(80) + '… (500 characters)), so nothing');
		const threshold = (details: object) => describeFailure(failure(422, { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: details as TalkoverFailure['details'] })).message;
		expect(threshold({ current_calls: {}, required_calls: 50 })).toBe('The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off');
		expect(threshold({ current_calls: 3, required_calls: 50, threshold_days: null })).toBe(
			'The agent does not have enough calls for optimized costs yet (3 of the 50 calls needed): Enable Initial Message Cache stays off',
		);
		expect(threshold({ current_calls: '3', required_calls: Number.NaN })).toBe('The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off');
	});

	test.each([
		[409, 'Campaign has active calls in progress', 'The campaign has calls in progress, so it cannot be deleted: wait until they have finished'],
		[409, 'The selected time slot is no longer available', 'The time slot is no longer free: another event was booked there. Get the availability again and choose another slot'],
		[409, 'Campaign is not active', 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)'],
		[400, 'Campaign is not active', 'The campaign is not active, so it takes no calls: start it first (Campaign → Update Status → Start)'],
		[403, 'Cannot delete active campaign', 'The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)'],
		[404, 'Voice template not found', 'Voice not found: Talkover has no voice template with this ID; choose the voice from the list again'],
		[409, 'Agent must be unpublished before deletion: it is published', 'The agent is published, so it cannot be deleted: unpublish it first (Agent → Unpublish)'],
		// The same words with another status keep Talkover's own.
		[400, 'Cannot delete active campaign', 'Talkover refused the request (HTTP 400): Cannot delete active campaign'],
		[409, 'Voice template not found', 'Talkover refused the request (HTTP 409): Voice template not found'],
	])('a %i "%s" reads "%s"', (status, message, text) => {
		expect(describeFailure(failure(status, { message })).message).toBe(text);
	});

	test('a 404: the operation\'s own "not found" text wins, unless Talkover\'s message says what was not found', () => {
		expect(describeFailure(failure(404, { code: 'VOICE_NOT_FOUND' }), 'Agent not found: X').message).toBe('Agent not found: X');
		expect(describeFailure(failure(404, { message: 'Voice template not found' }), 'Agent not found: X').message).toBe(
			'Voice not found: Talkover has no voice template with this ID; choose the voice from the list again',
		);
	});

	test('a known code on a 403 is said in its own words, the token named only for an unknown one', () => {
		expect(describeFailure(failure(403, { code: 'CAMPAIGN_IS_ACTIVE' })).message).toBe('The campaign is active, so it cannot be deleted: pause or cancel it first (Campaign → Update Status)');
		expect(describeFailure(failure(403), undefined, { token: 'Account Token' }).message).toBe('The Talkover Account Token is not allowed to do this');
	});
});

describe('other failures in words', () => {
	test('a 2xx whose body says it failed', () => {
		expect(describeFailure(failure(200, { message: 'Nope' }))).toEqual({ message: 'Talkover answered that the request failed (HTTP 200, success: false)', description: 'Talkover said: "Nope"' });
	});

	test('a 404 that is Talkover saying what it does not have, and the caller did not say', () => {
		expect(describeFailure(failure(404, { message: 'No active call found for this agent' })).message).toBe('Talkover could not find what was asked for');
	});

	test('a 404 web page (not a JSON error) is not blamed on the answer\'s format: the Base URL line says it', () => {
		expect(describeFailure(failure(404, { textBody: true }))).toEqual({
			message: 'Talkover does not know this address (HTTP 404 Not Found): check the Base URL of the "Talkover API" credential',
			description: "The Base URL is Talkover's address without /api/v1, e.g. https://app.talkover.ai.",
		});
	});

	test('a text body with Talkover\'s words or problem lines is a Talkover error after all', () => {
		expect(describeFailure(failure(502, { textBody: true, lines: ['a: b'] })).description).toBe('This is not caused by your input. Try again later.\na: b');
	});
});

describe('the sentences a person reads for Talkover\'s error codes', () => {
	test.each([
		['AGENT_INACTIVE', 'The agent is not published, so it cannot place calls: publish it first (Agent → Publish)'],
		['INVALID_PHONE_NUMBER', 'Talkover rejected the phone number: it must be in international format, e.g. +15551234567'],
		['MISSING_PHONE_NUMBER', 'Talkover needs a phone number to call'],
		['CAMPAIGN_HAS_ACTIVE_CALLS', 'The campaign has queued calls, so its schedule cannot change while it runs: pause it first (Campaign → Update Status → Pause), update it, then start it again'],
		['CAMPAIGN_LIMIT_REACHED', 'Your Talkover plan allows no more campaigns: delete one you no longer need, or upgrade the plan'],
	])('%s reads "%s"', (code, text) => {
		expect(describeFailure(failure(400, { code, message: 'm' })).message).toBe(text);
	});

	test('an agent Talkover will not delete because of one active call is the agent\'s rule too', () => {
		expect(describeFailure(failure(409, { message: 'Cannot delete agent while it has an active call.' })).message).toBe(
			'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
		);
	});

	test('only Talkover\'s campaign sentence (it starts "Campaign has active calls") is the campaign\'s rule: an agent\'s refusal that mentions a campaign stays the agent\'s', () => {
		expect(describeFailure(failure(409, { message: 'Cannot delete agent: its campaign has active calls' })).message).toBe(
			'The agent still has active calls, so it cannot be deleted: end them (Call → End) or wait until they finish',
		);
	});

	test('the optimized-costs threshold never shows a number Talkover did not give', () => {
		expect(describeFailure(failure(422, { code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE', details: { required_calls: 50, threshold_days: 30 } })).message).toBe(
			'The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off',
		);
	});

	test('the optimized-costs threshold without any details (just the code and Talkover\'s message) still says why the cache stays off', () => {
		const read = readFailure(422, { success: false, message: 'Agent does not meet the call volume threshold for optimized costs', code: 'OPTIMIZED_COSTS_NOT_ELIGIBLE' });
		expect(read.details).toBeUndefined();
		expect(describeFailure(read)).toEqual({
			message: 'The agent does not have enough calls for optimized costs yet: Enable Initial Message Cache stays off',
			description: 'Error code: OPTIMIZED_COSTS_NOT_ELIGIBLE',
		});
	});
});

describe('the agent\'s delete rules and a message of two lines', () => {
	test('an Unpublish 409 whose second line mentions deleting and active calls keeps Talkover\'s words, not "cannot be deleted"', () => {
		const failure = readFailure(409, { success: false, message: 'The agent could not be unpublished.\nDelete its active calls first.' });
		expect(describeFailure(failure).message).toBe('Talkover refused the request (HTTP 409): The agent could not be unpublished.\nDelete its active calls first.');
	});

	test('an Unpublish 409 whose second line mentions deleting and "published" keeps Talkover\'s words, not "is published, so it cannot be deleted"', () => {
		const failure = readFailure(409, { success: false, message: 'The agent could not be unpublished.\nDelete it instead while it is published.' });
		expect(describeFailure(failure).message).toBe('Talkover refused the request (HTTP 409): The agent could not be unpublished.\nDelete it instead while it is published.');
	});
});

describe('a code or a status in Talkover\'s text is never taken for a property every object has', () => {
	test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('an error code "%s" is an unknown code, shown as Talkover sent it', (code) => {
		const read = readFailure(400, { error: code, message: 'Refused' });
		expect(describeFailure(read)).toEqual({ message: 'Talkover refused the request (HTTP 400): Refused', description: `Talkover said: "Refused"\nError code: ${code}` });
		expect(describeFailure(read, undefined, { codeMessages: { INSUFFICIENT_CREDITS: 'own words' } }).message).toBe('Talkover refused the request (HTTP 400): Refused');
		expect(failureError(NODE, read).message).toBe('Talkover refused the request (HTTP 400): Refused');
	});

	test.each(['constructor', '__proto__'])('a status change from "%s" is an unknown status: no rule is made up for it', (status) => {
		expect(describeFailure(failure(400, { code: 'INVALID_TRANSITION', message: `Cannot transition from ${status} to active` })).message).toBe(
			`The campaign cannot go from ${status} to active`,
		);
	});
});
