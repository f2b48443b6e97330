/**
 * The event sources' delivery check (deliveryProblem in sources/eventDelivery.ts, secretMatches in
 * sources/common.ts): which deliveries start the workflow. Pure functions, fast enough to run against every
 * mutant; the webhook's answers to refused deliveries are tested through the trigger in agentEvents.test.ts.
 */
import { deliveryProblem, secretMatches } from '../../nodes/TalkoverTrigger/TalkoverTrigger.node';

describe('a delivery starts the workflow only when it is a JSON object with the event name as text', () => {
	test('a JSON object with "event" as text, with "event_type" instead, or with neither, is a delivery', () => {
		expect(deliveryProblem({ event: 'call.ended', call_id: 'c1' })).toBeUndefined();
		expect(deliveryProblem({ event_type: 'campaign.completed' })).toBeUndefined();
		expect(deliveryProblem({ call_id: 'c1' })).toBeUndefined();
		expect(deliveryProblem({ event: null, event_type: null })).toBeUndefined();
		expect(deliveryProblem(Object.assign(Object.create(null), { event: 'call.started' }))).toBeUndefined();
	});

	test.each<[unknown, string]>([
		[null, 'the body is null'],
		[undefined, 'the body is missing'],
		['{"event":"call.ended"}', 'the body is text'],
		[42, 'the body is a number'],
		[true, 'the body is true'],
		[[{ event: 'call.ended' }], 'the body is a list'],
		[new Date(0), 'the body is not a JSON object'],
		[Buffer.from('{"event":"call.ended"}'), 'the body is not a JSON object'],
	])('a body of %o is refused: %s', (body, problem) => {
		expect(deliveryProblem(body)).toBe(problem);
	});

	test('an event name that is not text is refused, naming the field; "event" is read before "event_type"', () => {
		expect(deliveryProblem({ event: 7 })).toBe('"event" is a number');
		expect(deliveryProblem({ event: ['call.ended'] })).toBe('"event" is a list');
		expect(deliveryProblem({ event_type: { name: 'x' } })).toBe('"event_type" is an object');
		expect(deliveryProblem({ event: null, event_type: false })).toBe('"event_type" is false');
		// With "event" as text, a strange "event_type" beside it does not matter: the event is "event".
		expect(deliveryProblem({ event: 'call.ended', event_type: 3 })).toBeUndefined();
	});
});

describe('only a delivery carrying the webhook secret is accepted', () => {
	test('the exact secret is accepted; another of the same length, a longer or shorter one is refused', () => {
		expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
		expect(secretMatches('s3cret-valuE', 's3cret-value')).toBe(false);
		expect(secretMatches('s3cret-value-and-more', 's3cret-value')).toBe(false);
		expect(secretMatches('s3cret', 's3cret-value')).toBe(false);
	});

	test('no stored secret (an empty one, or none) refuses every delivery, even one with an empty header', () => {
		expect(secretMatches('', '')).toBe(false);
		expect(secretMatches(undefined, undefined)).toBe(false);
		expect(secretMatches('anything', undefined)).toBe(false);
	});

	test('a header that is not one text (missing, or given twice) is refused', () => {
		expect(secretMatches(undefined, 's3cret-value')).toBe(false);
		expect(secretMatches(['s3cret-value', 's3cret-value'], 's3cret-value')).toBe(false);
	});
});
