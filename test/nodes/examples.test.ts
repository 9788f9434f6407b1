import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { exampleFiles } from '../../flows/write-examples';
import { ALL_NODES } from '../support/helper';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

describe('examples and packaging', () => {
  it('checked-in examples are what flows/examples.ts generates (npm run examples)', () => {
    const files = exampleFiles();
    const onDisk = (fs.readdirSync(EXAMPLES, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).map((f) => f.split(path.sep).join('/'));
    assert.deepEqual(onDisk.sort(), [...files.keys()].sort());
    for (const [file, text] of files) assert.equal(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), text, file);
  });

  it('every node type appears in an example, each example opens with a comment', () => {
    const used = new Set<string>();
    for (const text of exampleFiles().values()) {
      const nodes = JSON.parse(text) as Array<{ type: string }>;
      assert.equal(nodes[1].type, 'comment');
      for (const n of nodes) used.add(n.type);
    }
    for (const type of ALL_NODES) assert.ok(used.has(type), `${type} has no example`);
  });

  it('every example is wired consistently: wires, tabs and config references point at nodes that exist', () => {
    for (const [file, text] of exampleFiles()) {
      const nodes = JSON.parse(text) as Array<Record<string, any>>;
      const ids = new Set(nodes.map((n) => n.id));
      assert.equal(ids.size, nodes.length, `${file}: duplicate ids`);
      for (const n of nodes) {
        if (n.z) assert.ok(ids.has(n.z), `${file}: ${n.id} on a missing tab`);
        for (const target of (n.wires ?? []).flat()) assert.ok(ids.has(target), `${file}: ${n.id} wired to missing ${target}`);
        if (n.csms) assert.ok(ids.has(n.csms), `${file}: ${n.id} uses a missing CSMS`);
      }
    }
  });

  it('registers one node set per node type, each with help, labels in en-US and fr, and an icon', () => {
    assert.deepEqual(Object.keys(pkg['node-red'].nodes).sort(), [...ALL_NODES].sort());
    const root = path.resolve(__dirname, '../../..');
    for (const [type, file] of Object.entries<string>(pkg['node-red'].nodes)) {
      const dir = path.join(root, path.dirname(file));
      assert.ok(fs.existsSync(path.join(root, file)), file);
      assert.ok(fs.existsSync(path.join(dir, `${type}.html`)), `${type}.html`);
      assert.ok(fs.existsSync(path.join(dir, 'icons', `${type}.svg`)), `${type} icon`);
      const keys: string[][] = [];
      for (const lang of ['en-US', 'fr']) {
        assert.match(fs.readFileSync(path.join(dir, 'locales', lang, `${type}.html`), 'utf8'), new RegExp(`data-help-name="${type}"`));
        const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'locales', lang, `${type}.json`), 'utf8'));
        keys.push(flatKeys(catalog).sort());
      }
      assert.deepEqual(keys[0], keys[1], `${type}: en-US and fr catalogs differ`);
    }
  });
});

function flatKeys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? flatKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
