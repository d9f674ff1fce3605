// `npm start`: build when the compiled gateway is missing or older than its sources, then run
// it in this very process (signals reach the gateway directly; compiled JS needs no tsx loader,
// which keeps the resident memory lower).
// package.json runs it with --heap-growing-percent=50: between full collections V8 lets the heap
// grow to 1.5× what was live (by default up to 4×, sized for throughput). A process holding
// 10,000 web chat streams then stays at ~256 MB instead of ~364 MB (bench/README.md, "Web chat
// streams"); the Dockerfile passes the same flag.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(import.meta.dirname, '..');
await import(pathToFileURL(buildIfStale(root, 'dist/src/main.js')).href);
