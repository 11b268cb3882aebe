// A page object for the sandbox's order screen: its lines table has nine columns, formatted
// numbers ("1,200") and a footer row, which declarative steps read only cell by cell. Called from
// scenarios/actions/order-lines.yaml (action order.lines, its ui: implementation).
import { definePage } from 'rehearse/ui';

/** Reads a quantity as the screen formats it: "1,200" → 1200, "—" → 0. */
const quantity = (text: string): number => Number(text.replace(/[^\d.-]/g, '')) || 0;

export const orderLines = definePage({
  name: 'orderScreen.lines',
  description: "An order's lines as the order screen shows them: the same fields as the API's lines",
  params: { orderId: { type: 'string', required: true, description: 'the order number, e.g. SO-000123' } },
  async run(page, { orderId }) {
    await page.goto(`/orders/${encodeURIComponent(orderId)}`);
    const table = page.getByRole('table', { name: `Order lines of ${orderId}` });
    const rows = table.locator('tbody > tr');
    await rows.first().waitFor();
    const lines = [];
    for (const row of await rows.all()) {
      const cells = (await row.locator('th, td').allInnerTexts()).map((text) => text.trim());
      lines.push({
        line: quantity(cells[0] ?? ''),
        sku: cells[1] ?? '',
        qty: quantity(cells[3] ?? ''),
        qtyAllocated: quantity(cells[6] ?? ''),
        qtyBackordered: quantity(cells[7] ?? ''),
        qtyShipped: quantity(cells[8] ?? ''),
      });
    }
    return { lines };
  },
});
