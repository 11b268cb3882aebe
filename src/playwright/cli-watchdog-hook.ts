// Imported first by Playwright's runner (`node --import`, see src/cli/playwright-process.ts).
import { watchCli } from './cli-watchdog.js';

watchCli();
