/**
 * evc-wizard: the editor's "EV Charge" sidebar generates a project (or the dashboards of an existing one) for a
 * number of terminals. The editor side is evc-wizard.html; here, the admin endpoint that builds the flow.
 */
import type { NodeAPI } from 'node-red';
import { wizardFlow, WizardInputError } from '../../dashboards/wizard-request';

export default function register(RED: NodeAPI): void {
  RED.plugins.registerPlugin('evc-wizard', { type: 'evc-wizard' });
  const admin = RED.httpAdmin as unknown as {
    post(path: string, ...handlers: Array<(req: { body: unknown }, res: { status(code: number): { json(body: unknown): void } }) => void>): void;
  };
  const needs = (RED.auth as unknown as { needsPermission(p: string): (req: unknown, res: unknown, next: () => void) => void }).needsPermission;
  admin.post('/evcharge/project', needs('flows.write') as never, (req, res) => {
    try {
      res.status(200).json({ flow: wizardFlow(req.body) });
    } catch (err) {
      if (err instanceof WizardInputError) res.status(400).json({ error: err.message, code: 'BadRequest' });
      else res.status(500).json({ error: String(err), code: 'InternalError' });
    }
  });
}
