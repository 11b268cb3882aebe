// A node:test reporter that writes how long each test file took (the sum of its top-level
// tests, in ms) as JSON to its destination: scripts/run-tests.mjs starts the longest files
// first from the last such list. `TEST_DURATIONS_OUT=scripts/test-durations.json npm test`
// refreshes the checked-in list (scripts/run-test-files.mjs feeds it the events).
import { relative } from 'node:path';

export default async function* durations(source) {
  const perFile = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0 || typeof details?.duration_ms !== 'number') continue;
    const key = relative(process.cwd(), file).split('\\').join('/');
    perFile[key] = (perFile[key] ?? 0) + details.duration_ms;
  }
  const sorted = Object.entries(perFile)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([file, ms]) => [file, Math.round(ms)]);
  yield `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`;
}
