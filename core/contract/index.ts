export * from './errors.ts';
export * from './views.ts';
export * from './settings-views.ts';
export * from './methods.ts';
export * from './events.ts';
export * from './wire.ts';
export * from './client.ts';
export * from './bridge.ts';
