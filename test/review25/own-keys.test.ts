/**
 * Review of issue 25, item 4: the own-key lookups the fix of errors.ts/eventWebhooks.ts/TalkoverTrigger
 * missed. The router finds its operation in a plain object by the Resource and Operation parameters; a
 * workflow (imported, hand-edited, or made by n8n's API) may hold any text there.
 */
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { useTestClock } from '../helpers/clock';
import { AGENT, run } from '../unit/routerHarness';

useTestClock();
beforeEach(() => resetRateLimitState());

describe('review 25: an Operation or Resource every object inherits is refused, naming it, before anything is sent', () => {
	test.each([
		['agent', 'constructor'],
		['agent', 'toString'],
		['agent', '__proto__'],
		['__proto__', 'hasOwnProperty'],
		['constructor', 'name'],
	])('Resource "%s", Operation "%s"', async (resource, operation) => {
		const { error, sent } = await run({ resource, operation, agents: [AGENT(1)], answers: [] });
		expect(sent).toEqual([]);
		expect(error?.message).toBe(`The operation "${operation}" of "${resource}" is not supported`);
	});
});
