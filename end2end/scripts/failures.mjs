// Prints the browser tests that failed or passed only on their retry, from Playwright's JSON
// report, so the end of `make test` names them (the list reporter's lines scroll far up).
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2];
if (!existsSync(file)) process.exit(0);
const report = JSON.parse(readFileSync(file, 'utf8'));
const lines = [];
const walk = (suite, path) => {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status === 'unexpected' || t.status === 'flaky') {
        const error = t.results.find((r) => r.error)?.error?.message?.split('\n')[0] ?? '';
        lines.push(`${t.status === 'flaky' ? 'flaky' : 'FAILED'}: [${t.projectName}] ${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')}\n    ${error}`);
      }
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
};
for (const suite of report.suites ?? []) walk(suite, []);
if (lines.length) console.log(`browser tests that failed or needed a retry:\n${lines.join('\n')}`);
