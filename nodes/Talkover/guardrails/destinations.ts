import type { INode } from 'n8n-workflow';

import { callingCodeOf } from '../../shared/dialledNumbers/callingCode';
import { countryOf } from '../../shared/dialledNumbers/country';
import { dialledNumber } from '../../shared/dialledNumbers/dialled';
import { PAID_SERVICE_NAMES, paidServiceTypeOf } from '../../shared/dialledNumbers/numberType';
import { NETWORK_CALLING_CODES } from '../../shared/phoneData/countries';
import { invalidInput } from '../../shared/validation';
import { isKnownNumber } from './knownNumber';
import { paidServiceOverdialled } from './paidServiceOverdialled';
import { allowedDestinationsOption, destinationName, destinationValue, DESTINATION_OPTIONS } from './destinationDescription';
import type { AllowedDestinations } from './readDestinations';

/**
 * Allowed Destinations: whether a number (E.164) may be called. Its country is the one libphonenumber's
 * data gives it (a Jamaican +1 876 number is Jamaica's, not the United States'); a number of a country not
 * in the list, or in a premium-rate or other paid-service range (unless those are allowed), is refused; so
 * is a number of an international network (+870, +881, +882, +883, +878: satellite phones, global mobile
 * and VoIP networks, among the dearest destinations) unless paid-service numbers are allowed or the network
 * is chosen by name. A number the data shows is not a valid number of its calling code (a digit too many
 * or too few, or a range not in use: knownNumber.ts) is refused, since what a call to it costs cannot be
 * told; so is, unless paid services are allowed, a number that is a paid-service number with digits added
 * (paidServiceOverdialled.ts).
 */

type Ctx = { getNode(): INode };

/** The allowed destinations as a message lists them: at most 5 by name, then how many more. */
function listed(values: string[]): string {
	const names = values.map((value) => DESTINATION_OPTIONS.find((option) => option.value === value)?.name ?? value);
	return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/**
 * Why the number may not be called under `allowed`, or undefined when it may. The number judged is the one
 * Talkover will dial (a national prefix after the calling code taken off as libphonenumber does: dialled.ts).
 */
export function destinationRefusal(written: string, allowed: AllowedDestinations): string | undefined {
	const e164 = dialledNumber(written);
	const country = countryOf(e164);
	if (!country) return `${e164} has the calling code +${callingCodeOf(e164.replace(/^\+/, ''))}, which belongs to no country, so it is not an allowed destination`;
	const where = destinationName(country.record);
	// A number no country of its code has (the data tells), and that does not start like one of them (a
	// country's own leading digits: +1 268 is Antigua's), is refused below as not valid: its country is the
	// code's main one only by default, so "add it to the list" would be a guess.
	const known = isKnownNumber(country);
	const guessed = known === false && country.record.leadingDigits === undefined;
	if (!guessed && allowed.countries.length && !allowed.countries.includes(destinationValue(country.record))) {
		return `${e164} is a number of ${where}, which is not one of the allowed destinations (${listed(allowed.countries)}); to call it, add ${country.name} to Allowed Destinations`;
	}
	const network = country.iso === '001' && NETWORK_CALLING_CODES.includes(country.callingCode);
	if (network && !allowed.allowPaidServices && !allowed.countries.includes(destinationValue(country.record))) {
		return `${e164} is a number of an international network (${where}: satellite phones, global mobile and VoIP networks, charged like paid-service numbers); Allowed Destinations refuses such numbers, like premium-rate and other paid-service numbers, unless Allow Premium-Rate and Other Paid-Service Numbers is on or +${country.callingCode} is one of its Countries`;
	}
	const paid = allowed.allowPaidServices ? undefined : paidServiceTypeOf(e164);
	if (paid) {
		return `${e164} is a ${PAID_SERVICE_NAMES[paid]} of ${where}; Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on`;
	}
	const overdialled = allowed.allowPaidServices || known === true ? undefined : paidServiceOverdialled(country);
	if (overdialled) {
		return `${e164} is not a valid number of ${where}: it is a ${PAID_SERVICE_NAMES[overdialled]} with digits after it, and a network may connect it as one; Allowed Destinations refuses premium-rate and other paid-service numbers unless Allow Premium-Rate and Other Paid-Service Numbers is on. Correct the number`;
	}
	if (known === false) {
		return `${e164} is not a valid number of ${where} (a digit too many or too few, or a range not in use), so Allowed Destinations cannot tell what a call to it would cost and refuses it; correct the number`;
	}
	return undefined;
}

/** Throws the item's error (naming the option, the number's country and the item) when the number may not be called. */
export function checkDestination(ctx: Ctx, itemIndex: number, e164: string, allowed: AllowedDestinations | undefined): void {
	if (!allowed) return;
	const refusal = destinationRefusal(e164, allowed);
	if (refusal) throw invalidInput(ctx, itemIndex, allowedDestinationsOption, refusal);
}
