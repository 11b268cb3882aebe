// Virtual tax service: deterministic quotes from a documented rate table.
// Rates per US state (decimal strings, as sent); any other region uses DEFAULT_RATE.
// taxCode "EXEMPT" (or "NT") makes a line non-taxable. Per-line tax is rounded half-up
// (away from zero for negative amounts) to minor units, in integer arithmetic.
import type { PartnerSetup } from '../../src/virtual/index.js';

export const TAX_RATES: Readonly<Record<string, string>> = {
  TX: '0.0825',
  CA: '0.0725',
  NY: '0.08875',
  WA: '0.065',
  FL: '0.06',
  IL: '0.0625',
  GA: '0.04',
  PA: '0.06',
  OH: '0.0575',
  NJ: '0.06625',
  OR: '0',
  MT: '0',
  NH: '0',
  DE: '0',
  AK: '0',
};
export const DEFAULT_RATE = '0.05';
const EXEMPT_CODES = new Set(['EXEMPT', 'NT']);

interface QuoteRequest {
  currency?: string;
  shipTo?: { region?: string; country?: string; postalCode?: string };
  lines?: { ref: string; amount: number; taxCode?: string }[];
}

/** amount × rate, rounded half-up to an integer, exactly (BigInt: amounts × 10^digits can pass 2^53). */
export function taxOf(amount: number, rate: string): number {
  const [whole = '0', fraction = ''] = rate.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(whole) * scale + BigInt(fraction || '0');
  const product = BigInt(Math.abs(amount)) * numerator;
  const rounded = (product * 2n + scale) / (2n * scale);
  return Number(amount < 0 ? -rounded : rounded);
}

const tax: PartnerSetup = ({ route, reply }) => {
  route.post('/quotes', async ({ request }) => {
    const body = (await request.json()) as QuoteRequest;
    if (!body.shipTo?.region || !Array.isArray(body.lines)) {
      return reply.error(400, 'invalid_request', 'shipTo.region and lines are required.');
    }
    const bad = body.lines.find((l) => !Number.isInteger(l.amount));
    if (bad) return reply.error(422, 'invalid_amount', `Line ${bad.ref}: amount must be an integer in minor units.`);
    const region = body.shipTo.region.toUpperCase();
    const country = (body.shipTo.country ?? 'US').toUpperCase();
    const rate = country === 'US' ? (TAX_RATES[region] ?? DEFAULT_RATE) : DEFAULT_RATE;
    const lines = body.lines.map((line) => {
      const taxable = line.taxCode && EXEMPT_CODES.has(line.taxCode.toUpperCase()) ? 0 : line.amount;
      return { ref: line.ref, taxable, rate, tax: taxOf(taxable, rate) };
    });
    return reply.json({
      jurisdiction: `${country}-${region}`,
      rate,
      lines,
      totalTax: lines.reduce((sum, l) => sum + l.tax, 0),
    });
  });
};

export default tax;
