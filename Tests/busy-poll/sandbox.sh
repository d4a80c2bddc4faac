#!/usr/bin/env bash
# sandbox.sh BINDIR CORPUS SOCKET: natoazd --busy-poll 50us as nobody, no new privileges, no
# capabilities, in its own mount and pid namespaces with /proc mounted as the unit's
# ProtectProc=invisible and ProcSubset=pid mount it (hidepid=invisible,subset=pid): the
# busy-poll's descriptor lookup (/proc/self/fd) must work there (spin-gate.sh PID SOCKET shows
# spins). Needs root; CORPUS and the socket's directory must be readable (and the directory
# writable) by nobody. The unit's syscall filter allows what a spin calls (poll, sched_yield,
# getrusage, getsockopt, getdents64: systemd-analyze syscall-filter).
exec unshare --mount --pid --fork --propagation private bash -c '
  mount -t proc -o hidepid=invisible,subset=pid proc /proc || exit 9
  exec setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs --inh-caps=-all \
    --bounding-set=-all "$0/natoazd" --socket "$2" \
    --corpus "$1" --no-cache --busy-poll 50us' "$(cd "$1" && pwd)" "$2" "$3"
