#!/usr/bin/env bash
# `npm test`: every test, against the real components (installed by scripts/ci-deps.sh when root).
# Prints a closing `N passed, N failed, N skipped` line read by CI.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ci-deps.sh || { echo "test: installing the real components failed" >&2; exit 1; }
npm run --silent build || { echo "test: the TypeScript build failed" >&2; exit 1; }

report=$(mktemp -t plat-vitest-XXXXXX.json)
trap 'rm -f "$report"' EXIT
npx vitest run --config test/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$report" "$@"
rc=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" 2>/dev/null || echo "0 passed, 1 failed"
exit $rc
