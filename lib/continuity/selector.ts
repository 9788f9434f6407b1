/** Which stations a continuity service (or a group of it) looks after: identities with * wildcards, comma-separated. */

export type StationSelector = (stationId: string) => boolean;

/** Empty text selects every station. */
export function stationSelector(text: string | undefined): StationSelector {
  const patterns = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((p) => {
    const escaped = p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${escaped}$`);
  });
  if (patterns.length === 0) return () => true;
  return (stationId) => patterns.some((p) => p.test(stationId));
}
