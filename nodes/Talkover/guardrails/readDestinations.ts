import type { INode, INodeProperties } from 'n8n-workflow';

import { checkParameter, invalidInput, show } from '../../shared/validation';
import { allowedDestinationsOption, allowPaidServicesProperty, countriesProperty, DESTINATION_OPTIONS } from './destinationDescription';

/**
 * The Allowed Destinations option read and checked before any request: a value that is not a destination
 * of the list is an error naming the field, the value and the item.
 */

type Ctx = { getNode(): INode };

export interface AllowedDestinations {
	/** The allowed destinations' values (ISO codes, `+800` for a non-geographic service); empty: every country. */
	countries: string[];
	/** Whether premium-rate and other paid-service numbers may be called. */
	allowPaidServices: boolean;
}

const VALUES = new Set(DESTINATION_OPTIONS.map((option) => String(option.value)));

/** In the messages: "Allowed Destinations › Countries". */
function field(property: INodeProperties): INodeProperties {
	return { ...property, displayName: `${allowedDestinationsOption.displayName} › ${property.displayName}` };
}

/** The list as chosen, or as an expression gives it: a list, or a text of codes separated by commas or spaces. */
function readCountries(ctx: Ctx, itemIndex: number, value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const given = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : [value];
	const countries: string[] = [];
	for (const entry of given) {
		const code = typeof entry === 'string' ? entry.trim().toUpperCase() : '';
		if (!VALUES.has(code)) {
			throw invalidInput(ctx, itemIndex, field(countriesProperty), `${show(entry)} is not a country of the list; use ISO codes such as "DE" or "US" (or "+800" for an international service)`);
		}
		if (!countries.includes(code)) countries.push(code);
	}
	return countries;
}

/**
 * Reads the option's value (`{ destinations: {...} }` as the node holds it, or the inner object); undefined
 * when the option is not set (no value, or the empty collection `{}`). A field left out takes its default.
 */
export function readAllowedDestinations(ctx: Ctx, itemIndex: number, value: unknown): AllowedDestinations | undefined {
	if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const outer = value as Record<string, unknown>;
	const inner = ('destinations' in outer ? outer.destinations : Object.keys(outer).length ? outer : undefined) as Record<string, unknown> | undefined;
	if (inner === undefined || inner === null || typeof inner !== 'object') return undefined;
	const countries = readCountries(ctx, itemIndex, inner.countries);
	const allowPaidServices = checkParameter(ctx, itemIndex, field(allowPaidServicesProperty), inner.allowPaidServices ?? allowPaidServicesProperty.default) as boolean;
	return { countries, allowPaidServices };
}
