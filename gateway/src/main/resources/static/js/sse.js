// Server-sent events over fetch(): EventSource cannot send X-API-Key, so the stream is read with a
// ReadableStream reader and parsed here (the text/event-stream rules of the HTML standard), and a
// dropped connection is resumed with Last-Event-ID so no line is lost or repeated.

import {headers, problemOf, ApiError} from './api.js';

/** Incremental text/event-stream parser: feed() text chunks, get complete events back. */
export class SseParser {
  constructor() {
    this.buffer = '';
    this.reset();
    this.lastEventId = null;
    this.retry = null;
  }

  reset() {
    this.data = [];
    this.event = '';
    this.sawField = false;
  }

  feed(chunk) {
    this.buffer += chunk;
    const events = [];
    let match;
    // a line ends with CRLF, LF or CR; keep a trailing CR until we know whether LF follows
    const re = /\r\n|\n|\r(?!$)/g;
    let start = 0;
    while ((match = re.exec(this.buffer)) !== null) {
      const line = this.buffer.slice(start, match.index);
      start = match.index + match[0].length;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  line(line) {
    if (line === '') {
      const event = this.sawField && this.data.length
        ? {type: this.event || 'message', data: this.data.join('\n'), id: this.lastEventId}
        : null;
      this.reset();
      return event;
    }
    if (line.startsWith(':')) return null; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.sawField = true;
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return null;
  }
}

/**
 * Follows an SSE endpoint until an `end` event (or close()). Reconnects after network errors and
 * server errors with Last-Event-ID; gives up on a 4xx (reported through onError).
 */
export function followEvents(path, {onEvent, onError, onState}) {
  const controller = new AbortController();
  let lastEventId = null;
  let finished = false;
  let delay = 1000;

  async function connect() {
    while (!finished) {
      const extra = {Accept: 'text/event-stream'};
      if (lastEventId !== null) extra['Last-Event-ID'] = lastEventId;
      try {
        onState?.(lastEventId === null ? 'connecting' : `reconnecting after #${lastEventId}`);
        const res = await fetch(path, {headers: headers(extra), signal: controller.signal, cache: 'no-store'});
        if (!res.ok) {
          const problem = await problemOf(res);
          if (res.status < 500) { finished = true; onError?.(new ApiError(res.status, problem)); return; }
          throw new ApiError(res.status, problem);
        }
        onState?.('live');
        delay = 1000;
        const parser = new SseParser();
        parser.lastEventId = lastEventId;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          for (const event of parser.feed(value)) {
            if (event.id !== null) lastEventId = event.id;
            if (event.type === 'end') finished = true;
            onEvent(event);
          }
          if (parser.retry) delay = parser.retry;
          if (finished) { controller.abort(); break; }
        }
      } catch (e) {
        if (finished || controller.signal.aborted) return;
        onError?.(e, true);
      }
      if (finished || controller.signal.aborted) return;
      onState?.('disconnected, retrying');
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }

  connect().finally(() => onState?.(finished ? 'ended' : 'closed'));
  return {close() { finished = true; controller.abort(); }};
}
