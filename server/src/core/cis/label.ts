/** How a benchmark version is named to people: "CIS Docker 1.8.0", "CIS Docker CE 1.1.0" (ids start "ce-"). */
export function benchmarkLabel(versionId: string): string {
  return versionId.startsWith('ce-') ? `CIS Docker CE ${versionId.slice(3)}` : `CIS Docker ${versionId}`;
}
