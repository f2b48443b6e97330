export * from './mask';
export * from './secretHash';
export * from './tokens';
