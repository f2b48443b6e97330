/**
 * Issue 25 review: errors.ts lines 296/297 (the `^` of the agent's two delete rules) are listed as
 * equivalent because "Talkover's messages are one line". A message of two lines tells them apart: `.`
 * does not cross a line break, so with `^` the rule is tried only from the first line.
 */
import { describeFailure, readFailure } from '../../nodes/shared/transport/errors';

describe('issue 25: the agent\'s delete rules and a message of two lines', () => {
	test('an Unpublish 409 whose second line mentions deleting and active calls keeps Talkover\'s words, not "cannot be deleted"', () => {
		const failure = readFailure(409, { success: false, message: 'The agent could not be unpublished.\nDelete its active calls first.' });
		expect(describeFailure(failure).message).toBe('Talkover refused the request (HTTP 409): The agent could not be unpublished.\nDelete its active calls first.');
	});

	test('an Unpublish 409 whose second line mentions deleting and "published" keeps Talkover\'s words, not "is published, so it cannot be deleted"', () => {
		const failure = readFailure(409, { success: false, message: 'The agent could not be unpublished.\nDelete it instead while it is published.' });
		expect(describeFailure(failure).message).toBe('Talkover refused the request (HTTP 409): The agent could not be unpublished.\nDelete it instead while it is published.');
	});
});
