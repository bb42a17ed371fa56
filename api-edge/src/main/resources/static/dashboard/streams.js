// A server-sent event stream opened with a single-use stream ticket instead of a bearer token (an EventSource cannot
// send headers). An EventSource reconnects by itself with the same URL, whose ticket is used up by then; so on any
// error the stream is closed here and opened again with a new ticket, after a growing pause, resuming where it was
// when the stream supports it.
import { ApiError, call } from './api.js';

const MIN_PAUSE_MS = 250;
const MAX_PAUSE_MS = 5000;

export class TicketedStream {
  /**
   * @param path the stream's path, e.g. /api/events/stream
   * @param options.query () => extra query parameters for the next connection (e.g. {after: 42})
   * @param options.events {eventName: (messageEvent) => void}; 'message' for unnamed events
   * @param options.onState (state, detail, status) => void; states: connecting, live, reconnecting, unauthorized
   */
  constructor(path, { query = () => ({}), events = {}, onState = () => {} }) {
    this.path = path;
    this.query = query;
    this.events = events;
    this.onState = onState;
    this.source = null;
    this.failures = 0;
    this.timer = null;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }

  /** Drops the connection as a network failure would, and recovers the same way. */
  drop() {
    this.failed('dropped');
  }

  async connect() {
    if (this.stopped) {
      return;
    }
    this.onState(this.failures === 0 ? 'connecting' : 'reconnecting');
    let ticket;
    try {
      ticket = await call('POST', '/api/stream-tickets', { path: this.path });
    } catch (e) {
      if (this.stopped) {
        return; // replaced meanwhile: its successor reports for it
      }
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        this.stopped = true;
        this.onState('unauthorized', e.message, e.status);
        return;
      }
      this.retryLater();
      return;
    }
    if (this.stopped) {
      return;
    }
    const params = new URLSearchParams({ ticket: ticket.ticket });
    for (const [name, value] of Object.entries(this.query())) {
      if (value !== undefined && value !== null) {
        params.set(name, String(value));
      }
    }
    const source = new EventSource(`${this.path}?${params}`);
    this.source = source;
    source.onopen = () => {
      if (this.source === source) {
        this.failures = 0;
        this.onState('live');
      }
    };
    source.onerror = () => {
      if (this.source === source) {
        this.failed('error');
      }
    };
    for (const [name, handler] of Object.entries(this.events)) {
      source.addEventListener(name, (event) => {
        if (this.source === source) {
          handler(event);
        }
      });
    }
    // the server asks for a fresh start when this client fell behind
    source.addEventListener('stream-reset', () => {
      if (this.source === source) {
        this.failed('reset');
      }
    });
  }

  failed() {
    this.source?.close();
    this.source = null;
    if (this.stopped) {
      return;
    }
    this.onState('reconnecting');
    this.retryLater();
  }

  retryLater() {
    clearTimeout(this.timer);
    const pause = Math.min(MAX_PAUSE_MS, MIN_PAUSE_MS * 2 ** this.failures);
    this.failures++;
    this.timer = setTimeout(() => this.connect(), pause);
  }
}
