import { agentOnlyOperation } from '../common';

export const { description, prepare, execute, sendsOnce } = agentOnlyOperation('flow', 'get', 'GET', 'flow');
