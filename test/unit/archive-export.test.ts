import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { EnergyRow, TransactionRow } from '../../lib/archive/backend';
import {
  TRANSACTION_COLUMNS, connectorText, contentDispositionOf, contentTypeOf, energyCsv, energyXlsx, fileNameOf, socText,
  transactionsCsv, transactionsXlsx, writeTransactionsCsv, writeTransactionsXlsx,
} from '../../lib/archive/export';

function tx(overrides: Partial<TransactionRow> = {}): TransactionRow {
  return {
    stationId: 'CP-1', transactionId: '42', evseId: 1, connectorId: 1, idTag: 'ABC123', userGroup: 'Staff',
    startedAt: '2026-11-30T08:15:00.000Z', stoppedAt: '2026-11-30T09:45:30.000Z', meterStartWh: 1000, meterStopWh: 13345,
    meterLastWh: 13345, energyWh: 12345, socStartPercent: 30.7, socStopPercent: 32.1, maxPowerW: 7400, stopReason: 'EVDisconnected',
    durationS: 5430, lastSeqNo: 3, updatedAt: '2026-11-30T09:45:30.000Z', ...overrides,
  };
}

function lines(csv: string): string[] {
  assert.ok(csv.endsWith('\r\n'));
  return csv.replace(/^\uFEFF/, '').slice(0, -2).split('\r\n');
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise(setImmediate);
    yield item;
  }
}

async function load(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  assert.equal(workbook.worksheets.length, 1);
  return workbook.worksheets[0];
}

describe('archive export: columns', () => {
  it('writes SoC as "start% - end%", an unknown side left empty', () => {
    assert.equal(socText(30.7, 32.1), '30.7% - 32.1%');
    assert.equal(socText(null, 80), ' - 80%');
    assert.equal(socText(30.70000001, null), '30.7% - ');
    assert.equal(socText(null, null), null);
  });

  it('writes the connector as evse/connector, or the EVSE alone', () => {
    assert.equal(connectorText(2, 1), '2/1');
    assert.equal(connectorText(1, 1), '1');
    assert.equal(connectorText(3, null), '3');
    assert.equal(connectorText(null, 2), '/2');
    assert.equal(connectorText(null, null), null);
  });

  it('labels every column in English and French, keys unique', () => {
    assert.equal(new Set(TRANSACTION_COLUMNS.map((c) => c.key)).size, TRANSACTION_COLUMNS.length);
    for (const c of TRANSACTION_COLUMNS) assert.ok(c.label.en && c.label.fr, c.key);
  });
});

describe('archive export: CSV', () => {
  it('starts with the BOM by default, header then one line per row, CRLF ends', async () => {
    const csv = await transactionsCsv([tx()]);
    assert.ok(csv.startsWith('\uFEFFStart,Stop,Transaction ID,SoC,Stop reason,Energy (Wh),Tag,Station,Connector,'));
    assert.deepEqual(lines(csv)[1].split(','), [
      '2026-11-30T08:15:00.000Z', '2026-11-30T09:45:30.000Z', '42', '30.7% - 32.1%', 'EVDisconnected', '12345', 'ABC123', 'CP-1', '1',
      'Staff', '5430', '7400', '1000', '13345',
    ]);
    assert.equal(csv.replace(/\r\n/g, '').includes('\n'), false);
    assert.ok(!(await transactionsCsv([tx()], { bom: false })).startsWith('\uFEFF'));
  });

  it('gives the header alone for no rows', async () => {
    const csv = await transactionsCsv([]);
    assert.equal(lines(csv).length, 1);
    assert.equal(lines(csv)[0], TRANSACTION_COLUMNS.map((c) => c.label.en).join(','));
  });

  it('quotes separators, quotes and line breaks (RFC 4180)', async () => {
    const csv = await transactionsCsv([tx({ stopReason: 'a,b', idTag: 'say "hi"', stationId: 'line\nbreak', userGroup: 'cr\rgroup' })], { bom: false });
    const row = csv.split('\r\n')[1];
    assert.ok(row.includes(',"a,b",'));
    assert.ok(row.includes(',"say ""hi""",'));
    assert.ok(csv.includes(',"line\nbreak",'));
    assert.ok(csv.includes(',"cr\rgroup",'));
  });

  it('writes empty cells for unknown values and dates in ISO 8601 UTC', async () => {
    const csv = await transactionsCsv([tx({ startedAt: '2026-11-30T09:15:00+01:00', stoppedAt: null, energyWh: null, socStartPercent: null, socStopPercent: null, idTag: null })]);
    const cells = lines(csv)[1].split(',');
    assert.equal(cells[0], '2026-11-30T08:15:00.000Z');
    assert.equal(cells[1], '');
    assert.equal(cells[3], '');
    assert.equal(cells[5], '');
    assert.equal(cells[6], '');
  });

  it('defuses text that a spreadsheet would run as a formula, not numbers', async () => {
    const attacks: Array<[string, string]> = [
      ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
      ['+1+1', "'+1+1"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['\r=1', `"'\r=1"`],
    ];
    for (const [idTag, cell] of attacks) {
      const csv = await transactionsCsv([tx({ idTag, meterStartWh: -5 })], { bom: false });
      assert.ok(csv.includes(`,12345,${cell},CP-1,`), JSON.stringify(idTag));
      assert.ok(csv.includes(',5430,7400,-5,13345\r\n'), 'a negative number stays a number');
    }
    const safe = await transactionsCsv([tx({ idTag: 'A=1' })], { bom: false });
    assert.ok(safe.includes(',A=1,'));
  });

  it('uses French headers and ";" in French, quoting ";" but not ","', async () => {
    const csv = await transactionsCsv([tx({ stopReason: 'a;b', idTag: 'c,d' })], { language: 'fr' });
    const [header, row] = lines(csv);
    assert.ok(header.startsWith("Démarrage;Arrêt;ID de transaction;SoC;Raison d'arrêt;Énergie (Wh);Badge;Station;Connecteur;Groupe;Durée (s);Puissance max (W)"));
    assert.ok(row.includes(';"a;b";12345;c,d;'));
    assert.ok((await transactionsCsv([], { language: 'fr', separator: ',' })).includes('Démarrage,Arrêt'));
  });

  it('reads async sources and streams the same text into a Writable', async () => {
    const rows = [tx(), tx({ transactionId: '43' })];
    const text = await transactionsCsv(slowly(rows));
    assert.equal(text, await transactionsCsv(rows));
    const chunks: Buffer[] = [];
    const out = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(Buffer.from(chunk)); done(); } });
    await writeTransactionsCsv(slowly(rows), out);
    assert.equal(Buffer.concat(chunks).toString('utf8'), text);
  });
});

describe('archive export: xlsx', () => {
  it('has the header, typed cells and the filter', async () => {
    const rows = [tx(), tx({ transactionId: '43', evseId: 2, connectorId: 1, stoppedAt: null, energyWh: null, socStopPercent: null })];
    const sheet = await load(await transactionsXlsx(rows, { title: 'History' }));
    assert.equal(sheet.name, 'Transactions');
    assert.equal(sheet.rowCount, 3);
    const header = sheet.getRow(1);
    assert.deepEqual(TRANSACTION_COLUMNS.map((_, i) => header.getCell(i + 1).value), TRANSACTION_COLUMNS.map((c) => c.label.en));
    assert.equal(header.getCell(1).font?.bold, true);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal(sheet.autoFilter, 'A1:N3');

    const first = sheet.getRow(2);
    const start = first.getCell(1).value;
    assert.ok(start instanceof Date);
    assert.equal(start.getTime(), Date.parse('2026-11-30T08:15:00.000Z'));
    assert.equal(first.getCell(1).numFmt, 'yyyy-mm-dd hh:mm:ss');
    assert.equal(first.getCell(3).value, '42');
    assert.equal(first.getCell(4).value, '30.7% - 32.1%');
    assert.equal(first.getCell(6).value, 12345);
    assert.equal(first.getCell(6).numFmt, '#,##0');

    const second = sheet.getRow(3);
    assert.equal(second.getCell(2).value, null);
    assert.equal(second.getCell(4).value, '30.7% - ');
    assert.equal(second.getCell(6).value, null);
    assert.equal(second.getCell(9).value, '2/1');
  });

  it('names the sheet and headers in French, and adds totals on request', async () => {
    const rows = [tx(), tx({ transactionId: '43', energyWh: 655 })];
    const sheet = await load(await transactionsXlsx(rows, { language: 'fr', totals: true }));
    assert.equal(sheet.getRow(1).getCell(1).value, 'Démarrage');
    assert.equal(sheet.getRow(1).getCell(6).value, 'Énergie (Wh)');
    const totals = sheet.getRow(5);
    assert.equal(totals.getCell(1).value, 'Total');
    assert.equal((totals.getCell(3).value as ExcelJS.CellFormulaValue).result, 2);
    assert.equal((totals.getCell(6).value as ExcelJS.CellFormulaValue).result, 13000);
    assert.equal(sheet.getRow(4).getCell(1).value, null);
    assert.equal(sheet.autoFilter, 'A1:N3', 'sorting leaves the totals in place');
  });

  it('has the header alone for no rows, even with totals asked', async () => {
    const sheet = await load(await transactionsXlsx([], { totals: true }));
    assert.equal(sheet.rowCount, 1);
  });

  it('ends the stream with an error when the source fails', async () => {
    async function* failing(): AsyncGenerator<TransactionRow> {
      yield tx();
      throw new Error('database gone');
    }
    const out = new Writable({ write(_chunk, _encoding, done) { done(); } });
    await assert.rejects(writeTransactionsXlsx(failing(), out), /database gone/);
    assert.equal(out.destroyed, true);
  });

  it('makes the sheet name one Excel accepts', async () => {
    assert.equal((await load(await transactionsXlsx([], { sheetName: 'Nov/2026: all [site A] and more text' }))).name, 'Nov 2026 all site A and more te');
  });

  it('exports 10,000 rows', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => tx({ transactionId: String(i), energyWh: i }));
    const sheet = await load(await transactionsXlsx(rows));
    assert.equal(sheet.rowCount, 10_001);
    assert.equal(sheet.getRow(10_001).getCell(3).value, '9999');
    assert.equal(sheet.getRow(10_001).getCell(6).value, 9999);
  });
});

describe('archive export: energy', () => {
  const rows: EnergyRow[] = [
    { month: '2026-10', key: 'Staff', transactions: 12, energyWh: 150_000 },
    { month: '2026-11', key: null, transactions: 3, energyWh: 20_500 },
  ];

  it('writes CSV named by the grouping key', async () => {
    assert.deepEqual(lines(await energyCsv(rows, 'group', { language: 'fr' })), ['Mois;Groupe;Transactions;Énergie (Wh)', '2026-10;Staff;12;150000', '2026-11;;3;20500']);
    assert.equal(lines(await energyCsv(rows, 'tag'))[0], 'Month,Tag,Transactions,Energy (Wh)');
  });

  it('writes xlsx with numbers as numbers', async () => {
    const sheet = await load(await energyXlsx(rows, 'tag'));
    assert.equal(sheet.rowCount, 3);
    assert.equal(sheet.getRow(1).getCell(2).value, 'Tag');
    assert.equal(sheet.getRow(2).getCell(1).value, '2026-10');
    assert.equal(sheet.getRow(2).getCell(4).value, 150_000);
    assert.equal(sheet.getRow(3).getCell(2).value, null);
  });
});

describe('archive export: HTTP naming', () => {
  it('gives the content type and the file name', () => {
    assert.equal(contentTypeOf('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(contentTypeOf('csv'), 'text/csv; charset=utf-8');
    assert.equal(contentTypeOf('json'), 'application/json; charset=utf-8');
    assert.equal(fileNameOf('transactions', 'xlsx', new Date(Date.UTC(2026, 10, 30, 23, 59))), 'transactions-2026-11-30.xlsx');
    assert.equal(fileNameOf('energy', 'csv', '2026-12-01T00:30:00+01:00'), 'energy-2026-11-30.csv');
    assert.equal(fileNameOf('energy', 'json', '2026-11-30'), 'energy-2026-11-30.json');
    assert.equal(contentDispositionOf('transactions', 'csv', '2026-11-30'), 'attachment; filename="transactions-2026-11-30.csv"');
    assert.throws(() => fileNameOf('transactions', 'csv', '"; evil'), RangeError);
    assert.throws(() => fileNameOf('transactions', 'csv', new Date(NaN)), RangeError);
  });
});
