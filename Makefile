# slokit — see README.md.  `make demo`, then `make test`.
.SUFFIXES:

VERSION   = 0.2.0
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
PKGS      = jansson yaml-0.1 zlib libzstd
OPT      ?= -O2 -g
SAN      ?=
# -Werror only where the compiler is known (make check, CI): a newer
# compiler's new warning must not break a user's build.
WERROR   ?=
CFLAGS_ALL = -std=c11 -Wall -Wextra -Werror=implicit-function-declaration $(WERROR) -D_POSIX_C_SOURCE=200809L \
             -DSLO_VERSION='"$(VERSION)"' $(LAYER_INC) $(CPPFLAGS) $(OPT) $(SAN) \
             -MMD -MP $$(pkg-config --cflags $(PKGS)) $(CFLAGS)
LDLIBS_ALL = $$(pkg-config --libs $(PKGS)) -lm -lpthread $(LDLIBS)

# The library in layers, each a folder of lib/ that includes only from
# itself and the layers before it (tests/layers.sh checks): common, event,
# math, spec, engine, ingest, render.  lib/fe is the command-line front end
# the four tools share: its own archive, never installed.
LAYERS    = common event math spec engine ingest render
LAYER_INC = -Iinclude $(LAYERS:%=-Ilib/%) -Ilib/fe
LIB_SRC  = $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c))
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
FE_SRC   = $(wildcard lib/fe/*.c)
FE_OBJ   = $(FE_SRC:lib/%.c=$(BUILD)/lib/%.o)
CMD_SRC  = $(wildcard cmd/*.c)
BINS     = $(CMD_SRC:cmd/%.c=$(BUILD)/bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(wildcard tests/bench/*.c)
BENCHES  = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
HDRS     = $(wildcard include/*.h)
MAN1     = $(wildcard man/*.1)
MAN3     = $(wildcard man/*.3)
MAN5     = $(wildcard man/*.5)

SOMAJOR  = $(firstword $(subst ., ,$(VERSION)))
SONAME   = libslo.so.$(SOMAJOR)
SHLIB    = $(BUILD)/libslo.so.$(VERSION)

all: $(BUILD)/libslo.a $(SHLIB) $(BUILD)/libslofe.a $(BINS)

# Header dependencies come from the compiler (-MMD -MP): *.d beside each
# object and program.
-include $(LIB_OBJ:.o=.d) $(FE_OBJ:.o=.d) $(BINS:=.d) $(UNITS:=.d) $(BENCHES:=.d)

# The library's objects serve both archives: position-independent, and
# only what include/ declares SLO_API is visible outside libslo.so.
$(BUILD)/lib/%.o: lib/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fPIC -fvisibility=hidden -c -o $@ $<

$(BUILD)/libslo.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(SHLIB): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(SAN) -o $@ $(LIB_OBJ) $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/libslofe.a: $(FE_OBJ)
	@rm -f $@
	ar rcs $@ $(FE_OBJ)

$(BUILD)/bin/%: cmd/%.c $(BUILD)/libslofe.a $(BUILD)/libslo.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libslofe.a $(BUILD)/libslo.a $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libslofe.a $(BUILD)/libslo.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $$(pkg-config --cflags cmocka) -Itests/unit -o $@ $< \
	    $(BUILD)/libslofe.a $(BUILD)/libslo.a $(LDFLAGS) $$(pkg-config --libs cmocka) $(LDLIBS_ALL)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libslofe.a $(BUILD)/libslo.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libslofe.a $(BUILD)/libslo.a $(LDFLAGS) $(LDLIBS_ALL)

# deps: install what pkg-config cannot find, as root or through sudo.
APT_PKGS = libjansson-dev libyaml-dev libcmocka-dev pkg-config zlib1g-dev libzstd-dev
# The programs that read each output format in real life, for make test
# (tests/cli/test_consumers.sh skips, with a notice, what is missing):
# promtool (package prometheus), xmllint, a CommonMark renderer.
APT_CONSUMERS = prometheus:promtool libxml2-utils:xmllint cmark:cmark
# A browser for the html report (tests/cli/test_html.sh draws it headless):
# installed apart, when it can be, since its failure (no such package, as
# on Ubuntu where chromium is a snap) must not cost the others; about 80 MB
# to download, 290 MB installed (Debian 12's chromium 156).
APT_BROWSER = chromium
deps:
	@need=; libs=; \
	if ! { command -v pkg-config >/dev/null 2>&1 && \
	    pkg-config --exists $(PKGS) cmocka; }; then \
	    need="$(APT_PKGS)"; libs=1; fi; \
	for pc in $(APT_CONSUMERS); do \
	    command -v $${pc#*:} >/dev/null 2>&1 || need="$$need $${pc%%:*}"; done; \
	[ -n "$$need" ] || exit 0; \
	cmd="apt-get install -y --no-install-recommends$$need"; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=sudo; \
	elif [ -n "$$libs" ]; then echo "make: missing libraries; run as root: $$cmd" >&2; exit 1; \
	else echo "make: notice: output consumers missing (their checks are skipped); as root: $$cmd" >&2; exit 0; fi; \
	echo "make: installing$$need" >&2; \
	if $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo $$cmd; then exit 0; fi; \
	echo "make: failed: $$cmd" >&2; [ -z "$$libs" ]
	@for c in chromium chromium-browser google-chrome google-chrome-stable; do \
	    command -v $$c >/dev/null 2>&1 && exit 0; done; \
	cmd="apt-get install -y --no-install-recommends $(APT_BROWSER)"; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=sudo; \
	else echo "make: notice: no Chromium (the html report is not drawn in a browser); as root: $$cmd" >&2; exit 0; fi; \
	echo "make: installing $(APT_BROWSER)" >&2; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo $$cmd || \
	echo "make: notice: failed: $$cmd; the html report is not drawn in a browser" >&2

units: $(UNITS)

test: deps
	@$(MAKE) --no-print-directory all units
	@BUILD=$(BUILD) sh tests/run-units.sh $(UNITS)
	@BUILD=$(BUILD) sh tests/cli/run.sh

# make check: the whole suite under sanitizers, built in build-san/ (and
# its subdirectories; git-ignored), twice at once (two cores; the output of
# each comes out whole).  With $(CC) (gcc): ASan + UBSan, plus
# float-cast-overflow, which gcc's -fsanitize=undefined leaves out.  With
# clang, when installed: the same, plus the integer checks that would be
# bugs here: signed overflow, shifts, division by zero, implicit
# truncation.  Left out as noise: unsigned wrap-around and unsigned shifts
# (hashes and PRNGs wrap on purpose) and implicit sign changes (flag masks:
# has &= ~BIT).  gcc's run stays: the two compilers instrument differently,
# and the plain build is gcc's.
# make check-tsan: the -j tests (slo_par, tests/cli/test_parallel.sh) under
# ThreadSanitizer, with clang when installed, else $(CC).
SAN_OPT   = -O1 -g -fno-omit-frame-pointer
CC_SAN    = -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
CLANG    ?= $$(command -v clang-14 || command -v clang)
CLANG_SAN = -fsanitize=address,undefined,float-cast-overflow,integer \
            -fno-sanitize=unsigned-integer-overflow,unsigned-shift-base,implicit-integer-sign-change \
            -fno-sanitize-recover=all
TSAN      = -fsanitize=thread
TSAN_UNITS = test_par test_cli test_fe

check: deps
	@$(MAKE) --no-print-directory -j2 --output-sync=recurse check-cc check-clang

check-cc:
	@$(MAKE) --no-print-directory BUILD=build-san WERROR=-Werror OPT='$(SAN_OPT)' \
	    SAN='$(CC_SAN)' test

check-clang:
	@clang=$(CLANG); if [ -n "$$clang" ]; then \
	    $(MAKE) --no-print-directory BUILD=build-san/clang WERROR=-Werror CC="$$clang" \
	        OPT='$(SAN_OPT)' SAN='$(CLANG_SAN)' test; \
	else echo "make: no clang: its sanitizer run is skipped" >&2; fi

check-tsan: deps
	@clang=$(CLANG); cc=$${clang:-$(CC)}; \
	$(MAKE) --no-print-directory BUILD=build-san/tsan WERROR=-Werror CC="$$cc" OPT='$(SAN_OPT)' \
	    SAN='$(TSAN)' all $(TSAN_UNITS:%=build-san/tsan/tests/%) && \
	TSAN_OPTIONS="halt_on_error=1 $${TSAN_OPTIONS:-}" BUILD=build-san/tsan \
	    sh tests/run-units.sh $(TSAN_UNITS:%=build-san/tsan/tests/%) && \
	TSAN_OPTIONS="halt_on_error=1 $${TSAN_OPTIONS:-}" BUILD=build-san/tsan \
	    CLI_TESTS="test_parallel.sh test_fe.sh" sh tests/cli/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh examples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BENCHES)
	@BUILD=$(BUILD) sh tests/bench/run.sh
	@BUILD=$(BUILD) sh tests/bench/rollup.sh

fuzz:
	@$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/slo $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man3 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libslo.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHLIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libslo.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libslo.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' lib/slo.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/slo.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/slo.pc
	install -m 644 $(HDRS) $(DESTDIR)$(PREFIX)/include/slo/
	[ -z "$(MAN1)" ] || install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/
	[ -z "$(MAN3)" ] || install -m 644 $(MAN3) $(DESTDIR)$(PREFIX)/share/man/man3/
	[ -z "$(MAN5)" ] || install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	for f in $(CMD_SRC:cmd/%.c=%); do install -m 644 man/completions/slokit.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$f; done
	install -m 644 man/completions/_slokit $(DESTDIR)$(PREFIX)/share/zsh/site-functions/

uninstall:
	for f in $(CMD_SRC:cmd/%.c=%); do rm -f $(DESTDIR)$(PREFIX)/bin/$$f; done
	rm -f $(DESTDIR)$(PREFIX)/lib/libslo.a $(DESTDIR)$(PREFIX)/lib/pkgconfig/slo.pc \
	    $(DESTDIR)$(PREFIX)/lib/libslo.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME) \
	    $(DESTDIR)$(PREFIX)/lib/libslo.so
	rm -rf $(DESTDIR)$(PREFIX)/include/slo
	for f in $(MAN1:man/%=%); do rm -f $(DESTDIR)$(PREFIX)/share/man/man1/$$f; done
	for f in $(MAN3:man/%=%); do rm -f $(DESTDIR)$(PREFIX)/share/man/man3/$$f; done
	for f in $(MAN5:man/%=%); do rm -f $(DESTDIR)$(PREFIX)/share/man/man5/$$f; done
	for f in $(CMD_SRC:cmd/%.c=%); do \
	    rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$f; done
	rm -f $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_slokit

clean:
	rm -rf build build-san

.PHONY: all deps units test check check-cc check-clang check-tsan demo bench fuzz install uninstall clean
