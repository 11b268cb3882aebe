import { request } from 'undici';
import { errorMessage } from '../core/errors.js';

export interface PreflightResult {
  ok: boolean;
  /** Why the target is considered down. */
  reason?: string;
  /** What the version endpoint said (deployment metadata). */
  deployment?: Record<string, unknown>;
}

/**
 * Checks the target is up before any scenario runs, so that "staging is down"
 * (exit 3) is never reported as "the release is broken" (exit 1).
 */
export async function preflight(options: {
  baseUrl: string;
  healthPath: string;
  versionPath: string;
  timeoutMs?: number;
}): Promise<PreflightResult> {
  const timeout = options.timeoutMs ?? 5000;
  const healthUrl = new URL(options.healthPath, options.baseUrl).toString();
  try {
    const response = await request(healthUrl, { method: 'GET', headersTimeout: timeout, bodyTimeout: timeout });
    const body = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      return {
        ok: false,
        reason: `GET ${healthUrl} answered ${response.statusCode}${body ? `: ${body.slice(0, 200)}` : ''}`,
      };
    }
  } catch (error) {
    return { ok: false, reason: `GET ${healthUrl} failed: ${describeNetworkError(error)}` };
  }
  const result: PreflightResult = { ok: true };
  try {
    const versionUrl = new URL(options.versionPath, options.baseUrl).toString();
    const response = await request(versionUrl, { method: 'GET', headersTimeout: timeout, bodyTimeout: timeout });
    const text = await response.body.text();
    if (response.statusCode === 200) {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') result.deployment = parsed as Record<string, unknown>;
    }
  } catch {
    // Deployment metadata is optional; a target without /version is still testable.
  }
  return result;
}

function describeNetworkError(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens there)';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code.includes('TIMEOUT')) return 'timed out';
  return errorMessage(error);
}
