#!/usr/bin/env bash
# Off-the-shelf clients against a real `vouch serve` on a fresh SQLite database:
# - the GraphQL-over-HTTP audit (graphql-http's auditServer): exits non-zero on any MUST or
#   SHOULD failure (audit.mjs; VOUCH_AUDIT_TOKEN, if set, is sent as a bearer token, though the
#   audit's queries need none);
# - Apollo Client over HTTP and graphql-ws, signed in as an admin made here: errors, Relay
#   pages, its normalised cache, idempotent conversions, a subscription (clients.mjs);
# - GraphQL Code Generator (typescript, typescript-operations; strict scalars) over
#   schema.graphql, the bot's operations and operations/Journey.graphql, type-checked by
#   `tsc --strict` with typed.ts, which then runs the whole journey against the server
#   (campaign to payout, refund and export; refusals with their input paths; retries);
# - relay-compiler over an independent Relay operation set generated from the schema
#   (relay.mjs): every Node type @refetchable, every connection under @connection both ways.
#
#   bash tests/clients/run.sh
#
# Needs the project venv in .venv, node (>= 18) and npm.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

VENV_PY="$ROOT/.venv/bin/python"
VOUCH="$ROOT/.venv/bin/vouch"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vouch-http-audit.XXXXXX")
SERVER_PID=""

cleanup() {
    local rc=$?
    set +e
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        for ((i = 0; i < 50; i++)); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    if ((rc != 0)) && [[ -s $WORK/server.log ]]; then
        echo "---- server log (last 40 lines)" >&2
        tail -n 40 "$WORK/server.log" >&2
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A throwaway database and a development server; nothing from the caller's environment.
unset VOUCH_TEST_DATABASE_URL VOUCH_ADMIN_EMAIL VOUCH_ADMIN_PASSWORD
export DATABASE_URL="sqlite://$WORK/audit.db" # $WORK is absolute: sqlite:///tmp/...
export VOUCH_ENV=development
export VOUCH_LOG_LEVEL=warning

PORT=$("$VENV_PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')
URL="http://127.0.0.1:$PORT"
export VOUCH_PUBLIC_URL=$URL # links the API hands out (share links, export downloads) point here

"$VOUCH" migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
ADMIN_EMAIL=clients@example.com
ADMIN_PASSWORD=$("$VENV_PY" -c 'import secrets; print(secrets.token_urlsafe(18))')
VOUCH_ADMIN_PASSWORD=$ADMIN_PASSWORD "$VOUCH" create-admin --email "$ADMIN_EMAIL" \
    >"$WORK/admin.log" 2>&1 || { cat "$WORK/admin.log" >&2; exit 1; }

"$VOUCH" serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

ready=""
for ((i = 0; i < 100; i++)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "vouch serve exited before it was ready" >&2
        exit 1
    fi
    if "$VENV_PY" -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=1)' "$URL/healthz" >/dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 0.2
done
if [[ -z $ready ]]; then
    echo "vouch serve did not answer $URL/healthz within 20s" >&2
    exit 1
fi
echo "vouch serve is up on $URL (pid $SERVER_PID)"

cd "$HERE"
if [[ ! -d node_modules ]]; then
    npm ci --silent --no-audit --no-fund
fi
node --version
node audit.mjs "$URL/graphql"
VOUCH_ADMIN_EMAIL=$ADMIN_EMAIL VOUCH_ADMIN_PASSWORD=$ADMIN_PASSWORD node clients.mjs "$URL/graphql"
rm -rf generated build
npx graphql-codegen --config codegen.yml --silent
npx tsc -p tsconfig.json
VOUCH_ADMIN_EMAIL=$ADMIN_EMAIL VOUCH_ADMIN_PASSWORD=$ADMIN_PASSWORD node build/typed.js "$URL/graphql"
node relay.mjs
npx relay-compiler
