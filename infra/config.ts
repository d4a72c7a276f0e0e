// Loads temporal.config.ts, applies environment overrides and validates the result.
// A bad value stops start-up with a message naming the key, what is allowed and where it came from.
import { z } from 'zod';
import { defaultConfig, helixConfigSchema, type HelixConfig } from '../temporal.config';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Well-known variables, as other Temporal and PostgreSQL tools name them. */
const NAMED_OVERRIDES: Record<string, string[]> = {
  TEMPORAL_ADDRESS: ['temporal', 'address'],
  TEMPORAL_NAMESPACE: ['temporal', 'namespace'],
  DATABASE_URL: ['database', 'url'],
  HELIX_DATA_DIR: ['dataDir'],
  HELIX_OPENAI_BASE_URL: ['inference', 'openaiBaseUrl'],
  HELIX_OPENAI_API_KEY: ['inference', 'openaiApiKey'],
};

/**
 * Any key can be overridden as HELIX__<PATH>, path segments joined by double
 * underscores, case-insensitive: HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT=45s.
 */
const GENERIC_PREFIX = 'HELIX__';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, base: HelixConfig = defaultConfig): HelixConfig {
  const merged: Record<string, unknown> = structuredClone(base);
  const origins = new Map<string, string>();
  for (const [name, path] of Object.entries(NAMED_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      setPath(merged, path, value);
      origins.set(path.join('.'), `environment variable ${name}`);
    }
  }
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(GENERIC_PREFIX) || raw === undefined) continue;
    const path = resolvePath(merged, name.slice(GENERIC_PREFIX.length).split('__'), name);
    setPath(merged, path, coerce(raw));
    origins.set(path.join('.'), `environment variable ${name}`);
  }
  return validateConfig(merged, origins);
}

export function validateConfig(candidate: unknown, origins = new Map<string, string>()): HelixConfig {
  const result = helixConfigSchema.safeParse(candidate);
  if (result.success) return result.data;
  throw new ConfigError(describeIssues(result.error, origins));
}

function describeIssues(error: z.ZodError, origins: Map<string, string>): string {
  const lines = error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const origin = origins.get(key) ?? 'temporal.config.ts';
    const got = issue.code === 'unrecognized_keys' ? ` (unknown keys: ${issue.keys.join(', ')})` : '';
    return `  - ${key}: ${issue.message}${got} [set in ${origin}]`;
  });
  return `Invalid HelixRL configuration:\n${lines.join('\n')}\nFix the value in temporal.config.ts or the environment variable named above.`;
}

/** Matches each upper-cased segment against the real keys so camelCase keys can be named from the shell. */
function resolvePath(config: Record<string, unknown>, segments: string[], variable: string): string[] {
  const path: string[] = [];
  let node: unknown = config;
  for (const segment of segments) {
    const keys = node && typeof node === 'object' ? Object.keys(node) : [];
    const key = keys.find((k) => k.toLowerCase() === segment.toLowerCase());
    if (!key) {
      const where = path.length ? path.join('.') : 'the top level';
      throw new ConfigError(
        `Invalid HelixRL configuration: environment variable ${variable} names '${segment}', which is not a key of ${where}. Allowed: ${keys.join(', ') || '(none: it is a value)'}.`,
      );
    }
    path.push(key);
    node = (node as Record<string, unknown>)[key];
  }
  return path;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Environment values are strings; numbers and booleans are read as such so zod can check them. */
function coerce(raw: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}
