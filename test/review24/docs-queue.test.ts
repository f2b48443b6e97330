import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');

test('README sends queue-mode redeliveries to docs/scaling.md: that page says what holds for redeliveries there', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	expect(readme).toMatch(/a redelivery handled by another n8n webhook process at the same moment \(queue\s+mode, see \[docs\/scaling\.md\]/);
	const scaling = readFileSync(join(root, 'docs', 'scaling.md'), 'utf8');
	// Actual: no word on redeliveries; it says the trigger "starts one execution per delivery".
	expect(scaling).toMatch(/redeliver/i);
});
