export * from './events.js';
export * from './attributes.js';
export * from './entity-id.js';
export * from './messages.js';
export * from './totals.js';
export * from './ha-failure.js';
export * from './builders.js';
export * from './duration.js';
