export * from './audit-entry.ts';
export * from './audit-actions.ts';
