/** Deterministic node ids (16 hex characters, like Node-RED's own) so regenerating a flow updates it in place. */
import { createHash } from 'crypto';

export function stableId(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
