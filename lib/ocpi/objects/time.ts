/** OCPI DateTime: RFC 3339 in UTC, seconds precision, with its Z (string(25)). */
export function ocpiDateTime(at: string | number | Date): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${String(at)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
