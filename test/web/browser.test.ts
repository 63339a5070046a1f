import { existsSync, mkdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { seedIncidents, startWebApp } from './web-support.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../test-results/', import.meta.url).pathname;
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);

describe.skipIf(!haveChromium)('In a real browser (headless Chromium)', () => {
  let app: Awaited<ReturnType<typeof startWebApp>>;
  let seeded: Awaited<ReturnType<typeof seedIncidents>>;
  let browser: import('playwright-core').Browser;
  let page: import('playwright-core').Page;
  let publicUrl: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    // The browser is sent back to PUBLIC_URL by Slack: the app listens where PUBLIC_URL says.
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    app = await startWebApp({ PORT: String(port), PUBLIC_URL: publicUrl });
    seeded = await seedIncidents(app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--no-proxy-server'] });
    const context = await browser.newContext();
    page = await context.newPage();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await app?.closeFake();
  });

  /** Saves the page as the reviewer sees it, in test-results/<name>.png. */
  async function screenshot(name: string) {
    const path = `${SCREENSHOTS}${name}.png`;
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(1000);
  }

  it('signs in with Slack, opens an incident, reads its timeline, and sees the insight charts drawn', async () => {
    app.fake.oidc.signInAs = { userId: 'UALICE', name: 'Alice Example' };
    await page.goto(`${publicUrl}/incidents`);
    // Sent to the fake Slack and back; the session cookie is the app's.
    await page.waitForURL(/\/incidents$/);
    expect(await page.locator('.who').textContent()).toBe('Alice Example');
    await screenshot('incidents');
    await page.fill('input[name="q"]', 'checkout');
    await page.click('.filters button[type="submit"]');
    await page.waitForURL(/q=checkout/);
    expect(await page.locator('#count').textContent()).toBe('1 incident');
    await screenshot('incidents-filtered');

    await page.click(`a[href="/incidents/INC-${seeded.open.number}"]`);
    await page.waitForURL(new RegExp(`/incidents/INC-${seeded.open.number}$`));
    const timeline = page.locator('#timeline');
    expect(await timeline.textContent()).toContain('DB latency up <script>alert(1)</script>');
    expect(await timeline.locator('.replies').textContent()).toContain('rolled back the deploy');
    expect(await page.locator('#key-events li').count()).toBe(1);
    // People by their Slack names, not their ids.
    expect(await timeline.locator('strong').allTextContents()).toEqual(['Alice Example', 'Bob Builder']);
    expect(await page.locator('#summary').textContent()).toContain('declared by Alice Example');
    expect(await page.locator('#alerts').textContent()).toContain('CheckoutLatencyHigh');
    expect(await page.locator('#pages').textContent()).toContain('payments-oncall');
    expect(await page.locator('#pages').textContent()).toContain('paged by Alice Example');
    expect(await page.locator('#followups').textContent()).toContain('Alert on checkout p99 · Bob Builder, due 2026-12-01');
    await screenshot('incident');

    await page.goto(`${publicUrl}/incidents/INC-${seeded.open.number}/retrospective`);
    expect(await page.locator('#retrospective h1').textContent()).toBe('INC-1 retrospective');
    await screenshot('retrospective');

    await page.goto(`${publicUrl}/insights?months=24`);
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(4);
    // Drawn: the bars and points have a size on screen.
    const bar = await page.locator('#per-week rect.bar').first().boundingBox();
    expect(bar!.height).toBeGreaterThan(0);
    expect(await page.locator('#resolve circle.point').count()).toBeGreaterThan(0);
    await screenshot('insights');

    await page.goto(`${publicUrl}/incidents/INC-999`);
    await screenshot('not-found');
    await page.click('.logout button');
    expect(await page.locator('h1').textContent()).toBe('Signed out');
    await screenshot('signed-out');
  }, 60_000);
});
