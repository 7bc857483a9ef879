export * from './events.js';
export * from './attributes.js';
export * from './due-attributes.js';
export * from './transaction-attributes.js';
export * from './entity-id.js';
export * from './message-fields.js';
export * from './protocol-error.js';
export * from './requests.js';
export * from './flow-steps.js';
export * from './responses.js';
export * from './totals.js';
export * from './ha-failure.js';
export * from './builders.js';
export * from './duration.js';
export * from './sealed-link-schema.js';
export * from './release.js';
// Not ./sealed-link.js: only the dialog and the companion open or make seals, and
// through this index the cryptography would land in the card's main chunk.
