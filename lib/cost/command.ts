import * as fs from 'fs';
import { readCloudAssembly } from './assembly';
import { estimateCost } from './estimate';
import { PRICE_TABLE, type PriceTable } from './price-table';
import { formatCostReport } from './report';
import { DEFAULT_USAGE, type UsageAssumptions } from './usage';

/** Where the command writes (the `payment-platform` CLI's io). */
export interface CostIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'payment-platform cost [--out <cdk.out>] [--prices <prices.json>] [--usage <usage.json>] [--detail] [--json]';

function parse(args: readonly string[]): { out: string; prices?: string; usage?: string; detail: boolean; json: boolean } {
  const result = { out: 'cdk.out', prices: undefined as string | undefined, usage: undefined as string | undefined, detail: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    if (name === '--detail' || name === '--json') {
      result[name.slice(2) as 'detail' | 'json'] = true;
    } else if (name === '--out' || name === '--prices' || name === '--usage') {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value. Usage: ${USAGE}`);
      result[name.slice(2) as 'out' | 'prices' | 'usage'] = value;
    } else {
      throw new Error(`unknown option '${args[i]}'. Usage: ${USAGE}`);
    }
  }
  return result;
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new Error(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

/**
 * `payment-platform cost`: reads the synthesized templates (`cdk.out`, from `npx cdk synth`) and
 * prints the monthly cost per region and in total, by family, from the committed price table and
 * the stated usage assumptions. Exit code 0, or 2 for a usage mistake, 1 when the estimate cannot be made.
 */
export const COST_COMMAND = {
  name: 'cost',
  summary: 'estimate the monthly cost of the synthesized platform (cdk.out) by region and family',
  usage: USAGE,
  async run(args: readonly string[], io: CostIo): Promise<number> {
    let options;
    try {
      options = parse(args);
    } catch (e) {
      io.err(`payment-platform cost: ${(e as Error).message}`);
      return 2;
    }
    try {
      const table = options.prices ? readJson<PriceTable>(options.prices, 'price table') : PRICE_TABLE;
      const usage = options.usage ? { ...DEFAULT_USAGE, ...readJson<Partial<UsageAssumptions>>(options.usage, 'usage assumptions') } : DEFAULT_USAGE;
      const estimate = estimateCost(readCloudAssembly(options.out), table, usage);
      if (options.json) io.out(JSON.stringify(estimate, null, 2));
      else for (const line of formatCostReport(estimate, table, usage, options.detail)) io.out(line);
      return 0;
    } catch (e) {
      io.err((e as Error).message);
      return 1;
    }
  },
};
