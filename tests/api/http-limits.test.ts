// Over a real socket: long query strings answer at once, and an oversized body gets 413 without spoiling
// the keep-alive connection it came on.

import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

let port: number;

/** Sends raw bytes on one connection and collects the responses' status lines and headers as they come. */
class RawClient {
  private readonly socket: Socket;
  private buffer = '';
  closed = false;
  constructor() {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => (this.buffer += d));
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => (this.closed = true));
  }
  send(bytes: string | Buffer) {
    this.socket.write(bytes);
  }
  /** The next complete response (head and Content-Length body). */
  async response(): Promise<{ status: number; headers: string; body: string }> {
    for (let i = 0; i < 200; i++) {
      const head = this.buffer.indexOf('\r\n\r\n');
      if (head >= 0) {
        const headers = this.buffer.slice(0, head);
        const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
        if (this.buffer.length >= head + 4 + length) {
          const body = this.buffer.slice(head + 4, head + 4 + length);
          this.buffer = this.buffer.slice(head + 4 + length);
          return { status: Number(headers.split(' ')[1]), headers, body };
        }
      }
      if (this.closed) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`nessuna risposta (connessione ${this.closed ? 'chiusa' : 'aperta'})`);
  }
  end() {
    this.socket.destroy();
  }
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
const post = (path: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe.each(ENGINES)('HTTP limits over a real connection (%s)', (engine) => {
  let t: EngineApp;
  let server: ServerType;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('answers 4 KB and 10 KB query strings at once', async () => {
    const c = new RawClient();
    for (const n of [4_000, 10_000]) {
      c.send(get(`/api/opendata?x=${'a'.repeat(n)}`));
      expect((await c.response()).status).toBe(200);
    }
    c.end();
  });

  it('refuses an oversized body with 413, and the same connection serves the next request', async () => {
    const c = new RawClient();
    c.send(post('/api/session', JSON.stringify({ username: 'a'.repeat(3_000_000), password: 'x' })));
    const refused = await c.response();
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error.code).toBe('payload_too_large');
    expect(refused.headers).not.toMatch(/connection: close/i);
    c.send(get('/api/health'));
    const next = await c.response();
    expect([next.status, JSON.parse(next.body)]).toEqual([200, { status: 'ok' }]);
    c.end();
  });

  it('says Connection: close when the body is too big to be worth reading', async () => {
    const c = new RawClient();
    c.send(
      `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n{"username":"`,
    );
    const refused = await c.response();
    expect(refused.status).toBe(413);
    expect(refused.headers).toMatch(/connection: close/i);
    c.end();
  });
});
