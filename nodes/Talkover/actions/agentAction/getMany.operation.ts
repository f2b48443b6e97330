import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { agentLocator, getAgentId } from '../../../shared/agent';
import { listActions } from '../../../shared/agentActionRequests';
import type { ListLimits } from '../../../shared/transport';
import { readListLimits, returnAllAndLimit } from '../fields';
import type { ItemContext } from '../operation';

export const description = updateDisplayOptions({ show: { resource: ['agentAction'], operation: ['getMany'] } }, [agentLocator(), ...returnAllAndLimit]);

/** A read. */
export const repeatable = true;

interface Prepared extends ListLimits {
	agentId: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return { agentId: getAgentId.call(this, itemIndex), ...readListLimits.call(this, itemIndex) };
}

/** `GET /agents/{id}/actions`: the whole list (its page) or every page (openapi.json's `meta`), one item per action. */
export async function execute(this: IExecuteFunctions, { agentId, returnAll, limit }: Prepared, item: ItemContext): Promise<IDataObject[]> {
	return await listActions(this, agentId, { ...item, returnAll, limit });
}
