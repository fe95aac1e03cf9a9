// Prints the closing summary of scripts/test-all.sh: the checks that ran, the
// jest and Playwright counts, and last one line "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.ci/out';
const read = file =>
  existsSync(join(dir, file))
    ? readFileSync(join(dir, file), 'utf8')
    : undefined;

let passed = 0;
let failed = 0;

const checks = (read('checks.jsonl') ?? '')
  .split('\n')
  .filter(Boolean)
  .map(line => JSON.parse(line));
for (const c of checks) {
  console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name} (${c.seconds}s)`);
}
// typecheck, lint and prettier count as one check each; test runners count their tests.
for (const c of checks.filter(c => !['unit', 'e2e'].includes(c.name))) {
  c.ok ? passed++ : failed++;
}

const unit = read('unit.json');
if (unit) {
  const r = JSON.parse(unit);
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  console.log(
    `unit: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${r.numTotalTestSuites} suites`,
  );
} else if (checks.some(c => c.name === 'unit')) {
  failed++;
  console.log('unit: no results written');
}

const e2e = read('e2e.json');
if (e2e) {
  const s = JSON.parse(e2e).stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  console.log(
    `e2e: ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky`,
  );
} else if (checks.some(c => c.name === 'e2e')) {
  failed++;
  console.log('e2e: no results written');
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
