#!/usr/bin/env node
// `npx talkgate …`: the on-call CLI, compiled with the rest of the gateway (dist/src/cli/main.js),
// so production needs no TypeScript toolchain. In a checkout it builds first when the sources
// are newer; `npm run cli -- …` runs the sources through tsx instead.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

const entry = buildIfStale(path.resolve(import.meta.dirname, '..'), 'dist/src/cli/main.js');
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
