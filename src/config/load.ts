// Reads and validates a config file, turning every failure into a one-line UsageError naming the field.
import { configSchema, type Config } from './schema.js';
import { parseWith, readJsonFile } from './json-file.js';

/** Validates an already-parsed config object; `source` names it in error messages. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  return parseWith(configSchema, raw, source);
}

/** Reads, parses and validates a config file. */
export function loadConfig(path: string): Config {
  return parseConfig(readJsonFile(path, 'config'), path);
}
