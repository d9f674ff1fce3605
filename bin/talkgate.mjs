#!/usr/bin/env node
// `npx talkgate …`: runs the on-call CLI (src/cli.ts) through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../src/cli.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
