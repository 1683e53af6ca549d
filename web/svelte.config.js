// For svelte-check only: the shell's components are compiled by each app with its own config
// (../svelte.config.js), which is runes mode too.
export default { compilerOptions: { runes: true } };
