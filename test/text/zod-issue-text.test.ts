// zod's issues in our words: each common code, the value given, list positions in brackets, and our own messages kept.
import { z } from 'zod';
import * as mini from 'zod/mini';
import { fieldPath, issueText, OUR_WORDING } from '../../src/text/zod-issue-text.js';

/** `field: text` for the first issue of parsing `value` with `schema` under OUR_WORDING. */
function first(schema: z.core.$ZodType, value: unknown): string {
  const result = z.core.safeParse(schema, value, OUR_WORDING);
  if (result.success) throw new Error('parsed');
  const issue = result.error.issues[0]!;
  return `${fieldPath(issue.path) || '(top level)'}: ${issueText(issue)}`;
}

describe('fieldPath', () => {
  test.each<[PropertyKey[], string]>([
    [[], ''],
    [['grid', 'durationSeconds', 0], 'grid.durationSeconds[0]'],
    [['machines', '1', 'rate'], 'machines.1.rate'],
    [['rates', 0, 1], 'rates[0][1]'],
    [[2, 'at'], '[2].at'],
  ])('%j is %s', (path, text) => expect(fieldPath(path)).toBe(text));
});

describe('issueText', () => {
  test.each<[string, z.core.$ZodType, unknown, string]>([
    ['a wrong type, in a list', z.object({ grid: z.object({ durationSeconds: z.array(z.number()) }) }), { grid: { durationSeconds: ['x'] } }, 'grid.durationSeconds[0]: should be a number, is the string "x"'],
    ['a machine id key is a key, not a position', z.object({ machines: z.record(z.string(), z.object({ rate: z.number() })) }), { machines: { '1': { rate: true } } }, 'machines.1.rate: should be a number, is true'],
    ['a missing field', z.object({ port: z.number() }), {}, 'port: missing (expected a number)'],
    ['a whole number', z.number().int(), 1.5, '(top level): should be a whole number, is 1.5'],
    ['a list', z.object({ links: z.array(z.string()) }), { links: 'a' }, 'links: should be a list, is the string "a"'],
    ['an object', z.object({}), [], '(top level): should be an object, is []'],
    ['not finite', z.number(), Infinity, '(top level): should be a finite number, is Infinity'],
    ['a minimum', z.number().min(1), 0, '(top level): should be at least 1, is 0'],
    ['above a bound', z.number().positive(), 0, '(top level): should be greater than 0, is 0'],
    ['a maximum', z.number().max(65535), 70000, '(top level): should be at most 65535, is 70000'],
    ['below a bound', z.number().lt(1), 1, '(top level): should be less than 1, is 1'],
    ['too few items', z.array(z.number()).min(1), [], '(top level): should have at least 1 item, has 0'],
    ['too many items', z.array(z.number()).max(2), [1, 2, 3], '(top level): should have at most 2 items, has 3'],
    ['an exact length', z.array(z.number()).length(2), [1], '(top level): should have exactly 2 items, has 1'],
    ['an empty string', z.string().min(1), '', '(top level): should not be empty'],
    ['a short string', z.string().min(3), 'ab', '(top level): should have at least 3 characters, is the string "ab"'],
    ['a long string', z.string().max(1), 'ab', '(top level): should have at most 1 character, is the string "ab"'],
    ['one of an enum', z.enum(['a', 'b']), 'c', "(top level): should be one of 'a', 'b', is the string \"c\""],
    ['a literal', z.literal('add'), 'ad', "(top level): should be 'add', is the string \"ad\""],
    ['a pattern', z.string().regex(/^x+$/), 'y', '(top level): should match /^x+$/, is the string "y"'],
    ['a format', z.string().startsWith('ab'), 'b', '(top level): should start with "ab", is the string "b"'],
    ['a multiple', z.number().multipleOf(5), 7, '(top level): should be a multiple of 5, is 7'],
    ['a union of kinds', z.union([z.string(), z.array(z.string())]), 5, '(top level): should be a string or a list, is 5'],
    ['a missing union', z.object({ links: z.union([z.string(), z.array(z.string())]) }), {}, 'links: missing (expected a string or a list)'],
    ['an unknown kind', z.discriminatedUnion('type', [z.object({ type: z.literal('a') }), z.object({ type: z.literal('b') })]), { type: 'c' }, 'type: not one of \'a\', \'b\', is the string "c"'],
    ['an unknown field', z.object({}).strict(), { lag: 1 }, '(top level): unknown field "lag"'],
    ['a refinement without a message', z.number().refine(() => false), 3, '(top level): is not valid here, is 3'],
    ['zod/mini', mini.number().check(mini.minimum(1)), 0, '(top level): should be at least 1, is 0'],
  ])('%s', (_what, schema, value, text) => expect(first(schema, value)).toBe(text));

  test('a message the schema gives is kept as written', () => {
    expect(first(z.number().min(2, 'needs at least 2 machines'), 1)).toBe('(top level): needs at least 2 machines');
    expect(first(z.number({ error: 'rates must be numbers' }), 'x')).toBe('(top level): rates must be numbers');
    expect(first(z.string().refine(() => false, 'not an ISO time'), 'x')).toBe('(top level): not an ISO time');
  });

  test("a parse without OUR_WORDING keeps zod's message", () => {
    const issue = z.number().safeParse('x').error!.issues[0]!;
    expect(issueText(issue)).toBe(issue.message);
  });
});
