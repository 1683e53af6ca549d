// The gates that protect citizens: pure decisions the kiosk, the counter and the server share.
export * from './decision.ts';
export * from './service-rules.ts';
export * from './age.ts';
export * from './eligibility.ts';
export * from './card-validity.ts';
export * from './chip-comparison.ts';
export * from './identity-evidence.ts';
export * from './identity-gate.ts';
export * from './token-care-gate.ts';
export * from './holding.ts';
export * from './free-certificate.ts';
export * from './no-show.ts';
export * from './holding-of.ts';
export * from './chip-read-record.ts';
export * from './typed-correction.ts';
export * from './approval-awaited.ts';
export * from './issuance-start.ts';
