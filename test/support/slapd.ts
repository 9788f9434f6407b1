/**
 * A real OpenLDAP server for the directory tests: Debian's slapd, which .ci/run installs. Each instance has its own
 * temporary directory and loopback port, so it neither needs nor disturbs a system slapd on port 389.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { Client } from 'ldapts';
import { freePort } from './net';

const SLAPD = '/usr/sbin/slapd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export const SUFFIX = 'dc=evcharge,dc=test';
export const ADMIN_DN = `cn=admin,${SUFFIX}`;
export const ADMIN_PASSWORD = 'admin-secret';
/** The least-privileged account a lookup binds as, like a real company's service account. */
export const READER_DN = `cn=reader,${SUFFIX}`;
export const READER_PASSWORD = 'reader-secret';
export const PEOPLE_DN = `ou=people,${SUFFIX}`;
export const GROUPS_DN = `ou=groups,${SUFFIX}`;

export interface SeedUser { uid: string; name: string; badge: string; mail?: string; carLicense?: string }
export interface SeedGroup { cn: string; members: string[] }

/** Skips the suite when slapd is missing on a developer machine; in CI a missing slapd fails it. */
export function requireSlapd(context: Mocha.Context): void {
  if (fs.existsSync(SLAPD)) return;
  if (!process.env.CI) {
    console.log(`      skipped: ${SLAPD} is missing (apt-get install -y --no-install-recommends slapd); CI fails instead of skipping`);
    context.skip();
  }
  throw new Error(`${SLAPD} is missing: .ci/run installs the Debian slapd package before the tests`);
}

export class Slapd {
  readonly url: string;
  /** True when the memberof overlay keeps memberOf on users, as Active Directory does. */
  readonly memberOf: boolean;
  private child?: ChildProcess;
  private log = '';

  private constructor(readonly dir: string, readonly port: number) {
    this.url = `ldap://127.0.0.1:${port}`;
    this.memberOf = fs.existsSync(path.join(MODULE_DIR, 'memberof.la'));
  }

  /** A running, empty-but-structured directory (suffix, ou=people, ou=groups, the reader account). */
  static async start(): Promise<Slapd> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-slapd-'));
    const server = new Slapd(dir, await freePort());
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      fs.writeFileSync(path.join(dir, 'slapd.conf'), server.config());
      await server.resume();
      await server.seedBase();
      return server;
    } catch (err) {
      await server.stop();
      throw err;
    }
  }

  // slapd.conf rather than cn=config: one file, no slapadd step, and slapd 2.5 still reads it.
  private config(): string {
    return [
      ...['core', 'cosine', 'inetorgperson'].map((s) => `include ${SCHEMA_DIR}/${s}.schema`),
      `modulepath ${MODULE_DIR}`,
      'moduleload back_mdb',
      ...(this.memberOf ? ['moduleload memberof'] : []),
      `pidfile ${this.dir}/slapd.pid`,
      `argsfile ${this.dir}/slapd.args`,
      'database mdb',
      `suffix "${SUFFIX}"`,
      `rootdn "${ADMIN_DN}"`,
      `rootpw ${ADMIN_PASSWORD}`,
      `directory ${this.dir}/data`,
      'maxsize 16777216',
      'index objectClass,employeeNumber,member eq',
      // Anonymous users may only bind, so a failed bind really leaves the lookup without the directory.
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by users read by * none',
      ...(this.memberOf
        ? ['overlay memberof', 'memberof-group-oc groupOfNames', 'memberof-member-ad member', 'memberof-memberof-ad memberOf', 'memberof-refint TRUE']
        : []),
      '',
    ].join('\n');
  }

  /** Starts slapd (again) on the same port and data. */
  async resume(): Promise<void> {
    if (this.child) return;
    this.log = '';
    // -d keeps slapd in the foreground, so the child is slapd itself and stopping it needs no pidfile.
    const child = spawn(SLAPD, ['-d', '0', '-f', path.join(this.dir, 'slapd.conf'), '-h', `${this.url}/`], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer): void => { this.log = (this.log + chunk.toString()).slice(-4000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => { if (this.child === child) this.child = undefined; });
    const deadline = Date.now() + 15000;
    while (!(await canConnect(this.port))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`slapd exited at start (${child.exitCode ?? child.signalCode}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`slapd did not listen on ${this.url} within 15 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops slapd but keeps its data, to play a directory outage. */
  async halt(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  /** Stops slapd and removes its directory. */
  async stop(): Promise<void> {
    await this.halt();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs `work` with a client bound as the directory's administrator. */
  async asAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.url, timeout: 5000, connectTimeout: 5000 });
    try {
      await client.bind(ADMIN_DN, ADMIN_PASSWORD);
      return await work(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Adds people and then groups, through LDAP rather than slapadd so the memberof overlay fills memberOf. */
  async seed(users: SeedUser[], groups: SeedGroup[]): Promise<void> {
    await this.asAdmin(async (client) => {
      for (const u of users) {
        await client.add(`uid=${u.uid},${PEOPLE_DN}`, {
          objectClass: ['inetOrgPerson'], uid: u.uid, cn: u.name, sn: u.name.split(' ').pop() ?? u.name, employeeNumber: u.badge,
          ...(u.mail ? { mail: u.mail } : {}), ...(u.carLicense ? { carLicense: u.carLicense } : {}),
        });
      }
      for (const g of groups) {
        await client.add(`cn=${g.cn},${GROUPS_DN}`, { objectClass: ['groupOfNames'], cn: g.cn, member: g.members.map((uid) => `uid=${uid},${PEOPLE_DN}`) });
      }
    });
  }

  private async seedBase(): Promise<void> {
    await this.asAdmin(async (client) => {
      await client.add(SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'evcharge', o: 'evcharge' });
      await client.add(PEOPLE_DN, { objectClass: ['organizationalUnit'], ou: 'people' });
      await client.add(GROUPS_DN, { objectClass: ['organizationalUnit'], ou: 'groups' });
      await client.add(READER_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'reader', userPassword: READER_PASSWORD });
    });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
