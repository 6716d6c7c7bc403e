// "did you mean": the known fields at an unknown one's place in a schema, and the one it was most likely meant to be.
import * as z from 'zod/mini';
import { closestField, fieldsAt } from '../../src/config/field-suggestion.js';
import { configSchema } from '../../src/config/schema.js';
import { sweepSpecSchema } from '../../src/sweep/spec.js';

describe('field suggestions', () => {
  test('the fields at a place: through optional fields, records of machines and a preprocessed list', () => {
    expect(fieldsAt(configSchema, [])).toEqual(expect.arrayContaining(['machines', 'durationSeconds', 'seed']));
    expect(fieldsAt(configSchema, ['machines', '1'])).toEqual(expect.arrayContaining(['host', 'port', 'rate']));
    expect(fieldsAt(sweepSpecSchema, ['grid'])).toEqual(expect.arrayContaining(['machines', 'rates', 'durationSeconds']));
    const nested = z.object({ list: z.optional(z.array(z.object({ deep: z.number() }))) });
    expect(fieldsAt(nested, ['list', 0])).toEqual(['deep']);
    // A place that is not an object (a number, or past the schema): none.
    expect(fieldsAt(nested, ['list', 0, 'deep'])).toEqual([]);
    expect(fieldsAt(nested, ['nothing'])).toEqual([]);
  });

  test('the closest known field: a few edits away, or the one the name starts; none when nothing is close', () => {
    const known = ['machines', 'seeds', 'durationSeconds', 'internalProbability', 'port'];
    expect(closestField('machnes', known)).toBe('machines');
    expect(closestField('seed', known)).toBe('seeds');
    expect(closestField('prot', known)).toBe('port');
    expect(closestField('duration', known)).toBe('durationSeconds');
    expect(closestField('InternalProbability', known)).toBe('internalProbability');
    expect(closestField('xyz', known)).toBeUndefined();
    expect(closestField('speed', known)).toBeUndefined();
    expect(closestField('d', known)).toBeUndefined();
  });
});
