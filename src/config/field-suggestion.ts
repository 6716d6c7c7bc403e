// "did you mean" for an unknown field of a JSON file: the schema's own field names at that place, the closest one.
import type * as core from 'zod/v4/core';

type Def = { type: string; innerType?: core.$ZodType; out?: core.$ZodType; in?: core.$ZodType; shape?: Record<string, core.$ZodType>; element?: core.$ZodType; valueType?: core.$ZodType };

const defOf = (schema: core.$ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under its wrappers (optional, default, a preprocess's pipe, ...), as far as they can be seen through. */
function unwrap(schema: core.$ZodType): core.$ZodType {
  for (let s = schema, i = 0; i < 20; i++) {
    const def = defOf(s);
    const next = def.innerType ?? (def.type === 'pipe' ? (defOf(def.out!).type === 'transform' ? def.in : def.out) : undefined);
    if (!next) return s;
    s = next;
  }
  return schema;
}

/** The field names of the object `path` leads to in `schema`, or none when the path goes through something else. */
export function fieldsAt(schema: core.$ZodType, path: readonly PropertyKey[]): string[] {
  let s = unwrap(schema);
  for (const key of path) {
    const def = defOf(s);
    const next = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
    if (!next) return [];
    s = unwrap(next);
  }
  const def = defOf(s);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`, case aside. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * The known field `unknown` was most likely meant to be: one a few edits away (`seed` for `seeds`, `machnes`), or one
 * that starts with it (`duration` for `durationSeconds`); undefined when none is close.
 */
export function closestField(unknown: string, known: readonly string[]): string | undefined {
  const candidates = known.filter((k) => k !== unknown);
  const near = candidates
    .map((k) => ({ k, d: distance(unknown, k) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(Math.min(unknown.length, k.length) / 3)))
    .sort((a, b) => a.d - b.d);
  if (near[0]) return near[0].k;
  if (unknown.length < 3) return undefined;
  const lower = unknown.toLowerCase();
  const started = candidates.filter((k) => k.toLowerCase().startsWith(lower));
  return started.length === 1 ? started[0] : undefined;
}
