/** `evcharge start`: an embedded Node-RED with the pack loaded from this working tree and the quick-start flow. */
import fs from 'fs';
import http from 'http';
import path from 'path';
import { quickstartFlow, QUICKSTART_ENV } from '../flows/quickstart';
import { projectFlow } from '../flows/project';
import type { DashboardSite } from '../dashboards/site';
import { readJsonBody } from './json-body';
import { readSiteRegistry } from '../lib/site/registry-file';

export interface StartOptions {
  port: number;
  host: string;
  ocppPort: number;
  userDir: string;
  simulate: number;
  simulateVersion: string;
  /** Simulated drivers plug in and charge on their own (default true). */
  simulateCharging?: boolean;
  /** Site description listing the stations (and their passwords): closes the registry. */
  siteFile?: string;
  /** On first start, the project to generate (quick-start and dashboards); the plain quick-start without it. */
  project?: DashboardSite;
}

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Node-RED loads modules from <userDir>/node_modules: link the working tree there. */
function linkPack(userDir: string): void {
  const scope = path.join(userDir, 'node_modules', '@evcharge');
  const link = path.join(scope, 'node-red');
  fs.mkdirSync(scope, { recursive: true });
  try {
    if (fs.realpathSync(link) === fs.realpathSync(PACKAGE_ROOT)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  fs.symlinkSync(PACKAGE_ROOT, link, 'junction');
}

/** Writes the first flow of a fresh user directory; an existing one is the user's and stays as it is. */
function writeFirstFlow(flowFile: string, project: DashboardSite | undefined): boolean {
  if (fs.existsSync(flowFile)) return false;
  fs.writeFileSync(flowFile, JSON.stringify(project ? projectFlow(project) : quickstartFlow(), null, 2));
  return true;
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

export async function start(options: StartOptions): Promise<() => Promise<void>> {
  const userDir = path.resolve(options.userDir);
  fs.mkdirSync(userDir, { recursive: true });
  linkPack(userDir);
  const flowFile = path.join(userDir, 'flows.json');
  const generated = writeFirstFlow(flowFile, options.project);
  process.env[QUICKSTART_ENV.ocppPort] = String(options.ocppPort);
  process.env[QUICKSTART_ENV.ocppUrl] = `ws://127.0.0.1:${options.ocppPort}/ocpp`;
  process.env[QUICKSTART_ENV.simulate] = String(options.simulate);
  process.env[QUICKSTART_ENV.siteFile] = options.siteFile ? path.resolve(options.siteFile) : '';
  const site = options.siteFile ? readSiteRegistry(path.resolve(options.siteFile)) : undefined;
  process.env[QUICKSTART_ENV.simVersion] = options.simulateVersion;
  process.env[QUICKSTART_ENV.simCharge] = String(options.simulateCharging !== false);

  // Node-RED is a peer of the pack: present in development and in any Node-RED install.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red');
  const server = http.createServer(async (req, res) => {
    const refused = await readJsonBody(req);
    if (refused) return answer(res, refused.status, { error: refused.message, code: 'BadRequest' });
    // Flow endpoints (the REST API) first, then the editor and admin API.
    RED.httpNode(req, res, (err?: { status?: number; statusCode?: number; message?: string; type?: string }) => {
      // A request the flow endpoints refused before any node saw it (a body that is not JSON, too large...).
      if (err) return answer(res, err.status ?? err.statusCode ?? 500, { error: err.message ?? 'Bad request', code: err.type ?? 'BadRequest' });
      RED.httpAdmin(req, res, () => answer(res, 404, { error: 'Not found', code: 'NotFound' }));
    });
  });
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    uiPort: options.port,
    uiHost: options.host,
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    credentialSecret: false,
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false }, tours: false },
    functionExternalModules: false,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  await RED.start();
  const base = `http://${options.host}:${options.port}`;
  console.log([
    '',
    `EV Charge is running${generated ? ` (${options.project ? `project for ${options.project.terminals.length} terminals` : 'quick-start flow'} created)` : ''}`,
    `  editor:   ${base}/`,
    `  dashboard: ${base}/ui/ (when the flow has one: evcharge start --terminals N on a fresh user directory)`,
    `  REST API: ${base}/api/stations, ${base}/api/transactions?format=xlsx`,
    `  OCPP:     ws://<this host>:${options.ocppPort}/ocpp/<station identity> ${site && !site.open ? `(closed registry: the ${site.stations.length} stations of the site file)` : '(open registry: any identity is accepted)'}`,
    options.simulate > 0 ? `  simulating ${options.simulate} stations (OCPP ${options.simulateVersion})${options.simulateCharging !== false ? ', drivers charging at random' : ''}` : '',
    `  archive:  ${path.join(userDir, 'evcharge', 'archive.db')}`,
    '',
  ].filter((l) => l !== '').join('\n'));
  return async () => {
    await RED.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
