import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { readSiteRegistry } from '../../lib/site/registry-file';
import { hashPassword } from '../../lib/ocpp/password';

function siteFile(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evc-site-')), 'site.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('site description: the registry part', () => {
  it('lists terminals with plain or hashed passwords and closes the registry', () => {
    const hash = hashPassword('0123456789abcdef');
    const site = readSiteRegistry(siteFile({ name: 'Depot', terminals: [{ id: 'CP1', password: '0123456789abcdef' }, { id: 'CP2', password: hash, boot: 'Pending', maxPowerW: 22000 }] }));
    assert.equal(site.open, false);
    assert.deepEqual(site.stations.map((s) => s.identity), ['CP1', 'CP2']);
    assert.equal(site.stations[1].password, hash);
    assert.equal(readSiteRegistry(siteFile({ registry: 'open', terminals: [{ id: 'CP1' }] })).open, true);
    assert.equal(readSiteRegistry(siteFile({ name: 'empty' })).open, true);
  });

  it('says what is wrong and where', () => {
    assert.throws(() => readSiteRegistry(siteFile('{oops')), /site description .*JSON/);
    assert.throws(() => readSiteRegistry(siteFile({ terminals: [{ password: 'x' }] })), /\/terminals\/0 must have required property 'id'/);
    assert.throws(() => readSiteRegistry(siteFile({ terminals: [{ id: 'CP1', password: 'short' }] })), /16 to 40/);
    assert.throws(() => readSiteRegistry(siteFile({ terminals: [{ id: 'a:b' }] })), /contains ':'/);
    assert.throws(() => readSiteRegistry(siteFile({ terminals: [{ id: 'CP1' }, { id: 'CP1' }] })), /twice/);
    assert.throws(() => readSiteRegistry('/no/such/site.json'), /ENOENT/);
  });
});
