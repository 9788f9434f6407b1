/**
 * POST /evc-charging-profile/preview: the editor cannot run the engine's TypeScript, so it sends the form's profile
 * here and draws the steps and lists the problems the runtime itself computes.
 */
import type { NodeAPI } from 'node-red';
import { previewSchedule, readTemplate, TemplateError, templateProblems } from '../../lib/profiles';

type Reply = { status(code: number): { json(body: unknown): void } };
type Handler = (req: { body: unknown }, res: Reply, next?: () => void) => void;

export const PREVIEW_PATH = '/evc-charging-profile/preview';

/** The answer to one preview request: 200 with steps and problems, 400 with the reason when it is not a profile. */
export function previewAnswer(body: unknown): { code: number; body: Record<string, unknown> } {
  try {
    const template = readTemplate(body);
    return { code: 200, body: { ...previewSchedule(template), problems: templateProblems(template) } };
  } catch (err) {
    if (err instanceof TemplateError) return { code: 400, body: { error: err.message, code: 'BadRequest', problems: err.problems } };
    return { code: 500, body: { error: String(err), code: 'InternalError' } };
  }
}

export function registerPreviewEndpoint(RED: NodeAPI): void {
  const admin = RED.httpAdmin as unknown as { post(path: string, ...handlers: Handler[]): void };
  const needs = (RED.auth as unknown as { needsPermission(p: string): Handler }).needsPermission;
  admin.post(PREVIEW_PATH, needs('flows.read'), (req, res) => {
    const answer = previewAnswer(req.body);
    res.status(answer.code).json(answer.body);
  });
}
