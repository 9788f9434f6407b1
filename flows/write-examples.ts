/** Writes examples/*.json from flows/examples.ts (run after changing the examples: node dist/flows/write-examples.js). */
import fs from 'fs';
import path from 'path';
import { exampleFlows } from './examples';
import { integrationFlows } from './integrations';
import { projectFlow } from './project';
import { siteFromCount } from '../dashboards/site';

/** Whole projects with their dashboards, as `evcharge generate --terminals N` writes them, with fixed settings. */
export const PROJECT_EXAMPLES = [2, 8, 50];
const PROJECTS_FOLDER = 'Generated projects';

function projectExamples(): Array<[string, unknown[]]> {
  return PROJECT_EXAMPLES.map((n) => {
    const name = `Park of ${n} terminals`;
    const flow = projectFlow(siteFromCount(n, { name }), { ocppPort: 9220, simulate: n, simulateVersion: '1.6', simulateCharging: true });
    return [`${PROJECTS_FOLDER}/${name}`, flow];
  });
}

/** Every example file, by its path under examples/ (a folder is a sub-menu of Import > Examples). */
export function exampleFiles(): Map<string, string> {
  return new Map([...exampleFlows(), ...integrationFlows(), ...projectExamples()].map(([name, nodes]) => [`${name}.json`, JSON.stringify(nodes, null, 2) + '\n']));
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', '..', 'examples');
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of exampleFiles()) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  console.log(`wrote ${exampleFiles().size} examples to ${dir}`);
}
