/**
 * Checks of the SQL Server backend that need no server: every statement it can issue parses as T-SQL, the schema
 * has SQLite's tables, columns, keys and indexes, each write has SQLite's parameters, and every parameter gets a
 * declared type and a value from the plan.
 */
import assert from 'node:assert/strict';
import net from 'net';
import Database from 'better-sqlite3';
import sql from 'mssql';
import { Parser } from 'node-sql-parser';
import type { EnergyQuery, TransactionQuery, TransactionSortKey } from '../../lib/archive/backend';
import type { ArchiveRecord } from '../../lib/archive/records';
import { planBatch } from '../../lib/archive/plan';
import { SQLITE_MIGRATIONS } from '../../lib/archive/sqlite/schema';
import { alarmHistorySql } from '../../lib/archive/alarm-history';
import { SQLITE_WRITES, WriteStatement } from '../../lib/archive/sqlite/statements';
import { MSSQL_MIGRATIONS, MSSQL_TABLES, MSSQL_VERSION_TABLE } from '../../lib/archive/mssql/schema';
import { MSSQL_WRITES } from '../../lib/archive/mssql/statements';
import { MSSQL_QUERIES, energyByMonth, transactionCount, transactionPage } from '../../lib/archive/mssql/query';
import { TYPED_PARAMETERS, bindParameters, parameterNames } from '../../lib/archive/mssql/params';
import { mssqlConfig } from '../../lib/archive/mssql/connection';
import { MssqlBackend } from '../../lib/archive/mssql/backend';

// The parser's AST is loosely typed; these tests read only a few fields of it.
type Ast = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const parser = new Parser();
function parse(text: string): Ast[] {
  const ast = parser.astify(text, { database: 'transactsql' }) as Ast | Ast[];
  return Array.isArray(ast) ? ast : [ast];
}

/** The statement an `IF <guard> <statement>` runs, or the statement itself. */
const guarded = (ast: Ast): Ast => (ast.type === 'if' ? ast.if_expr.ast : ast);

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

/**
 * The functions a statement calls, as NAME/arguments (scalar) or NAME (aggregate). The parser accepts any name
 * and any number of arguments, so SQLite-only calls (two-argument MAX, julianday, substr) parse: this list is how
 * a test catches them.
 */
function functionsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) functionsOf(item, out);
  } else if (node && typeof node === 'object') {
    const n = node as Ast;
    if (n.type === 'function' && Array.isArray(n.name?.name)) {
      out.push(`${n.name.name.map((part: Ast) => part.value).join('.').toUpperCase()}/${n.args?.value?.length ?? 0}`);
    }
    if (n.type === 'aggr_func') out.push(String(n.name).toUpperCase());
    for (const value of Object.values(n)) functionsOf(value, out);
  }
  return out;
}

/**
 * What the T-SQL statements may call: SQL Server 2016 built-ins, with their argument counts. The parser also reads
 * `DELETE TOP (n)`, the CHAR(7) of CONVERT(CHAR(7), ...) and a guard's `IF EXISTS (...)` predicate as calls.
 */
const T_SQL_FUNCTIONS = [
  'COALESCE/2', 'NULLIF/2', 'ROUND/2', 'DATEDIFF_BIG/3', 'OBJECT_ID/1', 'OBJECT_ID/2', 'COL_LENGTH/2', 'TRY_CONVERT/2', 'CONVERT/3', 'LEN/1',
  'MAX', 'COUNT', 'SUM', 'TOP/1', 'CHAR/1', 'COL_NAME/2', 'EXISTS/1',
];

const SORT_KEYS: TransactionSortKey[] = ['startedAt', 'stoppedAt', 'energyWh', 'stationId', 'idTag', 'durationS'];
const FILTERS: TransactionQuery[] = [
  {}, { stationId: 'CS1' }, { idTag: 'TAG1' }, { from: '2026-01-01T00:00:00.000Z' }, { to: '2026-02-01T00:00:00.000Z' },
  { state: 'open' }, { state: 'closed' },
  { stationId: 'CS1', transactionId: '17', idTag: 'TAG1', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', state: 'closed' },
];
const ENERGY: EnergyQuery[] = [
  { by: 'tag' }, { by: 'group' }, { by: 'tag', stationId: 'CS1', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
  { by: 'group', stationId: 'CS1', from: '2026-01-01T00:00:00.000Z' },
];

/** Every read and maintenance statement the backend can issue, with the parameters it is given. */
function everyQuery(): Array<{ name: string; sql: string; params?: Record<string, unknown> }> {
  const out: Array<{ name: string; sql: string; params?: Record<string, unknown> }> =
    Object.entries(MSSQL_QUERIES).map(([name, text]) => ({ name, sql: text }));
  FILTERS.forEach((filter, i) => {
    out.push({ name: `transactionCount #${i}`, ...transactionCount(filter) });
    for (const sort of SORT_KEYS) {
      for (const descending of [true, false]) {
        out.push({ name: `transactionPage #${i} ${sort} ${descending ? 'desc' : 'asc'}`, ...transactionPage({ ...filter, sort, descending, limit: 50, offset: 100 }) });
      }
    }
  });
  // Paging numbers that are not integers are made so before they reach the text.
  out.push({ name: 'transactionPage odd paging', ...transactionPage({ limit: Number.NaN, offset: 2.7 }) });
  out.push({ name: 'transactionPage huge limit', ...transactionPage({ limit: 1e9, offset: -5 }) });
  ENERGY.forEach((query, i) => out.push({ name: `energyByMonth #${i}`, ...energyByMonth(query) }));
  const histories = [{}, { alarmId: 'a', stationId: 'CS1', alarmType: 'fault', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', limit: 50, offset: 100 }, { limit: Number.NaN, offset: -1 }];
  histories.forEach((query, i) => {
    const { count, page, params } = alarmHistorySql(query, 'mssql');
    out.push({ name: `alarmHistory count #${i}`, sql: count, params }, { name: `alarmHistory page #${i}`, sql: page, params });
  });
  return out;
}

/** One record of every kind, with every optional field, and the same kinds with only the required ones. */
function everyRecord(): ArchiveRecord[] {
  const at = '2026-01-15T08:00:00.000Z';
  const full: ArchiveRecord[] = [
    { kind: 'station', stationId: 'CS1', at, version: 'ocpp1.6', vendor: 'V', model: 'M', serialNumber: 'S', firmwareVersion: 'F', bootStatus: 'Accepted', bootedAt: at, connected: true, remoteAddress: 'r', mode: 'auto' },
    { kind: 'status', stationId: 'CS1', evseId: 1, connectorId: 1, status: 'Available', errorCode: 'NoError', info: 'i', vendorErrorCode: 'v', at, receivedAt: at },
    { kind: 'txStart', stationId: 'CS1', transactionId: '1', evseId: 1, connectorId: 1, idTag: 'T', tokenType: 'ISO14443', startedAt: at, meterStartWh: 1, socPercent: 2, reservationId: 3, remoteStartId: 4, offline: true, receivedAt: at },
    { kind: 'txEnd', stationId: 'CS1', transactionId: '1', evseId: 1, connectorId: 1, idTag: 'T', stoppedAt: at, meterStopWh: 5, socPercent: 6, reason: 'Local', receivedAt: at },
    { kind: 'txEvent', stationId: 'CS1', transactionId: '1', seqNo: 0, eventType: 'Started', triggerReason: 'Authorized', chargingState: 'Charging', offline: false, at, receivedAt: at },
    { kind: 'meter', stationId: 'CS1', evseId: 1, transactionId: '1', samples: [{ timestamp: at, energyWh: 1, powerW: 2, currentA: 3, voltageV: 4, socPercent: 5, reactivePowerVar: 6, powerOfferedW: 7, temperatureC: 8, context: 'Sample.Periodic' }] },
    { kind: 'authorization', stationId: 'CS1', idTag: 'T', tokenType: 'ISO14443', status: 'Accepted', at },
    { kind: 'message', stationId: 'CS1', origin: 'station', action: 'Heartbeat', messageId: 'm', request: {}, response: {}, errorCode: 'e', errorDescription: 'd', at, answeredAt: at },
    { kind: 'config', stationId: 'CS1', key: 'k', value: 'v', request: {}, action: 'ChangeConfiguration', at },
    { kind: 'profile', stationId: 'CS1', cleared: false, evseId: 1, profileId: 1, purpose: 'TxProfile', stackLevel: 0, transactionId: '1', request: {}, at },
    { kind: 'profile', stationId: 'CS1', cleared: true, evseId: 1, profileId: 1, purpose: 'TxProfile', stackLevel: 0, at },
    { kind: 'reservation', stationId: 'CS1', reservationId: 1, evseId: 1, connectorId: 1, idTag: 'T', expiresAt: at, status: 'Accepted', at },
    { kind: 'alarm', alarmId: 'a', stationId: 'CS1', evseId: 1, alarmType: 't', priority: 1, state: 'raised', message: 'm', errorCode: 'e', info: 'i', vendorErrorCode: 'v', at },
    { kind: 'tag', idTag: 'T', owner: 'o', userGroup: 'g', validUntil: at, blocked: false, parentId: 'p', at },
  ];
  const bare: ArchiveRecord[] = [
    { kind: 'station', stationId: 'CS1', at },
    { kind: 'status', stationId: 'CS1', evseId: 1, connectorId: 1, status: 'Available', at, receivedAt: at },
    { kind: 'txStart', stationId: 'CS1', transactionId: '2', startedAt: at, receivedAt: at },
    { kind: 'txEnd', stationId: 'CS1', transactionId: '2', stoppedAt: at, receivedAt: at },
    { kind: 'txEvent', stationId: 'CS1', transactionId: '2', seqNo: 0, eventType: 'Started', offline: false, at, receivedAt: at },
    { kind: 'meter', stationId: 'CS1', evseId: 1, samples: [{ timestamp: at }] },
    { kind: 'authorization', stationId: 'CS1', idTag: 'T', at },
    { kind: 'message', stationId: 'CS1', origin: 'csms', action: 'Reset', messageId: 'm', request: {}, at },
    { kind: 'profile', stationId: 'CS1', cleared: true, at },
    { kind: 'reservation', stationId: 'CS1', reservationId: 1, status: 'Used', at },
    { kind: 'alarm', alarmId: 'a', alarmType: 't', state: 'cleared', at },
    { kind: 'tag', idTag: 'T', at },
  ];
  return [...full, ...bare];
}

describe('SQL Server archive statements (T-SQL checks, no server)', function () {
  describe('parsing with node-sql-parser (transactsql)', function () {
    it('a statement with a syntax error fails the parse, so these checks can fail', function () {
      assert.throws(() => parse('UPDATE transactions SET energy_wh = WHERE station_id = @stationId'));
      assert.throws(() => parse('INSERT INTO tags (id_tag VALUES (@idTag)'));
      // A real statement, broken: one parenthesis of the CREATE TABLE missing.
      assert.throws(() => parse(MSSQL_MIGRATIONS[0].statements[0].replace(/\)\s*$/, '')));
      // SQLite's upsert is not T-SQL.
      assert.throws(() => parse(SQLITE_WRITES.checkpoint));
      // SQLite's two-argument MAX parses, but the list of functions called shows it.
      const calls = functionsOf(parse('UPDATE t SET a = MAX(COALESCE(a, -1), @b), d = julianday(x) WHERE e = @e'));
      assert.deepEqual(calls.filter((f) => !T_SQL_FUNCTIONS.includes(f)), ['MAX/2', 'JULIANDAY/1']);
    });

    it('every DDL statement of every migration, and the version table, parses as CREATE, ALTER TABLE or DROP INDEX', function () {
      for (const m of MSSQL_MIGRATIONS) {
        for (const statement of m.statements) {
          const asts = parse(statement);
          assert.equal(asts.length, 1, statement);
          const inner = guarded(asts[0]);
          assert.ok(['create table', 'create index', 'alter table', 'drop index'].includes(`${inner.type} ${inner.keyword}`), statement);
          assert.equal(asts[0].type, 'if', `guarded by an existence check, so it can run again: ${statement}`);
        }
      }
      assert.equal(guarded(parse(MSSQL_VERSION_TABLE)[0]).keyword, 'table');
    });

    it('every write parses, as the statements SQLite runs (an upsert is an UPDATE then an INSERT)', function () {
      for (const [name, text] of Object.entries(MSSQL_WRITES)) {
        const types = parse(text).map((a) => a.type);
        const sqlite = SQLITE_WRITES[name as WriteStatement];
        const expected = /^\s*UPDATE/.test(sqlite) ? ['update'] : /ON CONFLICT[^;]*DO UPDATE/s.test(sqlite) ? ['update', 'insert'] : ['insert'];
        assert.deepEqual(types, expected, name);
      }
    });

    it('statements call only T-SQL functions (no SQLite two-argument MAX, julianday, substr)', function () {
      const texts = [
        ...MSSQL_MIGRATIONS.flatMap((m) => m.statements), MSSQL_VERSION_TABLE, ...Object.values(MSSQL_WRITES), ...everyQuery().map((q) => q.sql),
      ];
      const calls = new Set(texts.flatMap((text) => functionsOf(parse(text))));
      assert.deepEqual([...calls].filter((f) => !T_SQL_FUNCTIONS.includes(f)), []);
      for (const text of texts) assert.doesNotMatch(text, /\bexcluded\.|ON CONFLICT|\bGLOB\b|\bLIMIT\b/i);
    });

    it('every read and maintenance statement parses, for every filter, sort key, direction and grouping', function () {
      const queries = everyQuery();
      assert.ok(queries.length > 100);
      for (const q of queries) {
        assert.doesNotThrow(() => parse(q.sql), q.name);
      }
    });
  });

  describe('the same writes as SQLite', function () {
    it('every statement of SQLITE_WRITES has a T-SQL statement, and no other', function () {
      assert.deepEqual(Object.keys(MSSQL_WRITES).sort(), Object.keys(SQLITE_WRITES).sort());
    });

    it('each statement uses the same @parameters as its SQLite text', function () {
      for (const name of Object.keys(SQLITE_WRITES) as WriteStatement[]) {
        assert.deepEqual(sorted(parameterNames(MSSQL_WRITES[name])), sorted(parameterNames(SQLITE_WRITES[name])), name);
      }
    });

    it('every parameter of every statement has a declared SQL Server type', function () {
      const used = [...Object.values(MSSQL_WRITES), ...everyQuery().map((q) => q.sql)].flatMap(parameterNames);
      assert.deepEqual(sorted(used.filter((n) => !TYPED_PARAMETERS.includes(n))), []);
    });

    it('the plan gives a value to every parameter of the T-SQL statements, bound with its type', function () {
      const plan = planBatch(everyRecord(), 9, '2026-01-15T09:00:00.000Z');
      assert.deepEqual(sorted(plan.map((w) => w.statement)), sorted(Object.keys(SQLITE_WRITES)));
      for (const { statement, params } of plan) {
        const request = new sql.Request();
        assert.doesNotThrow(() => bindParameters(request, parameterNames(MSSQL_WRITES[statement]), params), statement);
        for (const [name, p] of Object.entries(request.parameters)) {
          if (p.value instanceof Date) assert.equal(p.type, sql.DateTime2, `${statement} @${name}`);
          if (p.type === sql.DateTime2 && p.value !== null) assert.ok(p.value instanceof Date, `${statement} @${name} is sent as a Date`);
        }
      }
    });

    it('binds instants as DATETIME2(3) Dates, readings as FLOAT, counters as INT and JSON as NVARCHAR(MAX)', function () {
      const request = new sql.Request();
      bindParameters(request, ['startedAt', 'meterStartWh', 'evseId', 'seq', 'request', 'stationId', 'from'],
        { startedAt: '2026-01-15T10:00:00.123+02:00', meterStartWh: 12.5, evseId: 2, seq: 7, request: '{"a":1}', stationId: 'CS1', from: null });
      const p = request.parameters;
      assert.equal(p.startedAt.type, sql.DateTime2);
      assert.equal(p.startedAt.scale, 3);
      assert.equal((p.startedAt.value as Date).toISOString(), '2026-01-15T08:00:00.123Z');
      assert.equal(p.meterStartWh.type, sql.Float);
      assert.equal(p.evseId.type, sql.Int);
      assert.equal(p.seq.type, sql.BigInt);
      assert.equal(p.request.type, sql.NVarChar);
      assert.equal(p.request.length, sql.MAX);
      assert.equal(p.stationId.type, sql.NVarChar);
      assert.equal(p.from.value, null);
      assert.throws(() => bindParameters(new sql.Request(), ['at'], { at: 'yesterday' }), /not a timestamp/);
      assert.throws(() => bindParameters(new sql.Request(), ['at'], {}), /Missing value for parameter @at/);
      assert.throws(() => bindParameters(new sql.Request(), ['nonsense'], { nonsense: 1 }), /No SQL Server type/);
    });
  });

  describe('the same schema as SQLite', function () {
    interface Column { name: string; type: string; notNull: boolean; default: string | null; identity: boolean }
    interface Table { columns: Column[]; primaryKey: string[] }
    interface Index { table: string; columns: string[] }

    /** SQLite's schema, as the database reports it after the migrations. */
    function sqliteSchema(): { tables: Map<string, Table>; indexes: Map<string, Index> } {
      const db = new Database(':memory:');
      try {
        for (const m of SQLITE_MIGRATIONS) for (const s of m.statements) db.exec(s);
        const tables = new Map<string, Table>();
        const indexes = new Map<string, Index>();
        const names = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string; sql: string }>;
        for (const { name, sql: ddl } of names) {
          const info = db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
          tables.set(name, {
            columns: info.map((c) => ({
              name: c.name, type: c.type, notNull: c.notnull === 1 || c.pk > 0, default: c.dflt_value,
              identity: c.pk > 0 && /AUTOINCREMENT/i.test(ddl) && c.type === 'INTEGER',
            })),
            primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
          });
          const list = db.prepare(`PRAGMA index_list(${name})`).all() as Array<{ name: string; origin: string }>;
          for (const idx of list.filter((i) => i.origin === 'c')) {
            const cols = db.prepare(`PRAGMA index_info(${idx.name})`).all() as Array<{ seqno: number; name: string }>;
            indexes.set(idx.name, { table: name, columns: cols.sort((a, b) => a.seqno - b.seqno).map((c) => c.name) });
          }
        }
        return { tables, indexes };
      } finally {
        db.close();
      }
    }

    function columnOf(d: Ast): Column {
      return {
        name: d.column.column,
        type: d.definition.dataType + (d.definition.length ? `(${d.definition.length})` : ''),
        notNull: d.nullable?.type === 'not null',
        default: d.default_val ? String(d.default_val.value.type === 'number' ? d.default_val.value.value : `'${d.default_val.value.value}'`) : null,
        identity: d.auto_increment?.keyword === 'identity',
      };
    }

    /** The T-SQL schema, as the parsed DDL of every migration in turn leaves it. */
    function mssqlSchema(): { tables: Map<string, Table>; indexes: Map<string, Index> } {
      const tables = new Map<string, Table>();
      const indexes = new Map<string, Index>();
      for (const statement of MSSQL_MIGRATIONS.flatMap((m) => m.statements)) {
        const ast = guarded(parse(statement)[0]);
        if (ast.type === 'drop') {
          assert.ok(indexes.delete(ast.name.column), `drops an index that exists: ${statement}`);
          continue;
        }
        if (ast.type === 'alter') {
          const table = tables.get(ast.table[0].table)!;
          for (const change of ast.expr as Ast[]) {
            if (change.action === 'drop' && change.resource === 'constraint') table.primaryKey = [];
            else if (change.action === 'add' && change.resource === 'column') {
              assert.ok(!table.columns.some((c) => c.name === change.column.column), `adds a column that is not there yet: ${statement}`);
              table.columns.push(columnOf(change));
            }
            else if (change.action === 'add' && change.create_definitions?.constraint_type === 'primary key') {
              assert.deepEqual(table.primaryKey, [], `the old key is dropped first: ${statement}`);
              table.primaryKey = change.create_definitions.definition.map((c: Ast) => c.column);
            } else assert.fail(`an ALTER TABLE this test does not read: ${statement}`);
          }
          continue;
        }
        if (ast.keyword === 'index') {
          indexes.set(ast.index, { table: ast.table.table, columns: ast.index_columns.map((c: Ast) => c.column) });
          continue;
        }
        const defs: Ast[] = ast.create_definitions;
        const pk = defs.find((d) => d.resource === 'constraint' && d.constraint_type === 'primary key');
        tables.set(ast.table[0].table, {
          columns: defs.filter((d) => d.resource === 'column').map(columnOf),
          primaryKey: pk ? pk.definition.map((c: Ast) => c.column) : [],
        });
      }
      return { tables, indexes };
    }

    const lite = sqliteSchema();
    const ms = mssqlSchema();

    it('has the same migrations, by version', function () {
      assert.deepEqual(MSSQL_MIGRATIONS.map((m) => m.version), SQLITE_MIGRATIONS.map((m) => m.version));
    });

    it('has the same tables, each with the same columns in the same order, primary key and NOT NULLs', function () {
      assert.deepEqual(sorted(ms.tables.keys()), sorted(lite.tables.keys()));
      assert.deepEqual(sorted(MSSQL_TABLES.filter((t) => t !== 'schema_version')), sorted(lite.tables.keys()));
      for (const [name, table] of lite.tables) {
        const other = ms.tables.get(name)!;
        assert.deepEqual(other.columns.map((c) => c.name), table.columns.map((c) => c.name), name);
        assert.deepEqual(other.primaryKey, table.primaryKey, `${name} primary key`);
        assert.deepEqual(other.columns.map((c) => [c.name, c.notNull]), table.columns.map((c) => [c.name, c.notNull]), `${name} NOT NULL`);
        assert.deepEqual(other.columns.map((c) => [c.name, c.default]), table.columns.map((c) => [c.name, c.default]), `${name} defaults`);
        assert.deepEqual(other.columns.map((c) => [c.name, c.identity]), table.columns.map((c) => [c.name, c.identity]), `${name} IDENTITY where SQLite has AUTOINCREMENT`);
      }
    });

    it('maps each SQLite type to its SQL Server type: REAL to FLOAT, INTEGER to INT or BIGINT, TEXT to NVARCHAR or DATETIME2(3) for instants', function () {
      for (const [name, table] of lite.tables) {
        const other = new Map(ms.tables.get(name)!.columns.map((c) => [c.name, c.type]));
        for (const c of table.columns) {
          const type = other.get(c.name)!;
          const instant = /_at$|^valid_until$|^shelved_until$/.test(c.name);
          const expected = c.type === 'REAL' ? /^FLOAT$/ : c.type === 'INTEGER' ? /^(INT|BIGINT)$/ : instant ? /^DATETIME2\(3\)$/ : /^NVARCHAR\((\d+|max)\)$/;
          assert.match(type, expected, `${name}.${c.name} (${c.type})`);
        }
      }
    });

    it('has the same indexes, on the same columns', function () {
      assert.deepEqual([...ms.indexes.entries()].sort(), [...lite.indexes.entries()].sort());
    });
  });

  describe('connection settings', function () {
    it('reads a mssql:// URL, with UTC instants and the pool size', function () {
      const config = mssqlConfig('mssql://evc%40corp:p%3Ass@db.example:1444/evc_archive?encrypt=true&trustServerCertificate=false&requestTimeout=60000', 6);
      assert.deepEqual(
        [config.server, config.port, config.user, config.password, config.database, config.requestTimeout, config.options?.encrypt, config.options?.trustServerCertificate, config.options?.useUTC, config.pool?.max],
        ['db.example', 1444, 'evc@corp', 'p:ss', 'evc_archive', 60_000, true, false, true, 6],
      );
      assert.throws(() => mssqlConfig('mssql://u:p@h/db?encrypted=true'), /Unknown SQL Server URL parameter 'encrypted'/);
      assert.throws(() => mssqlConfig('mssql://u:p@h/db?encrypt=maybe'), /true or false/);
    });

    it('reads an ADO connection string and a config object', function () {
      const config = mssqlConfig('Server=db.example,1444;Database=evc;User Id=evc;Password=secret;Encrypt=true;TrustServerCertificate=true');
      assert.deepEqual([config.server, config.port, config.database, config.user, config.password, config.options?.useUTC, config.pool?.max], ['db.example', 1444, 'evc', 'evc', 'secret', true, 4]);
      const object = mssqlConfig({ server: 'h', options: { useUTC: false }, pool: { max: 2 } }, 9);
      assert.deepEqual([object.options?.useUTC, object.pool?.max], [true, 2]);
    });

    it('open() on an address where no server listens rejects, and the backend stays closed', async function () {
      const port = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = server.address() as net.AddressInfo;
          server.close(() => resolve(free));
        });
      });
      const db = new MssqlBackend({ connection: `mssql://evc:secret@127.0.0.1:${port}/evc?connectTimeout=5000` });
      await assert.rejects(db.open());
      await assert.rejects(db.checkpoint(), /not open/);
      await assert.rejects(db.write([], 1), /not open/);
      await db.close();
    });
  });
});
