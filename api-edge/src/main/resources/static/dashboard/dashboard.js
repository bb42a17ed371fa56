// The dashboard: an order board, stock levels and the event log, all live over server-sent events, and forms that
// send commands. Plain DOM, no framework: every value shown comes from the API and is set as text, never as HTML.
import { ApiError, call, devToken, token } from './api.js';
import { TicketedStream } from './streams.js';

const STATUSES = ['PLACED', 'STOCK_RESERVED', 'PAID', 'SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED', 'RETURNED'];
const CANCELLABLE = new Set(['PLACED', 'STOCK_RESERVED', 'PAID']);
const LOG_ROWS = 100;
const LOG_TAIL = 200; // positions before the head the log starts from
const CARDS_PER_COLUMN = 40;

const $ = (id) => document.getElementById(id);

const state = {
  products: new Map(), // productId -> ProductView
  orders: new Map(), // orderId -> { summary, shipmentId, reason }
  streams: {},
  streamStates: {},
  eventLog: { lastId: null, received: [] },
  lastRenewal: 0,
};
// read by the browser test: which event log ids arrived, in order
window.conveyor = { eventLog: state.eventLog, streams: state.streams };

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value);
    }
  }
  node.append(...children);
  return node;
}

function money(minor, currency) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
}

function idOf(value) {
  return typeof value === 'object' && value !== null ? value.value : value;
}

// ---- connection indicator -------------------------------------------------------------------------------------

function setStreamState(name, streamState, detail, status) {
  if (streamState === 'unauthorized' && status === 401 && Date.now() - state.lastRenewal > 60_000) {
    renewToken(); // most often the token simply expired
  }
  state.streamStates[name] = { state: streamState, detail };
  const indicator = $('connection');
  indicator.dataset[name] = streamState;
  const states = Object.values(state.streamStates);
  let overall;
  let text;
  const refused = Object.entries(state.streamStates).find(([, s]) => s.state === 'unauthorized');
  if (refused) {
    overall = 'offline';
    text = `Not allowed: ${refused[1].detail ?? 'the token was refused'}`;
  } else if (states.some((s) => s.state === 'reconnecting')) {
    overall = 'reconnecting';
    text = 'Reconnecting…';
  } else if (states.length > 0 && states.every((s) => s.state === 'live')) {
    overall = 'live';
    text = 'Live';
  } else {
    overall = 'connecting';
    text = 'Connecting…';
  }
  if (indicator.dataset.state !== overall || $('connection-text').textContent !== text) {
    indicator.dataset.state = overall;
    $('connection-text').textContent = text;
  }
}

// ---- stock ----------------------------------------------------------------------------------------------------

function onProduct(event) {
  const product = JSON.parse(event.data);
  const id = idOf(product.productId);
  const known = state.products.get(id);
  if (known && known.version >= product.version) {
    return;
  }
  state.products.set(id, product);
  let row = document.querySelector(`#stock-rows tr[data-product-id="${CSS.escape(id)}"]`);
  if (!row) {
    row = el('tr', { 'data-product-id': id },
      el('th', { scope: 'row', class: 'name' }), el('td', { class: 'sku' }),
      el('td', { class: 'num available' }), el('td', { class: 'num reserved' }));
    $('stock-rows').append(row);
  }
  row.querySelector('.name').textContent = product.name;
  row.querySelector('.sku').textContent = product.sku;
  row.querySelector('.available').textContent = product.available;
  row.querySelector('.reserved').textContent = product.reserved;
  row.dataset.available = product.available;
  row.dataset.reserved = product.reserved;
  if (known) {
    row.classList.remove('changed');
    void row.offsetWidth; // restart the highlight
    row.classList.add('changed');
  }
  updateProductOption(id, product);
}

function updateProductOption(id, product) {
  const select = $('order-product');
  select.querySelector('option[value=""]')?.remove();
  let option = select.querySelector(`option[value="${CSS.escape(id)}"]`);
  if (!option) {
    option = el('option', { value: id });
    select.append(option);
  }
  option.textContent = `${product.name} (${product.sku}), ${product.available} available`;
}

// ---- order board ----------------------------------------------------------------------------------------------

function buildBoard() {
  const board = $('board');
  for (const status of STATUSES) {
    const heading = `column-${status}`;
    board.append(el('section', { class: 'column', 'data-column': status, 'aria-labelledby': heading },
      el('h3', { id: heading }, el('span', { text: status.replace('_', ' ') }),
        el('span', { class: 'count', 'aria-label': 'orders', text: '0' })),
      el('ol')));
  }
}

function onOrderSummary(event) {
  const summary = JSON.parse(event.data);
  const id = idOf(summary.orderId);
  const order = state.orders.get(id) ?? { summary: null, shipmentId: null, reason: null };
  if (order.summary && order.summary.version >= summary.version) {
    return;
  }
  order.summary = summary;
  state.orders.set(id, order);
  renderCard(id);
  if ((summary.status === 'REJECTED' && !order.reason) || (['PAID', 'SHIPPED'].includes(summary.status) && !order.shipmentId)) {
    fetchDetails(id);
  }
}

/** The reason of a rejection and the shipment of an order are in its full view (and in the event log). */
async function fetchDetails(id) {
  try {
    const view = await call('GET', `/api/orders/${encodeURIComponent(id)}`);
    const order = state.orders.get(id);
    order.reason = order.reason ?? view.rejectionReason;
    order.shipmentId = order.shipmentId ?? idOf(view.shipmentId);
    renderCard(id);
  } catch {
    // the event log brings the same facts
  }
}

function renderCard(id) {
  const order = state.orders.get(id);
  if (!order?.summary) {
    return;
  }
  const { summary } = order;
  let card = document.querySelector(`.card[data-order-id="${CSS.escape(id)}"]`);
  const column = document.querySelector(`.column[data-column="${summary.status}"] ol`);
  if (!column) {
    return;
  }
  const hadFocus = card?.contains(document.activeElement);
  if (!card) {
    card = el('li', { class: 'card', 'data-order-id': id });
  }
  card.dataset.status = summary.status;
  card.replaceChildren(
    el('div', { class: 'id', text: id }),
    el('div', { text: `${summary.customerId?.value ?? summary.customerId ?? ''} · ${summary.lineCount} line(s) · ${money(summary.totalMinor, summary.currency)}` }),
  );
  if (order.reason && ['REJECTED', 'CANCELLED', 'RETURNED'].includes(summary.status)) {
    card.append(el('div', { class: 'reason', text: order.reason }));
  }
  if (order.shipmentId) {
    card.dataset.shipmentId = order.shipmentId;
  }
  const actions = el('div', { class: 'actions' });
  if (summary.status === 'PAID') {
    actions.append(el('button', { type: 'button', class: 'dispatch', 'aria-label': `Dispatch order ${id}`,
      text: 'Dispatch', onclick: () => shipment(id, 'dispatch') }));
  }
  if (summary.status === 'SHIPPED') {
    actions.append(el('button', { type: 'button', class: 'deliver', 'aria-label': `Deliver order ${id}`,
      text: 'Deliver', onclick: () => shipment(id, 'deliver') }));
  }
  if (CANCELLABLE.has(summary.status)) {
    actions.append(el('button', { type: 'button', class: 'danger cancel', 'aria-label': `Cancel order ${id}`,
      text: 'Cancel', onclick: () => cancel(id) }));
  }
  if (actions.childElementCount > 0) {
    card.append(actions);
  }
  if (card.parentElement !== column) {
    column.prepend(card);
    while (column.childElementCount > CARDS_PER_COLUMN) {
      column.lastElementChild.remove();
    }
    countCards();
  }
  if (hadFocus) {
    (card.querySelector('button') ?? card).focus?.();
  }
}

function countCards() {
  for (const column of document.querySelectorAll('.column')) {
    column.querySelector('.count').textContent = column.querySelectorAll('.card').length;
  }
}

async function shipment(orderId, action) {
  const order = state.orders.get(orderId);
  await act(`${action} order ${orderId}`, async () => {
    if (!order.shipmentId) {
      const view = await call('GET', `/api/orders/${encodeURIComponent(orderId)}`);
      order.shipmentId = idOf(view.shipmentId);
    }
    if (!order.shipmentId) {
      throw new Error('its shipment is not created yet; try again in a moment');
    }
    await call('POST', `/api/shipments/${encodeURIComponent(order.shipmentId)}/${action}`);
    return `Shipment ${order.shipmentId}: ${action} sent`;
  });
}

async function cancel(orderId) {
  await act(`cancel order ${orderId}`, async () => {
    await call('POST', `/api/orders/${encodeURIComponent(orderId)}/cancel`, { reason: 'cancelled on the dashboard' });
    return `Order ${orderId}: cancellation sent`;
  });
}

// ---- event log ------------------------------------------------------------------------------------------------

function onLoggedEvent(event) {
  const logged = JSON.parse(event.data);
  state.eventLog.received.push(logged.position);
  state.eventLog.lastId = logged.position;
  learnFrom(logged);
  const time = new Date(logged.timestamp);
  const row = el('tr', { 'data-position': String(logged.position) },
    el('td', { class: 'num', text: String(logged.position) }),
    el('td', { text: logged.type }),
    el('td', { text: `${logged.aggregateType} ${logged.aggregateId}` }),
    el('td', {}, el('time', { datetime: logged.timestamp, text: time.toLocaleTimeString() })));
  const rows = $('log-rows');
  rows.prepend(row);
  while (rows.childElementCount > LOG_ROWS) {
    rows.lastElementChild.remove();
  }
}

/** The log tells the board what the summaries leave out: which shipment an order has, why it was rejected. */
function learnFrom(logged) {
  const payload = logged.payload ?? {};
  const orderId = idOf(payload.orderId);
  const order = orderId && state.orders.get(orderId);
  if (!order) {
    return;
  }
  if (logged.type.startsWith('shipments.ShipmentCreated.')) {
    order.shipmentId = idOf(payload.shipmentId);
    renderCard(orderId);
  } else if (logged.type.startsWith('orders.OrderRejected.') || logged.type.startsWith('orders.OrderCancelled.')) {
    order.reason = payload.reason ?? order.reason;
    renderCard(orderId);
  }
}

async function logStart() {
  try {
    const head = await call('GET', '/api/audit/head');
    return Math.max(0, (head.position ?? 0) - LOG_TAIL);
  } catch {
    return 0;
  }
}

// ---- forms ----------------------------------------------------------------------------------------------------

async function act(what, action) {
  const result = $('action-result');
  result.classList.remove('error');
  try {
    result.textContent = await action();
  } catch (e) {
    result.classList.add('error');
    result.textContent = `Could not ${what}: ${e.message}`;
  }
}

function freshSku() {
  $('product-sku').value = `MUG-${Math.floor(1000 + Math.random() * 9000)}-${Date.now().toString(36).slice(-4)}`;
}

function wireForms() {
  $('product-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    act('create the product', async () => {
      const created = await call('POST', '/api/products', {
        sku: form.get('sku'),
        name: form.get('name'),
        priceMinor: Number(form.get('priceMinor')),
        currency: 'EUR',
        initialStock: Number(form.get('initialStock')),
      });
      const id = idOf(created.productId);
      $('action-result').dataset.productId = id;
      freshSku();
      return `Product ${id} created`;
    });
  });
  $('order-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    act('place the order', async () => {
      const placed = await call('POST', '/api/orders', {
        customerId: form.get('customerId'),
        lines: [{ productId: form.get('productId'), quantity: Number(form.get('quantity')) }],
        paymentToken: form.get('paymentToken'),
      });
      const id = idOf(placed.orderId);
      $('action-result').dataset.orderId = id;
      return `Order ${id} placed`;
    });
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token-input').value.trim().replace(/^Bearer\s+/i, '');
    if (!value) {
      tokenStatus('Paste a token first.', true);
      return;
    }
    token.set(value);
    $('token-input').value = '';
    tokenStatus('Using the pasted token.');
    startStreams();
  });
  $('dev-token-button').addEventListener('click', async () => {
    if (await useDevToken()) {
      startStreams();
    }
  });
}

function tokenStatus(text, error = false) {
  $('token-status').textContent = text;
  $('token-status').classList.toggle('error', error);
}

async function useDevToken() {
  const dev = await devToken().catch(() => null);
  if (!dev) {
    tokenStatus('This server offers no development token here (only with its development key, to a browser on'
      + ' the same machine at localhost). Paste a token instead.', true);
    return false;
  }
  token.set(dev);
  tokenStatus('Using a development token of tenant "default", valid for an hour.');
  return true;
}

/** A development token replaces a refused one, where the server offers one; at most once a minute. */
async function renewToken() {
  state.lastRenewal = Date.now();
  if (await useDevToken()) {
    await startStreams();
  }
}

// ---- streams --------------------------------------------------------------------------------------------------

async function startStreams() {
  for (const stream of Object.values(state.streams)) {
    stream.stop();
  }
  state.streamStates = {};
  const after = state.eventLog.lastId ?? (await logStart());
  state.streams.products = new TicketedStream('/api/products/stream', {
    events: { product: onProduct },
    onState: (s, detail, status) => setStreamState('products', s, detail, status),
  });
  state.streams.orders = new TicketedStream('/api/orders/stream', {
    events: { 'order-summary': onOrderSummary },
    onState: (s, detail, status) => setStreamState('orders', s, detail, status),
  });
  state.streams.events = new TicketedStream('/api/events/stream', {
    // resumes after the last event seen: nothing missed, nothing twice
    query: () => ({ after: state.eventLog.lastId ?? after }),
    events: { message: onLoggedEvent },
    onState: (s, detail, status) => setStreamState('events', s, detail, status),
  });
  for (const stream of Object.values(state.streams)) {
    stream.start();
  }
}

async function main() {
  buildBoard();
  freshSku();
  wireForms();
  if (token.get()) {
    tokenStatus('Using the token of this tab.');
  } else if (!(await useDevToken())) {
    setStreamState('token', 'unauthorized', 'paste a token above');
    return;
  }
  startStreams();
}

main();
