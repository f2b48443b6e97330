import type { CountryRecord } from './types';

const COLUMNS: ReadonlySet<string> = new Set(['iso', 'name', 'callingCode', 'leadingDigits', 'valid', 'premiumRate', 'sharedCost', 'personalNumber', 'uan', 'geographic', 'nonGeographic', 'possibleLengths', 'nationalPrefixForParsing', 'nationalPrefixTransformRule', 'nationalNumberPattern']);
const REQUIRED = ['iso', 'name', 'callingCode'] as const;

/**
 * The country records of the generated table (countries.ts): one a line, fields split by ";" under the first
 * line's column names; an empty field, or one left off the end of its line, is none. Read once, when the
 * table is loaded.
 */
export function readCountryRows(text: string): CountryRecord[] {
	const [head, ...lines] = text.split('\n');
	const columns = head.split(';');
	for (const column of columns) if (!COLUMNS.has(column)) throw new Error(`The phone-number table has an unknown column "${column}"`);
	return lines.map((line) => {
		const record: Record<string, string> = {};
		line.split(';').forEach((field, i) => {
			if (field !== '') record[columns[i]] = field;
		});
		for (const column of REQUIRED) if (record[column] === undefined) throw new Error(`A line of the phone-number table has no ${column}: ${line}`);
		return record as unknown as CountryRecord;
	});
}
