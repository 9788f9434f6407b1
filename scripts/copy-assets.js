#!/usr/bin/env node
// Copies what tsc does not: each node's and plugin's editor HTML and locales, and the icons, which Node-RED
// looks for in an icons/ folder beside each registered node file (specs/node-red.md §1).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else if (!entry.name.endsWith('.ts')) fs.copyFileSync(src, dst);
  }
}

let count = 0;
for (const [type, built] of Object.entries(pkg['node-red'].nodes)) {
  const source = path.join(root, 'nodes', type);
  const target = path.join(root, path.dirname(built));
  fs.mkdirSync(target, { recursive: true });
  if (!fs.existsSync(source)) throw new Error(`missing node folder nodes/${type}`);
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    const src = path.join(source, entry.name);
    if (entry.isDirectory()) copyTree(src, path.join(target, entry.name));
    else if (entry.name.endsWith('.html')) fs.copyFileSync(src, path.join(target, entry.name));
  }
  // Only the node's own icons: every copy would show up again in the editor's icon picker.
  const types = Object.keys(pkg['node-red'].nodes);
  const ownIcon = (f) => f.startsWith(type + '.') || (f.startsWith(type + '-') && !types.some((t) => t !== type && f.startsWith(t + '.')));
  const icons = fs.readdirSync(path.join(root, 'icons')).filter(ownIcon);
  if (icons.length === 0) throw new Error(`no icon for ${type} in icons/`);
  fs.mkdirSync(path.join(target, 'icons'), { recursive: true });
  for (const icon of icons) fs.copyFileSync(path.join(root, 'icons', icon), path.join(target, 'icons', icon));
  count++;
}
// Plugins: the editor file and locales, same placement rules as nodes. No icons: plugins have no palette entry.
let plugins = 0;
for (const [name, built] of Object.entries(pkg['node-red'].plugins || {})) {
  const source = path.join(root, 'plugins', name);
  const target = path.join(root, path.dirname(built));
  if (!fs.existsSync(source)) throw new Error(`missing plugin folder plugins/${name}`);
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    const src = path.join(source, entry.name);
    if (entry.isDirectory() && entry.name === 'locales') copyTree(src, path.join(target, entry.name));
    else if (entry.isFile() && entry.name.endsWith('.html')) fs.copyFileSync(src, path.join(target, entry.name));
  }
  plugins++;
}
console.log(`assets copied for ${count} node types and ${plugins} plugin(s)`);
