#!/bin/sh
# The CLI suite: sources every tests/cli/test_*.sh, whose cases run the real
# binaries and check stdout, stderr and the exit code.  Prints failures, then
# "cli: N passed, N failed".  Helpers for the case files:
#   run CMD ARGS...        run with stdout/stderr/exit code captured
#                          (redirect stdin on the call: run slo-eval <f)
#   code_is N              exit code was N
#   out_has STR / err_has STR / out_lacks STR / err_lacks STR
#   out_is FILE            stdout equals FILE byte for byte
#   out_eq STRING          stdout equals STRING (plus one trailing newline)
#   is NAME A B            A = B, with NAME in the failure message
# Binaries are on PATH; $EX is examples/, $FX is tests/cli/fixtures/,
# $TMP is a scratch directory removed at the end.  CLI_TESTS, when set,
# names the case files to run (e.g. "test_parallel.sh"; make check-tsan).
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
PATH="$top/$BUILD/bin:$PATH"; export PATH
EX="$top/examples"; FX="$top/tests/cli/fixtures"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT INT TERM
LC_ALL=C; export LC_ALL
unset NO_COLOR
npass=0 nfail=0 case_name= case_file=

case_() { case_name=$1; }
_fail() {
	nfail=$((nfail + 1))
	printf 'FAIL %s: %s: %s\n' "$case_file" "$case_name" "$*"
	printf '  stderr: %s\n' "$(head -c 600 "$TMP/err")"
}
_pass() { npass=$((npass + 1)); }
run() { "$@" >"$TMP/out" 2>"$TMP/err"; echo $? >"$TMP/code"; }
code_is() { c=$(cat "$TMP/code"); [ "$c" = "$1" ] && _pass || _fail "exit $c, wanted $1"; }
out_has() { grep -qF -- "$1" "$TMP/out" && _pass || _fail "stdout lacks '$1'"; }
err_has() { grep -qF -- "$1" "$TMP/err" && _pass || _fail "stderr lacks '$1'"; }
out_lacks() { grep -qF -- "$1" "$TMP/out" && _fail "stdout has '$1'" || _pass; }
err_lacks() { grep -qF -- "$1" "$TMP/err" && _fail "stderr has '$1'" || _pass; }
out_is() { cmp -s "$1" "$TMP/out" && _pass || _fail "stdout differs from $1"; }
out_eq() { printf '%s\n' "$1" >"$TMP/want"; cmp -s "$TMP/want" "$TMP/out" && _pass || _fail "stdout is '$(head -c 300 "$TMP/out")', wanted '$1'"; }
is() { [ "$2" = "$3" ] && _pass || _fail "$1: got '$2', wanted '$3'"; }

for f in "$top"/tests/cli/test_*.sh; do
	[ -f "$f" ] || continue
	case " ${CLI_TESTS:-$(basename "$f")} " in
	*" $(basename "$f") "*) ;;
	*) continue ;;
	esac
	case_file=$(basename "$f")
	. "$f"
done
echo "cli: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
