// The analysis a user reads does not depend on the machine's time zone: the same run gives the same bytes in any TZ.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { runScript, tempDir } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';

/** Zones with whole-hour, negative (and daylight-saving) and half-hour offsets from UTC. */
const ZONES = { UTC: 0, 'America/New_York': 300, 'Asia/Kolkata': -330 };

/** What `analyze` prints (text, then --json) and writes (--report, --shiviz) for `run` with TZ=`zone`. */
async function analysisIn(zone: string, run: string) {
  const cwd = tempDir('time-zones-');
  const env = { TZ: zone };
  const text = await runScript('analyze', [run, '--report', 'report.html', '--shiviz', 'shiviz.log'], { cwd, env });
  const json = await runScript('analyze', ['--json', run], { cwd, env });
  expect([text.exitCode, text.stderr, json.exitCode, json.stderr]).toEqual([0, '', 0, '']);
  return {
    text: text.stdout,
    json: json.stdout,
    report: readFileSync(join(cwd, 'report.html'), 'utf8'),
    shiviz: readFileSync(join(cwd, 'shiviz.log'), 'utf8'),
  };
}

test('the zones are in effect: a child process sees each one at its own offset', async () => {
  for (const [zone, offset] of Object.entries(ZONES)) {
    const r = await execa(process.execPath, ['-e', 'console.log(new Date(Date.UTC(2025, 0, 15)).getTimezoneOffset())'], { env: { TZ: zone } });
    expect([zone, Number(r.stdout)]).toEqual([zone, offset]);
  }
});

test.each([['basic'], ['faults/kill-restart']])('analyze %s: text, --json, --report and --shiviz are identical in UTC, New York and Kolkata', async (name) => {
  const run = fromRoot('test', 'fixtures', 'analysis', ...name.split('/'));
  const [utc, ...others] = await Promise.all(Object.keys(ZONES).map((zone) => analysisIn(zone, run)));
  expect(utc!.text).toContain(`Run ${name.split('/').at(-1)} (${run})`);
  for (const other of others) expect(other).toEqual(utc);
});
