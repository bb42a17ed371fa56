// The dashboard in a real browser: headless Chromium (Debian's, /usr/bin/chromium, or $CHROMIUM) driven by
// playwright-core, against a running Conveyor node. Places an order from the form and follows its card to PAID, then
// SHIPPED after a dispatch; places a declined order and sees it REJECTED with its reason; drops the event log's
// connection and checks that the log resumes with no event missing or repeated; saves a screenshot.
//
//   node dashboard.test.mjs <base URL of the node> <screenshot file>
//
// The browser reaches the node through a TCP relay of this script's own, which can cut the event log's connection and
// refuse new ones, as a network that goes away would. Every wait is on the page's state, never on a clock; Playwright's
// timeouts only bound how long a wait may take.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installLocked } from '../node-tools/npm-ci.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [base, screenshot] = [process.argv[2], resolve(process.argv[3] ?? join(here, '..', 'docs', 'dashboard.png'))];
if (!base) {
  console.error('usage: node dashboard.test.mjs <base URL> [screenshot file]');
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`dashboard-test: no Chromium at ${chromiumPath}; install it (apt-get install -y chromium) or set CHROMIUM`);
  process.exit(1);
}
installLocked(here, 'dashboard-test: npm ci failed');
const { chromium } = await import('playwright-core');

const relay = await startRelay(new URL(base));
const pageUrl = `http://127.0.0.1:${relay.port}/`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(pageUrl);

  step('the page takes a development token and its three streams go live');
  await page.locator('#connection[data-state="live"]').waitFor();
  await expectText(page.locator('#connection-text'), 'Live');

  step('every form control has a label');
  const unlabelled = await page.$$eval('input, select, textarea', (els) =>
    els.filter((e) => e.type !== 'hidden' && e.labels.length === 0).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);

  step('a product, created from the keyboard, shows its stock');
  const sku = `DASH-${Date.now()}`;
  await page.locator('#product-name').fill('Dashboard mug');
  await page.locator('#product-sku').fill(sku);
  await page.locator('#product-stock').fill('10');
  await page.locator('#product-stock').press('Enter');
  const product = await page.locator('#action-result[data-product-id]').getAttribute('data-product-id');
  const stockRow = page.locator(`#stock-rows tr[data-product-id="${product}"]`);
  await stockRow.and(page.locator('[data-available="10"][data-reserved="0"]')).waitFor();

  step('an order placed from the form reaches PAID, and SHIPPED once dispatched');
  const paid = await placeOrder(page, product, 2, 'tok_visa');
  await card(page, 'PAID', paid).waitFor();
  await stockRow.and(page.locator('[data-available="8"][data-reserved="2"]')).waitFor();
  await page.getByRole('button', { name: `Dispatch order ${paid}` }).click();
  await card(page, 'SHIPPED', paid).waitFor();
  await page.getByRole('button', { name: `Deliver order ${paid}` }).click();
  await card(page, 'DELIVERED', paid).waitFor();
  await stockRow.and(page.locator('[data-available="8"][data-reserved="0"]')).waitFor();

  step('a declined order is REJECTED with its reason, and its stock comes back');
  const declined = await placeOrder(page, product, 3, 'tok_decline');
  await card(page, 'REJECTED', declined).locator('.reason', { hasText: 'payment-declined' }).waitFor();
  await stockRow.and(page.locator('[data-available="8"][data-reserved="0"]')).waitFor();

  step('a refused token is replaced by a development token, and the streams go live again');
  const firstToken = await page.evaluate(() => sessionStorage.getItem('conveyor.token'));
  await page.locator('#token-input').fill('not-a-token');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.waitForFunction((first) => {
    const current = sessionStorage.getItem('conveyor.token');
    return current !== null && current !== 'not-a-token' && current !== first;
  }, firstToken);
  await expectText(page.locator('#token-status'), 'Using a development token');
  await page.locator('#connection[data-state="live"]').waitFor();

  step('the event log, cut off while events happen, resumes with none missing or repeated');
  const api = await apiClient(base);
  // an event the page sees before the cut: resuming from anywhere but the last event seen repeats or loses some
  await api.post(`/api/products/${product}/restock`, { quantity: 1 });
  const seenBefore = (await api.eventsAfter(0, (e) => e.aggregateId === product)).at(-1).position;
  await page.waitForFunction((p) => window.conveyor.eventLog.lastId >= p, seenBefore);
  relay.goOffline();
  await page.locator('#connection[data-events="reconnecting"]').waitFor();
  await expectText(page.locator('#connection-text'), 'Reconnecting…');
  for (let i = 0; i < 3; i++) {
    await api.post(`/api/products/${product}/restock`, { quantity: 1 });
  }
  const written = await api.eventsAfter(0, (e) => e.aggregateId === product);
  const lastWritten = written.at(-1).position;
  assert.equal(await page.evaluate((p) => window.conveyor.eventLog.received.includes(p), lastWritten), false,
    'the restocks happened while the page was cut off');
  relay.goOnline();
  await page.locator('#connection[data-state="live"]').waitFor();
  await page.waitForFunction((p) => window.conveyor.eventLog.lastId >= p, lastWritten);
  await stockRow.and(page.locator('[data-available="12"]')).waitFor();
  const received = await page.evaluate(() => [...window.conveyor.eventLog.received]);
  const logged = (await api.eventsAfter(received[0] - 1, () => true))
    .map((e) => e.position)
    .filter((p) => p <= received.at(-1));
  assert.deepEqual(received, logged, 'the page saw exactly the log, in order');
  assert.equal(new Set(received).size, received.length, 'no event twice');
  assert.ok(relay.eventLogConnections >= 2, 'the event log was opened again on a new connection');

  step(`a screenshot in ${screenshot}`);
  await page.locator(`#log-rows tr[data-position="${lastWritten}"]`).waitFor();
  await page.locator('#action-result').evaluate((e) => { e.textContent = ''; });
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('dashboard-test: passed');
} catch (e) {
  failed = true;
  console.error(`dashboard-test: FAILED: ${e.stack ?? e}`);
} finally {
  await browser.close();
  relay.close();
}
process.exit(failed ? 1 : 0);

function step(text) {
  console.log(`dashboard-test: ${text}`);
}

async function expectText(locator, text) {
  await locator.filter({ hasText: text }).waitFor();
}

function card(page, status, orderId) {
  return page.locator(`.column[data-column="${status}"] .card[data-order-id="${orderId}"]`);
}

async function placeOrder(page, productId, quantity, paymentToken) {
  await page.locator('#action-result').evaluate((e) => e.removeAttribute('data-order-id'));
  await page.locator('#order-product').selectOption(productId);
  await page.locator('#order-quantity').fill(String(quantity));
  await page.locator('#order-payment').selectOption(paymentToken);
  await page.getByRole('button', { name: 'Place order' }).click();
  return page.locator('#action-result[data-order-id]').getAttribute('data-order-id');
}

/** The node's API, straight, not through the relay: for writing while the page is cut off and for reading the log. */
async function apiClient(baseUrl) {
  const devToken = await fetch(new URL('/dashboard/dev-token', baseUrl), { method: 'POST' });
  assert.equal(devToken.status, 200, 'a development token from the node');
  const { token } = await devToken.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  return {
    async post(path, body) {
      const response = await fetch(new URL(path, baseUrl), { method: 'POST', headers, body: JSON.stringify(body) });
      assert.ok(response.ok, `POST ${path}: ${response.status} ${await response.text()}`);
    },
    /** Every event after a position that matches, following the pages to the end. */
    async eventsAfter(after, matches) {
      const events = [];
      let next = new URL(`/api/events?after=${after}&limit=1000`, baseUrl);
      while (next) {
        const response = await fetch(next, { headers });
        assert.equal(response.status, 200);
        const page = await response.json();
        events.push(...page.events.filter(matches));
        next = page.next ? new URL(page.next, baseUrl) : null;
      }
      return events;
    },
  };
}

/**
 * A TCP relay between the browser and the node. Offline, it cuts the event log's stream and every idle connection,
 * and refuses new connections, so the page's next ticket and stream requests fail as on a dropped network; the other
 * two streams stay open, as connections that happened to survive.
 */
function startRelay(target) {
  const pairs = new Set();
  let offline = false;
  const relay = {
    port: 0,
    eventLogConnections: 0,
    goOffline() {
      offline = true;
      for (const pair of pairs) {
        if (!/^\/api\/(products|orders)\/stream/.test(pair.request)) {
          pair.close();
        }
      }
    },
    goOnline() {
      offline = false;
    },
    close() {
      server.close();
      pairs.forEach((pair) => pair.close());
    },
  };
  const server = net.createServer((client) => {
    if (offline) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 80), target.hostname);
    const pair = {
      request: '',
      close() {
        client.destroy();
        upstream.destroy();
        pairs.delete(pair);
      },
    };
    client.on('data', (chunk) => {
      const line = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/m.exec(chunk.toString('latin1'));
      if (line) {
        pair.request = line[1];
        if (line[1].startsWith('/api/events/stream')) {
          relay.eventLogConnections++;
        }
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', () => pair.close());
      socket.on('close', () => pair.close());
    }
    pairs.add(pair);
  });
  return new Promise((resolveRelay) => {
    server.listen(0, '127.0.0.1', () => {
      relay.port = server.address().port;
      resolveRelay(relay);
    });
  });
}

/** playwright-core at the exact version of package-lock.json, installed with `npm ci` when it is not. */
