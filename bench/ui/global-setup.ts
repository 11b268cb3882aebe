// Starts what `rehearse run` starts for the sandbox environment — the same embedded sandbox and
// virtual partners, a tenant provisioned from tenant-profiles/standard.yaml — and hands the
// hand-written spec its URL, the clerk's login and the API client's credentials by environment.
import { loadProject } from '../../dist/src/loader/load-project.js';
import { startEmbeddedTarget } from '../../dist/src/playwright/embedded-target.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = process.env.BENCH_PROJECT_ROOT ?? new URL('../..', import.meta.url).pathname;
  const { project, diagnostics } = loadProject({ root });
  if (!project) throw new Error(`the shipped project does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  const target = await startEmbeddedTarget({ project, seed: 'bench' });
  const profile = project.tenants.get('standard')!.profile;
  const login = target.logins.find((l) => l.profile === 'standard')!;
  const variable = 'REHEARSE_SANDBOX_STANDARD';
  Object.assign(process.env, {
    BENCH_BASE_URL: target.baseUrl,
    BENCH_TENANT: login.tenantId,
    BENCH_USERNAME: login.username,
    BENCH_PASSWORD: login.password,
    BENCH_CLIENT_ID: target.secretEnv[`${variable}_CLIENT_ID`],
    BENCH_CLIENT_SECRET: target.secretEnv[`${variable}_CLIENT_SECRET`],
    BENCH_CUSTOMER: profile.customers?.[0]?.code,
    BENCH_SKU: profile.items?.stocked?.[0]?.sku,
  });
  return () => target.close();
}
