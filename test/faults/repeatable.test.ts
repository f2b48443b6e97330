/**
 * Every operation states whether it may be sent again, in its own operation file; none
 * is repeatable (or not) by omission. Those that may not be repeated also say what may have happened
 * when Talkover may have acted before an error, and how to check. The statements agree with the fault
 * matrix's table (test/faults/operations.ts), whose behaviour the matrix tests.
 */
import * as path from 'node:path';

import { offeredOperations, operation } from './operations';

const ACTIONS = path.resolve(__dirname, '../../nodes/Talkover/actions');

/** The operation module the node runs for "resource operation", from the resource's own table. */
function operationModule(name: string): Record<string, unknown> {
	const [resource, value] = name.split(' ');
	const { operations } = require(path.join(ACTIONS, resource)) as { operations: Record<string, Record<string, unknown>> };
	return operations[value];
}

describe.each(offeredOperations())('%s', (name) => {
	test('states `repeatable` itself, as the matrix expects', () => {
		const module = operationModule(name);
		expect(Object.prototype.hasOwnProperty.call(module, 'repeatable')).toBe(true);
		expect(typeof module.repeatable).toBe('boolean');
		expect(module.repeatable).toBe(operation(name).repeatable);
	});

	test('if it may not be repeated: what may have happened, how to check, and what a refused connection means', () => {
		const module = operationModule(name);
		if (module.repeatable) {
			expect(module.ifUnsure).toBeUndefined();
			return;
		}
		const ifUnsure = module.ifUnsure as { mayHaveHappened: string; check: string; notDone: string };
		expect(ifUnsure.mayHaveHappened).toBe(operation(name).unsure);
		expect(ifUnsure.check).toMatch(/^.+: .*→.*/);
		expect(ifUnsure.notDone).toMatch(/^Nothing reached Talkover: .+\.$/);
	});
});
