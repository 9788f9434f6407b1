/**
 * Entry point of the benchmarks (`npm run bench`). Today only the OCPP server benchmark. Prints the figures;
 * writes nothing. Progress goes to stderr so `--json` leaves stdout to the JSON alone.
 */
import { guardChildren, killAllChildren } from './ocpp/children';
import { runOcppBench } from './ocpp';
import { parseArgs } from './ocpp/options';
import { formatReport } from './ocpp/table';

async function main(): Promise<void> {
  let cli;
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  guardChildren();
  const log = (line: string): void => { process.stderr.write(line + '\n'); };
  const report = await runOcppBench(cli.bench, log);
  const text = (cli.json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n';
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
}

main().then(
  () => {
    killAllChildren();
    // Client sockets being torn down must not keep a finished run alive.
    process.exit(process.exitCode ?? 0);
  },
  (err: unknown) => {
    console.error(`benchmark failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    killAllChildren();
    process.exit(1);
  },
);
