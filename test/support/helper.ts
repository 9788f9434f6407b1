/** node-red-node-test-helper set up once for the node tests, with the pack's compiled nodes. */
import helper from 'node-red-node-test-helper';

helper.init(require.resolve('node-red'));

/** Compiled `export default` node modules must be passed as `.default` (specs/node-red.md §4). */
export function nodeModule(type: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`../../nodes/${type}/${type}.js`).default;
}

export const ALL_NODES = ['evc-csms', 'evc-ocpp-in', 'evc-ocpp-response', 'evc-ocpp-command', 'evc-stations', 'evc-simulator', 'evc-continuity', 'evc-database', 'evc-archive', 'evc-power-allocator', 'evc-charging-profile', 'evc-planner', 'evc-alarm-router', 'evc-authorize', 'evc-reservation', 'evc-advenir', 'evc-ocpi-partner', 'evc-ocpi'];

export { helper };
