#!/usr/bin/env bash
# spin-gate.sh PID SOCKET: for 4 sequential connections (round-robin over the event loops), the
# poll(2) calls natoazd makes during 1,000 sequential pings: >0 means the busy-poll gate
# (the loop's connection count == 1) passed; 0 on a loop means its count drifted.
pid=$1; sock=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(mktemp -d)/perf
# needs perf and tracefs (syscalls:sys_enter_poll); run it after a storm (probe.py storm) to
# check that every close path took its connection out of its loop's count.
for k in 1 2 3 4; do
  perf stat -e syscalls:sys_enter_poll -p $pid -o "$out.$k" sleep 3 & s=$!
  sleep 0.3; python3 "$here/probe.py" $sock pingloop 1000 >/dev/null; wait $s
  echo "connection $k: polls $(awk '/sys_enter_poll/{print $1}' "$out.$k")"
done
