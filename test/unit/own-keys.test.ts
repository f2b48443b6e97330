/**
 * Issue 25 review, item 4: the own-key lookups the fix of errors.ts/eventWebhooks.ts/TalkoverTrigger
 * missed. The router finds its operation in a plain object by the Resource and Operation parameters; a
 * workflow (imported, hand-edited, or made by n8n's API) may hold any text there.
 */
import type { IDataObject } from 'n8n-workflow';

import { maskActionSecrets } from '../../nodes/shared/agentActions';
import { resetRateLimitState } from '../../nodes/shared/transport/rateLimit';
import { useTestClock } from '../helpers/clock';
import { AGENT, run } from './routerHarness';

useTestClock();
beforeEach(() => resetRateLimitState());

describe('issue 25: an Operation or Resource every object inherits is refused, naming it, before anything is sent', () => {
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

describe('issue 25: a key Talkover sends is kept in the output whatever its name (maskActionSecrets, a sibling of scrubValue\'s defineKey)', () => {
	test('an action whose config has a key "__proto__" keeps it in the output; a custom header inside it is still masked', () => {
		const action = JSON.parse('{"id":"a-1","config":{"__proto__":{"custom_headers":[{"name":"X-Key","value":"s3cret"}]},"b":1}}') as IDataObject;
		const masked = maskActionSecrets(action);
		const config = masked.config as IDataObject;
		expect(Object.keys(config)).toEqual(['__proto__', 'b']);
		expect(JSON.stringify(masked)).toBe('{"id":"a-1","config":{"__proto__":{"custom_headers":[{"name":"X-Key","value":"***"}]},"b":1}}');
	});
});
