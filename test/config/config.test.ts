// config.json: defaults, the second notebook's shape, one-line errors naming the field, and resolution of overrides.
import { parseConfig } from '../../src/config/load.js';
import { resolveRun } from '../../src/config/resolve.js';
import { seededRate } from '../../src/core/random.js';
import { readJsonFile } from '../../src/config/json-file.js';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { trackChild } from '../helpers/children.js';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

const machines = { '1': { host: '127.0.0.1', port: 5001 }, '2': { host: '127.0.0.1', port: 5002 }, '3': { host: '127.0.0.1', port: 5003 } };

describe('parseConfig', () => {
  test("the second notebook's file alone is valid, with our defaults beside it", () => {
    expect(parseConfig({ machines })).toMatchObject({
      machines, durationSeconds: 60, rateRange: [1, 6], internalProbability: 0.7, staggerMs: 250, delayMs: [0, 0], seed: null,
    });
  });

  test.each([
    [{ machines: { '1': machines['1'] } }, 'config: machines: needs at least 2 machines'],
    [{ machines: { ...machines, x: { host: 'h', port: 1 } } }, 'config: machines.x: machine ids must be whole numbers from 1 to 999999999 written plainly, such as "1" (not "01")'],
    [{ machines: { ...machines, '1000000000': { host: 'h', port: 1 } } }, 'config: machines.1000000000: machine ids must be whole numbers from 1 to 999999999'],
    [{ machines, rateRange: [6, 1] }, 'config: rateRange: the first value must not exceed the second, is [6,1]'],
    // Far past a million ticks per second a tick's interval is below a time's resolution: no clock would advance.
    [{ machines, rateRange: [1, 1e300] }, 'config: rateRange: rates must be at most 1,000,000 ticks per second'],
    [{ machines: { ...machines, '2': { host: '127.0.0.1', port: 5002, rate: 1e20 } } }, 'config: machines.2.rate: rates must be at most 1,000,000 ticks per second'],
    [{ machines, internalProbability: -0.1 }, 'config: internalProbability: should be at least 0, is -0.1'],
    [{ machines, seed: 1.5 }, 'config: seed: must be a whole number from 0 to 2147483647, or null for a fresh one per run, is 1.5'],
    [{ machines, seed: 2147483648 }, 'config: seed: must be a whole number from 0 to 2147483647, or null for a fresh one per run, is 2147483648'],
    [{ machines, durationSecond: 5 }, 'config: unknown field "durationSecond" (did you mean "durationSeconds"?)'],
    [{ machines, durationSeconds: 3e6 }, 'config: durationSeconds: at most 2147483 s (24.8 days, the longest timer); 0 runs until Ctrl+C'],
    [{ machines, staggerMs: 3e9 }, 'config: staggerMs: at most 2147483647 ms (24.8 days, the longest timer)'],
    [{ machines: { ...machines, '2': { host: '127.0.0.1', port: 'x' } } }, 'config: machines.2.port: should be a number, is the string "x"'],
    [{ machines: { ...machines, '2': { host: '127.0.0.1', port: 5002, rate: 0 } } }, 'config: machines.2.rate: should be greater than 0, is 0'],
  ])('rejects %j with one line naming the field', (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(message);
  });

  test.each([
    [{ machines, rateRange: [1.2, 1.5] }, 'config: rateRange: the range must contain a whole number, is [1.2,1.5]'],
    [{ machines, rateRange: [1, 2e6] }, 'config: rateRange: rates must be at most 1,000,000 ticks per second, is [1,2000000]'],
    // One message for one slip: not a second one on the whole range saying again that rates must be positive.
    [{ machines, rateRange: [-1, 3] }, 'config: rateRange[0]: should be greater than 0, is -1'],
    [{ machines, rateRange: [0, 3] }, 'config: rateRange[0]: should be greater than 0, is 0'],
    [{ machines, staggerMs: 3e9 }, 'config: staggerMs: at most 2147483647 ms (24.8 days, the longest timer), is 3000000000'],
    [{ machines: { ...machines, '2': { host: '127.0.0.1', port: 5002, rate: 2e6 } } }, 'config: machines.2.rate: rates must be at most 1,000,000 ticks per second, is 2000000'],
    [{ machines, delayMs: [0, 3e9] }, 'config: delayMs: at most 2147483647 ms (24.8 days, the longest timer), is [0,3000000000]'],
  ])('a value refused (%j) is given, once', (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(new Error(message));
  });

  test.each([
    ['127.0.0.1:5002', 'should be the host alone (the port is its own field), is "127.0.0.1:5002"'],
    [' 127.0.0.1', 'should hold no spaces, is " 127.0.0.1"'],
    ['http://lab-2', 'should be a host name or IP address, not a URL, is "http://lab-2"'],
    ['[::1]', 'an IPv6 address goes without brackets here: "::1", is "[::1]"'],
    ['lab 2', 'should hold no spaces, is "lab 2"'],
    ['lab/2', 'should be a host name or IP address, is "lab/2"'],
  ])('a host a machine cannot listen on (%j) is refused in the config, naming the field and the slip', (host, why) => {
    expect(() => parseConfig({ machines: { ...machines, '2': { host, port: 5002 } } })).toThrow(new Error(`config: machines.2.host: ${why}`));
  });

  test('an empty host is named once, as empty', () => {
    expect(() => parseConfig({ machines: { ...machines, '2': { host: '', port: 5002 } } })).toThrow(new Error('config: machines.2.host: should not be empty'));
  });

  test.each(['localhost', '::1', '0.0.0.0', '10.0.0.7', 'lab-2.example.org', 'lab_2', 'vm.'])('a host name or IP address (%j) is taken as written', (host) => {
    expect(parseConfig({ machines: { ...machines, '2': { host, port: 5002 } } }).machines['2']!.host).toBe(host);
  });

  test('two machines on one port of one host are refused, naming both, when the host is written two ways (localhost, 127.0.0.1)', () => {
    const same = { machines: { ...machines, '3': { host: '127.0.0.1', port: 5001 } } };
    expect(() => parseConfig(same)).toThrow(new Error('config: machines: two machines share a host and port: 1 and 3 (127.0.0.1:5001, 127.0.0.1:5001)'));
    const twoNames = { machines: { ...machines, '3': { host: 'LocalHost', port: 5002 } } };
    expect(() => parseConfig(twoNames)).toThrow(new Error('config: machines: two machines share a host and port: 2 and 3 (127.0.0.1:5002, LocalHost:5002)'));
    // Another loopback address, or another host, is another listening address: allowed.
    expect(parseConfig({ machines: { ...machines, '3': { host: '127.0.0.2', port: 5001 } } }).machines['3']!.port).toBe(5001);
    expect(parseConfig({ machines: { ...machines, '3': { host: 'lab-2', port: 5001 } } }).machines['3']!.host).toBe('lab-2');
  });

  test('every mistake of a file in one line (up to three, then how many more), so that it is not fixed one run at a time', () => {
    expect(() => parseConfig({ machines, seed: 1.5, internalProbability: 2 })).toThrow(
      new Error('config: internalProbability: should be at most 1, is 2; seed: must be a whole number from 0 to 2147483647, or null for a fresh one per run, is 1.5'),
    );
    const five = { machines, seed: 1.5, internalProbability: 2, staggerMs: -1, durationSeconds: -1, rateRange: 'x' };
    expect(() => parseConfig(five)).toThrow(/^config: [^\n]*; and 2 more$/);
    // An unknown field comes first, whatever zod's order: its did-you-mean is often the fix, and must not be counted away.
    const ports = { '1': { host: 'h', port: 'x' }, '2': { host: 'h', port: 'y' } };
    expect(() => parseConfig({ machines: ports, seed: 1.5, internalProbability: 2, durationSecond: 5 })).toThrow(
      new Error('config: unknown field "durationSecond" (did you mean "durationSeconds"?); machines.1.port: should be a number, is the string "x"; machines.2.port: should be a number, is the string "y"; and 2 more'),
    );
    // The same mistake in every item of a list is named once, whatever value each item holds.
    expect(() => parseConfig({ machines, rateRange: ['a', 'b'] })).toThrow(new Error('config: rateRange[0]: should be a number, is the string "a"'));
    // Machine ids are keys, not list positions: each machine's mistake is its own.
    expect(() => parseConfig({ machines: ports })).toThrow(new Error('config: machines.1.port: should be a number, is the string "x"; machines.2.port: should be a number, is the string "y"'));
  });
});

describe('resolveRun', () => {
  const config = parseConfig({ machines: { ...machines, '2': { ...machines['2'], rate: 3.48 } } });

  test('rates come from the CLI, else the config, else the seed; a picked seed is reported', () => {
    const run = resolveRun(config, {}, () => 99);
    expect(run.seed).toBe(99);
    expect(run.seedPicked).toBe(true);
    expect(run.config.seed).toBe(99);
    expect([...run.rates]).toEqual([[1, seededRate(99, 1, [1, 6])], [2, 3.48], [3, seededRate(99, 3, [1, 6])]]);
    const explicit = resolveRun(config, { rates: [1, 2, 3], seed: 4, internalProbability: 0.2 }, () => 0);
    expect([...explicit.rates.values()]).toEqual([1, 2, 3]);
    expect([explicit.seed, explicit.seedPicked, explicit.config.internalProbability]).toEqual([4, false, 0.2]);
  });

  test('--rates must give one rate per machine', () => {
    expect(() => resolveRun(config, { rates: [1, 2] }, () => 0)).toThrow('--rates has 2 values for 3 machines (1-3): give one rate per machine');
    expect(() => resolveRun(config, { rates: [4] }, () => 0)).toThrow('--rates has 1 value for 3 machines (1-3): give one rate per machine, such as 4,4,4; or, for 4 machines, -m 4');
    // With the count given by -m, one rate is every machine's; several must still match the count.
    expect([...resolveRun(config, { rates: [4], machineCountGiven: true }, () => 0).rates.values()]).toEqual([4, 4, 4]);
    expect(() => resolveRun(config, { rates: [1, 2], machineCountGiven: true }, () => 0)).toThrow(/^--rates has 2 values for 3 machines \(1-3\): give one rate per machine, or one rate for all of them \(-r 1\)$/);
  });
});

describe('readJsonFile', () => {
  test('a file that starts with a UTF-8 byte order mark (Notepad, PowerShell) is read as the same JSON without it', () => {
    const file = join(tempDir(), 'bom.json');
    writeFileSync(file, '\uFEFF{ "seed": 3 }\n');
    expect(readJsonFile(file, 'config')).toEqual({ seed: 3 });
    // Only a leading one: a BOM elsewhere is still not JSON.
    writeFileSync(file, '{ "seed": 3 }\uFEFF\n');
    expect(() => readJsonFile(file, 'config')).toThrow(/not valid JSON/);
  });

  test('a device (/dev/zero, /dev/null) is refused at once, not read for ever; a named pipe with a writer is read', async () => {
    expect(() => readJsonFile('/dev/zero', 'config')).toThrow(new Error('cannot read config /dev/zero: is a device, not a file'));
    expect(() => readJsonFile('/dev/null', 'fault schedule')).toThrow(new Error('cannot read fault schedule /dev/null: is a device, not a file'));
    // As `-c <(jq ... my.json)` gives one: a FIFO that a shell writes the config into.
    const fifo = join(tempDir(), 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = trackChild(execa('sh', ['-c', `printf '{ "seed": 4 }' > '${fifo}'`]));
    expect(readJsonFile(fifo, 'config')).toEqual({ seed: 4 });
    await writer;
  });

  test('an empty file (or one of spaces) says it is empty, not JSON.parse\'s `Unexpected end of JSON input`', () => {
    const file = join(tempDir(), 'empty.json');
    for (const text of ['', '\n  \n', '\uFEFF']) {
      writeFileSync(file, text);
      expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: the file is empty (a config is a JSON object)`));
    }
  });

  test('a key given twice in one object (a machine pasted twice) is one line naming both lines: JSON.parse would keep the last in silence', () => {
    const file = join(tempDir(), 'twice.json');
    writeFileSync(file, ['{ "machines": {', '  "1": { "host": "127.0.0.1", "port": 5001 },', '  "2": { "host": "127.0.0.1", "port": 5002 },', '  "2": { "host": "127.0.0.1", "port": 5003 }', '} }', ''].join('\n'));
    expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: machines: "2" is given twice (lines 3 and 4); only the last would count`));
    // Inside a list (a fault schedule's events), and at the top level.
    writeFileSync(file, '{ "events": [\n { "at": 1, "action": "kill", "machine": 2 },\n { "at": 2, "at": 3 }\n] }\n');
    expect(() => readJsonFile(file, 'faults')).toThrow(new Error(`${file}: events: "at" is given twice (both on line 3); only the last would count`));
    writeFileSync(file, '{ "seed": 1,\n "seed": 2 }\n');
    expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: "seed" is given twice (lines 1 and 2); only the last would count`));
    // The same key in two objects is fine.
    writeFileSync(file, '{ "a": { "port": 1 }, "b": { "port": 1 } }\n');
    expect(readJsonFile(file, 'config')).toEqual({ a: { port: 1 }, b: { port: 1 } });
  });

  test('a syntax error says its line and column (a trailing comma left after editing), and a missing field says missing', () => {
    const file = join(tempDir(), 'comma.json');
    writeFileSync(file, '{ "machines": {\n  "1": { "host": "127.0.0.1", "port": 5001 },\n} }\n');
    expect(() => readJsonFile(file, 'config')).toThrow(/^\S+: not valid JSON \(Expected double-quoted property name in JSON at line 3, column 1; a comma before a closing bracket, which JSON does not allow\)$/);
    // In a list Node 20 gives no position (and quotes the text): the place comes from a scan of our own.
    writeFileSync(file, '{ "events": [\n  { "at": 1, "action": "kill", "machine": 2 },\n  ]\n}\n');
    expect(() => readJsonFile(file, 'faults')).toThrow(new Error(`${file}: not valid JSON (Unexpected token ']' in JSON at line 3, column 3; a comma before a closing bracket, which JSON does not allow)`));
    expect(() => parseConfig({ machines: { ...machines, '2': { port: 5002 } } })).toThrow(new Error('config: machines.2.host: missing (expected a string)'));
  });

  test('a comment (// or /* */, as in JavaScript) says so', () => {
    const file = join(tempDir(), 'comment.json');
    writeFileSync(file, '{\n  // the slow machine\n  "rateRange": [1, 6]\n}\n');
    expect(() => readJsonFile(file, 'config')).toThrow(/^\S+: not valid JSON \(.* at line 2, column 3; a comment, which JSON does not allow\)$/);
    writeFileSync(file, '{ "seed": 4, /* fixed */ "rateRange": [1, 6] }\n');
    expect(() => readJsonFile(file, 'config')).toThrow(/ at line 1, column 14; a comment, which JSON does not allow\)$/);
  });

  test('a file nested thousands deep is refused in one line, not a stack overflow (brackets in strings do not count)', () => {
    const file = join(tempDir(), 'deep.json');
    writeFileSync(file, `{ "machines": ${'['.repeat(5000)}${']'.repeat(5000)} }`);
    expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: nested more than 64 levels deep (a config nests a few)`));
    writeFileSync(file, `{ "name": "${'['.repeat(5000)}\\" [" }`);
    expect(readJsonFile(file, 'spec')).toEqual({ name: `${'['.repeat(5000)}" [` });
  });

  test('bytes of a binary file are not echoed raw: the terminal gets escapes and the place', () => {
    const file = join(tempDir(), 'binary.json');
    writeFileSync(file, Buffer.from('{"a":1,\u001b[2J\u00ff=,,}', 'latin1'));
    expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: not valid JSON (Expected double-quoted property name in JSON at line 1, column 8)`));
  });

  test('a value failing two checks of the same words is told once (a seed of 1e20)', () => {
    expect(() => parseConfig({ machines, seed: 1e20 })).toThrow(new Error('config: seed: must be a whole number from 0 to 2147483647, or null for a fresh one per run, is 100000000000000000000'));
  });

  test('a bad word points at the character the parser names, and a line break is named, not printed', () => {
    const file = join(tempDir(), 'words.json');
    writeFileSync(file, 'nope');
    expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: not valid JSON (Unexpected token 'o' in JSON at line 1, column 2)`));
    writeFileSync(file, '{\n  "a": tru\n}');
    expect(() => readJsonFile(file, 'config')).toThrow(new Error(`${file}: not valid JSON (Unexpected end of line in JSON at line 2, column 11)`));
  });

  test('a file that is not JSON is one line, even when the parser quotes a newline of it', () => {
    const file = join(tempDir(), 'nope.json');
    writeFileSync(file, 'nope\n');
    expect(() => readJsonFile(file, 'config')).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(new RegExp(`^${file}: not valid JSON \\([^\\n]*\\)$`)) }));
  });
});
