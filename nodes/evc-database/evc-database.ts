/** evc-database: the config node that owns one archive database (SQLite file or SQL Server pool) and its spool. */
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { ArchiveDatabase } from '../../lib/archive/database';
import { DatabaseConfigProblem, DatabaseCredentials, DatabaseNodeConfig, openDatabase } from './config';

export interface DatabaseConfigNode extends Node {
  database?: ArchiveDatabase;
  /** Why the database could not be set up, when it could not. */
  problem?: string;
}

export default function register(RED: NodeAPI): void {
  function DatabaseNode(this: DatabaseConfigNode, config: NodeDef & DatabaseNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    try {
      node.database = openDatabase(config, (node.credentials ?? {}) as DatabaseCredentials, RED.settings.userDir as string | undefined,
        (err) => node.warn(`SQL Server connection: ${err.message}`));
    } catch (err) {
      node.problem = err instanceof DatabaseConfigProblem ? err.message : `cannot open the archive: ${(err as Error).message}`;
      node.error(RED._('evc-database.errors.invalidConfig', { reason: node.problem }));
      return;
    }
    const database = node.database;
    database.on('spooling', (reason: string) => node.warn(RED._('evc-database.errors.spooling', { reason })));
    database.on('recovered', () => node.log(RED._('evc-database.errors.recovered')));
    node.on('close', (done: () => void) => {
      database.close().catch((err) => node.warn(String(err))).finally(done);
    });
  }
  RED.nodes.registerType('evc-database', DatabaseNode as never, { credentials: { connection: { type: 'password' } } });
}
