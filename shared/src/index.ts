export * from './errors';
export * from './config';
export * from './messages';
export * from './web-api';
export * from './web-client';
export * from './channel-adapter';
export * from './channel-protocol';
