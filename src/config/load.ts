// Reads and validates a config file, turning every failure into a one-line UsageError naming the field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { UsageError } from './errors.js';

/** Validates an already-parsed config object; `source` names it in error messages. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new UsageError(`${source}: ${describeIssue(result.error)}`);
}

/** Reads, parses and validates a config file. */
export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(err));
    throw new UsageError(`cannot read config ${path}: ${why}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseConfig(raw, path);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid config';
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${field === '(top level)' ? '' : field + ': '}unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_key') return `${field}: machine ids must be positive integers such as "1"`;
  return `${field}: ${issue.message}`;
}
