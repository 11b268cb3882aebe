import { RehearseError } from '../core/errors.js';
import type { Project } from '../loader/project.js';
import type { AuthConfig } from '../schema/index.js';

/** The embedded sandbox (and the virtual partners it calls), started for one run. */
export interface EmbeddedTarget {
  baseUrl: string;
  tenantAuth: Record<string, AuthConfig>;
  tenantIds: Record<string, string>;
  /** Generated credentials, passed to Playwright's processes as environment variables. */
  secretEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startEmbeddedTarget(_options: { project: Project; seed: string }): Promise<EmbeddedTarget> {
  throw new RehearseError(
    'REHEARSE_NO_EMBEDDED_TARGET',
    'Failed to start the embedded sandbox: it is not part of this build yet.',
    {
      hint: 'Pass --base-url with a running target.',
    },
  );
}
