import { createHash } from 'node:crypto';
import type { MatrixEntry } from '../loader/matrix.js';
import type { RunGroup } from '../playwright/run-options.js';
import { grepHaystack } from '../playwright/test-identity.js';

/**
 * Variables naming the pipeline run a CI job belongs to, in the order they are tried:
 * `REHEARSE_RUN_GROUP` (set it yourself on any other CI), then those the CI services set
 * for every job of one pipeline run (a re-run of one job keeps them). Sources: GitHub
 * Actions `GITHUB_RUN_ID`, GitLab `CI_PIPELINE_ID`, Buildkite `BUILDKITE_BUILD_ID`, CircleCI
 * `CIRCLE_WORKFLOW_ID`, Azure Pipelines `BUILD_BUILDID`, Jenkins `BUILD_TAG`.
 */
const PIPELINE_VARIABLES: ReadonlyArray<readonly [string, string, string?]> = [
  ['REHEARSE_RUN_GROUP', ''],
  ['GITHUB_RUN_ID', 'github:', 'GITHUB_REPOSITORY'],
  ['CI_PIPELINE_ID', 'gitlab:', 'CI_PROJECT_PATH'],
  ['BUILDKITE_BUILD_ID', 'buildkite:'],
  ['CIRCLE_WORKFLOW_ID', 'circleci:'],
  ['BUILD_BUILDID', 'azure:'],
  ['BUILD_TAG', 'jenkins:'],
];

/**
 * What the shards of one `rehearse run` share (see `RunGroup`): the tests the whole run
 * selects before `--shard` splits it, each once (scenario file × tenant × driver after the
 * filters and `--grep`, times `--repeat-each`, plus the setup and teardown of each tenant
 * tested, which run once per shard that needs them and which a merge counts once), the
 * environment, and the pipeline run when a CI variable names it. `rehearse report merge` refuses blobs whose groups differ.
 */
export function runGroupOf(input: {
  matrix: readonly MatrixEntry[];
  environment: string;
  grep?: RegExp | undefined;
  repeatEach?: number | undefined;
  env?: NodeJS.ProcessEnv;
}): RunGroup {
  const matches = (entry: MatrixEntry) => {
    if (!input.grep) return true;
    input.grep.lastIndex = 0;
    return input.grep.test(grepHaystack(entry));
  };
  const scenarios = input.matrix.filter((e) => !e.scenario.kind && matches(e));
  // Playwright runs a tenant's setup and teardown (project dependencies) whenever one of its
  // scenarios runs — `--grep` does not filter them — and once: `--repeat-each` repeats the rest.
  const tested = new Set(scenarios.map((e) => e.tenant));
  const phases = input.matrix.filter((e) => e.scenario.kind && (tested.has(e.tenant) || matches(e)));
  const selected = [...scenarios, ...phases];
  const repeat = input.repeatEach ?? 1;
  const ids = selected.map((e) => `${e.file}\u0000${e.tenant}\u0000${e.driver}`).sort();
  const selection = createHash('sha256')
    .update(JSON.stringify({ ids, environment: input.environment, grep: input.grep?.source ?? null, repeat }))
    .digest('hex')
    .slice(0, 16);
  const pipeline = pipelineOf(input.env ?? process.env);
  return { selection, tests: scenarios.length * repeat + phases.length, ...(pipeline ? { pipeline } : {}) };
}

/** The CI pipeline run a job belongs to, from the variables above; undefined outside a known CI. */
export function pipelineOf(env: NodeJS.ProcessEnv): string | undefined {
  for (const [name, prefix, scope] of PIPELINE_VARIABLES) {
    const value = env[name];
    if (value) return `${prefix}${scope && env[scope] ? `${env[scope]}/` : ''}${value}`;
  }
  return undefined;
}
