/**
 * evc-editor: the editor helpers every evc-* node shares (validators, translation, autocompletion)
 * live in evc-editor.html, which Node-RED runs before any node's editor file. Registering the plugin
 * here as well lets the palette manager list it with the module, like any other plugin.
 */
import type { NodeAPI } from 'node-red';

export default function register(RED: NodeAPI): void {
  RED.plugins.registerPlugin('evc-editor', { type: 'evc-editor' });
}
