#!/usr/bin/env bash
# Runs inside the booted test container (see nspawn-test.sh) as root, after multi-user.target.
# Follows Documentation/operations.md as an operator would, then checks what systemd and the
# daemon report. Writes TAP to $1/tap, natoazd's journal and the whole boot's journal next to
# it, and ends with "# done" when every step ran (failed or not).
set -u
results=${1:-/results}
tap=$results/tap
ctl=/usr/local/bin/natoazctl
sock=/run/natoaz/natoaz.sock
unit=natoazd.service
: >"$tap"
n=0

ok() {
    n=$((n + 1))
    echo "ok $n - $1" >>"$tap"
}
not_ok() {
    n=$((n + 1))
    echo "not ok $n - $1" >>"$tap"
    shift
    printf '%s\n' "$@" | sed 's/^/#   /' >>"$tap"
}
# check DESCRIPTION COMMAND...: passes when COMMAND exits 0; its output explains a failure.
check() {
    local description=$1 output
    shift
    if output=$("$@" 2>&1); then ok "$description"; else not_ok "$description" "$output"; fi
}
# expect DESCRIPTION ACTUAL WANTED
expect() {
    if [[ $2 == "$3" ]]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi
}
prop() { systemctl show -P "$2" "$1"; }
# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds or time runs out.
wait_for() {
    local deadline=$(($(date +%s) + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        [[ $(date +%s) -ge $deadline ]] && return 1
        sleep 0.2
    done
}
generation() { $ctl info --socket $sock --json | grep -o '"generation":[0-9]*' | head -n1 | cut -d: -f2; }
as_user() {
    local user=$1
    shift
    setpriv --reuid="$user" --regid="$user" --init-groups --reset-env "$@"
}
is_running() { [[ $(prop $unit ActiveState)/$(prop $unit SubState) == active/running ]]; }
# Conditions for wait_for, evaluated afresh on every try.
generation_above() { [[ $(generation) -gt $1 ]]; }
restarted() { [[ $(prop $unit NRestarts) -ge 1 ]]; }
has_failed() { [[ $(prop $unit ActiveState) == failed ]]; }

# --- Install, as Documentation/operations.md says (the files are already in /usr/local).
check "systemd-sysusers creates the natoaz user and group" systemd-sysusers
check "systemd-tmpfiles creates /run/natoaz" systemd-tmpfiles --create
systemctl daemon-reload
check "systemctl enable --now natoazd.socket" systemctl enable --now natoazd.socket
expect "the socket listens" "$(prop natoazd.socket ActiveState)" active
expect "the service waits for its first client" "$(prop $unit ActiveState)" inactive
expect "the socket is root:natoaz 0660" "$(stat -c '%U:%G %a' $sock)" "root:natoaz 660"
expect "its directory is root:natoaz 0750" "$(stat -c '%U:%G %a' /run/natoaz)" "root:natoaz 750"

# --- Socket activation by the first request.
check "the first request (ping) starts natoazd" $ctl ping --socket $sock
wait_for 10 is_running
expect "natoazd is active and running (READY=1 received)" \
    "$(prop $unit ActiveState)/$(prop $unit SubState)" active/running
pid=$(prop $unit MainPID)
[[ $pid -gt 0 ]] || pid=none
expect "natoazd runs as natoaz" "$(stat -c %U /proc/"$pid")" natoaz
status=$(cat /proc/"$pid"/status)
expect "natoazd has no capabilities" "$(awk '/^CapEff/ {print $2}' <<<"$status")" 0000000000000000
expect "natoazd runs under a seccomp filter" "$(awk '/^Seccomp:/ {print $2}' <<<"$status")" 2
expect "natoazd cannot gain privileges" "$(awk '/^NoNewPrivs/ {print $2}' <<<"$status")" 1
[[ -n $(prop $unit StatusText) ]] && ok "natoazd reports a STATUS= line: $(prop $unit StatusText)" ||
    not_ok "natoazd reports a STATUS= line"
documents=$($ctl info --socket $sock --json | grep -o '"documentCount":[0-9]*' | cut -d: -f2)
[[ ${documents:-0} -gt 0 ]] && ok "info reports $documents documents" ||
    not_ok "info reports documents" "$($ctl info --socket $sock 2>&1)"

# --- Who may connect: the natoaz group, nobody else.
useradd --no-create-home --groups natoaz alice
useradd --no-create-home bob
check "a member of the natoaz group can query" as_user alice $ctl ping --socket $sock
output=$(as_user bob $ctl ping --socket $sock 2>&1)
code=$?
expect "a user outside the natoaz group cannot connect (exit 3)" "$code" 3
output=$(as_user alice $ctl reload --socket $sock 2>&1)
[[ $? -ne 0 && ${output,,} == *permission* ]] && ok "reload is refused to a mere member" ||
    not_ok "reload is refused to a mere member" "$output"

# --- The index snapshot: CacheDirectory= gives natoazd /var/cache/natoaz ($CACHE_DIRECTORY),
# where the first start, which loaded the corpus from its text, writes the snapshot.
snapshot_written() { compgen -G '/var/cache/natoaz/corpus-*.snapshot'; }
expect "the cache directory is natoaz's, mode 0700" \
    "$(stat -c '%U %a' /var/cache/natoaz 2>&1)" "natoaz 700"
wait_for 20 snapshot_written && ok "the index snapshot is written to /var/cache/natoaz" ||
    not_ok "the index snapshot is written to /var/cache/natoaz" "$(ls -la /var/cache/natoaz 2>&1)"
# from_snapshot PID: that process's journal says it started from the snapshot.
from_snapshot() {
    journalctl --sync
    journalctl _PID="$1" --no-pager -o cat | grep -q "corpus loaded from snapshot"
}

# --- Configuration through a drop-in: an admin group, and a short watchdog to watch it work;
# busy-poll on, so that what follows runs its spins (poll, sched_yield, getrusage, the
# /proc/self/fd lookup) under the unit's syscall filter and /proc options.
groupadd natoaz-admin
useradd --no-create-home --groups natoaz,natoaz-admin carol
mkdir -p /etc/systemd/system/natoazd.service.d
cat >/etc/systemd/system/natoazd.service.d/test.conf <<'EOF'
[Service]
Environment=NATOAZ_ADMIN_GROUPS=natoaz-admin
Environment=NATOAZ_BUSY_POLL=50us
WatchdogSec=2s
EOF
systemctl daemon-reload
check "natoazd restarts with the drop-in" systemctl restart $unit
pid=$(prop $unit MainPID)
[[ $pid -gt 0 ]] || pid=none
wait_for 10 from_snapshot "$pid" && ok "the restart loads the corpus from the index snapshot" ||
    not_ok "the restart loads the corpus from the index snapshot" \
        "$(journalctl _PID="$pid" --no-pager -o cat 2>&1 | head -20)"
before=$(generation)
check "a member of an admin group reloads (peer credentials seen through the sandbox)" \
    as_user carol $ctl reload --socket $sock
after=$(generation)
[[ -n $before && -n $after && $after -gt $before ]] && ok "the Reload method swapped in generation $after" ||
    not_ok "the Reload method swapped in a new generation" "before '$before', after '$after'"
watchdog_then=$(prop $unit WatchdogTimestampMonotonic)
sleep 5
watchdog_now=$(prop $unit WatchdogTimestampMonotonic)
[[ $watchdog_now -gt $watchdog_then ]] && ok "WATCHDOG=1 keeps arriving (WatchdogSec=2s, 5 s)" ||
    not_ok "WATCHDOG=1 keeps arriving" "WatchdogTimestampMonotonic $watchdog_then -> $watchdog_now"
expect "the watchdog never fired: same process" "$(prop $unit MainPID)" "$pid"

# --- systemctl reload: synchronous through ExecReload, same process, new generation.
before=$(generation)
check "systemctl reload natoazd" systemctl reload $unit
after=$(generation)
[[ -n $after && $after -gt $before ]] && ok "systemctl reload returns with generation $after serving" ||
    not_ok "systemctl reload returns with a new generation serving" "before '$before', after '$after'"
expect "reload kept the process" "$(prop $unit MainPID)" "$pid"
expect "natoazd is running again after the reload" \
    "$(prop $unit ActiveState)/$(prop $unit SubState)" active/running
# A reload that fails (the corpus is gone) fails `systemctl reload`; the old corpus serves on.
mv /usr/local/share/natoaz/seeds /usr/local/share/natoaz/seeds.away
output=$(systemctl reload $unit 2>&1)
[[ $? -ne 0 ]] && ok "a failed reload fails systemctl reload" ||
    not_ok "a failed reload fails systemctl reload" "$output"
mv /usr/local/share/natoaz/seeds.away /usr/local/share/natoaz/seeds
expect "the old corpus keeps serving" "$(generation)" "$after"
expect "a failed reload kept the process" "$(prop $unit MainPID)" "$pid"
# SIGHUP (what an operator's `kill -HUP` sends) reloads too; systemd tracks it by RELOADING=1.
before=$(generation)
systemctl kill --signal=SIGHUP --kill-who=main $unit
wait_for 20 generation_above "$before" && wait_for 10 is_running
after=$(generation)
[[ -n $after && $after -gt $before ]] && ok "SIGHUP swapped in generation $after" ||
    not_ok "SIGHUP swapped in a new generation" "before '$before', after '$after'"
expect "SIGHUP kept the process" "$(prop $unit MainPID)" "$pid"
check "natoazd answers after the reloads" $ctl info --socket $sock

# --- Restart=on-failure: a crash is repaired, and the socket never stops listening.
systemctl kill --signal=SIGKILL $unit
wait_for 15 restarted
expect "a killed natoazd is restarted" "$(prop $unit NRestarts)" 1
check "natoazd answers after the restart" wait_for 15 $ctl ping --socket $sock

# --- Stop: STOPPING=1, a clean exit, and activation again on the next request.
check "systemctl stop natoazd" systemctl stop $unit
expect "natoazd exited cleanly" "$(prop $unit Result)/$(prop $unit ExecMainStatus)" success/0
check "the next request activates natoazd again" $ctl ping --socket $sock
check "stopping the socket and the service" systemctl stop natoazd.socket $unit
[[ ! -e $sock ]] && ok "the socket file is removed" || not_ok "the socket file is removed"

# --- The journal: the daemon's own lines, no sandbox kills, no errors.
journalctl --sync
journalctl -u $unit --no-pager -o short-monotonic >"$results/natoazd.journal"
own=$(journalctl _SYSTEMD_UNIT=$unit SYSLOG_IDENTIFIER=natoazd --no-pager -o cat)
[[ -n $own ]] && ok "natoazd logs to the journal ($(wc -l <<<"$own") lines)" ||
    not_ok "natoazd logs to the journal"
# The one error expected is the reload provoked above, with its reason.
provoked=$(journalctl _SYSTEMD_UNIT=$unit SYSLOG_IDENTIFIER=natoazd -p err --no-pager -o cat |
    grep -c "reload failed.*seeds' does not exist")
expect "natoazd logged the failed reload as an error, with its reason" "$provoked" 1
errors=$(journalctl _SYSTEMD_UNIT=$unit SYSLOG_IDENTIFIER=natoazd -p err --no-pager -o cat |
    grep -v "reload failed.*seeds' does not exist")
[[ -z $errors ]] && ok "natoazd logged no other errors" || not_ok "natoazd logged no other errors" "$errors"
stamped=$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:' <<<"$own")
expect "no timestamps of its own under journald" "$stamped" 0
kills=$(grep -E 'status=31/SYS|code=dumped|core-dump' "$results/natoazd.journal")
[[ -z $kills ]] && ok "no sandbox kill in the journal" || not_ok "no sandbox kill" "$kills"

# --- The canary: a directive the daemon cannot live with must show up as a failure here.
cat >/etc/systemd/system/natoazd.service.d/canary.conf <<'EOF'
[Service]
SystemCallFilter=~@io-event
Restart=no
EOF
systemctl daemon-reload
systemctl reset-failed natoazd.socket $unit
cursor=$(journalctl --lines=0 --show-cursor | sed -n 's/^-- cursor: //p')
systemctl start natoazd.socket
timeout 20 $ctl ping --socket $sock >/dev/null 2>&1
code=$?
wait_for 20 has_failed
[[ $code -ne 0 ]] && ok "canary: natoazd without epoll fails its first request (exit $code)" ||
    not_ok "canary: natoazd without epoll fails its first request"
journalctl --sync
canary=$(journalctl -u $unit --after-cursor="$cursor" --no-pager -o cat)
[[ $canary == *"status=31/SYS"* ]] && ok "canary: the journal shows the seccomp kill" ||
    not_ok "canary: the journal shows the seccomp kill" "$canary"
systemctl stop natoazd.socket $unit
rm /etc/systemd/system/natoazd.service.d/canary.conf

journalctl -b --no-pager -o short-monotonic >"$results/journal.txt"
echo "1..$n" >>"$tap"
echo "# done" >>"$tap"
