export { errorRegistry, codeGroups, errorCode, isErrorCode, type ErrorCode } from './registry.ts';
export { DangkyError, errorCodeOf, errorBody, type ErrorBody } from './dangky-error.ts';
export type { ErrorSpec } from './define.ts';
export { deviceProblems, isDeviceProblem, saidInFull, type DeviceProblemCode, type PlainMessage } from './device-problems.ts';
