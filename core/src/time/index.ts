export * from './hcm-day.ts';
