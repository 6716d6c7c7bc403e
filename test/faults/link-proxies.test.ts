// One proxy per directed link: each machine dials its peers through them, and plan steps change only their links.
import { LinkProxies } from '../../src/faults/link-proxies.js';
import { planFaults } from '../../src/faults/plan.js';
import { parseFaultSchedule } from '../../src/faults/schedule.js';
import { closed, dial, Target } from './tcp.js';
import net from 'node:net';
import { faultPortsShortfall, portsIn, proxyPortCandidates } from '../../src/faults/proxy-ports.js';
import { ephemeralPortRange } from '../../src/net/ephemeral-range.js';
import { freeConsecutivePorts, freePort } from '../helpers/ports.js';

const ids = [1, 2, 3];
let machines: Map<number, Target>;
let links: LinkProxies;
const clients: net.Socket[] = [];

beforeEach(async () => {
  machines = new Map(await Promise.all(ids.map(async (id) => [id, await Target.start()] as const)));
  const addresses = new Map(ids.map((id) => [id, { host: '127.0.0.1', port: machines.get(id)!.port }]));
  links = await LinkProxies.start({ machines: addresses, seed: 3 });
});

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.destroy();
  await links.close();
  await Promise.all([...machines.values()].map((m) => m.close()));
});

/** Machine `from` dials `to` through its proxy and says who it is; resolves once `to` has the line. */
async function send(from: number, to: number): Promise<net.Socket> {
  const target = machines.get(to)!;
  const before = target.connections.length;
  const socket = await dial(links.dialAddress(from, to).port);
  clients.push(socket);
  socket.write(`hello:${from}\n`);
  await target.until(
    () => target.connections.slice(before).some((c) => Buffer.concat(c.chunks).toString() === `hello:${from}\n`),
    `a new connection to receive hello:${from}`,
  );
  return socket;
}

const steps = (events: unknown[]) => planFaults(parseFaultSchedule({ events }), ids);
const refused = (from: number, to: number) => expect(dial(links.dialAddress(from, to).port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

test('each machine gets one distinct proxy address per peer, and each reaches that peer', async () => {
  const all = ids.flatMap((from) => [...links.peerAddresses(from)].map(([to, a]) => ({ from, to, port: a.port })));
  expect(all.map(({ from, to }) => `${from}->${to}`)).toEqual(['1->2', '1->3', '2->1', '2->3', '3->1', '3->2']);
  const realPorts = new Set([...machines.values()].map((m) => m.port));
  expect(new Set(all.map((a) => a.port)).size).toBe(6);
  expect(all.some((a) => realPorts.has(a.port))).toBe(false);
  for (const { from, to } of all) await send(from, to);
});

test('a latency step slows its own link only', async () => {
  const [add] = steps([{ at: 0, action: 'add', links: '1->2', toxic: { type: 'latency', name: 'lag', attributes: { latency: 200 } } }]);
  await links.apply(add!);
  expect(links.proxy(1, 2).activeToxics.map((t) => t.name)).toEqual(['lag']);
  expect(links.proxy(2, 1).activeToxics).toEqual([]);
  const sent = performance.now();
  await send(1, 2);
  expect(performance.now() - sent).toBeGreaterThanOrEqual(190);
});

test('cutting every link of machine 3 refuses its dials both ways and closes its connections; up restores them', async () => {
  const open = await send(1, 3);
  const plan = steps([{ at: 0, until: 5, action: 'down', links: 'machine:3' }]);
  for (const step of plan.filter((s) => s.at === 0)) await links.apply(step);
  await closed(open);
  await refused(1, 3);
  await refused(3, 2);
  await send(1, 2);
  for (const step of plan.filter((s) => s.at === 5)) await links.apply(step);
  await send(1, 3);
  await send(3, 2);
});

test('a killed machine refuses dials until restarted, and a link the schedule holds down stays down', async () => {
  const plan = steps([
    { at: 1, action: 'down', links: '1->2' },
    { at: 2, action: 'kill', machine: 2 },
    { at: 3, action: 'restart', machine: 2 },
    { at: 4, action: 'up', links: '1->2' },
  ]);
  const [down, kill, restart, up] = plan;
  await links.apply(down!);
  await links.apply(kill!);
  await refused(3, 2);
  await send(2, 1); // the dead machine's own outbound links are not the proxies' business
  await links.apply(restart!);
  await send(3, 2);
  await refused(1, 2);
  await links.apply(up!);
  await send(1, 2);
});

test('the proxies listen below the ephemeral range, where no outgoing connection or port-0 listener can take a down link\'s port', async () => {
  const range = ephemeralPortRange();
  const ports = ids.flatMap((from) => [...links.peerAddresses(from).values()].map((a) => a.port));
  if (range) for (const port of ports) expect(port < range[0] && port >= 10000).toBe(true);
  // Held down (not listening) and up again, each keeps its port: the dials of the machines name it.
  for (const id of ids) await links.apply({ at: 0, event: -1, label: 't', action: 'kill', machine: id });
  for (const id of ids) await links.apply({ at: 0, event: -1, label: 't', action: 'restart', machine: id });
  expect(ids.flatMap((from) => [...links.peerAddresses(from).values()].map((a) => a.port))).toEqual(ports);
  await send(1, 2);
});

test('a proxy skips a port in use and never takes a machine\'s own port', async () => {
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const busyPort = (busy.address() as net.AddressInfo).port;
  const machinePort = machines.get(1)!.port;
  const free = await freePort();
  const more = await LinkProxies.start({ machines: new Map([[1, { host: '127.0.0.1', port: machinePort }], [2, { host: '127.0.0.1', port: machines.get(2)!.port }]]), seed: 1, ports: [busyPort, machinePort, free] });
  try {
    expect(more.dialAddress(1, 2).port).toBe(free);
    expect([busyPort, machinePort, free]).not.toContain(more.dialAddress(2, 1).port); // the candidates ran out: port 0
    expect(more.dialAddress(2, 1).port).not.toBe(machinePort);
  } finally {
    await more.close();
    await new Promise((resolve) => busy.close(resolve));
  }
});

test('proxyPortCandidates: from a random start below the ephemeral range, wrapping around, without the ports to avoid', () => {
  const candidates = [...proxyPortCandidates(new Set([10001]), [11003, 60999], () => 0.999)];
  expect(candidates.slice(0, 3)).toEqual([11001, 11002, 10000]);
  expect(candidates).toHaveLength(1002);
  expect([...proxyPortCandidates(new Set(), [10500, 60999])]).toEqual([]);
  expect([...proxyPortCandidates(new Set(), null)]).toEqual([]);
});

test("config.json's faultPorts: every proxy listens in the range (never on a machine's port nor one in use); a range too small is one line", async () => {
  const first = await freeConsecutivePorts(8);
  // The range holds machine 1's port and a busy one: the 6 proxies take the 6 others.
  const listening = (port: number) => new Promise<net.Server>((resolve) => { const server = net.createServer(); server.listen(port, '127.0.0.1', () => resolve(server)); });
  const [machine1, busy] = [await listening(first), await listening(first + 3)];
  try {
    const addresses = new Map(ids.map((id) => [id, { host: '127.0.0.1', port: id === 1 ? first : machines.get(id)!.port }]));
    const confined = await LinkProxies.start({ machines: addresses, seed: 1, portRange: [first, first + 7] });
    const ports = ids.flatMap((from) => [...confined.peerAddresses(from).values()].map((a) => a.port)).sort((a, b) => a - b);
    await confined.close();
    expect(ports).toEqual([first + 1, first + 2, first + 4, first + 5, first + 6, first + 7]);
    // One port short: refused before any proxy starts; and a range whose free ports run out says so.
    expect(faultPortsShortfall([first, first + 5], new Set([first]), 3)).toBe(`faultPorts [${first}, ${first + 5}] has 5 ports for the fault proxies, leaving out the machines' own port in it, but 3 machines need 6 (one per direction of each link)`);
    await expect(LinkProxies.start({ machines: addresses, seed: 1, portRange: [first, first + 5] })).rejects.toThrow(/has 5 ports for the fault proxies, leaving out the machines' own port in it, but 3 machines need 6/);
    await expect(LinkProxies.start({ machines: addresses, seed: 1, portRange: [first + 1, first + 6] })).rejects.toThrow(`faultPorts [${first + 1}, ${first + 6}] ran out of free ports: the fault proxies need 6 (one per direction of each link), and other programs listen on some of its ports (on a shared host, maybe another run given the same range); give this run a range of its own, or a wider one`);
  } finally {
    await Promise.all([machine1, busy].map((server) => new Promise((resolve) => server.close(resolve))));
  }
});

test('portsIn: the range in order, without the ports to avoid; given a draw, from a port drawn in it and around', () => {
  expect([...portsIn([20000, 20004], new Set([20001, 20004]))]).toEqual([20000, 20002, 20003]);
  expect([...portsIn([20000, 20004], new Set([20001]), () => 0.5)]).toEqual([20002, 20003, 20004, 20000]);
  expect([...portsIn([20000, 20004], new Set(), () => 0.99)]).toEqual([20004, 20000, 20001, 20002, 20003]);
});
