/** apiPath (nodes/shared/transport/paths.ts): every API path, its values encoded. */
import { apiPath } from '../../../nodes/shared/transport/paths';

describe('apiPath', () => {
	test('every value is one encoded path segment under /api/v1', () => {
		expect(apiPath`/agents`).toBe('/api/v1/agents');
		expect(apiPath`/agents/${'a/../b'}/active-call/${'+1 555'}`).toBe('/api/v1/agents/a%2F..%2Fb/active-call/%2B1%20555');
		expect(apiPath`/x/${7}?`).toBe('/api/v1/x/7?');
	});
});
