#!/usr/bin/env node
// Operator's command line for the sync-server. Runs the TypeScript sources through tsx (no build
// step for internal packages), so `npx dangky-server …` always runs what is checked in.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exit(await main(process.argv.slice(2)));
