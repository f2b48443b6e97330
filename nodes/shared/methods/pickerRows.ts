import type { IDataObject } from 'n8n-workflow';

import type { Context } from '../transport';
import { idKind, isId, unexpectedAnswerError } from '../transport';

/**
 * The rows of a picker's list, each with the ID that becomes its value. A row without one (no documented
 * row lacks it) would put "undefined" or "[object Object]" into the workflow: an error, never a guess.
 */
export function withIds(ctx: Context, rows: IDataObject[], { status, path }: { status: number; path: string }): IDataObject[] {
	const odd = rows.findIndex((row) => !isId(row.id));
	if (odd >= 0) {
		throw unexpectedAnswerError(ctx.getNode(), `Talkover's list does not have the expected data (entry ${odd + 1}: its id is ${idKind(rows[odd].id)})`, { status, method: 'GET', path });
	}
	return rows;
}
