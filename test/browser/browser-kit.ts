// Debian's chromium through playwright-core (never a downloaded browser). Locally a machine
// without it skips the browser suites with a message; in CI (CI set) a missing chromium fails
// them, because .ci/run installs it and a silent skip would hide a broken setup.
// CHROMIUM_PATH overrides the location.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** headless, no sandbox (containers), and nothing the browser would fetch on its own */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const MOBILE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

let skipNoted = false;

/** Call from a mocha `before`: launches chromium, skips the suite locally when there is none, fails in CI. */
export async function launchOrSkip(ctx: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env['CI'])
      throw new Error(`browser tests need ${CHROMIUM} in CI (.ci/run installs the chromium package)`);
    if (!skipNoted)
      console.warn(
        `      browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium, or set CHROMIUM_PATH)`,
      );
    skipNoted = true;
    ctx.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface Problems {
  /** console messages of type error, with the page URL */
  console: string[];
  /** securitypolicyviolation events: `directive blocked-uri` */
  csp: string[];
  /** uncaught exceptions in any page */
  errors: string[];
  /** `<status> <url>` of responses ≥ 400 and `failed <url> <reason>` of requests that got none */
  http: string[];
}

/**
 * Records console errors, CSP violations (from the `securitypolicyviolation` DOM event, in every
 * frame and every page the context opens, popups included) and uncaught page errors.
 */
export async function watchProblems(context: BrowserContext): Promise<Problems> {
  const problems: Problems = { console: [], csp: [], errors: [], http: [] };
  await context.exposeBinding('__talkgateCspViolation', (_source, text: string) => {
    problems.csp.push(text);
  });
  // runs before any page script, in the page's main world; CSP does not apply to init scripts
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __talkgateCspViolation?: (t: string) => void })
        .__talkgateCspViolation;
      report?.(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  context.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(`${m.page()?.url() ?? '?'}: ${m.text()}`);
  });
  context.on('weberror', (e) => problems.errors.push(e.error().message));
  context.on('response', (r) => {
    if (r.status() >= 400) problems.http.push(`${r.status()} ${r.url()}`);
  });
  context.on('requestfailed', (r) => problems.http.push(`failed ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return problems;
}

// Chromium logs every failed load as a console error without its URL; the http list has the
// URL, so the console copy is dropped and the http entry decides.
const LOAD_FAILURE = /Failed to load resource/;

/**
 * The problems that are not expected, as one list (empty when all is well). `allowed` patterns
 * are matched against each entry of the list of the same name.
 */
export function unexpected(
  problems: Problems,
  allowed: { console?: RegExp[]; csp?: RegExp[]; http?: RegExp[] } = {},
): string[] {
  const keep = (list: string[], pats: RegExp[] = []): string[] =>
    list.filter((p) => !pats.some((re) => re.test(p)));
  return [
    ...keep(problems.csp, allowed.csp).map((p) => `CSP: ${p}`),
    ...keep(problems.console, [LOAD_FAILURE, ...(allowed.console ?? [])]),
    ...keep(problems.http, allowed.http).map((p) => `HTTP: ${p}`),
    ...problems.errors,
  ];
}

/**
 * Saves the page at mobile 390×844 and desktop 1280×800 as test-output/screenshots/<name>-mobile.png
 * and <name>-desktop.png, then restores the viewport. The whole page is captured by making the
 * viewport as tall as the page rather than with `fullPage`: chromium does not paint a
 * cross-origin (sandboxed srcdoc) frame that lies below the viewport, so `fullPage` shows it blank.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  const settle = (): Promise<unknown> =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const [label, size] of [
    ['mobile', MOBILE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await settle();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height > size.height) {
      await page.setViewportSize({ width: size.width, height });
      await settle();
    }
    await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-${label}.png` });
  }
  if (before) await page.setViewportSize(before);
}
