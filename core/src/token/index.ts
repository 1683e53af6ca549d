// Signing tokens: the citizen's PIN policy and the token lifecycle statechart (issue 5).
export * from './pin-policy.ts';
export * from './token-lifecycle.ts';
