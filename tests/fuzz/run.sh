#!/bin/sh
# Fuzz the given targets (default: all) TIME seconds each (default 600),
# two at a time, logs in build-fuzz/logs/NAME.log.  Run from the top.
TIME=${TIME:-600}
targets=${*:-ndjson ingest expr spec time flags promote map rollup eval audit gate stats}
mkdir -p build-fuzz/logs
make --no-print-directory -f tests/fuzz/fuzz.mk || exit 1
printf '%s\n' $targets | xargs -P 2 -I{} sh -c \
    'make --no-print-directory -f tests/fuzz/fuzz.mk run-{} TIME='"$TIME"' \
        >build-fuzz/logs/{}.log 2>&1; echo "fuzz {}: exit $? $(date -u +%H:%M:%S)"'
