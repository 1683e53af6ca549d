// Signing tokens: the citizen's PIN policy and the token lifecycle statechart.
export * from './pin-policy.ts';
export * from './token-lifecycle.ts';
export * from './stock-rule.ts';
