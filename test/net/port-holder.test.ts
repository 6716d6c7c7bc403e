// portHolder: the process listening on a port, read from /proc, for a port-in-use error that says what to stop.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { portHolder, portHolderText, processCommand } from '../../src/net/port-holder.js';
import { describeListenError } from '../../src/net/listen-error.js';
import { portConnection } from '../../src/net/port-connection.js';
import { ephemeralPortRange } from '../../src/net/ephemeral-range.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';

test('a port this process listens on is held by this process; a port nobody listens on by none', async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    const holder = portHolder(port);
    expect(holder?.process.pid).toBe(process.pid);
    expect(holder?.process.command).toBe(processCommand(process.pid));
    expect(holder?.process.command).toMatch(/jest/);
    expect(describeListenError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }), '127.0.0.1', port)).toBe(
      `cannot listen on 127.0.0.1:${port}: the port is already in use by ${portHolderText(holder!)}`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(portHolder(port)).toBeUndefined();
  const nothing = { holder: () => undefined, connection: () => undefined, ephemeral: null };
  expect(describeListenError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }), '127.0.0.1', port, nothing)).toBe(
    `cannot listen on 127.0.0.1:${port}: the port is already in use (by another program, or by a run still going)`,
  );
});

test('a machine of a start-all: the start-all is named, with how to stop it', () => {
  // A /proc of two processes: start-all (pid 300) and its machine (pid 321), listening on port 40001 (0x9C41).
  const proc = tempDir('lamport-proc-');
  mkdirSync(join(proc, 'net'));
  const head = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  writeFileSync(join(proc, 'net', 'tcp'), `${head}   0: 0100007F:9C41 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0\n`);
  const processOf = (pid: number, ppid: number, argv: string[], socket?: string) => {
    mkdirSync(join(proc, String(pid), 'fd'), { recursive: true });
    writeFileSync(join(proc, String(pid), 'cmdline'), `${argv.join('\0')}\0`);
    writeFileSync(join(proc, String(pid), 'stat'), `${pid} (node) S ${ppid} ${pid} ${pid} 0 -1\n`);
    symlinkSync('/dev/null', join(proc, String(pid), 'fd', '0'));
    if (socket) symlinkSync(socket, join(proc, String(pid), 'fd', '21'));
  };
  processOf(300, 1, ['node', 'dist/scripts/start-all.js', '-d', '0']);
  processOf(321, 300, ['/usr/bin/node', '--snapshot-blob', 'dist/bundle/machine.blob', '1'], 'socket:[777]');
  const holder = portHolder(40001, proc);
  expect(holder).toEqual({ process: { pid: 321, command: '/usr/bin/node --snapshot-blob dist/bundle/machine.blob 1' }, startAll: { pid: 300, command: 'node dist/scripts/start-all.js -d 0' } });
  expect(portHolderText(holder!)).toBe(
    'process 321, a machine of the start-all still running as process 300 (node dist/scripts/start-all.js -d 0): stop that run (Ctrl+C in its terminal, or kill 300)',
  );
  // A machine started by hand: itself, to stop.
  expect(portHolderText({ process: { pid: 321, command: 'node dist/bundle/machine.mjs 1' } })).toBe('process 321 (node dist/bundle/machine.mjs 1), a lamport-lab command still running: stop it (kill 321)');
  expect(portHolder(40002, proc)).toBeUndefined();
  expect(portHolder(40001, join(proc, 'missing'))).toBeUndefined();
});

test("a port nothing listens on, held by an outgoing connection's local end in TIME-WAIT: start-all names the connection and the ephemeral range", async () => {
  // A connection this side closes first leaves its local port, drawn from the ephemeral range, in TIME-WAIT for a minute.
  const server = net.createServer((socket) => socket.on('end', () => socket.end()).resume()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const serverPort = (server.address() as net.AddressInfo).port;
  const client = net.connect(serverPort, '127.0.0.1');
  await once(client, 'connect');
  const port = client.localPort!;
  client.end();
  await once(client, 'close');
  await new Promise((resolve) => server.close(resolve));
  expect(portConnection(port)).toEqual({ remotePort: serverPort, state: 'TIME-WAIT' });
  const [low, high] = ephemeralPortRange()!;
  const dir = tempDir();
  const config = await writeConfig(dir, 2);
  const file = JSON.parse(readFileSync(config, 'utf8')) as { machines: Record<string, { port: number }> };
  file.machines['1']!.port = port;
  writeFileSync(config, JSON.stringify(file));
  const r = await runScript('start-all', ['-c', config, '-d', '1', '--log-dir', join(dir, 'run')]);
  expect([r.exitCode, r.stdout]).toEqual([2, '']);
  expect(r.stderr).toBe(
    `start-all: error: machine 1: cannot listen on 127.0.0.1:${port}: the port is already in use by the local end of a connection to port ${serverPort} (TIME-WAIT, which ends within a minute); ` +
      `ports ${low}-${high} are this host's ephemeral range, from which every outgoing connection (a run's own among them) takes its local port: give the machines ports below ${low}`,
  );
});

test("the connections /proc lists: their state in words; none blamed on a port something listens on (even a listener we cannot name, another user's)", () => {
  const proc = tempDir('lamport-proc-');
  mkdirSync(join(proc, 'net'));
  const head = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  // Port 40001 (0x9C41): a connection to port 5002 (0x138A), established; port 40004 (0x9C44) the same, beside a
  // listener (its accepted connection); port 40003 a closing one in tcp6.
  const rows = ['0100007F:9C41 0100007F:138A 01', '0100007F:9C44 00000000:0000 0A', '0100007F:9C44 0100007F:138A 01'];
  writeFileSync(join(proc, 'net', 'tcp'), head + rows.map((row, i) => `   ${i}: ${row} 0 0 0 0 0 ${777 + i}\n`).join(''));
  writeFileSync(join(proc, 'net', 'tcp6'), `${head}   0: 0000000000000000FFFF00000100007F:9C43 0000000000000000FFFF00000100007F:138B 0B 0 0 0 0 0 779\n`);
  expect(portConnection(40004, proc)).toBeUndefined();
  expect(portConnection(40001, proc)).toEqual({ remotePort: 5002, state: 'ESTABLISHED' });
  expect(portConnection(40003, proc)).toEqual({ remotePort: 5003, state: 'CLOSING' });
  expect(portConnection(40002, proc)).toBeUndefined();
  const inUse = Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
  expect(describeListenError(inUse, '127.0.0.1', 40001, { holder: () => undefined, connection: (p) => portConnection(p, proc), ephemeral: [32768, 60999] })).toBe(
    "cannot listen on 127.0.0.1:40001: the port is already in use by the local end of a connection to port 5002 (ESTABLISHED, until it closes); ports 32768-60999 are this host's ephemeral range, from which every outgoing connection (a run's own among them) takes its local port: give the machines ports below 32768",
  );
  // Below the range: no word of it.
  expect(describeListenError(inUse, '127.0.0.1', 5001, { holder: () => undefined, connection: () => undefined, ephemeral: [32768, 60999] })).toBe(
    'cannot listen on 127.0.0.1:5001: the port is already in use (by another program, or by a run still going)',
  );
});
