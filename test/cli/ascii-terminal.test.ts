// Under a locale that is not UTF-8 (LANG=C), a terminal gets our few symbols beyond ASCII in ASCII; a pipe keeps them.
import { execa } from 'execa';
import { asciiText } from '../../src/cli/ascii-terminal.js';
import { script } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';

/** Makes the command's standard output a terminal to it (it is a pipe the test reads). */
const AS_TERMINAL = 'data:text/javascript,Object.assign(process.stdout,{isTTY:true,columns:200,rows:40})';

/** check on the tick-rate fixture (its violation says `expected 8.2 ± 2`), in `locale`, its stdout a terminal or not. */
async function checkTickRate(locale: string, terminal: boolean): Promise<string> {
  const args = [...(terminal ? ['--import', AS_TERMINAL] : []), script('check'), fromRoot('test', 'fixtures', 'analysis', 'check', 'tick-rate')];
  const r = await execa(process.execPath, args, { reject: false, env: { LANG: locale, LC_ALL: '', LC_CTYPE: '' } });
  expect(r.exitCode).toBe(1);
  return String(r.stdout);
}

test('asciiText writes ±, µ and … as +/-, u and ...', () => {
  expect(asciiText('add latency 200±50 ms, slicer 8±4 B / 100 µs on 1→2 …')).toBe('add latency 200+/-50 ms, slicer 8+/-4 B / 100 us on 1->2 ...');
});

test('check on a terminal under LANG=C writes ± as +/-; under UTF-8, or piped, it keeps ±', async () => {
  expect(await checkTickRate('C', true)).toMatch(/expected [\d.]+ \+\/- 2/);
  expect(await checkTickRate('en_US.UTF-8', true)).toMatch(/expected [\d.]+ ± 2/);
  expect(await checkTickRate('C', false)).toMatch(/expected [\d.]+ ± 2/);
});
