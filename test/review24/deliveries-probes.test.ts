import type { IDataObject } from 'n8n-workflow';

import { useTestClock } from '../helpers/clock';

const clock = useTestClock();

type Deliveries = typeof import('../../nodes/TalkoverTrigger/deliveries');

/** One copy of the module per n8n process (its own in-process memory). */
function processCopy(): Deliveries {
	let copy: Deliveries | undefined;
	jest.isolateModules(() => {
		copy = require('../../nodes/TalkoverTrigger/deliveries') as Deliveries;
	});
	return copy!;
}

const ended = { event: 'event_phone_call_ended', call_id: 'c1', data: { to: '+15551234567', duration: 42 } };
const published = { webhookId: 'w1', secret: 's3cret' };

describe('review24: redeliveries across webhook processes (queue mode)', () => {
	test('n8n 2.41 hands each request the published static data: a redelivery 60 s later on the other webhook process starts nothing', () => {
		const [a, b] = [processCopy(), processCopy()];
		const now = clock().now();
		// Each request gets the published static data (deliveries.ts's own comment on n8n 2.41).
		expect(a.isRedelivery({ ...published }, ended, now)).toBe(false);
		// README: only "a redelivery handled by another n8n webhook process at the same moment" is not protected.
		expect(b.isRedelivery({ ...published }, ended, now + 60_000)).toBe(true);
	});

	test('n8n 2.8.4 (static data saved after each request and read by the next): the other process sees it', () => {
		const [a, b] = [processCopy(), processCopy()];
		const now = clock().now();
		const saved: IDataObject = { ...published };
		expect(a.isRedelivery(saved, ended, now)).toBe(false);
		expect(b.isRedelivery(JSON.parse(JSON.stringify(saved)), ended, now + 60_000)).toBe(true);
	});

	test('an n8n restart (same process memory gone) within the hour, n8n 2.41: the redelivery starts nothing', () => {
		const now = clock().now();
		expect(processCopy().isRedelivery({ ...published }, ended, now)).toBe(false);
		expect(processCopy().isRedelivery({ ...published }, ended, now + 60_000)).toBe(true);
	});
});

describe('review24: the bound of the remembered deliveries', () => {
	test('a busy webhook (1,000 other events within 10 minutes): a redelivery 10 minutes later starts nothing (README: within an hour)', () => {
		const d = processCopy();
		const data: IDataObject = { webhookId: 'w2', secret: 'busy' };
		const start = clock().now();
		expect(d.isRedelivery(data, ended, start)).toBe(false);
		for (let i = 0; i < 1000; i++) d.isRedelivery(data, { ...ended, call_id: `other-${i}` }, start + 1 + i * 600);
		expect(d.isRedelivery(data, ended, start + 10 * 60_000)).toBe(true);
		expect(JSON.stringify(data.deliveries).length).toBeLessThan(40_000);
	});
});
