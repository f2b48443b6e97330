/**
 * Every reader of Talkover's answers (test/contract/readers.test.ts reads each over every documented
 * answer of its routes). A new reader file is listed here.
 */
export * from './reader';
export * from './shape';
export * from './record';
export * from './balance';
export * from './object';
export * from './list';
export * from './money';
export * from './success';
export * from './deleted';
export * from './agentStatus';
export * from './callList';
export * from './callTime';
export * from './callMoments';
export * from './callDays';
export * from './campaignCalls';
export * from './campaignCallQueued';
export * from './deliveryLog';
export * from './delivery';
export * from './callEvent';
export * from './campaignCallEvent';
export * from './placedCall';
export * from './pricing';
