import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { COUNTRIES } from '../../shared/phoneData/countries';
import type { CountryRecord } from '../../shared/phoneData/types';

/**
 * The Allowed Destinations option as a node holds it (an entry of an operation's Options): the countries a
 * workflow may call, picked by name with their calling codes from the generated phone data, and whether
 * premium-rate and other paid-service numbers of those countries may be called. Only the description:
 * readDestinations.ts reads and checks the value.
 *
 * Value: `{ destinations: { countries: ['DE', 'AT', '+800'], allowPaidServices: false } }`.
 */

/** The value of a destination in the list: the ISO code of a country, `+<code>` for a non-geographic service (ISO "001"). */
export function destinationValue(record: Pick<CountryRecord, 'iso' | 'callingCode'>): string {
	return record.iso === '001' ? `+${record.callingCode}` : record.iso;
}

/** How a destination is shown: `Germany (+49)`. */
export function destinationName(record: Pick<CountryRecord, 'name' | 'callingCode'>): string {
	return `${record.name} (+${record.callingCode})`;
}

/** Every country and non-geographic service of the phone data, by name. */
export const DESTINATION_OPTIONS: INodePropertyOptions[] = COUNTRIES.map((record) => ({ name: destinationName(record), value: destinationValue(record) })).sort((a, b) =>
	a.name.localeCompare(b.name, 'en'),
);

export const countriesProperty: INodeProperties = {
	displayName: 'Countries',
	name: 'countries',
	type: 'multiOptions',
	options: DESTINATION_OPTIONS,
	default: [],
	description:
		'The countries this node may call. A number of any other country fails its item before anything is sent. None chosen: every country may be called (paid-service numbers and international networks such as satellite phones, +870/+881/+882/+883, are still refused, see below). Mapped: a list of ISO codes such as ["DE", "AT"].',
};

export const allowPaidServicesProperty: INodeProperties = {
	displayName: 'Allow Premium-Rate and Other Paid-Service Numbers',
	name: 'allowPaidServices',
	type: 'boolean',
	default: false,
	description:
		"Whether to call the premium-rate, shared-cost, personal (forwarding) and UAN numbers of the allowed countries (libphonenumber's ranges), and the numbers of international networks (satellite phones, global mobile and VoIP networks: +870, +878, +881, +882, +883) not chosen in Countries. Off (recommended): such a number fails its item before anything is sent.",
};

/** The entry of an operation's Options (a collection). */
export const allowedDestinationsOption: INodeProperties = {
	displayName: 'Allowed Destinations',
	name: 'allowedDestinations',
	type: 'fixedCollection',
	placeholder: 'Add Allowed Destinations',
	default: {},
	description:
		'Call only numbers of these countries, and no premium-rate or other paid-service numbers; any other number fails its item before anything is sent. Without this option, every number may be called.',
	options: [{ displayName: 'Allowed Destinations', name: 'destinations', values: [countriesProperty, allowPaidServicesProperty] }],
};
