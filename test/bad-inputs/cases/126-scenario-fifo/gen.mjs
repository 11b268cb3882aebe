// Makes scenarios/case.scenario.yaml a FIFO (reading it would block forever).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
execFileSync('mkfifo', [join(process.argv[2], 'scenarios', 'case.scenario.yaml')]);
