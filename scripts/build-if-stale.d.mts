// Types of build-if-stale.mjs (a plain script, so bin/ and the image need no compiler).
/** returns the entry's absolute path once it is there and current; exits when the build fails */
export function buildIfStale(root: string, entry: string): string;
