import { Agent } from 'undici';
import { checkEgress } from '../core/egress.js';
import { RehearseError } from '../core/errors.js';
import { classifyNetworkError } from '../core/network-error.js';
import { readBodyText } from '../core/read-body-text.js';
import { heartbeatProblem, type HeartbeatProbe } from './heartbeat.js';

export interface PreflightResult {
  ok: boolean;
  /** Why the target is considered down. */
  reason?: string;
  /** What the version endpoint said (deployment metadata). */
  deployment?: Record<string, unknown>;
}

export interface PreflightOptions {
  baseUrl: string;
  /** A path (joined to `baseUrl`) or an absolute URL; either must be on an allowed host. */
  healthPath: string;
  versionPath: string;
  /** The environment's `allowedHosts`. */
  allowedHosts: readonly string[];
  /** Budget of each request, connecting and reading included. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * The environment's `heartbeat:`: a health answer of 200 is not enough when the target's
   * background worker (jobs: labels, invoices, EDI) has stopped — every scenario would then time
   * out slowly. The worker's last beat must be recent too.
   */
  heartbeat?: HeartbeatProbe;
}

/**
 * Checks the target is up before any scenario runs, so that "staging is down"
 * (exit 3) is never reported as "the release is broken" (exit 1).
 *
 * Both URLs are checked against `allowedHosts` before anything is opened:
 * a `health:` or `version:` that points elsewhere throws `RehearseError`
 * `REHEARSE_HOST_NOT_ALLOWED` (exit 2, a configuration mistake). Redirects are
 * not followed (a 3xx health answer is "not healthy"); no request waits
 * past `timeoutMs`.
 *
 * @example
 * await preflight({ baseUrl: 'https://staging.example.com', healthPath: '/health', versionPath: '/version', allowedHosts: ['staging.example.com'] })
 */
export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const healthUrl = new URL(options.healthPath, options.baseUrl);
  const versionUrl = new URL(options.versionPath, options.baseUrl);
  const heartbeatUrl = options.heartbeat ? new URL(options.heartbeat.path, options.baseUrl) : undefined;
  for (const [url, what] of [
    [healthUrl, 'health'],
    [versionUrl, 'version'],
    ...(heartbeatUrl ? ([[heartbeatUrl, 'heartbeat']] as const) : []),
  ] as const) {
    const refused = checkEgress(url, options.allowedHosts, {
      action: `run the preflight: its ${what} URL ${url.origin}${url.pathname}`,
    });
    if (refused) throw new RehearseError(refused.code, refused.message, { hint: refused.hint });
  }

  // undici's own timers sit past the deadline, so the deadline's message (naming it) is the one given.
  const slack = timeoutMs + 1000;
  const agent = new Agent({ connect: { timeout: slack }, headersTimeout: slack, bodyTimeout: slack });
  try {
    const health = await get(agent, healthUrl, timeoutMs);
    if (!health.ok) return { ok: false, reason: `GET ${healthUrl} failed: ${health.message}` };
    if (health.status < 200 || health.status >= 300) {
      const redirect =
        health.status >= 300 && health.status < 400
          ? ` (a redirect${health.location ? ` to ${health.location}` : ''}, not followed)`
          : '';
      return {
        ok: false,
        reason: `GET ${healthUrl} answered ${health.status}${redirect}${health.body ? `: ${health.body.slice(0, 200)}` : ''}`,
      };
    }
    if (options.heartbeat && heartbeatUrl) {
      const answer = heartbeatUrl.href === healthUrl.href ? health : await get(agent, heartbeatUrl, timeoutMs);
      const problem = heartbeatAnswerProblem(answer, heartbeatUrl, options.heartbeat);
      if (problem) return { ok: false, reason: problem };
    }
    const result: PreflightResult = { ok: true };
    // Deployment metadata is optional: a target without /version is still testable.
    const version = await get(agent, versionUrl, timeoutMs);
    if (version.ok && version.status === 200) {
      try {
        const parsed = JSON.parse(version.body) as unknown;
        if (parsed && typeof parsed === 'object') result.deployment = parsed as Record<string, unknown>;
      } catch {
        // not JSON: no metadata
      }
    }
    return result;
  } finally {
    await agent.close().catch(() => undefined);
  }
}

type Answer =
  { ok: true; status: number; body: string; location?: string; date?: string } | { ok: false; message: string };

function heartbeatAnswerProblem(answer: Answer, url: URL, probe: HeartbeatProbe): string | undefined {
  const where = `GET ${url.origin}${url.pathname}`;
  if (!answer.ok) return `Failed to read the worker's heartbeat (${where}): ${answer.message}`;
  if (answer.status !== 200) return `Failed to read the worker's heartbeat: ${where} answered ${answer.status}.`;
  let body: unknown;
  try {
    body = JSON.parse(answer.body) as unknown;
  } catch {
    return `Failed to read the worker's heartbeat: ${where} did not answer JSON (${JSON.stringify(answer.body.slice(0, 80))}).`;
  }
  const problem = heartbeatProblem(body, answer.date, probe, new Date());
  if (!problem) return undefined;
  return [
    `The target is up but its background worker is not: ${problem} (${where}).`,
    'Jobs (labels, invoices, EDI) would not run, and every scenario waiting on one would time out.',
    'If this target has no such worker, remove `heartbeat:` from the environment in rehearse.config.yaml.',
  ].join('\n  ');
}

async function get(agent: Agent, url: URL, timeoutMs: number): Promise<Answer> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const progress: { phase: 'request' | 'body'; status?: number; bytes: number } = { phase: 'request', bytes: 0 };
  try {
    const response = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      signal: deadline,
    });
    progress.phase = 'body';
    progress.status = response.statusCode;
    const body = await readBodyText(response.body, progress, response.headers);
    const { location, date } = response.headers;
    return {
      ok: true,
      status: response.statusCode,
      body,
      ...(typeof location === 'string' ? { location } : {}),
      ...(typeof date === 'string' ? { date } : {}),
    };
  } catch (error) {
    const failure = classifyNetworkError(error, {
      url,
      ...progress,
      timedOut: deadline.aborted,
      timeoutMs,
      timeoutName: "the preflight's timeout",
      timeoutFix: 'make its health URL answer within that time; no scenario runs before it does',
    });
    return { ok: false, message: `${failure.message}\n  ${failure.hint}` };
  }
}
