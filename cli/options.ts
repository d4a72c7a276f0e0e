// Option parsers shared by the commands.

/** For options that may be given several times (`--set a=1 --set b=2`). */
export const repeatable = (value: string, previous: string[] = []): string[] => [...previous, value];

export function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${flag} must be a number (got '${value}').`);
  return n;
}
