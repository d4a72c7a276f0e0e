// The notices the data licenses ask users to see (HPO: cite + show version; GO: CC BY; etc.).
import { datasetsFor } from './manifest';

export function attributionNotices(taskTypes?: string[]): string[] {
  return datasetsFor(taskTypes).map((d) => `${d.name} — ${d.version}; license: ${d.license}.\n  ${d.attribution}`);
}
