# fuzz.mk — libFuzzer targets of slokit (`make fuzz`, run from the top).
#
#   make fuzz                               build build-fuzz/fuzz_NAME
#   make -f tests/fuzz/fuzz.mk run-NAME TIME=600
#                                           fuzz one target TIME seconds
#                                           (fork mode: goes on past a crash)
#   make -f tests/fuzz/fuzz.mk merge-NAME   minimise the seed corpus
#
# Every lib/*.c is rebuilt with clang under ASan+UBSan and libFuzzer's
# coverage; each target is a thin tests/fuzz/fuzz_NAME.c over a function of
# tests/fuzz/targets.c.  New inputs go to build-fuzz/corpus/NAME (the seeds
# in tests/fuzz/corpus/NAME are only read); crashes to build-fuzz/crash/NAME.
# Keep a crasher as a regression input in tests/fuzz/crashers/NAME/: `make
# test` replays those and the seeds without clang (test_fuzz_replay).
#
# The renderer invariants of eval, audit and gate (tests/fuzz/checks.c) are
# all on unless SLO_FUZZ_STRICT_RENDER says otherwise; to fuzz past the
# renderer bugs known today (tests/fuzz/known-render/README):
#   SLO_FUZZ_STRICT_RENDER=all,-table-ctl,-md-ctl,-md-lt,-prom-labels,\
#       -prom-series,-utf8,-xml-ctl make -f tests/fuzz/fuzz.mk run-eval
# Seeds of eval, audit and gate are a YAML text, a line "%%", NDJSON events.
.SUFFIXES:

FUZZ_CC  ?= clang
FUZZ     ?= build-fuzz
PKGS      = jansson yaml-0.1 zlib libzstd
SANITIZE  = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L \
              -DSLO_VERSION='"fuzz"' -Iinclude $(patsubst %,-I%,$(wildcard lib/*/)) -O1 -g -fno-omit-frame-pointer \
              $(SANITIZE) $$(pkg-config --cflags $(PKGS))
FUZZ_LIBS = $$(pkg-config --libs $(PKGS)) -lm -lpthread

TARGETS  = ndjson jscan expr time spec flags promote map ingest rollup \
           eval audit gate stats
LIB_SRC  = $(wildcard lib/*/*.c)
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(FUZZ)/lib/%.o)
HDRS     = $(wildcard include/*.h) $(wildcard lib/*/*.h)
BINS     = $(TARGETS:%=$(FUZZ)/fuzz_%)

TIME    ?= 600
RSS     ?= 2048
FUZZ_OPTS ?= -rss_limit_mb=$(RSS) -timeout=10 -max_len=8192 -print_final_stats=1

all: $(BINS)

# Keep the objects: they are intermediate to pattern rules otherwise.
.SECONDARY: $(LIB_OBJ) $(FUZZ)/targets.o

$(FUZZ)/lib/%.o: lib/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ)/targets.o: tests/fuzz/targets.c tests/fuzz/targets.h tests/fuzz/checks.c \
    tests/fuzz/targets_render.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ)/targets.o $(LIB_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ)/targets.o \
	    $(LIB_OBJ) $(FUZZ_LIBS)

# Fuzz one target: new inputs in $(FUZZ)/corpus/NAME, seeds read only.
$(TARGETS:%=run-%): run-%: $(FUZZ)/fuzz_%
	@mkdir -p $(FUZZ)/corpus/$* $(FUZZ)/crash/$* tests/fuzz/corpus/$*
	$(FUZZ)/fuzz_$* $(FUZZ_OPTS) -max_total_time=$(TIME) -fork=1 \
	    -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
	    -artifact_prefix=$(FUZZ)/crash/$*/ \
	    $$( [ -f tests/fuzz/$*.dict ] && echo -dict=tests/fuzz/$*.dict ) \
	    $(FUZZ)/corpus/$* tests/fuzz/corpus/$*

# Minimise: the seeds plus what fuzzing found, merged into a fresh seed set.
# An input that breaks a property (with every renderer invariant on, the
# known renderer bugs too) is left out and kept in $(FUZZ)/crash/NAME/:
# the replay test must pass on the seeds.  The committed seeds stay under
# 2 MB in all (find tests/fuzz/corpus -type f | xargs cat | wc -c): eval,
# audit, gate and stats were merged from their inputs under 2000, 1500,
# 1000 and 250 bytes (and the seeds), as a whole merge of a 3-minute run
# is 1.8 MB for eval alone.
$(TARGETS:%=merge-%): merge-%: $(FUZZ)/fuzz_%
	@rm -rf $(FUZZ)/merged/$* && mkdir -p $(FUZZ)/merged/$* $(FUZZ)/corpus/$* \
	    $(FUZZ)/crash/$*
	$(FUZZ)/fuzz_$* -merge=1 -max_len=8192 -artifact_prefix=$(FUZZ)/crash/$*/ \
	    $(FUZZ)/merged/$* \
	    tests/fuzz/corpus/$* $(FUZZ)/corpus/$*
	rm -rf tests/fuzz/corpus/$* && mv $(FUZZ)/merged/$* tests/fuzz/corpus/$*

clean:
	rm -rf $(FUZZ)

.PHONY: all clean $(TARGETS:%=run-%) $(TARGETS:%=merge-%)
