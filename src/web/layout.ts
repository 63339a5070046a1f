import type { WebSession } from '../db/web-session-store.js';
import type { HttpResponse } from '../http/route.js';
import { html, type SafeHtml } from './html.js';

/** No script at all, styles only from our own stylesheet, nothing framed, forms only to us. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export function page(status: number, title: string, session: WebSession | undefined, body: SafeHtml): HttpResponse {
  const nav = session
    ? html`<nav><a href="/incidents">Incidents</a> <a href="/insights">Insights</a>
<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="${session.csrfToken}"><span class="who">${session.userName || session.userId}</span> <button type="submit">Sign out</button></form></nav>`
    : '';
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Sitrep</title><link rel="stylesheet" href="/assets/sitrep.css"></head>
<body><header><a class="brand" href="/incidents">Sitrep</a>${nav}</header><main>${body}</main></body></html>`;
  return { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }, body: doc.value };
}

export function redirect(location: string, headers: Record<string, string> = {}): HttpResponse {
  return { status: 302, headers: { ...SECURITY_HEADERS, location, ...headers } };
}

export const STYLESHEET = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{display:flex;gap:1.5em;align-items:center;padding:.6em 1.2em;background:#1d2b3a;color:#fff}
header a{color:#fff;text-decoration:none;margin-right:1em}.brand{font-weight:700}
nav{display:flex;align-items:center;flex:1}.logout{margin-left:auto;display:inline}.who{opacity:.8;margin-right:.5em}
main{max-width:1000px;margin:1.2em auto;padding:0 1em}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e3e3e3;vertical-align:top}
.filters{display:flex;flex-wrap:wrap;gap:.6em;margin-bottom:1em;align-items:end}.filters label{display:flex;flex-direction:column;font-size:12px}
.sev{font-weight:600}.state{padding:.05em .4em;border-radius:4px;background:#eef}.private{font-size:12px;color:#a00}
section{background:#fff;padding:.6em 1em;margin:1em 0;border:1px solid #e3e3e3;border-radius:6px}
.timeline li{margin:.3em 0}.timeline time,.muted{color:#666;font-size:12px}.key{background:#fff7d6}.notice{background:#fff3e0;border:1px solid #e6c08a;padding:.5em .8em}
.replies{margin-left:1.5em;border-left:2px solid #ddd;padding-left:.8em;list-style:none}.replies ol{list-style:none;padding-left:0}.text{white-space:pre-wrap}
.chart{width:100%;height:auto;background:#fff}.pager{margin:1em 0;display:flex;gap:1em}
`;
