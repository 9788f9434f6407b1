/** Badge lists from CSV and xlsx files into TagStore updates. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { importTags, importTagsCsv, importTagsXlsx } from '../../lib/auth/import';
import { TagStore } from '../../lib/auth/tags';

const END_OF_30_DEC = '2026-12-30T23:59:59.999Z';

async function xlsxOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Badges');
  for (const row of rows) sheet.addRow(row);
  // A second sheet for the `sheet` option.
  workbook.addWorksheet('Notes').addRow(['not the badges']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('auth: badge list import', function () {
  it('reads an English CSV with commas', function () {
    const csv = 'idTag,Owner,Group,Valid until,Blocked,Parent ID\r\n'
      + 'AB12,Ada Lovelace,staff,2026-12-30,no,FLEET1\r\n'
      + 'CD34,Alan Turing,visitor,2026-06-01T12:00:00+02:00,yes,\r\n';
    const { tags, problems } = importTagsCsv(csv);
    assert.deepEqual(problems, []);
    assert.deepEqual(tags, [
      { idTag: 'AB12', owner: 'Ada Lovelace', userGroup: 'staff', validUntil: END_OF_30_DEC, blocked: false, parentId: 'FLEET1' },
      { idTag: 'CD34', owner: 'Alan Turing', userGroup: 'visitor', validUntil: '2026-06-01T10:00:00.000Z', blocked: true },
    ]);
  });

  it('reads a French Excel CSV: BOM, semicolons, accented titles, dd/mm/yyyy, oui/non', function () {
    const csv = '\uFEFFNuméro de badge;Titulaire;Catégorie;Valable jusqu\'au;Bloqué;Badge parent\r\n'
      + '0042;Dupont, Jean;Résident;30/12/2026;non;\r\n'
      + '0043;Éloïse Martin;Visiteur;1/2/2027;OUI;0042\r\n';
    const { tags, problems } = importTagsCsv(csv);
    assert.deepEqual(problems, []);
    assert.deepEqual(tags, [
      { idTag: '0042', owner: 'Dupont, Jean', userGroup: 'Résident', validUntil: END_OF_30_DEC, blocked: false },
      { idTag: '0043', owner: 'Éloïse Martin', userGroup: 'Visiteur', validUntil: '2027-02-01T23:59:59.999Z', blocked: true, parentId: '0042' },
    ]);
  });

  it('matches synonyms and a status column, and notes the columns it ignores once', function () {
    const csv = 'CARTE\tNom\tDate d\'expiration\tStatut\tPhone\tComment\nA1\tX\t2026-12-30\tbloqué\t555\thi\nA2\tY\t\tactif\t\t\n';
    const { tags, problems } = importTagsCsv(csv);
    assert.deepEqual(tags, [
      { idTag: 'A1', owner: 'X', validUntil: END_OF_30_DEC, blocked: true },
      { idTag: 'A2', owner: 'Y', blocked: false },
    ]);
    assert.deepEqual(problems, ['row 1: note: columns ignored: "Phone", "Comment"']);
  });

  it('reads quoted fields holding delimiters, quotes and line breaks, and counts rows as a spreadsheet does', function () {
    const csv = 'badge,owner,group\n"Q1","Smith, ""Bob""\nsecond line",a\n\nQ2,"x",b\nQ 3,c,d\n';
    const { tags, problems } = importTagsCsv(csv);
    assert.deepEqual(tags, [{ idTag: 'Q1', owner: 'Smith, "Bob"\nsecond line', userGroup: 'a' }, { idTag: 'Q2', owner: 'x', userGroup: 'b' }]);
    // The quoted line break stays in row 2 and the blank line is row 3: "Q 3" is on row 5.
    assert.deepEqual(problems, ['row 5: badge: "Q 3" contains spaces']);
  });

  it('reports an unclosed quote and keeps the rows before it', function () {
    const { tags, problems } = importTagsCsv('tag,owner\nA,ok\nB,"never closed\nC,lost\n');
    assert.deepEqual(tags, [{ idTag: 'A', owner: 'ok' }]);
    assert.deepEqual(problems, ['row 3: a quoted field is never closed; the rest of the file was not read']);
  });

  it('reads an xlsx built with exceljs: date and boolean cells, numbers, rich text, formulas', async function () {
    const data = await xlsxOf([
      [],
      ['Badge number', 'Holder', 'User category', 'Expiry date', 'Blocked', 'Group badge'],
      [12345, { richText: [{ text: 'Ada ' }, { text: 'L.' }] }, 'staff', new Date(Date.UTC(2026, 11, 30)), false, null],
      ['ZZ9', 'Bob', { formula: '"vis"&"itor"', result: 'visitor' }, new Date('2026-12-30T08:30:00Z'), true, 12345],
    ]);
    const { tags, problems } = await importTagsXlsx(data);
    assert.deepEqual(problems, []);
    assert.deepEqual(tags, [
      { idTag: '12345', owner: 'Ada L.', userGroup: 'staff', validUntil: END_OF_30_DEC, blocked: false },
      // A date cell with a time is that instant, not the end of its day.
      { idTag: 'ZZ9', owner: 'Bob', userGroup: 'visitor', validUntil: '2026-12-30T08:30:00.000Z', blocked: true, parentId: '12345' },
    ]);
    // Row numbers follow the sheet: the header is on row 2 after a blank row.
    const bad = await importTags(await xlsxOf([[], ['tag', 'expires'], ['A', 'soon'], [1234567890123456789, null]]));
    assert.deepEqual(bad.tags, []);
    assert.deepEqual(bad.problems, [
      'row 3: expires: "soon" is not a date (write 2026-12-31 or 31/12/2026)',
      'row 4: tag: 1234567890123456800 is stored as a number and has lost digits: format the column as text',
    ]);
  });

  it('reads the sheet asked for, and says which sheets there are when it is missing', async function () {
    const data = await xlsxOf([['tag'], ['A']]);
    assert.deepEqual((await importTagsXlsx(data, { sheet: 'Badges' })).tags, [{ idTag: 'A' }]);
    assert.deepEqual(await importTagsXlsx(data, { sheet: 'Notes' }), {
      tags: [],
      problems: ['row 1: note: column ignored: "not the badges"', 'row 1: no badge column (titled Badge, Tag, idTag or Numéro de badge, for instance): nothing was imported'],
    });
    assert.deepEqual((await importTagsXlsx(data, { sheet: 'Nope' })).problems, ['no sheet "Nope" (sheets: "Badges", "Notes")']);
  });

  it('skips bad rows with their row number and keeps the good ones', function () {
    const csv = 'idTag;owner;validUntil;blocked;parentId\n'
      + 'OK1;a;31/12/2026;oui;\n'
      + ';nobody;;;\n'
      + 'BAD2;b;31/02/2026;;\n'
      + 'BAD3;c;;maybe;\n'
      + 'BAD4;d;;;has space\n'
      + `${'L'.repeat(37)};e;;;\n`
      + 'OK2;f;2026-12-30;x;\n';
    const { tags, problems } = importTagsCsv(csv);
    assert.deepEqual(tags.map((t) => t.idTag), ['OK1', 'OK2']);
    assert.deepEqual(problems, [
      'row 3: no badge number',
      'row 4: validUntil: "31/02/2026" is not a date (write 2026-12-31 or 31/12/2026)',
      'row 5: blocked: "maybe" is not yes/no, oui/non, true/false, 1/0, x, blocked or active',
      'row 6: parentId: "has space" contains spaces',
      `row 7: idTag: "${'L'.repeat(37)}" is longer than 36 characters`,
    ]);
  });

  it('imports nothing without a badge column', function () {
    const { tags, problems } = importTagsCsv('owner,group\nAda,staff\n');
    assert.deepEqual(tags, []);
    assert.deepEqual(problems, ['row 1: no badge column (titled Badge, Tag, idTag or Numéro de badge, for instance): nothing was imported']);
  });

  it('lets the last row of a duplicated badge win, whatever its case', function () {
    const { tags, problems } = importTagsCsv('tag,owner\nabc,first\nXYZ,other\nABC,second\n');
    assert.deepEqual(tags, [{ idTag: 'XYZ', owner: 'other' }, { idTag: 'ABC', owner: 'second' }]);
    assert.deepEqual(problems, ['row 4: note: badge "ABC" is also on row 2; this later row wins']);
  });

  it('leaves a field out for an empty cell, or clears it with emptyClears', function () {
    const csv = 'tag,owner,group,valid until,blocked,parent\nA,,,,,\n';
    assert.deepEqual(importTagsCsv(csv).tags, [{ idTag: 'A' }]);
    const cleared = importTagsCsv(csv, { emptyClears: true }).tags;
    assert.deepEqual(cleared, [{ idTag: 'A', owner: null, userGroup: null, validUntil: null, blocked: false, parentId: null }]);
    const store = new TagStore();
    store.upsert([{ idTag: 'a', owner: 'Ada', userGroup: 'staff', blocked: true, parentId: 'P' }]);
    store.upsert(importTagsCsv(csv).tags);
    assert.deepEqual(store.get('A'), { idTag: 'a', owner: 'Ada', userGroup: 'staff', blocked: true, parentId: 'P' });
    store.upsert(cleared);
    assert.deepEqual(store.get('A'), { idTag: 'a', blocked: false });
  });

  it('warns about a badge longer than OCPP 1.6 takes and still imports it', function () {
    const long = 'A'.repeat(21);
    const { tags, problems } = importTagsCsv(`tag\n${long}\n${'B'.repeat(20)}\n`);
    assert.equal(tags.length, 2);
    assert.deepEqual(problems, [`row 2: warning: badge "${long}" has 21 characters, more than the 20 OCPP 1.6 stations take (imported)`]);
  });

  it('stops at the row limit', function () {
    const { tags, problems } = importTagsCsv('tag\nA\n\nB\nC\nD\n', { maxRows: 2 });
    assert.deepEqual(tags, [{ idTag: 'A' }, { idTag: 'B' }]);
    assert.deepEqual(problems, ['row 5: the file has more than 2 rows; this one and the rest were not read']);
  });

  it('takes bytes: an xlsx, UTF-8 CSV, or the Windows-1252 CSV French Excel writes', async function () {
    assert.deepEqual((await importTags(await xlsxOf([['tag'], ['X1']]))).tags, [{ idTag: 'X1' }]);
    assert.deepEqual((await importTags(Buffer.from('\uFEFFbadge;nom\nA;Zoé\n'))).tags, [{ idTag: 'A', owner: 'Zoé' }]);
    const ansi = Buffer.from('Numéro de badge;Titulaire\nB;Zoé\n', 'latin1');
    assert.deepEqual(await importTags(ansi), { tags: [{ idTag: 'B', owner: 'Zoé' }], problems: [] });
  });

  it('turns garbage into a problem, never a throw', async function () {
    const noise = randomBytes(4096);
    for (const result of [
      importTagsCsv(''),
      importTagsCsv('just some words\nnothing like a badge list'),
      importTagsCsv(noise.toString('latin1')),
      importTagsCsv(Buffer.from(Array.from(noise, (b) => b || 1)).toString('latin1')),
      importTagsCsv('"'),
      await importTagsXlsx(noise),
      await importTagsXlsx(Buffer.from('PK\u0003\u0004 truncated')),
      await importTags(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])),
      await importTags(noise),
    ]) {
      assert.deepEqual(result.tags, []);
      assert.ok(result.problems.length > 0, JSON.stringify(result));
      // Garbage is not echoed at length.
      assert.ok(result.problems.every((p) => p.length < 600), JSON.stringify(result));
    }
  });
});
