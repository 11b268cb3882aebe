import {
  startVirtualServices,
  type StartVirtualServicesOptions,
  type VirtualServicesHandle,
} from './hosting/start-virtual-services.js';

export interface VirtualServeOptions extends Pick<
  StartVirtualServicesOptions,
  'dir' | 'port' | 'host' | 'seed' | 'profiles' | 'journalSize' | 'redactor' | 'allowedHosts'
> {
  /** Where the banner goes; default `console.log`. */
  log?: (line: string) => void;
}

/**
 * `rehearse virtual serve`: starts the virtual services and prints where each
 * partner answers, its start-up fault profile and routes, and the admin API.
 * Resolves with the running handle (the caller owns signals and `close()`).
 * Invalid profiles or handlers reject with `InvalidProjectError` (exit 2).
 *
 * Partners reach the target only through their `relay`, under
 * `allowedHosts` (`--allow-host`) and the run's own list.
 *
 * Prints, for example:
 *
 *     Virtual services on http://127.0.0.1:4010 (seed 42)
 *       carrier   http://127.0.0.1:4010/carrier   faults: flaky     3 routes  POST /rates, POST /labels, GET /tracking/:trackingNumber
 *       ...
 *       admin     http://127.0.0.1:4010/__admin   (GET /__admin/health, /__admin/requests, PUT /__admin/partners/<p>/faults)
 *
 * @example
 * const handle = await virtualServeCommand({ dir: 'virtual-services', port: 4010, seed: 42, profiles: { carrier: 'flaky' } });
 * process.once('SIGINT', () => void handle.close());
 */
export async function virtualServeCommand(options: VirtualServeOptions): Promise<VirtualServicesHandle> {
  const log = options.log ?? ((line: string) => console.log(line));
  const handle = await startVirtualServices({ ...options, host: options.host ?? '127.0.0.1' });
  const partners = await handle.admin.partners();
  const health = await handle.admin.health();
  const width = Math.max(7, ...partners.map((p) => p.name.length));
  const urlWidth = Math.max(...partners.map((p) => handle.partnerUrl(p.name).length), `${handle.url}/__admin`.length);
  log(`Virtual services on ${handle.url} (seed ${health.seed})`);
  for (const partner of partners) {
    const profile =
      partner.faults.find((l) => l.layer === 'default')?.profile ??
      (partner.profiles.includes('healthy') ? 'healthy' : 'none');
    const routes = `${partner.routes.length} route${partner.routes.length === 1 ? '' : 's'}`;
    log(
      `  ${partner.name.padEnd(width)}  ${handle.partnerUrl(partner.name).padEnd(urlWidth)}  faults: ${profile.padEnd(12)} ${routes}  ${partner.routes.join(', ')}`,
    );
  }
  log(
    `  ${'admin'.padEnd(width)}  ${`${handle.url}/__admin`.padEnd(urlWidth)}  (GET /__admin/health, GET /__admin/requests, PUT /__admin/partners/<partner>/faults)`,
  );
  log(
    options.allowedHosts
      ? `  Deliveries to the target (EDI VAN push) only to: ${options.allowedHosts.join(', ')}`
      : '  Deliveries to the target (EDI VAN push) only to the hosts each run allows (pin them with --allow-host)',
  );
  return handle;
}
