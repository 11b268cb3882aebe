#!/usr/bin/env node
// The `rehearse` command. The TypeScript sources are compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('rehearse: dist/ is missing. Run `npm run build` (npm ci does it for you).');
  process.exit(2);
}
const { main } = await import(entry.href);
try {
  await main(process.argv);
} catch (error) {
  console.error('rehearse: internal error — please report it with the command you ran.');
  console.error(error);
  process.exitCode = 70;
}
