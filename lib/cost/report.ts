import { COST_FAMILIES, type CostEstimate } from './estimate';
import type { PriceTable } from './price-table';
import { describeUsage, type UsageAssumptions } from './usage';

const money = (n: number): string => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The estimate as a Markdown table: families down, regions across, totals last. */
export function formatCostReport(estimate: CostEstimate, table: PriceTable, usage: UsageAssumptions, detail = false): string[] {
  const regions = Object.keys(estimate.regionTotals);
  const out: string[] = [];
  out.push(`Estimated monthly cost (USD, on-demand list prices of ${table.date}, ${table.hoursPerMonth} h/month)`);
  out.push('');
  out.push(`| Family | ${regions.join(' | ')} | Total |`);
  out.push(`|---|${regions.map(() => '---:').join('|')}|---:|`);
  for (const family of COST_FAMILIES) {
    const total = estimate.familyTotals[family];
    if (total === undefined) continue;
    out.push(`| ${family} | ${regions.map((r) => money(estimate.byRegion[r][family] ?? 0)).join(' | ')} | ${money(total)} |`);
  }
  out.push(`| **Total** | ${regions.map((r) => `**${money(estimate.regionTotals[r])}**`).join(' | ')} | **${money(estimate.total)}** |`);
  out.push('');
  out.push('Usage assumptions:');
  for (const line of describeUsage(usage)) out.push(`  - ${line}`);
  out.push('Price sources:');
  for (const [region, source] of Object.entries(table.sources)) {
    if (regions.includes(region)) out.push(`  - ${region} (${source.checked}): ${source.note ?? ''} ${source.pages.length} AWS pricing pages, listed in lib/cost/price-table.ts`);
  }
  const unpriced = Object.entries(estimate.unpriced);
  if (unpriced.length > 0) {
    out.push(`Not priced (no rule for these types; add one before relying on the total): ${unpriced.map(([t, n]) => `${t} × ${n}`).join(', ')}`);
  }
  if (detail) {
    out.push('');
    out.push('| Region | Family | Item | Quantity | Unit price | Monthly |');
    out.push('|---|---|---|---:|---:|---:|');
    for (const l of estimate.lines) {
      out.push(`| ${l.region} | ${l.family} | ${l.item} | ${+l.quantity.toFixed(2)} ${l.unit} | ${l.unitPrice} | ${money(l.monthly)} |`);
    }
  }
  return out;
}
