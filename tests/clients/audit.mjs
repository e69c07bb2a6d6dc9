// GraphQL-over-HTTP conformance audit of a running Vouch server.
//
//   node audit.mjs http://127.0.0.1:PORT/graphql
//
// Runs every audit of `auditServer` from graphql-http, prints each result and a summary, and
// exits 1 if any MUST audit fails (status "error") or any SHOULD audit fails (status "warn").
// MAY audits that fail are "notice" and are printed only. Set VOUCH_AUDIT_TOKEN to send
// `Authorization: Bearer <token>` with every request (the audit's queries need no sign-in).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://HOST:PORT/graphql');
  process.exit(2);
}
const token = process.env.VOUCH_AUDIT_TOKEN || '';

/** fetch, plus the bearer token when one is set. */
function fetchFn(input, init = {}) {
  if (!token) return fetch(input, init);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/** Status, content type and (if still unread) the start of the body of a failing response. */
async function describe(response) {
  if (!response) return '';
  const type = response.headers.get('content-type') ?? '(none)';
  let body = '(body already read by the audit)';
  if (!response.bodyUsed) {
    try {
      body = JSON.stringify((await response.text()).slice(0, 300));
    } catch (err) {
      body = `(unreadable: ${err})`;
    }
  }
  return `HTTP ${response.status}, content-type ${type}, body ${body}`;
}

let results;
try {
  results = await auditServer({ url, fetchFn });
} catch (err) {
  // auditServer throws only on fatal problems (server unreachable, not JSON where JSON is due).
  console.error(`audit could not run against ${url}:`, err);
  process.exit(2);
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] = (counts[result.status] ?? 0) + 1;
  const line = `${result.status.padEnd(6)} ${result.id}  ${result.name}`;
  if (result.status === 'ok') {
    console.log(line);
  } else {
    console.log(`${line}\n         reason: ${result.reason}\n         ${await describe(result.response)}`);
  }
}

console.log(
  `\n${results.length} audits: ${counts.ok} ok, ${counts.notice} notice (MAY), ` +
    `${counts.warn} warn (SHOULD), ${counts.error} error (MUST)`,
);
if (counts.error > 0 || counts.warn > 0) {
  console.log('FAILED: every MUST and SHOULD audit has to pass.');
  process.exit(1);
}
console.log('passed');
