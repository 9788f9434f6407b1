/** The linear-programme solver the allocator and its benchmark use: HiGHS (npm `highs`), and its text format. */

/** What we need of HiGHS: a solver loaded once. */
export interface LpSolver {
  solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue?: number; Columns: Record<string, { Primal?: number }> };
}

export async function loadLpSolver(): Promise<LpSolver> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('highs') as () => Promise<LpSolver>)();
}

/** `+ 1.5 x` or `- 2 x`, for a row or an objective. */
export function lpTerm(coef: number, variable: string): string {
  return `${coef < 0 ? '-' : '+'} ${lpNumber(Math.abs(coef))} ${variable}`;
}

export const lpNumber = (x: number): string => (Math.abs(x) < 1e-12 ? '0' : String(Number(x.toPrecision(12))));

/** A problem in the LP format; long rows are split, since the format reads lines of bounded length. */
export function lpText(
  sense: 'Maximize' | 'Minimize', objective: string, rows: readonly string[], bounds: readonly string[], binaries: readonly string[] = [],
): string {
  const wrap = (row: string) => row.replace(/((?:\S+\s+){40})/g, '$1\n ');
  const integers = binaries.length > 0 ? ['Binary', wrap(` ${binaries.join(' ')}`)] : [];
  return [sense, wrap(` obj: ${objective}`), 'Subject To', ...rows.map(wrap), 'Bounds', ...bounds, ...integers, 'End'].join('\n');
}
