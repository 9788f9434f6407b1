/**
 * What a SQL Server archive connects with: an mssql config object, an ADO-style connection string
 * ("Server=host,1433;Database=evc;User Id=evc;Password=...;Encrypt=true"), or a URL
 * ("mssql://evc:secret@host:1433/evc?encrypt=true&trustServerCertificate=true"). The mssql package reads only the
 * first two, and a URL is what fits in one environment variable or one field of a node's settings.
 */
import sql from 'mssql';

export type MssqlConnection = string | sql.config;

const URL_PARAMETERS = ['encrypt', 'trustServerCertificate', 'instanceName', 'connectTimeout', 'requestTimeout', 'appName'];

/** A pool config for the connection, with UTC instants and the pool size given. */
export function mssqlConfig(connection: MssqlConnection, poolSize = 4): sql.config {
  const base: sql.config = typeof connection !== 'string' ? { ...connection, options: { ...connection.options }, pool: { ...connection.pool } }
    : /^(mssql|sqlserver):\/\//i.test(connection.trim()) ? fromUrl(connection.trim())
      : sql.ConnectionPool.parseConnectionString(connection);
  return {
    ...base,
    // DATETIME2 has no zone: instants go in and come out as UTC, whatever the host's time zone.
    options: { ...base.options, useUTC: true },
    pool: { ...base.pool, max: base.pool?.max ?? poolSize, min: base.pool?.min ?? 0 },
  };
}

function fromUrl(text: string): sql.config {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('Invalid SQL Server URL: expected mssql://user:password@host[:port]/database[?encrypt=true&...]');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const options: sql.IOptions = {};
  const config: sql.config = {
    server: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: database || undefined,
    options,
  };
  for (const [name, value] of url.searchParams) {
    switch (name) {
      case 'encrypt': options.encrypt = flag(name, value); break;
      case 'trustServerCertificate': options.trustServerCertificate = flag(name, value); break;
      case 'instanceName': options.instanceName = value; break;
      case 'appName': options.appName = value; break;
      case 'connectTimeout': config.connectionTimeout = milliseconds(name, value); break;
      case 'requestTimeout': config.requestTimeout = milliseconds(name, value); break;
      // A typo would otherwise be ignored and, for encrypt, silently change what goes over the network.
      default: throw new Error(`Unknown SQL Server URL parameter '${name}' (known: ${URL_PARAMETERS.join(', ')})`);
    }
  }
  if (!config.server) throw new Error('The SQL Server URL names no host');
  return config;
}

function flag(name: string, value: string): boolean {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new Error(`SQL Server URL parameter '${name}' must be true or false`);
}

function milliseconds(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`SQL Server URL parameter '${name}' must be a number of milliseconds`);
  return n;
}
