/**
 * The portal in a real Chromium (Debian's package driven by playwright-core) against the local
 * runtime: one journey per user group, an accessibility check (axe: no serious or critical
 * violations) on each journey's last screen, and the /docs page. One browser and one runtime
 * for the whole file. Screenshots of the last screens go to .local/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensurePortalBuilt } from '#infra/local/portal.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = '.local/screenshots';
const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
/** axe-core, put into a page once (it stays across the portal's in-page navigation). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Evaluated in the page: how far the document is wider than the viewport. */
const HORIZONTAL_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (.ci/run does this).`);
  ensurePortalBuilt();
  mkdirSync(SHOTS, { recursive: true });
  [app, browser] = await Promise.all([
    startTestApp('portal'),
    chromium.launch({
      executablePath: CHROMIUM,
      // The software compositor in the browser process rather than a GPU process of its own:
      // 2 s less of Chromium's CPU over the file (22.7 against 24.8 s, two runs each).
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--in-process-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** A fresh browser profile (its own storage) at the given width and language. */
async function user(viewport: { width: number; height: number }, lang: 'vi' | 'en'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport, acceptDownloads: true });
  await ctx.addInitScript((l) => localStorage.setItem('ketnoi.lang', l), lang);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return { ctx, page };
}

/** Signs in as a demo user and waits until the session is kept, so a page opened next is signed in. */
async function signIn(page: Page, sub: string) {
  await page.goto(`${app.url}/`);
  await page.getByRole('button', { name: new RegExp(`^${sub}`) }).click();
  await page.waitForFunction("sessionStorage.getItem('ketnoi.session') !== null");
}

/**
 * What axe (every rule it has) finds serious or critical on the page, as `rule: selectors`.
 * axe goes into the page once, not before every run as @axe-core/playwright puts it (twice in
 * its legacy mode), and reports violations only, not every passing node: 0.5 s a check instead
 * of 1.0 s, with the same rules.
 */
async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Violation = { id: string; impact?: string | null; nodes: { target: unknown[] }[] };
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: Violation[] }> }; document: unknown };
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** No horizontal scrolling, and axe finds nothing serious or critical. */
async function checkScreen(page: Page, name: string) {
  const overflow = (await page.evaluate(HORIZONTAL_OVERFLOW)) as number;
  expect(overflow, 'horizontal scrolling').toBeLessThanOrEqual(0);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** The same screen at the other width and in the other language: switched in place, then checked. */
async function checkOtherConfiguration(page: Page, name: string, lang: 'vi' | 'en', viewport: { width: number; height: number }) {
  await page.setViewportSize(viewport);
  await page.getByRole('button', { name: lang === 'en' ? 'English' : 'Tiếng Việt', exact: true }).click();
  await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe(lang);
  await checkScreen(page, name);
}

async function selectByLabel(page: Page, label: string | RegExp, option: string) {
  await page.getByLabel(label, { exact: typeof label === 'string' }).selectOption({ label: option });
}

describe('portal journeys', () => {
  it('a cooperative lists lychee, a retailer’s demand matches, both accept and each sees the other’s contact (phone, vi)', async () => {
    const coop = await user(PHONE, 'vi');
    const retail = await user(PHONE, 'vi');
    try {
      // The cooperative: a seller profile, then lychee in tấn with a dotted price and dd/mm/yyyy dates.
      const c = coop.page;
      await signIn(c, 'demo-coop-01');
      await c.getByRole('button', { name: 'Thêm hồ sơ người bán' }).click();
      await c.getByLabel('Tên', { exact: true }).fill('HTX Vải thiều Đồi Xanh');
      await c.getByLabel('Tỉnh/thành', { exact: true }).fill('Bắc Giang');
      await c.getByLabel('Điện thoại').fill('0912 345 678');
      await c.getByLabel('Mã số thuế').fill('123');
      await c.getByRole('button', { name: 'Tạo' }).click();
      // The domain schema's message, shown next to the field before anything is sent.
      await expect.poll(() => c.locator('.has-error .error').first().textContent()).toContain('10 chữ số');
      await c.getByLabel('Mã số thuế').fill('');
      await c.getByRole('button', { name: 'Tạo' }).click();
      await c.getByRole('link', { name: 'Chào bán nông sản' }).click();
      await selectByLabel(c, 'Sản phẩm', 'Vải thiều');
      await c.getByLabel('Sản lượng').fill('20');
      await c.getByLabel('Giá (₫/kg)').fill('25.000');
      await c.getByLabel('Có hàng từ', { exact: true }).fill('08/06/2027');
      await c.getByLabel('Có hàng đến', { exact: true }).fill('10/07/2027');
      await c.getByRole('button', { name: 'Tạo' }).click();
      await c.getByRole('heading', { name: /Vải thiều/ }).waitFor();
      await expect.poll(() => c.locator('.facts').textContent()).toContain('25.000 ₫/kg');
      await expect.poll(() => c.locator('.facts').textContent()).toContain('20 tấn');

      // The retailer: a buyer profile and a demand sourcing from Bắc Ninh (found by its old name).
      const r = retail.page;
      await signIn(r, 'demo-retail-01');
      await r.getByRole('button', { name: 'Thêm hồ sơ người mua' }).click();
      await r.getByLabel('Tên', { exact: true }).fill('Siêu thị Thử Nghiệm');
      await r.getByLabel('Tỉnh/thành', { exact: true }).fill('Hà Nội');
      await r.getByLabel('Điện thoại').fill('024 3812 3456');
      await r.getByRole('button', { name: 'Tạo' }).click();
      await r.getByRole('link', { name: 'Đăng nhu cầu thu mua' }).click();
      await selectByLabel(r, 'Sản phẩm hoặc nhóm hàng', 'Vải thiều');
      await r.getByLabel('Sản lượng').fill('5');
      await r.getByLabel('Giá tối đa (₫/kg)').fill('30.000');
      await r.getByLabel('Cần từ ngày', { exact: true }).fill('15/06/2027');
      await r.getByLabel('Cần đến ngày', { exact: true }).fill('30/06/2027');
      await r.getByLabel(/Tìm theo tên mới hoặc tên cũ/).fill('bac giang');
      await r.getByRole('checkbox', { name: /Bắc Ninh/ }).check();
      await r.getByRole('button', { name: 'Tạo' }).click();

      // Both accept the proposal (matching runs from the stream; the page keeps looking).
      await r.getByRole('button', { name: 'Đồng ý' }).click({ timeout: 40_000 });
      await c.reload();
      await c.getByRole('button', { name: 'Đồng ý' }).click({ timeout: 20_000 });
      const cCall = c.getByRole('link', { name: /^Gọi/ });
      await cCall.waitFor({ timeout: 10_000 });
      expect(await cCall.getAttribute('href')).toBe('tel:+842438123456');
      // The listing's remaining volume is read again once the deal is confirmed: 20 t less 5 t.
      await expect.poll(() => c.locator('.facts').textContent(), { timeout: 10_000 }).toContain('15 tấn / 20 tấn');
      await r.reload();
      const rCall = r.getByRole('link', { name: /^Gọi/ });
      await rCall.waitFor({ timeout: 15_000 });
      expect(await rCall.getAttribute('href')).toBe('tel:+84912345678');
      await checkScreen(c, 'cooperative-confirmed-phone-vi');
      await checkScreen(r, 'retailer-confirmed-phone-vi');
      // The cooperative's inbox has the proposal, with an unread badge until read.
      await c.getByRole('link', { name: /Hộp thư/ }).click();
      await c.getByRole('heading', { name: 'Hộp thư' }).waitFor();
      await expect.poll(() => c.locator('.list li').count()).toBeGreaterThan(0);
    } finally {
      await coop.ctx.close();
      await retail.ctx.close();
    }
  }, 120_000);

  it('an organiser publishes a fair, a cooperative books a booth and the exhibitor list shows it (desktop, en)', async () => {
    const org = await user(DESKTOP, 'en');
    const coop = await user(DESKTOP, 'en');
    try {
      const o = org.page;
      await signIn(o, 'demo-org-01');
      await o.getByRole('button', { name: 'New fair' }).click();
      await o.getByLabel('Name', { exact: true }).fill('Lychee Fair Test 2027');
      await o.getByLabel('Province', { exact: true }).fill('Hải Phòng');
      await o.getByLabel('Venue').fill('Cung Văn hóa Lao động');
      await o.getByLabel('Starts on', { exact: true }).fill('20/06/2027');
      await o.getByLabel('Ends on', { exact: true }).fill('22/06/2027');
      await o.getByLabel('Registration closes on', { exact: true }).fill('10/06/2027');
      await o.getByLabel('Booths').fill('30');
      await o.getByLabel(/Products/).fill('Vải thiều');
      await o.getByLabel('Approve each booking').check();
      await o.getByRole('button', { name: 'Create' }).click();
      await o.getByRole('button', { name: 'Publish' }).click();
      await o.locator('.status-published').first().waitFor();

      const c = coop.page;
      await signIn(c, 'demo-coop-02');
      await c.getByRole('button', { name: 'New seller profile' }).click();
      await c.getByLabel('Name', { exact: true }).fill('Hải Dương Lychee Co-op');
      await c.getByLabel('Province', { exact: true }).fill('Hải Dương');
      await c.getByRole('button', { name: 'Create' }).click();
      await c.getByRole('link', { name: 'List produce' }).click();
      await selectByLabel(c, 'Product', 'Lychee');
      await c.getByLabel('Quantity').fill('5');
      await c.getByLabel('Price (₫/kg)').fill('22.000');
      await c.getByLabel('Available from', { exact: true }).fill('01/06/2027');
      await c.getByLabel('Available until', { exact: true }).fill('30/06/2027');
      await c.getByRole('button', { name: 'Create' }).click();
      await c.getByRole('link', { name: 'Hải Dương Lychee Co-op' }).click();
      await c.getByRole('button', { name: 'Book a booth' }).click();
      await c.getByText('Booth booked.').waitFor();

      // The organiser approves the booking and moves it from booth 1 to booth 7.
      await o.reload();
      const booking = o.getByRole('article', { name: /Hải Dương Lychee Co-op/ });
      await booking.getByText('Awaiting approval').waitFor();
      await booking.getByRole('button', { name: 'Approve' }).click();
      await booking.getByText('Approved').waitFor();
      const booth = o.getByLabel('Booth no. for Hải Dương Lychee Co-op');
      await expect.poll(() => booth.inputValue()).toBe('1');
      await booth.fill('31');
      await o.getByRole('button', { name: 'Save', exact: true }).click();
      // The API's message beside the field, in English: the fair has 30 booths.
      await expect.poll(() => booking.locator('.has-error .error').textContent()).toContain('30');
      await booth.fill('7');
      await o.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => o.getByLabel('Booth no. for Hải Dương Lychee Co-op').inputValue()).toBe('7');
      const download = o.waitForEvent('download');
      await o.getByRole('button', { name: 'Download CSV' }).click();
      const csv = readFileSync(await (await download).path(), 'utf8');
      expect(csv).toMatch(/\b7\b.*Hải Dương Lychee Co-op/);
      await checkScreen(o, 'organiser-exhibitors-desktop-en');
      await checkOtherConfiguration(o, 'organiser-exhibitors-phone-vi', 'vi', PHONE);
    } finally {
      await org.ctx.close();
      await coop.ctx.close();
    }
  }, 90_000);

  it('the department sees statistics as charts and downloads them as CSV (phone, en)', async () => {
    // The figures are counted from the stream: let it finish with what the journeys before made.
    await app.runtime.stream.settle(60_000);
    const admin = await user(PHONE, 'en');
    try {
      const a = admin.page;
      await signIn(a, 'demo-admin-01');
      await a.getByRole('heading', { name: 'Statistics' }).waitFor();
      await a.getByRole('button', { name: 'Show' }).click();
      await a.getByRole('heading', { name: 'Tonnage by province (tonnes)' }).waitFor();
      await a.getByRole('heading', { name: 'Weekly trend (tonnes)' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => a.locator('.chart-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const download = a.waitForEvent('download');
      await a.getByRole('button', { name: 'Download CSV' }).click();
      const csv = readFileSync(await (await download).path(), 'utf8');
      expect(csv.split('\r\n')[0]).toContain('Province,Product,Listings,Offered (kg),Offered (t)');
      await checkScreen(a, 'admin-stats-phone-en');
    } finally {
      await admin.ctx.close();
    }
  }, 60_000);

  it('a cooperative adds a phone for SMS alerts and confirms it with the code it received (phone, vi)', async () => {
    const coop = await user(PHONE, 'vi');
    try {
      const c = coop.page;
      await signIn(c, 'demo-coop-02');
      await c.getByRole('link', { name: 'Nhận tin', exact: true }).click();
      await c.getByRole('heading', { name: 'Nhận tin qua e-mail/SMS' }).waitFor();
      await c.getByLabel('Số điện thoại nhận SMS').fill('0987 654 321');
      await c.getByRole('button', { name: 'Lưu' }).click();
      await c.getByText('Chưa xác nhận: nhập mã vừa được gửi tới 0987 654 321').waitFor();
      // The code as the phone got it: the local SMS recorder, through the local mail page's JSON.
      const lastCode = async () => {
        const sms = ((await app.call('GET', '/local/mail.json')).body.sms as { to: string; text: string }[]).filter((m) => m.to === '+84987654321');
        return /\b(\d{6})\b/.exec(sms.at(-1)?.text ?? '')?.[1];
      };
      await expect.poll(lastCode, { timeout: 15_000 }).toMatch(/^\d{6}$/);
      const code = (await lastCode())!;
      await c.getByLabel('Mã xác nhận (6 chữ số)').fill('000000' === code ? '111111' : '000000');
      await c.getByRole('button', { name: 'Xác nhận', exact: true }).click();
      await c.getByText(/mã không đúng hoặc đã hết hạn \(còn 4 lần thử\)/).waitFor();
      await c.getByLabel('Mã xác nhận (6 chữ số)').fill(code);
      await c.getByRole('button', { name: 'Xác nhận', exact: true }).click();
      await c.getByText('✓ Đã xác nhận').waitFor();
      await checkScreen(c, 'cooperative-alerts-confirmed-phone-vi');
    } finally {
      await coop.ctx.close();
    }
  }, 60_000);

  it('a retailer’s demand with too low a ceiling shows a near miss, one tap raises it and a proposal appears (phone vi, then desktop en)', async () => {
    // The supply, by API: a longan listing at 26.000 ₫/kg; the retailer's ceiling is 24.000.
    const coopToken = await app.token('cooperative', app.sub('nm-coop'));
    const sellerId = (await app.call('POST', '/v1/sellers', { token: coopToken, body: sellerBody({ province: 'Hưng Yên' }) })).body.id;
    const listing = await app.call('POST', '/v1/listings', { token: coopToken, body: listingBody(sellerId, { product: 'nhan-long', priceVndPerKg: 26_000 }) });
    expect(listing.status, listing.text).toBe(201);
    const retailToken = await app.token('retailer', 'demo-retail-02');
    const buyerId = (await app.call('POST', '/v1/buyers', { token: retailToken, body: buyerBody({ name: 'Siêu thị Gần Khớp', province: 'Hà Nội', deliveryProvinces: ['Hà Nội'] }) })).body.id;
    const demand = await app.call('POST', '/v1/demands', { token: retailToken, body: demandBody(buyerId, { product: 'nhan-long', maxPriceVndPerKg: 24_000, requiredCertifications: [] }) });
    expect(demand.status, demand.text).toBe(201);
    const retail = await user(PHONE, 'vi');
    try {
      const r = retail.page;
      await signIn(r, 'demo-retail-02');
      await r.goto(`${app.url}/demands/${demand.body.id}`);
      await r.getByRole('heading', { name: 'Gần khớp: vì sao chưa ghép được' }).waitFor();
      await r.getByText('Giá chào 26.000 ₫/kg cao hơn mức tối đa 24.000 ₫/kg của bạn 8%').waitFor({ timeout: 20_000 });
      await r.getByRole('button', { name: 'Nâng giá tối đa lên 26.000 ₫/kg' }).click();
      await r.getByRole('status').filter({ hasText: 'Đã sửa' }).waitFor();
      await expect.poll(() => r.locator('.facts').textContent()).toContain('26.000 ₫/kg');
      // Matching runs from the stream; the proposals list looks again by itself.
      await r.getByRole('button', { name: 'Đồng ý' }).waitFor({ timeout: 40_000 });
      await checkScreen(r, 'retailer-near-miss-fixed-phone-vi');
      await checkOtherConfiguration(r, 'retailer-near-miss-fixed-desktop-en', 'en', DESKTOP);
      await r.getByRole('heading', { name: 'Near misses: why nothing matched' }).waitFor();
    } finally {
      await retail.ctx.close();
    }
  }, 90_000);

  it('a retailer registers a webhook, copies its secret once, sees a failed delivery and retries it (phone en)', async () => {
    const retailToken = await app.token('retailer', 'demo-retail-03');
    const buyerId = (await app.call('POST', '/v1/buyers', { token: retailToken, body: buyerBody({ name: 'Webhook Mart', province: 'Hà Nội' }) })).body.id;
    const retail = await user(PHONE, 'en');
    try {
      const r = retail.page;
      await retail.ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      await signIn(r, 'demo-retail-03');
      await r.goto(`${app.url}/buyers/${buyerId}`);
      await r.getByRole('link', { name: 'Webhooks' }).click();
      await r.getByRole('heading', { name: 'Webhooks: Webhook Mart' }).waitFor();
      // The API's own message, next to the field: a plain-http address that is not local.
      await r.getByLabel('URL').fill('http://example.com/hook');
      await r.getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => r.locator('.has-error .error').first().textContent()).toBeTruthy();
      await r.getByLabel('URL').fill('http://127.0.0.1:9/hook');
      await r.getByRole('button', { name: 'Create' }).click();
      const secret = (await r.locator('.secret-value').textContent())!;
      expect(secret).toMatch(/^whsec_/);
      await r.getByRole('button', { name: 'Copy the secret' }).click();
      await r.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await r.evaluate('navigator.clipboard.readText()')).toBe(secret);
      await r.getByRole('button', { name: 'Saved it, hide' }).click();
      // An event for the profile: its delivery to a closed port fails.
      expect((await app.call('POST', '/v1/demands', { token: retailToken, body: demandBody(buyerId, { product: 'xoai' }) })).status).toBe(201);
      await app.runtime.stream.settle(30_000);
      await r.getByRole('button', { name: 'Deliveries' }).click();
      // The first attempt fails and the delivery waits for its next try: filter by status until it
      // shows. The second try comes 5 s later, so on a slow run the count may already be 2.
      // Shown once the page has the list for that status: waiting for a row or the spinner
      // instead hung when the list was empty and loaded before the wait began.
      const shown = async (label: string, status: string) => {
        const loaded = r.waitForResponse((res) => res.url().includes('/deliveries') && new URL(res.url()).searchParams.get('status') === status);
        await r.getByLabel('Status').selectOption({ label });
        await loaded;
        await r.locator('.busy').waitFor({ state: 'detached' });
      };
      await expect.poll(async () => {
        await shown('Delivered', 'delivered');
        await shown('Pending', 'pending');
        return r.locator('.delivery').filter({ hasText: /attempts: [1-9]/ }).count();
      }, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => r.locator('.delivery').filter({ hasText: 'DemandPosted' }).count()).toBeGreaterThan(0);
      await r.getByRole('button', { name: 'Retry' }).first().click();
      await r.getByText('Queued to be sent again now.').waitFor();
      await checkScreen(r, 'retailer-webhooks-phone-en');
    } finally {
      await retail.ctx.close();
    }
  }, 90_000);

  it('the department finds a cooperative’s certificate in its queue, verifies it and the seller’s page shows it verified (phone en, then desktop vi)', async () => {
    const coopToken = await app.token('cooperative', app.sub('cert-coop'));
    const seller = await app.call('POST', '/v1/sellers', {
      token: coopToken,
      body: sellerBody({ name: 'HTX Hồi Trùng Khánh', province: 'Cao Bằng', taxCode: undefined, certifications: [{ type: 'VietGAP', certificateNo: 'VG-CB-2026-0042', issuer: 'QUACERT', validUntil: '2027-12-31' }] }),
    });
    expect(seller.status, seller.text).toBe(201);
    const admin = await user(PHONE, 'en');
    try {
      const a = admin.page;
      await signIn(a, 'demo-admin-01');
      await a.getByRole('link', { name: 'Certificates', exact: true }).click();
      await a.getByRole('heading', { name: 'Certificates awaiting verification' }).waitFor();
      await a.getByLabel('Province', { exact: true }).fill('Cao Bang');
      await a.getByRole('button', { name: 'Show' }).click();
      const entry = a.getByRole('article', { name: 'HTX Hồi Trùng Khánh' });
      await entry.getByText('VG-CB-2026-0042').waitFor();
      await checkScreen(a, 'admin-certificates-phone-en');
      await entry.getByLabel(/^Note on VietGAP/).fill('Checked against the QUACERT register');
      await entry.getByRole('button', { name: 'Verify' }).click();
      await a.getByText('No certificate awaits verification.').waitFor();
      await a.goto(`${app.url}/sellers/${seller.body.id}`);
      await a.getByText(/VietGAP \(31\/12\/2027, ✓ verified\)/).waitFor();
      await checkScreen(a, 'admin-seller-verified-phone-en');
      await checkOtherConfiguration(a, 'admin-seller-verified-desktop-vi', 'vi', DESKTOP);
      await a.getByText(/VietGAP \(31\/12\/2027, ✓ đã xác minh\)/).waitFor();
    } finally {
      await admin.ctx.close();
    }
  }, 60_000);

  it('has an accessibility check that finds an unnamed button and an image without a text alternative', async () => {
    const { ctx, page } = await user(PHONE, 'en');
    try {
      await page.setContent('<!doctype html><html lang="en"><title>t</title><main><button></button><img src="data:,"></main></html>');
      const problems = await accessibilityProblems(page);
      expect(problems).toContainEqual(expect.stringMatching(/^button-name: button/));
      expect(problems).toContainEqual(expect.stringMatching(/^image-alt: img/));
    } finally {
      await ctx.close();
    }
  });

  it('renders the API reference at /docs offline and usably at phone width', async () => {
    const { ctx, page } = await user(PHONE, 'en');
    try {
      // Offline: any request that leaves the local runtime fails.
      await ctx.route((url) => !url.href.startsWith(app.url), (route) => route.abort());
      await page.goto(`${app.url}/docs`);
      // The reference is drawn by a script from /openapi.json: wait for it, not just for the page.
      await page.locator('body', { hasText: '/v1/listings' }).waitFor();
      const overflow = (await page.evaluate(HORIZONTAL_OVERFLOW)) as number;
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await ctx.close();
    }
  }, 30_000);

  it('serves the built portal compressed when asked, hashed assets immutable and index.html revalidated', async () => {
    const index = await raw('/', {});
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body.toString('utf8'))?.[1];
    expect(script, 'index.html names its script').toBeDefined();
    const plain = await raw(script!, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const [encoding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const packed = await raw(script!, { 'accept-encoding': `${encoding}` });
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(packed.headers.vary).toBe('accept-encoding');
      expect(packed.body.length).toBeLessThan(plain.body.length / 2);
      expect(decode(packed.body).equals(plain.body)).toBe(true);
    }
  });
});

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and decode). */
function raw(path: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${app.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
