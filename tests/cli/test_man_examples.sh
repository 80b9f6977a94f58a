# test_man_examples.sh — every example in the EXAMPLES section of each
# program and file-format page runs as written (issue 19, item 7), the
# way test_readme.sh runs the README's: from a scratch directory that
# sees examples/ as the top of the source tree does, with the tools on
# PATH and GITHUB_STEP_SUMMARY naming a file, as in a GitHub Actions step.
# A shell command passes when its exit status is a verdict (0, 1 or 3) in
# every stage of its pipeline, within 30 s; 2, 127 or a timeout fails it.
# The other examples are checked by the tool that reads them: slos: and
# OpenSLO YAML by `slo-eval --validate` (the OpenSLO documents of a page
# together, as they refer to each other), event lines by slo-ingest
# --preset canonical with --max-bad 0.  CI configuration (a GitHub
# Actions or GitLab job, YAML that starts with '-' or 'name:') is shown,
# not run.  libslo(3)'s C example is compiled and run by test_install.sh.
# Sourced by tests/cli/run.sh (helpers there; man-examples.awk extracts).

md=$TMP/manex; mkdir -p "$md"; ln -s "$top/examples" "$md/examples"
nsh=0
for m in "$top"/man/*.1 "$top"/man/*.5; do
	page=$(basename "$m")
	case_ "$page: EXAMPLES run as written"
	awk -f "$top/tests/cli/man-examples.awk" "$m" >"$TMP/manex.all"
	grep -q '^@@ ' "$TMP/manex.all" && _pass || _fail "no example found"
	rm -f "$md"/ex.* "$md/openslo.list"
	# one file per example, named by its kind and line
	awk -v d="$md" '/^@@ / { f = d "/ex." $2 "." $3; printf "" >f; next }
		{ print >>f }' "$TMP/manex.all"
	for ex in "$md"/ex.*; do
		[ -f "$ex" ] || continue
		at=${ex##*.}
		case $ex in
		*/ex.sh.*)
			while IFS= read -r cmd; do
				nsh=$((nsh + 1))
				first=${cmd%% *}
				if ! command -v "$first" >/dev/null 2>&1; then
					echo "  notice: $first not installed: $page:$at not run: $cmd"
					continue
				fi
				(cd "$md" && GITHUB_STEP_SUMMARY=$md/step-summary.md \
				    timeout 30 bash -o pipefail -c "$cmd") >"$TMP/out" 2>"$TMP/err" </dev/null
				c=$?
				case $c in
				0|1|3) _pass ;;
				*) _fail "$page:$at: exit $c: $cmd" ;;
				esac
			done <"$ex"
			;;
		*/ex.text.*)
			if grep -q '^slos:' "$ex"; then
				mv "$ex" "$ex.yaml"
				run slo-eval --validate "$ex.yaml"
				code_is 0
			elif grep -q '^apiVersion: openslo/' "$ex"; then
				mv "$ex" "$ex.yaml" && echo "$ex.yaml" >>"$md/openslo.list"
			elif grep -q '^{' "$ex"; then
				run slo-ingest --preset canonical --max-bad 0 "$ex"
				code_is 0
				is "$page:$at: event lines in and out" "$(wc -l <"$TMP/out")" "$(wc -l <"$ex")"
			fi
			;;
		esac
	done
	if [ -s "$md/openslo.list" ]; then
		run slo-eval --validate $(cat "$md/openslo.list")
		code_is 0
	fi
done
case_ "the man pages have shell examples"
[ "$nsh" -ge 15 ] && _pass || _fail "found $nsh shell commands, expected at least 15"
# the recipes' outputs, where a command left a file
case_ "man page recipes leave their files"
[ -s "$md/slo.prom" ] && _pass || _fail "slo-eval(1)'s cron recipe left no slo.prom"
[ ! -e "$md/slo.prom.tmp" ] && _pass || _fail "slo-eval(1)'s cron recipe left slo.prom.tmp"
grep -q '^| SLO' "$md/step-summary.md" && _pass ||
    _fail "slo-eval(1)'s CI gate wrote no markdown table to the step summary"
grep -q '<testsuite' "$md/flags.xml" && _pass || _fail "flag-audit(1)'s CI gate wrote no JUnit"
