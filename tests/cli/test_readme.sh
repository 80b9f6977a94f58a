# test_readme.sh — every command in README.md's "Examples" runs as written
# (issue 19, item 7), from a scratch directory that sees examples/ as the
# top of the checkout does.  A command (a line, with its continuations
# after '\' or '|') passes when its exit status is a verdict, 0, 1 or 3;
# 2 (an error) or 127 (not found) fails it, in any stage of a pipeline.  One whose program is not
# installed (GNU parallel) is skipped with a notice.
# Sourced by tests/cli/run.sh (helpers there).

case_ "README examples run as written"
rd=$TMP/readme; mkdir -p "$rd"; ln -s "$top/examples" "$rd/examples"
awk '/^## Examples/ { on = 1; next } /^## / { on = 0 }
	on && /^    [^ #]/ || (on && cont) {
		line = substr($0, 5); sub(/^ +/, "", line)
		cmd = cmd (cmd == "" ? "" : " ") line
		cont = (line ~ /[\\|]$/)
		if (!cont) { print cmd; cmd = "" }
	}' "$top/README.md" | sed 's/\\$//; s/ \\ / /g' >"$TMP/readme.cmds"
n=$(wc -l <"$TMP/readme.cmds")
[ "$n" -ge 9 ] && _pass || _fail "found $n README commands, expected at least 9"
while IFS= read -r cmd; do
	first=${cmd%% *}
	if ! command -v "$first" >/dev/null 2>&1; then
		echo "  notice: $first not installed: README command not run: $cmd"
		continue
	fi
	# bash's pipefail, where there is bash: a failing first stage counts
	if command -v bash >/dev/null 2>&1; then
		(cd "$rd" && bash -o pipefail -c "$cmd") >"$TMP/out" 2>"$TMP/err" </dev/null
	else
		(cd "$rd" && sh -c "$cmd") >"$TMP/out" 2>"$TMP/err" </dev/null
	fi
	c=$?
	case $c in
	0|1|3) _pass ;;
	*) _fail "exit $c: $cmd" ;;
	esac
done <"$TMP/readme.cmds"
[ -s "$rd/slo.prom" ] && _pass || _fail "the cron recipe left no slo.prom"
[ ! -e "$rd/slo.prom.tmp" ] && _pass || _fail "the cron recipe left slo.prom.tmp"
