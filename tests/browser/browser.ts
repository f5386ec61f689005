/**
 * Headless Chromium for the browser tests, driven by playwright-core: `CHROMIUM_PATH` when set,
 * else Debian's `chromium` when installed, else the Chromium that the npm package
 * `@sparticuz/chromium` carries inside itself (so `npm ci && npm test` needs nothing installed by
 * hand and downloads nothing at run time). Every page's script
 * errors and CSP violations fail the test that caused them; screenshots go to
 * tests/artifacts/browser/ (git-ignored, kept by CI as test artefacts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where the screenshots go. */
export const artifactsDir = join(__dirname, '..', 'artifacts', 'browser');

/** A phone and a desktop: every page must read well on both. */
export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

/** Debian's package installs its browser here. */
const systemChromium = '/usr/bin/chromium';

/**
 * The browser to drive: `CHROMIUM_PATH` (which must exist), else the system's Chromium, else the
 * one shipped in `@sparticuz/chromium`'s npm package (unpacked into the temporary folder on first use).
 */
export async function chromiumPath(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  if (existsSync(systemChromium)) return systemChromium;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. None of the packaged
  // Chromium's own serverless flags are passed: --single-process would allow one page at a time, and
  // --disable-web-security would hide the very CSP faults these tests look for.
  return chromium.launch({ executablePath: await chromiumPath(), args: ['--no-sandbox'] });
}

/** A browser tab for one person, collecting script errors and refused resources. */
export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors, console errors and CSP reports seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openTab(browser: Browser, viewport: keyof typeof viewports = 'desktop'): Promise<Tab> {
  const context = await browser.newContext({
    viewport: viewports[viewport],
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // A refused API call is shown on the page and logged by Chromium as a failed resource; that
    // is the page working. Anything else on the error console is a fault.
    if (
      msg.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())
    )
      problems.push(`console: ${msg.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return { page, context, problems, close: () => context.close() };
}

/** Saves a full-page screenshot as an artefact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/**
 * Every visible form control has a label (or an aria-label), so a screen reader names it and a
 * click on the label focuses it. Returns the names of the controls without one.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  // Runs in the page (no DOM types in this project's TypeScript): els are form controls.
  return page.$$eval('input, select, textarea', (els: any[]) =>
    els
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
      .filter((el) => (el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label'))
      .map((el) => String(el.getAttribute('name') ?? el.outerHTML)),
  );
}

/** True when the page is no wider than its viewport (nothing to scroll sideways but tables). */
export async function fitsViewport(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');
}

/**
 * Signs `page` in as a person of the roster, the way a user does in the embedded default: the
 * sign-in page's "Sign in" takes them to the embedded OpenID provider, whose development login
 * page lists the people; a click on their name brings them back to `next` with a session.
 */
export async function signInThroughProvider(
  page: Page,
  baseUrl: string,
  name: string,
  next = 'index.html',
): Promise<void> {
  await page.goto(`${baseUrl}/app/sign-in.html?next=${encodeURIComponent(next)}`);
  await page.locator('#provider-sign-in').getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Development sign-in' }).waitFor();
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL(`${baseUrl}/app/${next}`);
  await page.locator('.who').getByText(name).waitFor();
}
