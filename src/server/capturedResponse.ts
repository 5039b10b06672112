import type { Response as AdapterResponse } from 'botbuilder';

/**
 * Stands in for the HTTP response while the adapter runs a turn: it records the status and body the adapter
 * would send, so that the route decides what goes out (a problem body instead of an SDK error message).
 */
export class CapturedResponse implements AdapterResponse {
  readonly socket = null;
  statusCode = 200;
  body: unknown = undefined;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(): this {
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    return this;
  }
}
