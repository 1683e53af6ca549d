#!/usr/bin/env node
// Technician's command line. Runs the TypeScript sources directly through tsx (no build step
// for internal packages), so `npx dangky-hw …` from the repo root always runs what is checked in.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
// Exit as soon as the command is done: a long-running command has already closed its devices,
// and a native handle left behind (a serial poller) must not keep a stopped simulator alive.
process.exit(await main(process.argv.slice(2)));
