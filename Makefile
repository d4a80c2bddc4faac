# natoaz: the two commands a newcomer needs are `make run` and `make test`.
# Everything else (Debian packages, the release build) is installed or built on demand.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share/natoaz
MANDIR   = $(DESTDIR)$(PREFIX)/share/man/man1
UNITDIR ?= $(DESTDIR)$(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(DESTDIR)$(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(DESTDIR)$(PREFIX)/lib/tmpfiles.d
BASHCOMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

SWIFT ?= swift
# Release builds link the Swift runtime statically, so the installed binaries need only Debian's
# libraries. natoazctl goes further: Package.swift links its release build as a fully static
# executable (with lld), which halves its start-up (BENCHMARKS.md, "natoazctl start-up").
# They also leave out Swift's run-time exclusivity checks (-enforce-exclusivity=unchecked, every
# module, SwiftNIO's included): on the request path they were a quarter of natoazd's instructions
# per Ping at one connection (BENCHMARKS.md, "Session 8"). The compiler's static checks stay, and
# debug builds, which the tests run, keep the run-time ones.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -enforce-exclusivity=unchecked
RELEASE_BIN = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path 2>/dev/null)

# Debian packages: what building needs, and what the test suite adds (real tools, no mocks).
BUILD_PKGS = libzstd-dev libutf8proc-dev libstemmer-dev
TEST_PKGS  = python3 python3-protobuf python3-zstandard protobuf-compiler systemd util-linux sqlite3
# make systemd-test boots the units in a debootstrapped container.
SYSTEMD_TEST_PKGS = systemd-container debootstrap

SOCKET ?= $(or $(NATOAZ_SOCKET),$(if $(XDG_RUNTIME_DIR),$(XDG_RUNTIME_DIR)/natoaz.sock,/tmp/natoaz-$(shell id -u)/natoaz.sock))

.PHONY: help deps test-deps build release run test lint bench install uninstall clean fuzz soak systemd-test man \
	protocol-gen protocol-dict

help:
	@echo "natoaz: make run (daemon on the bundled seeds) | make test (whole suite)"
	@echo "        make bench | make install [PREFIX=/usr/local DESTDIR=] | make clean"

deps:
	@.ci/ensure-packages $(BUILD_PKGS)

test-deps: deps
	@.ci/ensure-packages $(TEST_PKGS)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

run: release
	@bin="$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)"; \
	if [ ! -x "$$bin/natoazd" ]; then echo "natoazd was not built in $$bin: see the build output above."; exit 1; fi; \
	mkdir -p "$$(dirname "$(SOCKET)")"; \
	echo "natoazd: serving $(CURDIR)/seeds on $(SOCKET)"; \
	echo "try:     NATOAZ_SOCKET=$(SOCKET) $$bin/natoazctl search nato   (another terminal)"; \
	mkdir -p "$(CURDIR)/.build/natoaz-cache"; \
	exec "$$bin/natoazd" --socket "$(SOCKET)" --corpus "$(CURDIR)/seeds" \
		--cache-dir "$(CURDIR)/.build/natoaz-cache"

# The repository's .swift-format style, checked before the tests so a drift fails early.
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks/Package.swift \
		Benchmarks/Benchmarks

test: test-deps lint
	$(SWIFT) build
	$(SWIFT) test --parallel --num-workers 2

# natoazctl's man page, generated from its help by swift-argument-parser's generate-manual (the
# tool behind `swift package generate-manual`, run on natoazctl alone), dated by the last change
# to natoazctl so regenerating an unchanged tool changes nothing. The result is committed.
man: deps
	$(SWIFT) build --product natoazctl
	$(SWIFT) build --product generate-manual
	@bin="$$($(SWIFT) build --show-bin-path)"; \
	date="$$(git log -1 --format=%cs -- Sources/natoazctl 2>/dev/null)"; \
	mkdir -p Documentation; \
	"$$bin/generate-manual" "$$bin/natoazctl" --date "$${date:-$$(date +%F)}" \
		--authors "the natoaz project" --output-directory Documentation; \
	echo "wrote Documentation/natoazctl.1"

bench: release
	cd Benchmarks && $(SWIFT) package benchmark

# Regenerate the Swift message codecs from Protocol/natoaz.proto (commit the result).
protocol-gen: test-deps
	/usr/bin/python3 Protocol/generate_swift.py
	/usr/bin/python3 Protocol/generate_docs.py
	protoc -IProtocol --python_out=clients/python Protocol/natoaz.proto

# Retrain the zstd dictionary on the message mix over seeds/ (see Protocol/PROTOCOL.md).
protocol-dict: test-deps
	/usr/bin/python3 Protocol/dictionary/train.py

fuzz: deps
	Fuzz/run.sh

# The load-and-soak test at full size against the real daemon (the CI size runs in make test):
# SOAK_CLIENTS clients x SOAK_REQUESTS requests each, a reload every SOAK_RELOAD_MS.
SOAK_CLIENTS ?= 32
SOAK_REQUESTS ?= 20000
SOAK_RELOAD_MS ?= 100
soak: test-deps
	$(SWIFT) build
	NATOAZ_SOAK_CLIENTS=$(SOAK_CLIENTS) NATOAZ_SOAK_REQUESTS=$(SOAK_REQUESTS) \
	NATOAZ_SOAK_RELOAD_MS=$(SOAK_RELOAD_MS) NATOAZ_HOSTILE_VERBOSE=1 \
		$(SWIFT) test --filter LoadAndSoakTests

# Boots the units in a Debian container with the real daemon (needs root; installs the release
# build into the container). NATOAZ_NSPAWN_BUILD=debug uses the debug build make test made.
systemd-test: deps
	@.ci/ensure-packages $(SYSTEMD_TEST_PKGS)
	Tests/systemd/nspawn-test.sh

install: release
	@bin="$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)"; \
	install -d $(BINDIR) $(SHAREDIR)/seeds $(MANDIR) $(UNITDIR) $(SYSUSERSDIR) $(TMPFILESDIR) \
		$(BASHCOMPDIR) $(ZSHCOMPDIR) $(FISHCOMPDIR); \
	for exe in natoazd natoazctl natoaz-bench; do \
		[ -x "$$bin/$$exe" ] && install -m 0755 "$$bin/$$exe" $(BINDIR)/; \
	done; \
	install -m 0644 seeds/*.txt $(SHAREDIR)/seeds/; \
	install -m 0644 README.md $(SHAREDIR)/; \
	[ -f seeds/entities.tsv ] && install -m 0644 seeds/entities.tsv $(SHAREDIR)/seeds/ || true; \
	for f in systemd/*.socket systemd/*.service; do [ -f "$$f" ] && \
		sed 's|@BINDIR@|$(PREFIX)/bin|g; s|@SHAREDIR@|$(PREFIX)/share/natoaz|g' "$$f" > $(UNITDIR)/$$(basename $$f); done; \
	[ -f systemd/natoaz.sysusers ] && install -m 0644 systemd/natoaz.sysusers $(SYSUSERSDIR)/natoaz.conf || true; \
	[ -f systemd/natoaz.tmpfiles ] && install -m 0644 systemd/natoaz.tmpfiles $(TMPFILESDIR)/natoaz.conf || true; \
	if [ -x "$$bin/natoazctl" ]; then \
		"$$bin/natoazctl" --generate-completion-script bash > $(BASHCOMPDIR)/natoazctl; \
		"$$bin/natoazctl" --generate-completion-script zsh > $(ZSHCOMPDIR)/_natoazctl; \
		"$$bin/natoazctl" --generate-completion-script fish > $(FISHCOMPDIR)/natoazctl.fish; \
	fi; \
	[ -f Documentation/natoazctl.1 ] && install -m 0644 Documentation/natoazctl.1 $(MANDIR)/ || true; \
	echo "installed under $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(BINDIR)/natoazd $(BINDIR)/natoazctl $(BINDIR)/natoaz-bench $(MANDIR)/natoazctl.1
	rm -rf $(SHAREDIR)
	rm -f $(UNITDIR)/natoazd.socket $(UNITDIR)/natoazd.service $(SYSUSERSDIR)/natoaz.conf $(TMPFILESDIR)/natoaz.conf

clean:
	rm -rf .build .build-* Benchmarks/.build
