import type { IDataObject } from 'n8n-workflow';

/**
 * Reading values that came from outside (Talkover's answers, a parameter's value): a value as an object,
 * and a table's own entry for a name. Nothing here knows HTTP or Talkover.
 */

/** A value as an object: a plain object or an instance, never null or a list. */
export function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/**
 * `table[key]` when the table has that key itself: a name from outside (Talkover's code, status or event, an
 * expression's value) is never one every object inherits (`constructor`, `__proto__`, `toString`).
 */
export function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
	return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
