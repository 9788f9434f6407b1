/**
 * The sessions a reporting engine may not have yet, read from the archive: closed transactions started since its
 * catch-up point (a month back the first time), every page, handed over a page at a time.
 */
import type { ArchiveDatabase } from '../archive/database';
import type { TransactionRow } from '../archive/backend';
import { allTransactions } from '../archive/serve';
import type { ReportingEngine } from './engine';

const PAGE = 1000;
const FIRST_LOOK_BACK_MS = 30 * 86_400_000;

export async function catchUpFromArchive(engine: ReportingEngine, db: Pick<ArchiveDatabase, 'transactions'>, now = Date.now()): Promise<void> {
  const from = engine.catchUpFrom() ?? new Date(now - FIRST_LOOK_BACK_MS).toISOString();
  let page: TransactionRow[] = [];
  for await (const row of allTransactions(db, { from, state: 'closed', sort: 'startedAt', descending: false })) {
    page.push(row);
    if (page.length === PAGE) {
      engine.catchUp(page);
      page = [];
    }
  }
  if (page.length) engine.catchUp(page);
}
