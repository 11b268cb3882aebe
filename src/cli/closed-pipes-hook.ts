// Imported first (`node --import`) by Playwright's runner under `rehearse run`
// (playwright-process.ts): the runner writes its progress to the CLI's stdout and stderr, and a
// reader that stops early (`rehearse run | head -3`) closed them. Playwright's list reporter then
// crashed the runner on the unhandled EPIPE, before any report was written. With this, the
// runner stops writing to that stream and finishes the run. Workers inherit the import: their
// output goes to the runner through pipes of Playwright's, which this changes nothing for.
import { outliveClosedPipe } from './closed-pipes.js';

outliveClosedPipe(process.stdout);
outliveClosedPipe(process.stderr);
