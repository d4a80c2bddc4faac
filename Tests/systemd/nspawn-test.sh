#!/usr/bin/env bash
# Boots the real natoazd units in a Debian container and drives them with the real binaries:
# the proof that the sandbox in systemd/natoazd.service is one the daemon can live with.
#
#   make systemd-test            (needs root: debootstrap and systemd-nspawn)
#
# 1. Installs natoazd and natoazctl with `make install DESTDIR=... PREFIX=/usr/local` (units,
#    snippets, seeds included): the release build, Swift runtime linked statically.
# 2. Debootstraps a minimal Debian rootfs with systemd and the C libraries the binaries link,
#    once: it is cached under .build-nspawn/ (git-ignored), keyed by its package list.
# 3. Lays a scratch overlay on the cache, adds the installed files and a one-shot unit that runs
#    Tests/systemd/in-container.sh at boot, and boots it with `systemd-nspawn -b`. The script
#    writes TAP to /results and powers the container off.
# 4. Prints the results; exits non-zero if any check failed or the container did not finish.
#
# Environment: NATOAZ_NSPAWN_TIMEOUT (seconds, default 300), NATOAZ_NSPAWN_SUITE (bookworm),
# NATOAZ_NSPAWN_MIRROR (default: the Debian mirror apt uses here), NATOAZ_NSPAWN_BUILD:
#   release (default) what `make install` builds: release, Swift runtime linked statically;
#   debug            the `swift build` binaries `make test` has already built, with the
#                    toolchain's Swift runtime bound read-only into the container (for CI:
#                    no second build).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$repo/.build-nspawn
suite=${NATOAZ_NSPAWN_SUITE:-bookworm}
timeout_seconds=${NATOAZ_NSPAWN_TIMEOUT:-300}
root=$work/root
results=$work/results
build=${NATOAZ_NSPAWN_BUILD:-release}
started=$(date +%s)

say() { echo "nspawn-test: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}
elapsed() { echo "$(($(date +%s) - started)) s"; }

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap and systemd-nspawn); run: sudo make systemd-test"
"$repo/.ci/ensure-packages" systemd-container debootstrap

# The Debian mirror apt already uses: the first deb822 or one-line source serving the suite.
debian_mirror() {
    local uri
    uri=$(awk -v suite="$suite" '
        /^URIs:/ { uris = $2 }
        /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = uris }
        /^$/ { if (found) { print found; exit } }
        END { if (found) print found }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
    if [[ -z $uri ]]; then
        uri=$(awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' \
            /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1)
    fi
    echo "${uri:-http://deb.debian.org/debian}"
}
mirror=${NATOAZ_NSPAWN_MIRROR:-$(debian_mirror)}

# 1. Build and install. The static Swift runtime makes the binaries need only Debian's libraries.
case $build in
release)
    say "building natoazd and natoazctl (make install: release, static Swift runtime) [$(elapsed)]"
    release_flags=() ;;
debug)
    say "building natoazd and natoazctl (debug, as make test does) [$(elapsed)]"
    release_flags=(RELEASE_FLAGS="-c debug") ;;
*) die "NATOAZ_NSPAWN_BUILD must be release or debug, not '$build'" ;;
esac
stage=$work/stage
rm -rf "$stage"
# A fresh clone has no cache folder yet.
mkdir -p "$work"
make -C "$repo" --no-print-directory install DESTDIR="$stage" PREFIX=/usr/local \
    "${release_flags[@]}" >"$work/install.log" 2>&1 ||
    die "make install failed; see $work/install.log: $(tail -n 5 "$work/install.log")"
for exe in natoazd natoazctl; do
    [[ -x $stage/usr/local/bin/$exe ]] || die "make install did not install $exe"
done

# 2. The Debian packages holding the binaries' shared libraries, so the rootfs has them.
# Libraries outside Debian (the toolchain's Swift runtime, in a debug build) are bound
# read-only at the same path instead.
runtime_packages() {
    local exe lib resolved
    local -a libs=()
    for exe in "$stage"/usr/local/bin/natoazd "$stage"/usr/local/bin/natoazctl; do
        if ldd "$exe" | grep -q 'not found'; then
            die "$exe has unresolved libraries: $(ldd "$exe" | grep 'not found')"
        fi
        mapfile -t -O "${#libs[@]}" libs < <(ldd "$exe" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
    done
    for lib in "${libs[@]}"; do
        resolved=$(readlink -f "$lib")
        # usrmerge: dpkg may know the file under /lib or under /usr/lib.
        if ! dpkg -S "$resolved" 2>/dev/null && ! dpkg -S "${resolved#/usr}" 2>/dev/null; then
            [[ $build == debug ]] ||
                die "$resolved is in no Debian package: is the Swift runtime linked statically?"
        fi
    done | cut -d: -f1 | sort -u | tr '\n' ' '
}
foreign_libraries() {
    local exe
    for exe in "$stage"/usr/local/bin/natoazd "$stage"/usr/local/bin/natoazctl; do
        ldd "$exe" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'
    done | while read -r lib; do
        dpkg -S "$(readlink -f "$lib")" >/dev/null 2>&1 || dpkg -S "$lib" >/dev/null 2>&1 ||
            dirname "$(readlink -f "$lib")"
    done | sort -u
}
# The C libraries natoaz links (Makefile BUILD_PKGS) are always in, so the release and
# debug builds share one cached rootfs; whatever else the binaries link is added to them.
packages="systemd systemd-sysv dbus libzstd1 libutf8proc2 libstemmer0d $(runtime_packages)"
mapfile -t foreign_dirs < <(foreign_libraries)
binds=(--bind="$results:/results")
for dir in "${foreign_dirs[@]}"; do
    say "binding $dir read-only (libraries Debian does not ship)"
    binds+=(--bind-ro="$dir")
done
packages=$(echo "$packages" | tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd, -)
key=$(echo "$suite $mirror $packages" | sha256sum | cut -c1-12)
base=$work/rootfs-$suite-$key
if [[ ! -d $base ]]; then
    say "debootstrap $suite from $mirror with $packages [$(elapsed)]"
    rm -rf "$base.partial"
    mkdir -p "$work"
    debootstrap --variant=minbase --include="$packages" "$suite" "$base.partial" "$mirror" \
        >"$work/debootstrap.log" 2>&1 ||
        {
            # No rootfs means nothing of ours was tested: say so with its own status (77, as
            # automake's "skipped"), so CI can tell an unreachable mirror from a failed check.
            say "error: debootstrap failed; see $work/debootstrap.log: $(tail -n 5 "$work/debootstrap.log")"
            exit 77
        }
    mv "$base.partial" "$base"
else
    say "using cached rootfs $base"
fi

# 3. A scratch root: the cached rootfs, the installed files and the boot-time test unit.
say "preparing $root [$(elapsed)]"
# An overlay keeps the cached rootfs pristine and costs nothing; its upper layer keeps what the
# run changed, for a look afterwards. A plain copy where overlayfs is unavailable.
mountpoint -q "$root" && umount "$root"
rm -rf "$root" "$results" "$work/overlay"
mkdir -p "$root" "$work/overlay/upper" "$work/overlay/work"
if mount -t overlay natoaz-nspawn -o "lowerdir=$base,upperdir=$work/overlay/upper,workdir=$work/overlay/work" "$root"; then
    trap 'umount "$root" 2>/dev/null || true' EXIT
else
    say "overlayfs unavailable; copying the rootfs"
    cp -a --reflink=auto "$base"/. "$root"/
fi
cp -a "$stage"/. "$root"/
mkdir -p "$results" "$root/opt/natoaz-test" "$root/var/log/journal"
install -m 0755 "$repo/Tests/systemd/in-container.sh" "$root/opt/natoaz-test/run"
cat >"$root/etc/systemd/system/natoaz-nspawn-test.service" <<'EOF'
[Unit]
Description=natoaz systemd deployment test
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/opt/natoaz-test/run /results
ExecStopPost=/bin/systemctl poweroff --no-block
StandardOutput=journal+console
TimeoutStartSec=240
EOF
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/natoaz-nspawn-test.service \
    "$root/etc/systemd/system/multi-user.target.wants/natoaz-nspawn-test.service"

# 4. Boot. --register=no and --keep-unit: no machined, no D-Bus on the host needed.
say "booting the container (timeout ${timeout_seconds} s) [$(elapsed)]"
boot_started=$(date +%s)
status=0
timeout --kill-after=10 "$timeout_seconds" systemd-nspawn --quiet -D "$root" \
    --register=no --keep-unit --boot --console=pipe \
    "${binds[@]}" >"$work/console.log" 2>&1 || status=$?
boot_seconds=$(($(date +%s) - boot_started))
if [[ $status -eq 124 || $status -eq 137 ]]; then
    say "the container did not power off within ${timeout_seconds} s"
fi

# 5. Results.
[[ -f $results/tap ]] && cat "$results/tap"
failed=0
if [[ ! -f $results/tap ]]; then
    say "no results: the test unit never ran. Console:"
    tail -n 40 "$work/console.log" >&2
    failed=1
elif grep -q '^not ok' "$results/tap" || ! grep -q '^# done' "$results/tap"; then
    failed=1
fi
if [[ $failed -ne 0 ]]; then
    say "FAILED after $(elapsed) (container ${boot_seconds} s). natoazd's journal:"
    [[ -f $results/natoazd.journal ]] && tail -n 60 "$results/natoazd.journal" >&2
    say "full journal: $results/journal.txt; console: $work/console.log; changes: $work/overlay/upper"
    exit 1
fi
say "passed in $(elapsed) (container boot to power-off: ${boot_seconds} s)"
