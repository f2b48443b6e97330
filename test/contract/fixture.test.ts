/**
 * documented-answers.json is the script's output from the Talkover reference as it is now: a changed
 * page, a changed openapi.json or a hand edit of the fixture fails here (so the answer table cannot
 * drift from the documents). Examples that are not JSON as written are listed with their handling.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { DOCUMENTED } from './documented';

const ROOT = path.resolve(__dirname, '../..');

test('the committed fixture is what scripts/extract-examples.mjs extracts from the reference', () => {
	const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/extract-examples.mjs'), '--check'], { encoding: 'utf8' });
	expect({ status: run.status, out: run.stdout.trim(), err: run.stderr.trim() }).toEqual({ status: 0, out: 'documented-answers.json is up to date', err: '' });
});

test('every example that is not JSON as written is listed with a named repair, none is skipped', () => {
	const listed = DOCUMENTED.answers.filter((a) => !/^(valid JSON|example|no content|built from the schema)/.test(a.handling));
	expect(DOCUMENTED.notJson.map((n) => n.id)).toEqual(listed.map((a) => a.id));
	for (const answer of listed) {
		const rules = answer.handling.replace(/^repaired: /, '').split(', ');
		expect(rules.every((rule) => rule in DOCUMENTED.repairs)).toBe(true);
	}
	expect(DOCUMENTED.notJson).toEqual([
		{ id: 'list-phone-numbers.mdx#0', handling: 'repaired: trailing-comma' },
		{ id: 'update-agent-flow.mdx#0', handling: 'repaired: ellipsis-object' },
		{ id: 'update-agent-knowledge.mdx#0', handling: 'repaired: ellipsis-object, ellipsis-array' },
		{ id: 'update-agent-voice.mdx#0', handling: 'repaired: ellipsis-array' },
	]);
});
