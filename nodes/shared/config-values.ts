/** Reading numbers from a node's configuration (text from the editor, or numbers), with a reason when out of range. */

/** A problem with a node's configuration, shown in its red status. */
export class ConfigProblem extends Error {}

/** The setting as a number in [min, max], `fallback` when blank; throws ConfigProblem naming it otherwise. */
export function configNumber(value: unknown, name: string, min: number, max: number, fallback: number, integer = false): number {
  if (value === undefined || value === '' || value === null) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new ConfigProblem(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}
