/**
 * Live reload for `serve --watch`: open pages listen on Server-Sent Events
 * (`/__planeval/events`) and reload after a rebuild. The listening script
 * (`/__planeval/reload.js`) is injected only into the HTML the server sends; the site's
 * files on disk never contain it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const EVENTS_PATH = '/__planeval/events';
export const RELOAD_SCRIPT_PATH = '/__planeval/reload.js';

/** The listening script, served at RELOAD_SCRIPT_PATH (a same-origin file: the pages' CSP allows no inline script). */
export const RELOAD_SCRIPT = `// planeval serve --watch: reloads the page after a rebuild (not part of the site).
(function () {
  'use strict';
  if (typeof EventSource === 'undefined') return;
  var banner = null;
  function show(text, failed) {
    if (!banner) {
      banner = document.createElement('div');
      banner.setAttribute('role', 'status');
      banner.style.cssText = 'position:fixed;right:1rem;bottom:1rem;z-index:1000;max-width:32rem;padding:.6rem .9rem;border-radius:4px;font:14px/1.5 sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);white-space:pre-wrap';
      document.body.appendChild(banner);
    }
    banner.style.background = failed ? '#8a1c1c' : '#1f3f66';
    banner.style.color = '#fff';
    banner.textContent = text;
  }
  var source = new EventSource('${EVENTS_PATH}');
  source.addEventListener('building', function (e) { show('输入已修改，正在重新生成网站…\\n' + JSON.parse(e.data).changed.join('\\n'), false); });
  source.addEventListener('failed', function (e) { show('重新生成失败（网站仍为上一版）：' + JSON.parse(e.data).message, true); });
  source.addEventListener('reload', function () { location.reload(); });
})();
`;

const INJECTED_TAG = `<script src="${RELOAD_SCRIPT_PATH}" defer></script>`;

/** Insert the reload script tag before the last `</body>` (or at the end). */
export function injectReloadScript(html: string): string {
  const i = html.lastIndexOf('</body>');
  return i < 0 ? html + INJECTED_TAG : html.slice(0, i) + INJECTED_TAG + '\n' + html.slice(i);
}

/** The pages listening for events. */
export class ReloadChannel {
  private readonly clients = new Set<ServerResponse>();

  /** Answer a request to EVENTS_PATH: keep it open and send it the events. */
  listen(req: IncomingMessage, res: ServerResponse, comment: string): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(`retry: 1000\n: ${comment}\n\n`);
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  send(event: string, data: unknown): void {
    const payload = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) c.write(payload);
  }

  close(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
