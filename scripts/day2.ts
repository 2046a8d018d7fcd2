/**
 * `npm run day2`: synthesizes the example before and after each everyday change and prints which
 * resources CloudFormation would update, replace, add or remove, and whether the change deploys.
 * Exit code 1 when a change replaces a stateful or fixed-name resource.
 */
import { day2Table, runDay2 } from './day2/day2';

const results = runDay2();
process.stdout.write(`${day2Table(results)}\n`);
const failing = results.filter((r) => !r.deploys);
if (failing.length > 0) {
  process.stderr.write(`\n${failing.length} change(s) would not deploy: ${failing.map((r) => r.change).join('; ')}\n`);
  process.exitCode = 1;
}
