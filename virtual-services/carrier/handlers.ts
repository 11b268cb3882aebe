// Virtual carrier: rates, labels and tracking (see PARTNERS.md for the contract).
// State (labels) lives in this closure and is rebuilt on every admin reset.
import type { PartnerSetup } from '../../src/virtual/index.js';

interface Address {
  name?: string;
  line1?: string;
  city?: string;
  region: string;
  postalCode: string;
  country: string;
}
interface Parcel {
  weightKg: number;
}
type Service = 'GROUND' | 'EXPRESS' | 'OVERNIGHT';
type Status = 'LABEL_CREATED' | 'IN_TRANSIT' | 'DELIVERED';
interface Label {
  labelId: string;
  trackingNumber: string;
  service: Service;
  reference: string;
  shipFrom: Address;
  shipTo: Address;
  createdAt: string;
  /** Cents. */
  cost: number;
  /** Tracking advances one status per read, so polling sees delivery after three reads. */
  reads: number;
}

const SERVICES: Record<Service, { factor: number; transitDays: (zone: number) => number }> = {
  GROUND: { factor: 1, transitDays: (zone) => 1 + Math.ceil(zone / 2) },
  EXPRESS: { factor: 2.1, transitDays: () => 2 },
  OVERNIGHT: { factor: 3.5, transitDays: () => 1 },
};
const STATUSES: { status: Status; code: string; description: string }[] = [
  { status: 'LABEL_CREATED', code: 'LC', description: 'Shipping label created' },
  { status: 'IN_TRANSIT', code: 'IT', description: 'In transit' },
  { status: 'DELIVERED', code: 'DL', description: 'Delivered' },
];

/** Zone 1..8 from the distance between the first digits of the postal codes (a documented simplification). */
function zone(from: Address, to: Address): number {
  const a = Number.parseInt(from.postalCode.slice(0, 1), 10) || 0;
  const b = Number.parseInt(to.postalCode.slice(0, 1), 10) || 0;
  return Math.min(8, 1 + Math.abs(a - b));
}

/** Cents: a base fee plus a per-kilo charge growing with the zone, times the service factor. */
function price(service: Service, from: Address, to: Address, parcels: Parcel[]): number {
  const kilos = parcels.reduce((sum, p) => sum + Math.max(0.1, p.weightKg), 0);
  const ground = 899 + Math.round(kilos * (45 + 15 * zone(from, to)));
  return Math.round(ground * SERVICES[service].factor);
}

const carrier: PartnerSetup = ({ route, reply, rng, now }) => {
  const labels = new Map<string, Label>();
  const byIdempotencyKey = new Map<string, Label>();
  let sequence = 0;

  route.post('/rates', async ({ request }) => {
    const body = (await request.json()) as { shipFrom?: Address; shipTo?: Address; parcels?: Parcel[] };
    if (!body.shipFrom || !body.shipTo || !Array.isArray(body.parcels) || body.parcels.length === 0) {
      return reply.error(400, 'invalid_request', 'shipFrom, shipTo and at least one parcel are required.');
    }
    const rates = (Object.keys(SERVICES) as Service[]).map((service) => ({
      service,
      amount: price(service, body.shipFrom!, body.shipTo!, body.parcels!),
      currency: 'USD',
      transitDays: SERVICES[service].transitDays(zone(body.shipFrom!, body.shipTo!)),
    }));
    return reply.json({ rates });
  });

  route.post('/labels', async ({ request, tenant }) => {
    const body = (await request.json()) as {
      reference?: string;
      service?: string;
      shipFrom?: Address;
      shipTo?: Address;
      parcels?: Parcel[];
    };
    const key = request.headers.get('idempotency-key');
    const replayKey = key ? `${tenant ?? '-'}:${key}` : undefined;
    const known = replayKey ? byIdempotencyKey.get(replayKey) : undefined;
    if (known) return reply.json(labelBody(known), { status: 201 });
    if (
      !body.reference ||
      !body.shipFrom ||
      !body.shipTo ||
      !Array.isArray(body.parcels) ||
      body.parcels.length === 0
    ) {
      return reply.error(400, 'invalid_request', 'reference, service, shipFrom, shipTo and parcels are required.');
    }
    if (!body.service || !(body.service in SERVICES)) {
      return reply.error(
        422,
        'unknown_service',
        `Unknown service "${body.service ?? ''}"; use GROUND, EXPRESS or OVERNIGHT.`,
      );
    }
    sequence += 1;
    const digits = String(rng.int(0, 99_999_999)).padStart(8, '0');
    const label: Label = {
      labelId: `lbl_${String(sequence).padStart(6, '0')}`,
      trackingNumber: `1ZRH${String(sequence).padStart(6, '0')}${digits}`,
      service: body.service as Service,
      reference: body.reference,
      shipFrom: body.shipFrom,
      shipTo: body.shipTo,
      createdAt: now().toISOString(),
      cost: price(body.service as Service, body.shipFrom, body.shipTo, body.parcels),
      reads: 0,
    };
    labels.set(label.trackingNumber, label);
    if (replayKey) byIdempotencyKey.set(replayKey, label);
    return reply.json(labelBody(label), { status: 201 });
  });

  route.get('/tracking/:trackingNumber', ({ params }) => {
    const label = labels.get(params.trackingNumber!);
    if (!label) return reply.error(404, 'not_found', `Unknown tracking number ${params.trackingNumber}.`);
    const reached = Math.min(label.reads, STATUSES.length - 1);
    label.reads += 1;
    const events = STATUSES.slice(0, reached + 1).map((s, i) => ({
      at: new Date(Date.parse(label.createdAt) + i * 3_600_000).toISOString(),
      code: s.code,
      description: s.description,
      location:
        i === STATUSES.length - 1
          ? `${label.shipTo.city ?? label.shipTo.postalCode}, ${label.shipTo.region}`
          : `${label.shipFrom.city ?? label.shipFrom.postalCode}, ${label.shipFrom.region}`,
    }));
    return reply.json({ trackingNumber: label.trackingNumber, status: STATUSES[reached]!.status, events });
  });

  function labelBody(label: Label) {
    const zpl = `^XA^FO50,50^A0N,40,40^FD${label.service} ${label.trackingNumber}^FS^FO50,110^FDREF ${label.reference}^FS^FO50,160^FD${label.shipTo.postalCode} ${label.shipTo.country}^FS^XZ`;
    return {
      labelId: label.labelId,
      trackingNumber: label.trackingNumber,
      service: label.service,
      cost: { amount: label.cost, currency: 'USD' },
      label: { format: 'ZPL', data: Buffer.from(zpl).toString('base64') },
    };
  }
};

export default carrier;
