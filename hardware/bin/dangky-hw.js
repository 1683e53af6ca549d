#!/usr/bin/env node
// Technician's command line. Runs the TypeScript sources directly through tsx (no build step
// for internal packages), so `npx dangky-hw …` from the repo root always runs what is checked in.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
