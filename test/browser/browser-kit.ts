// Debian's chromium through playwright-core (never a downloaded browser); suites that need it
// skip when it is not installed. CHROMIUM_PATH overrides the location.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Call from a mocha `before`: launches chromium, or skips the suite when there is none. */
export async function launchOrSkip(ctx: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) ctx.skip();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
