#!/usr/bin/env bash
# What `npm test` runs: install (only when needed), services, typecheck, every test.
# The last line printed is always exactly "N passed, N failed" (tests counted; a test file that could
# not even load counts as one failed test). Exits non-zero when the typecheck fails, any test fails,
# or no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm writes node_modules/.package-lock.json on every install: if the lockfile is newer than that,
# what is installed no longer matches it (a fresh clone has neither).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[test] installing dependencies from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund
fi

bash scripts/services.sh

typecheck_status=0
echo "[test] typecheck (tsc --noEmit)"
npx tsc --noEmit || typecheck_status=$?

report="$(mktemp "${TMPDIR:-/tmp}/pacer-vitest.XXXXXX.json")"
trap 'rm -f "$report"' EXIT

# Tests run even when the typecheck failed, so one run shows every problem.
vitest_status=0
npx vitest run --reporter=default --reporter=json --outputFile="$report" || vitest_status=$?

# The plain summary line, computed from vitest's JSON report rather than scraped from its output.
counts_status=0
node --input-type=module - "$report" <<'EOF' || counts_status=$?
import { readFileSync } from 'node:fs';
let report = {};
try {
  report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch {
  // No report at all (vitest crashed before writing it): counts stay zero and the run fails below.
}
const files = Array.isArray(report.testResults) ? report.testResults : [];
const passed = Number(report.numPassedTests ?? 0);
// A file that failed to load has no failed assertions of its own but must not disappear.
const brokenFiles = files.filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
).length;
const failed = Number(report.numFailedTests ?? 0) + brokenFiles;
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed + failed === 0 ? 3 : 0);
EOF

if ((typecheck_status != 0 || vitest_status != 0 || counts_status != 0)); then exit 1; fi
