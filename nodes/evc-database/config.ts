/** evc-database settings, checked and resolved to an archive database. */
import path from 'path';
import { ArchiveDatabase, defaultArchiveFile, sqliteDatabase } from '../../lib/archive/database';
import { MssqlBackend } from '../../lib/archive/mssql/backend';

export interface DatabaseNodeConfig {
  backend?: string;
  file?: string;
  poolSize?: number | string;
  batchSize?: number | string;
  flushMs?: number | string;
}

export interface DatabaseCredentials {
  /** SQL Server connection string or mssql:// URL; a credential because it holds the password. */
  connection?: string;
}

export class DatabaseConfigProblem extends Error {}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new DatabaseConfigProblem(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  return n;
}

/** The SQLite file: the default in the user directory, or a path relative to it. */
export function sqliteFile(file: string | undefined, userDir: string | undefined): string {
  const base = userDir ?? process.cwd();
  if (!file || file.trim() === '') return defaultArchiveFile(base);
  return path.resolve(base, file.trim());
}

export function openDatabase(config: DatabaseNodeConfig, credentials: DatabaseCredentials, userDir: string | undefined, onError: (err: Error) => void): ArchiveDatabase {
  const backend = config.backend || 'sqlite';
  const writer = {
    batchSize: integer('batch size', config.batchSize, 2000, 1, 100_000),
    flushMs: integer('flush interval', config.flushMs, 250, 1, 60_000),
  };
  if (backend === 'sqlite') {
    return sqliteDatabase(sqliteFile(config.file, userDir), writer);
  }
  if (backend === 'mssql') {
    const connection = credentials.connection?.trim();
    if (!connection) throw new DatabaseConfigProblem('a SQL Server connection string is required');
    const poolSize = integer('pool size', config.poolSize, 4, 1, 100);
    // The spool stays local whatever the database: it is what survives the database being away.
    const spoolDir = path.join(userDir ?? process.cwd(), 'evcharge', 'mssql-spool');
    return new ArchiveDatabase({ ...writer, backend: new MssqlBackend({ connection, poolSize, onError }), spoolDir });
  }
  throw new DatabaseConfigProblem(`backend must be sqlite or mssql, got ${backend}`);
}
