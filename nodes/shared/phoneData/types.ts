/** One country (or non-geographic service) of the generated table: see scripts/generate-phone-data.js. */
export interface CountryRecord {
	/** ISO 3166-1 alpha-2 code; "001" for a non-geographic service (e.g. +800, +979). */
	iso: string;
	/** English name (Unicode CLDR). */
	name: string;
	/** Country calling code, without +. */
	callingCode: string;
	/** Of a shared calling code: the national-number start that is this country's alone (a regular expression). */
	leadingDigits?: string;
	/** Of a shared calling code, or one whose numbers span several time zones: every valid national number of this country (a regular expression). */
	valid?: string;
	/** Paid-service ranges (regular expressions over the national number, whole-number match). */
	premiumRate?: string;
	sharedCost?: string;
	personalNumber?: string;
	uan?: string;
	/**
	 * Of a calling code whose numbers span several time zones: the numbers whose zone is read from their own
	 * prefix (fixed lines; in Mexico, Argentina, Brazil, Indonesia and China, libphonenumber's countries of
	 * mobiles tied to an area, the mobiles that start with a prefix its geocoding data ties to an area), unless a type
	 * checked before (a paid-service range above, or `nonGeographic`) holds them. Any other valid number takes
	 * its country's zones (nodes/shared/phoneData/timeZones.ts COUNTRY_ZONES, else its calling code's).
	 */
	geographic?: string;
	/** Of such a code: the toll-free, VoIP, pager and voicemail numbers (libphonenumber checks them before fixed lines). */
	nonGeographic?: string;
	/**
	 * Of a calling code whose main country has a national prefix (below): the lengths of this country's national
	 * numbers, joined with ",", ascending (libphonenumber's possible lengths).
	 */
	possibleLengths?: string;
	/**
	 * Of the main country of its calling code (the first row of the code), when libphonenumber takes a national
	 * prefix off a number written after the calling code ("+49 0900 …" is +49 900 …): its national prefix for
	 * parsing (a regular expression over the start of the national number; its groups, when matched, are the
	 * number as the transform rule writes it), the transform rule (`$1`…), and the pattern every national number
	 * of the country matches (libphonenumber keeps a prefix that would make a number matching it one that does not;
	 * left out where the prefix is 0 and no national number starts with 0: no number as written matches it).
	 */
	nationalPrefixForParsing?: string;
	nationalPrefixTransformRule?: string;
	nationalNumberPattern?: string;
}
