/** Writes examples/*.json from flows/examples.ts (run after changing the examples: node dist/flows/write-examples.js). */
import fs from 'fs';
import path from 'path';
import { exampleFlows } from './examples';

export function exampleFiles(): Map<string, string> {
  return new Map(exampleFlows().map(([name, nodes]) => [`${name}.json`, JSON.stringify(nodes, null, 2) + '\n']));
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', '..', 'examples');
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of exampleFiles()) fs.writeFileSync(path.join(dir, file), text);
  console.log(`wrote ${exampleFiles().size} examples to ${dir}`);
}
