#!/usr/bin/env bash
# Several hosts on one machine: three network namespaces joined by veth pairs to a bridge, one machine per namespace on
# its own address, a run across them with a partition (blackhole routes) made and healed, then `npm run check`.
# Needs root and iproute2; without them it says so and exits 0. Everything it creates is removed on exit.
#
#   sudo scripts/netns-demo.sh [seconds]      (default 15; the partition covers the middle third of the run)
set -euo pipefail

seconds=${1:-15}
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "netns-demo: needs root (network namespaces); skipped. Run it with sudo." >&2
  exit 0
fi
if ! command -v ip >/dev/null || ! ip netns list >/dev/null 2>&1; then
  echo "netns-demo: needs iproute2 with network namespace support; skipped." >&2
  exit 0
fi
[[ -f dist/bundle/machine.mjs ]] || npm run -s build

tag="ll$$"                      # unique names, so two demos never collide
bridge="${tag}br"
subnet="10.231.$(($$ % 250)).0"
prefix="${subnet%.0}"
run_dir="logs/netns-$(date -u +%Y%m%d-%H%M%S)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for i in 1 2 3; do ip netns del "${tag}n$i" 2>/dev/null || true; done
  ip link del "$bridge" 2>/dev/null || true
}
trap cleanup EXIT

if ! ip link add "$bridge" type bridge 2>/dev/null; then
  echo "netns-demo: cannot create network devices here (no CAP_NET_ADMIN?); skipped." >&2
  exit 0
fi
ip link set "$bridge" up
for i in 1 2 3; do
  ns="${tag}n$i"
  ip netns add "$ns"
  ip link add "${tag}h$i" type veth peer name "${tag}c$i"
  ip link set "${tag}h$i" master "$bridge" up
  ip link set "${tag}c$i" netns "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$prefix.$i/24" dev "${tag}c$i"
  ip -n "$ns" link set "${tag}c$i" up
done
mkdir -p "$run_dir"
config="$run_dir/config.json"
cat >"$config" <<EOF
{
  "machines": {
    "1": { "host": "$prefix.1", "port": 5001, "rate": 4 },
    "2": { "host": "$prefix.2", "port": 5001, "rate": 5 },
    "3": { "host": "$prefix.3", "port": 5001, "rate": 6 }
  },
  "durationSeconds": $seconds,
  "internalProbability": 0.5,
  "seed": 42
}
EOF
echo "netns-demo: machines on $prefix.1, $prefix.2, $prefix.3 (namespaces ${tag}n1..3); logs in $run_dir"

for i in 1 2 3; do
  ip netns exec "${tag}n$i" node --no-memory-reducer dist/bundle/machine.mjs "$i" --config "$config" --log-dir "$run_dir" --duration 0 --quiet &
  pids+=($!)
  sleep 0.25
done

third=$((seconds / 3))
sleep "$third"
echo "netns-demo: partition: machines 1 and 3 cannot reach each other (blackhole routes)"
ip -n "${tag}n1" route add blackhole "$prefix.3/32"
ip -n "${tag}n3" route add blackhole "$prefix.1/32"
sleep "$third"
echo "netns-demo: healed"
ip -n "${tag}n1" route del blackhole "$prefix.3/32"
ip -n "${tag}n3" route del blackhole "$prefix.1/32"
sleep $((seconds - 2 * third))

echo "netns-demo: stopping every machine together"
kill -TERM "${pids[@]}"
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
pids=()
if ((status)); then
  echo "netns-demo: a machine failed" >&2
  exit 1
fi
node dist/scripts/check.js "$run_dir"
