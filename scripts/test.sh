#!/usr/bin/env bash
# `npm test`: every check and every test, in the order that fails fastest.
#   1. system packages (installed with apt when missing)
#   2. format (Prettier), lint (incl. the workspace dependency rule) and type checks (tsc, svelte-check)
#   3. unit + integration tests (Vitest; the server suite runs on PGlite and on PostgreSQL)
#   4. the apps' production builds and the Playwright journeys in Debian's Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system.sh
# The type check and format + lint each keep one core busy, so they run side by side (on 2 cores
# this takes most of a minute off the suite's budget). The type check writes only the apps'
# generated .svelte-kit/ folders, which format and lint ignore; its output is shown whole after
# theirs. The builds stay after it: they write those folders too.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
npm run check --silent >"$logs/check" 2>&1 &
check=$!
echo "== format"; npx prettier --check . --log-level warn
echo "== lint"; npx eslint .
echo "== type check"
status=0
wait "$check" || status=$?
cat "$logs/check"
[ "$status" -eq 0 ] || exit "$status"
echo "== unit and integration tests"; npx vitest run
echo "== build apps"; npm run build -w @dangky/kiosk -w @dangky/counter-app --silent
echo "== end-to-end (Playwright, Chromium)"; DANGKY_E2E_BUILT=1 npx playwright test -c tests/playwright.config.ts
