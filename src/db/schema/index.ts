export * from './identity.js';
export * from './communities.js';
export * from './organizations.js';
export * from './events.js';
export * from './event-partners.js';
export * from './audit.js';
export * from './webhooks.js';
export * from './platform.js';
