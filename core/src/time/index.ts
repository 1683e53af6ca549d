export * from './hcm-day.ts';
export * from './periods.ts';
