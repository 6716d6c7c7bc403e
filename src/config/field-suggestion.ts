// "did you mean" for an unknown field of a JSON file: the schema's own field names at that place, the closest one.
import type * as core from 'zod/v4/core';

type Def = { type: string; values?: unknown[]; options?: core.$ZodType[]; innerType?: core.$ZodType; out?: core.$ZodType; in?: core.$ZodType; shape?: Record<string, core.$ZodType>; element?: core.$ZodType; valueType?: core.$ZodType };

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

/** The objects a schema may be: itself, or each object of a union (a fault event is one of six forms). */
function objectsOf(schema: core.$ZodType): Def[] {
  const def = defOf(schema);
  if (def.type === 'object') return [def];
  return def.type === 'union' ? (def.options ?? []).flatMap((option) => objectsOf(unwrap(option))) : [];
}

/** Whether `value` may be of the object form `def`: every literal field of the form (`"action": "kill"`) that it has, it has with that value. */
function formFits(def: Def, value: Record<string, unknown>): boolean {
  return Object.entries(def.shape ?? {}).every(([key, field]) => {
    const f = defOf(unwrap(field));
    return f.type !== 'literal' || value[key] === undefined || (f.values ?? []).includes(value[key]);
  });
}

/**
 * The field names of the object `path` leads to in `schema`, or none when the path goes through something else. Where
 * an object is one of several forms, the file's own value there (found from `root`, the whole file) picks the forms it
 * fits: a kill event's fields, not a link's; a bandwidth toxic's attributes, not a latency's.
 */
export function fieldsAt(schema: core.$ZodType, path: readonly PropertyKey[], root?: unknown): string[] {
  let s = unwrap(schema);
  let value = root;
  for (const key of path) {
    const def = defOf(s);
    const next = def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : formsFor(s, value).map((o) => o.shape?.[String(key)]).find((field) => field !== undefined);
    if (!next) return [];
    s = unwrap(next);
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return [...new Set(formsFor(s, value).flatMap((o) => Object.keys(o.shape ?? {})))];
}

/** The object forms of `schema` that `value` fits, or all of them when it fits none or is not an object. */
function formsFor(schema: core.$ZodType, value: unknown): Def[] {
  const forms = objectsOf(schema);
  const fitting = value !== null && typeof value === 'object' ? forms.filter((o) => formFits(o, value as Record<string, unknown>)) : [];
  return fitting.length ? fitting : forms;
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
