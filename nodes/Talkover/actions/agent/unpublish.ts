import { agentOnlyOperation } from '../common';

export const { description, prepare, execute, sendsOnce } = agentOnlyOperation('agent', 'unpublish', 'POST', 'unpublish');
