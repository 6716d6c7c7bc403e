// Two runs given one --log-dir at the same instant: the one whose run.json comes second stops before writing anything else.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';
import { freeConsecutivePorts } from '../helpers/ports.js';

const preload = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'other-run-first.mjs')).href;
const env = { NODE_OPTIONS: `--import ${preload}` };

describe('a run folder another run took between the check and the first write', () => {
  test.each(['simulate', 'start-all'])('%s: one line, exit 2, and the other run\'s run.json alone in the folder', async (cli) => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const r = await runScript(cli, ['-c', config, '-d', '1', '-l', runDir, '-q', ...(cli === 'start-all' ? ['--no-analysis'] : [])], { env });
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      `${cli}: error: cannot write ${join(runDir, 'run.json')}: another run wrote one first (two runs given this folder at the same moment?): choose another --log-dir`,
    ]);
    expect(readdirSync(runDir)).toEqual(['run.json']);
    expect(readFileSync(join(runDir, 'run.json'), 'utf8')).toBe('{"other": true}\n');
    expect(processesMentioning(config)).toEqual([]);
  });
});

describe('start-all --machines: a run folder another run took before its config.json', () => {
  test('one line, exit 2, and the other run\'s config.json alone in the folder', async () => {
    const dir = tempDir();
    // --machines 2 takes the port after machine 1's: both below the ephemeral range, where an outgoing connection's
    // local end (in TIME-WAIT) could hold the second (writeConfig's ports, from port 0, are in it).
    const first = await freeConsecutivePorts(2);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ machines: { '1': { host: '127.0.0.1', port: first }, '2': { host: '127.0.0.1', port: first + 1 } }, staggerMs: 50 }));
    const runDir = join(dir, 'run');
    const preloadConfig = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'other-config-first.mjs')).href;
    const r = await runScript('start-all', ['-c', config, '-m', '2', '-d', '1', '-l', runDir, '-q', '--no-analysis'], { env: { NODE_OPTIONS: `--import ${preloadConfig}` } });
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      `start-all: error: cannot write ${join(runDir, 'config.json')}: another run wrote one first (two runs given this folder at the same moment?): choose another --log-dir`,
    ]);
    expect(readdirSync(runDir)).toEqual(['config.json']);
    expect(readFileSync(join(runDir, 'config.json'), 'utf8')).toBe('{"other": true}\n');
    expect(processesMentioning(config)).toEqual([]);
  });
});
