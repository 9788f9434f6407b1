/**
 * Our Csms alone in its process, with the archive on (a CsmsArchiver writing a SQLite file, as evc-archive runs it:
 * defaults, message log included) or off. Started as `csms-child.js on <file> <writer options as JSON> [<CSMS
 * limits as JSON>]` or `csms-child.js off`; answers 'cpu', 'drain', 'count', and for the scale benchmark 'mem', 'rss' and
 * 'connections', over IPC.
 */
import { CsmsArchiver } from '../../lib/archive/archiver';
import { ArchiveDatabase, sqliteDatabase } from '../../lib/archive/database';
import type { WriterOptions } from '../../lib/archive/writer';
import type { OcppEvent } from '../../lib/ocpp/events';
import { ready, serve, serverOps } from '../ocpp/child-side';
import { ServerInfo } from '../ocpp/kinds';
import { benchCsms } from '../ocpp/ours';
import { countMeterRows } from './files';

export interface ArchiveCount {
  /** meter.values events the CSMS emitted: one per MeterValues answered. */
  meterEvents: number;
  /** Rows in meter_values once the writer has drained (0 with the archive off). */
  meterRows: number;
}

async function main(): Promise<void> {
  const [mode, file, writer, limits] = process.argv.slice(2);
  if (mode !== 'on' && mode !== 'off') throw new Error(`mode must be on or off, got ${String(mode)}`);
  if (mode === 'on' && !file) throw new Error('the archive needs a database file');
  const csms = benchCsms(JSON.parse(limits ?? '{}') as Parameters<typeof benchCsms>[0]);
  let meterEvents = 0;
  // Listened to in both modes, so this counter costs both alike.
  csms.on('event', (e: OcppEvent) => { if (e.type === 'meter.values') meterEvents++; });
  let db: ArchiveDatabase | undefined;
  let archiver: CsmsArchiver | undefined;
  if (mode === 'on') {
    db = sqliteDatabase(file, JSON.parse(writer ?? '{}') as WriterOptions);
    db.on('spooling', (reason: string) => console.error(`archive child: database failing, spooling: ${reason}`));
    archiver = new CsmsArchiver(csms, db);
    archiver.on('warn', (message: string) => console.error(`archive child: ${message}`));
    archiver.attach();
    await archiver.restored;
  }
  const port = await csms.start();
  serve({
    ...serverOps(() => csms.connectedCount),
    // The parent drains before each measured window, so no window pays for the writes of the one before.
    drain: async () => { await db?.drained(); return db?.status() ?? null; },
    count: async (): Promise<ArchiveCount> => {
      await db?.drained();
      return { meterEvents, meterRows: db ? countMeterRows(file) : 0 };
    },
  }, async () => {
    archiver?.detach();
    await csms.stop();
    await db?.close();
  });
  ready({ port, pid: process.pid } satisfies ServerInfo);
}

main().catch((err: unknown) => {
  console.error(`archive child: ${String(err)}`);
  process.exit(1);
});
