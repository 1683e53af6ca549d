export * from './permissions.ts';
export * from './role-scope.ts';
export * from './password-policy.ts';
export * from './registration-window.ts';
export * from './fleet-trouble.ts';
export * from './enrolment-code.ts';
export * from './device-privileges.ts';
export * from './sign-in-limits.ts';
