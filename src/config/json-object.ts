// Whether a value parsed from JSON is an object with fields (not null, not a list): what run.json and sweep specs are.

export const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
