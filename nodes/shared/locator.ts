import type { INode, INodeProperties } from 'n8n-workflow';

import { holdsHalfCharacter } from './transport/halfCharacter';
import { invalidInput, show } from './validation';

/**
 * Resource locators (pick from a list, or give the ID, or the Talkover URL) and the one reader of their
 * value, for everything the user would otherwise paste an ID of: agents, campaigns, calendars, events.
 */

export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** "a campaign", "an agent". */
function withArticle(noun: string): string {
	return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

export interface LocatorSpec {
	/** The parameter name (public API), e.g. `campaignId`. */
	name: string;
	/** The label, e.g. `Campaign`. */
	displayName: string;
	/** The word in messages, e.g. `campaign`. */
	noun: string;
	description: string;
	/** The listSearch method of the From List mode. */
	searchListMethod: string;
	/** The path word of the thing's Talkover URL (`agents`, `campaigns`), if it has one: adds a By URL mode. */
	urlPath?: string;
	/** Talkover documents the ID as a UUID (`format: uuid`): anything else is refused, and it is sent in lower case. */
	uuid?: boolean;
}

/** The regex that takes the ID out of a Talkover URL `…/<urlPath>/<uuid>` (the singular works too). */
function urlRegex(urlPath: string): string {
	// The ID ends the path or is followed by /, ? or #: "…/agents/<uuid>-old" or "<uuid>f" is no agent link.
	return `^https?://[^\\s]*?/${urlPath.replace(/s$/, '')}s?/(${UUID})(?=[/?#]|$)`;
}

/**
 * The modes declare no `validation` and no `extractValue` regex: n8n 1.123.81 and 2.41 run those in a vm with
 * a 250 ms limit of wall time (n8n-workflow's safe-regex.js), not only in the editor but before every
 * execution (WorkflowExecute's parameter check) and when a workflow is published, so a server too busy to run
 * n8n for a quarter of a second failed an execution with "Regular expression execution timed out". The node
 * checks every value itself when it runs (readLocatorId), with an error that names the field and the item.
 */
export function locatorField(spec: LocatorSpec): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${withArticle(spec.noun)}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '550e8400-e29b-41d4-a716-446655440000',
			},
			...(spec.urlPath
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: `https://app.talkover.ai/${spec.urlPath}/550e8400-e29b-41d4-a716-446655440000`,
						},
					]
				: []),
		],
	};
}

/**
 * The one reader of a locator: its value as stored (`{ mode, value }`, as `getNodeParameter` gives it) or
 * the ID itself. The node reads a URL itself (a plain regular expression): never through n8n's
 * `extractValue`, which n8n 1.123.81 and 2.41 run in a vm with a 250 ms wall-time limit that a busy server
 * overruns. The ID must be safe in a URL path: no slash, no "..", no whitespace, no ?, # or %. `itemIndex` is
 * undefined outside an execution.
 */
export function readLocatorId(
	ctx: { getNode(): INode },
	itemIndex: number | undefined,
	value: unknown,
	spec: Pick<LocatorSpec, 'name' | 'noun' | 'urlPath' | 'uuid'> & { label: string },
): string {
	const property = { displayName: spec.label, name: spec.name };
	const locator = value as { mode?: string; value?: unknown } | string | undefined;
	let id: unknown = typeof locator === 'object' && locator !== null ? locator.value : locator;
	if (typeof locator === 'object' && locator?.mode === 'url' && typeof id === 'string' && spec.urlPath) {
		id = new RegExp(urlRegex(spec.urlPath)).exec(id.trim())?.[1] ?? id;
	}
	if (typeof id !== 'string' || id.trim() === '') {
		throw invalidInput(ctx, itemIndex, property, `no ${spec.noun} is selected; choose one from the list or enter its ID`);
	}
	const trimmed = id.trim();
	if (spec.uuid) {
		// Every agent_id and campaign_id in Talkover's API is `format: uuid`: anything else, such as "." or
		// "..", would turn /agents/{id} into another endpoint.
		if (!new RegExp(`^${UUID}$`).test(trimmed)) {
			throw invalidInput(ctx, itemIndex, property, `${show(id)} is not ${withArticle(spec.noun)} ID (a UUID such as 550e8400-e29b-41d4-a716-446655440000)`);
		}
		return trimmed.toLowerCase();
	}
	// IDs Talkover does not document as UUIDs (calendars, events): nothing that changes the path.
	if (/[\s/\\?#%]/.test(trimmed) || /^\.+$/.test(trimmed) || trimmed.includes('..')) {
		throw invalidInput(ctx, itemIndex, property, `${show(id)} is not ${withArticle(spec.noun)} ID (it may not be "." or contain /, .., spaces, ?, # or %)`);
	}
	// Half of a character outside the Basic Multilingual Plane (an expression that cut an emoji in two): no URL can carry it.
	if (holdsHalfCharacter(trimmed)) {
		throw invalidInput(ctx, itemIndex, property, `${show(id)} is not ${withArticle(spec.noun)} ID (it holds half of a character, as an expression that cut an emoji in two leaves)`);
	}
	return trimmed;
}
