/** The `evcharge` command: start, generate, simulate. */
import fs from 'fs';
import { intOption, parseArgs } from './args';
import { start } from './start';
import { generatedFlow, siteOf } from './generate';
import { SimulatedFleet } from '../lib/simulator';

const USAGE = `Usage:
  evcharge start    [--port 1880] [--host 127.0.0.1] [--ocpp-port 9220] [--user-dir ./.evcharge]
                    [--simulate N] [--simulate-version 1.6|2.0.1|mixed] [--no-charging] [--site site.json]
                    [--terminals N] [--language en|fr] [--threshold 12] [--site-limit kW]   (a fresh user dir gets dashboards too)
  evcharge generate [--terminals N | --site site.json] [--language en|fr] [--threshold 12] [--site-limit kW] [--out flows.json]
  evcharge simulate --url ws://host:9220/ocpp [--count 4] [--version 1.6|2.0.1|mixed] [--prefix SIM]
                    [--password secret] [--auto-charge]
`;

function onSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

function version(value: string | boolean | undefined, fallback: string): '1.6' | '2.0.1' | 'mixed' {
  const v = value === undefined ? fallback : String(value);
  if (v !== '1.6' && v !== '2.0.1' && v !== 'mixed') throw new Error('version must be 1.6, 2.0.1 or mixed');
  return v;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const o = parseArgs(rest, {
        port: 'string', host: 'string', 'ocpp-port': 'string', 'user-dir': 'string', simulate: 'string', 'simulate-version': 'string', site: 'string',
        'no-charging': 'boolean', terminals: 'string', language: 'string', threshold: 'string', 'site-limit': 'string',
      });
      const stop = await start({
        port: intOption(o, 'port', 1880, 1),
        host: String(o.host ?? '127.0.0.1'),
        ocppPort: intOption(o, 'ocpp-port', 9220, 1),
        userDir: String(o['user-dir'] ?? './.evcharge'),
        simulate: intOption(o, 'simulate', 0, 0, 1000),
        simulateVersion: version(o['simulate-version'], '1.6'),
        simulateCharging: o['no-charging'] !== true,
        siteFile: o.site ? String(o.site) : undefined,
        project: siteOf(o),
      });
      onSignal(stop);
      return;
    }
    case 'generate': {
      const o = parseArgs(rest, { out: 'string', terminals: 'string', site: 'string', language: 'string', threshold: 'string', 'site-limit': 'string' });
      const json = JSON.stringify(generatedFlow(o), null, 2);
      if (o.out) fs.writeFileSync(String(o.out), json);
      else process.stdout.write(json + '\n');
      return;
    }
    case 'simulate': {
      const o = parseArgs(rest, { url: 'string', count: 'string', version: 'string', prefix: 'string', password: 'string', 'auto-charge': 'boolean' });
      const fleet = new SimulatedFleet({
        url: String(o.url ?? 'ws://127.0.0.1:9220/ocpp'), count: intOption(o, 'count', 4, 1, 100000),
        version: version(o.version, '1.6'), prefix: String(o.prefix ?? 'SIM'),
        password: o.password ? String(o.password) : undefined, autoCharge: o['auto-charge'] === true,
      });
      fleet.on('error', (err: Error) => console.error(String(err)));
      await fleet.start();
      console.log(`${fleet.stations.length} simulated stations connected to ${String(o.url ?? 'ws://127.0.0.1:9220/ocpp')}`);
      onSignal(() => fleet.stop());
      return;
    }
    default:
      process.stdout.write(USAGE);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`evcharge: ${err.message}`);
  process.exit(1);
});
