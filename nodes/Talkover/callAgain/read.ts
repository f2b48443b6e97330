import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { asObject } from '../../shared/transport';
import { checkParameter, invalidInput, show } from '../../shared/validation';
import { afterMinutesProperty, attemptsProperty, callAgainOption, whenProperty } from './description';

/** The outcomes that may lead to another call (an answered call never does). */
export type CallAgainWhen = 'notReached' | 'voicemail' | 'timedOut';

const WHEN_VALUES: readonly string[] = (whenProperty.options as Array<{ value: string }>).map((option) => option.value);

/** Call Again Until Reached as an item sets it. */
export interface CallAgain {
	/** The most calls in all, the first included (2 to 10: 1 is no option). */
	attempts: number;
	/** From the end of a call that did not reach the lead to the next one (ms). */
	afterMs: number;
	when: CallAgainWhen[];
}

type Ctx = { getNode(): INode };

/** "Call Again Until Reached › Attempts", as an error names the field. */
function field(property: INodeProperties): INodeProperties {
	return { ...property, displayName: `${callAgainOption.displayName} › ${property.displayName}` };
}

/**
 * Options → Call Again Until Reached of one item, read and checked before any request: undefined when not set
 * (Attempts 1 calls a new lead as without the option: makeAndWait.operation.ts). A value out of its range, or an outcome the option does not
 * offer, is an error naming the field, the value and the item.
 */
export function readCallAgain(ctx: Ctx, itemIndex: number, options: IDataObject): CallAgain | undefined {
	const given = asObject(options[callAgainOption.name]);
	const rule = given && asObject(given.rule);
	if (!rule) return undefined;
	const read = (property: INodeProperties) => checkParameter(ctx, itemIndex, field(property), rule[property.name] ?? property.default) as number;
	const attempts = read(attemptsProperty);
	const afterMinutes = read(afterMinutesProperty);
	const whenGiven = rule[whenProperty.name] ?? whenProperty.default;
	const when = typeof whenGiven === 'string' ? whenGiven.split(',').map((value) => value.trim()) : whenGiven;
	if (!Array.isArray(when) || when.length === 0 || !when.every((value) => typeof value === 'string' && WHEN_VALUES.includes(value))) {
		throw invalidInput(ctx, itemIndex, field(whenProperty), `${show(whenGiven)} is not a list of outcomes; choose one or more of ${WHEN_VALUES.join(', ')}`);
	}
	return { attempts, afterMs: afterMinutes * 60_000, when: [...new Set(when as CallAgainWhen[])] };
}
