/** Ids the CSMS chooses for a request (requestId, remoteStartId, reservation id) when the caller gives none. */
import { CommandContext } from './types';
import { Params, fail } from './params';

/** The caller's id, else the context's generator, else the fallback; without a fallback the id is required. */
export function chosenId(p: Params, name: string, ctx: CommandContext, fallback?: number): number {
  const given = p.int(name);
  if (given !== undefined) return given;
  const generated = ctx.nextId?.();
  if (generated !== undefined) {
    if (!Number.isInteger(generated)) fail(`${p.command}: the id generator returned ${String(generated)}, not an integer`);
    return generated;
  }
  return p.required(name, fallback);
}
