// Runs IAM simulations (@cloud-copilot/iam-simulate) outside jest: the simulator loads condition-key
// data with a dynamic import, which never settles inside jest's module sandbox. Reads a JSON array
// of simulations on stdin, prints a JSON array of overall results.
const { runSimulation } = require('@cloud-copilot/iam-simulate');

let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', async () => {
  const out = [];
  for (const simulation of JSON.parse(input)) {
    const r = await runSimulation(simulation, {});
    out.push(r.resultType === 'single' ? r.overallResult : `error: ${JSON.stringify(r.errors ?? r)}`);
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
});
