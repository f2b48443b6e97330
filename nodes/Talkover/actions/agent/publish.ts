import { agentOnlyOperation } from '../common';

export const { description, prepare, execute, sendsOnce } = agentOnlyOperation('agent', 'publish', 'POST', 'publish');
