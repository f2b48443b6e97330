import type { INodeProperties } from 'n8n-workflow';

const COLLECTIONS = {
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add Field' },
	filters: { displayName: 'Filters', placeholder: 'Add Filter' },
	options: { displayName: 'Options', placeholder: 'Add Option' },
	updateFields: { displayName: 'Update Fields', placeholder: 'Add Field' },
};

/**
 * A collection parameter, the "Add …" list of optional fields: Additional Fields (`additionalFields`),
 * Filters (`filters`), Options (`options`) or an Update's fields (`updateFields`), shown the same way in every operation of both nodes.
 */
export function collection(name: keyof typeof COLLECTIONS, options: INodeProperties[]): INodeProperties {
	return { ...COLLECTIONS[name], name, type: 'collection', default: {}, options };
}
