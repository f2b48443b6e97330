/** A minimal stand-in for n8n's context, for unit tests of shared code: a node, and nothing else unless given. */
import type { INode } from 'n8n-workflow';

export const NODE: INode = { id: 'n', name: 'Talkover', type: 'n8n-nodes-talkover.talkover', typeVersion: 1, position: [0, 0], parameters: {} };

export const ctx = { getNode: () => NODE };
