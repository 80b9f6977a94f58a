# test_hostile.sh — hostile input for the four tools (issue 9, item 6):
# huge and deep lines, invalid UTF-8 in every field, NUL escapes, NaN and
# Infinity, truncated lines, CRLF, empty input, binary garbage, alias bombs
# and deep YAML, 10^5 SLOs, a full disk and a closed pipe.  None may crash,
# hang, or use memory out of proportion to the input; every input line is
# accounted for (accepted + rejected = lines read).  Big inputs are made
# here, in $TMP, with awk/head/tr (a few seconds at most).
# Sourced by tests/cli/run.sh (helpers there).

HX=$FX/hostile
HX_REG=$EX/flags/flags.yaml

# The four tools, each with what it needs to read canonical events.
hx_ingest() { slo-ingest "$@"; }
hx_eval() { slo-eval --objective 99 --good 'status < 500' --window 1h "$@"; }
hx_audit() { flag-audit --registry "$HX_REG" "$@"; }
hx_promote() { promote-check "$@"; }
HX_TOOLS="hx_ingest hx_eval hx_audit hx_promote"
# The tools with -j N read through a parallel path by default (N = CPUs):
# the single-threaded one is checked too where lines are rejected.
hx_ingest1() { slo-ingest -j 1 "$@"; }
hx_eval1() { hx_eval -j 1 "$@"; }
HX_TOOLS_J="$HX_TOOLS hx_ingest1 hx_eval1"

# The exit code is one of $@ and no sanitizer spoke (ASan's own exit code
# is 1, a signal gives > 128).
hx_clean() {
	c=$(cat "$TMP/code")
	case " $* " in
	*" $c "*) _pass ;;
	*) _fail "exit $c, wanted one of $*" ;;
	esac
	if grep -qE 'Sanitizer|runtime error:|Segmentation|Aborted' "$TMP/err"
	then _fail "sanitizer or crash report on stderr"; else _pass; fi
}

# "R of L input lines rejected" on stderr, or no such line when R is 0.
hx_rejected() {
	if [ "$1" -eq 0 ]; then
		err_lacks "input lines rejected"
	else
		err_has "$1 of $2 input lines rejected"
	fi
}

# Bytes of the lines that a --rejects file holds (every second line).
hx_rejects_body() { sed -n 'n;p' "$1"; }

T0=2026-11-26T08:00
hx_good() { printf '{"kind":"request","ts":"%s:%02dZ","status":%d}' "$T0" "$1" "$2"; }

# ---- empty input, blank lines ------------------------------------------

case_ "empty input"
: >"$TMP/empty"
printf '\n \n\t\r\n\r\n' >"$TMP/blank"
for hx_f in "$TMP/empty" "$TMP/blank"; do
	run hx_ingest -v <"$hx_f"; hx_clean 0
	err_has "$(wc -l <"$hx_f" | tr -d ' ') lines read: 0 mapped, 0 rejected, $(wc -l <"$hx_f" | tr -d ' ') blank"
	is "ingest output of $(basename "$hx_f")" "$(wc -c <"$TMP/out")" 0
	hx_rejected 0
	run hx_eval <"$hx_f"; hx_clean 3; out_has '"status":"no_data"'; hx_rejected 0
	run hx_audit <"$hx_f"; hx_clean 0 1; hx_rejected 0
	run hx_promote <"$hx_f"; hx_clean 3; out_has '"verdict":"hold"'; hx_rejected 0
done

# ---- CRLF, a last line without '\n' -----------------------------------

case_ "crlf and an unterminated last line"
{ hx_good 1 200; printf '\r\n'; hx_good 2 200; printf '\r\n'; hx_good 3 503; } >"$TMP/crlf"
run hx_ingest -v <"$TMP/crlf"; hx_clean 0; hx_rejected 0
err_has "3 lines read: 3 mapped, 0 rejected, 0 blank"
{ hx_good 1 200; echo; hx_good 2 200; echo; hx_good 3 503; echo; } >"$TMP/crlf.want"
out_is "$TMP/crlf.want"
run hx_eval <"$TMP/crlf"; hx_clean 1; out_has '"total":3'; out_has '"bad":1'
run hx_audit <"$TMP/crlf"; hx_clean 0 1; hx_rejected 0
run hx_promote <"$TMP/crlf"; hx_clean 3; out_has '"other_requests":3'

# ---- NaN, Infinity, negative latency, NUL escapes, truncation ---------

case_ "malformed values and truncated lines"
{
	hx_good 1 200; echo                                            # 1 ok
	echo '{"kind":"request","latency_ms":NaN}'                     # 2
	echo '{"kind":"request","latency_ms":Infinity}'                # 3
	echo '{"kind":"request","latency_ms":-Infinity}'               # 4
	echo '{"kind":"request","latency_ms":-1}'                      # 5
	echo '{"kind":"request","latency_ms":-0.001}'                  # 6
	echo '{"kind":"request","latency_ms":1e999}'                   # 7
	echo '{"kind":"request","status":1e999}'                       # 8
	echo '{"kind":"request","route":"a\u0000b"}'                   # 9
	echo '{"kind":"request","labels":{"a\u0000b":"x"}}'            # 10
	echo '{"kind":"request","flags":{"f":"\u0000"}}'               # 11
	echo '{"kind":"request","x\u0000y":1}'                         # 12
	echo '{"\u0000":"request"}'                                    # 13
	echo '{"kind":"request","ts":"2026-11-'                        # 14
	echo '{"kind":"req'                                            # 15
	echo '{'                                                       # 16
	echo '[1,2]'                                                   # 17
	echo '"kind"'                                                  # 18
	echo 'null'                                                    # 19
	echo '{"kind":"request","ts":"2026-11-26T08:00:02Z"}{}'        # 20
	hx_good 3 200                                                  # 21 ok
} >"$TMP/bad"
sed -n '2,20p' "$TMP/bad" >"$TMP/bad.rejected"
for t in $HX_TOOLS_J; do
	run $t --max-bad 100% --rejects "$TMP/rej" <"$TMP/bad"
	case $t in
	hx_eval*) hx_clean 0 ;;
	hx_promote) hx_clean 3 ;;
	*) hx_clean 0 1 ;;
	esac
	hx_rejected 19 21
	hx_rejects_body "$TMP/rej" >"$TMP/rej.body"
	cmp -s "$TMP/rej.body" "$TMP/bad.rejected" && _pass ||
	    _fail "$t: --rejects does not hold lines 2-20 byte for byte"
	# (slo-ingest gives no column for what its preset rejects: col 0)
	is "$t: rejects" "$(grep -c '^# <stdin>:[0-9]*:\([0-9]*:\)\{0,1\} ' "$TMP/rej")" 19
	# the default --max-bad (1%) is exceeded: exit 2
	run $t <"$TMP/bad"; hx_clean 2; err_has "more than --max-bad allows"
done
run hx_ingest -v --max-bad 100% <"$TMP/bad"
is "ingest: accepted lines written" "$(wc -l <"$TMP/out")" 2
err_has "21 lines read: 2 mapped, 19 rejected, 0 blank"
run hx_eval --max-bad 100% <"$TMP/bad"; out_has '"total":2'

# ---- invalid UTF-8 in every string field ------------------------------

case_ "invalid utf-8 in every string field"
# Each line: a canonical event of the field's kind with a bad sequence in
# the field's value (or key); the reject names FILE:LINE:COL of its first
# byte.  Sequences: a stray 0xff, an overlong '/', a UTF-16 surrogate, a
# code point past U+10FFFF, a truncated 2-byte sequence, a lone
# continuation byte.
u8=$TMP/utf8.ndjson
: >"$u8"; : >"$TMP/utf8.want"
n=0
for fld in kind ts service cohort region version route trace_id subject \
    flag variant segment reason error result id state source severity \
    labels.key labels.value flags.key flags.value; do
	n=$((n + 1))
	case $fld in
	flag|variant|segment|reason|error) k=flag ;;
	result) k=deploy ;;
	id|state) k=incident ;;
	source|severity) k=alert ;;
	*) k=request ;;
	esac
	case $fld in
	kind) pre='{"kind":"req'; post='uest"}' ;;
	ts) pre='{"kind":"request","ts":"2026-11-26T08:00:0'; post='0Z"}' ;;
	labels.key) pre='{"kind":"request","labels":{"a'; post='b":"v"}}' ;;
	labels.value) pre='{"kind":"request","labels":{"k":"a'; post='b"}}' ;;
	flags.key) pre='{"kind":"request","flags":{"a'; post='b":"on"}}' ;;
	flags.value) pre='{"kind":"request","flags":{"f":"o'; post='n"}}' ;;
	*) pre="{\"kind\":\"$k\",\"$fld\":\"a"; post='b"}' ;;
	esac
	case $((n % 6)) in
	0) bad='\377' ;; 1) bad='\300\257' ;; 2) bad='\355\240\200' ;;
	3) bad='\364\220\200\200' ;; 4) bad='\303' ;; 5) bad='\200' ;;
	esac
	{ printf '%s' "$pre"; printf "$bad"; printf '%s\n' "$post"; } >>"$u8"
	printf '# %s:%d:%d: \n' "$u8" "$n" $((${#pre} + 1)) >>"$TMP/utf8.want"
done
for t in $HX_TOOLS_J; do
	run $t --rejects "$TMP/rej" "$u8"; hx_clean 2
	hx_rejected $n $n
	err_has "$u8:1:13: invalid utf-8"
	grep '^# ' "$TMP/rej" | sed 's/: .*/: /' >"$TMP/rej.pos"
	cmp -s "$TMP/utf8.want" "$TMP/rej.pos" && _pass ||
	    _fail "$t: utf-8 reject positions: $(diff "$TMP/utf8.want" "$TMP/rej.pos" | head -4)"
	is "$t: utf-8 reasons" "$(grep -c '^# .*invalid utf-8' "$TMP/rej")" $n
	hx_rejects_body "$TMP/rej" | cmp -s - "$u8" && _pass ||
	    _fail "$t: rejected lines not kept byte for byte"
done
# A raw record of a preset, too.
pre='{"httpRequest":{"status":200,"requestUrl":"/a'
{ printf '%s\377' "$pre"; printf '"},"timestamp":"2026-11-26T08:00:00Z"}\n'; } >"$TMP/gcp-u8"
run slo-ingest --preset gcp "$TMP/gcp-u8"; hx_clean 2
err_has "$TMP/gcp-u8:1:$((${#pre} + 1)): invalid utf-8"

# ---- deep nesting ------------------------------------------------------

case_ "10^6 nested arrays"
awk 'BEGIN {
	for (i = 0; i < 1000000; i++) printf "["; for (i = 0; i < 1000000; i++) printf "]"; printf "\n"
	printf "{\"kind\":\"request\",\"x\":"
	for (i = 0; i < 1000000; i++) printf "["; for (i = 0; i < 1000000; i++) printf "]"; printf "}\n"
	printf "{\"kind\":\"request\",\"labels\":"
	for (i = 0; i < 1000000; i++) printf "{\"a\":"; for (i = 0; i < 1000000; i++) printf "}"; printf "}\n"
}' >"$TMP/deep"
for t in $HX_TOOLS; do
	run $t "$TMP/deep"; hx_clean 2
	hx_rejected 3 3
	err_has "$TMP/deep:1:"; err_has "$TMP/deep:3:"
	err_has "depth"
done
case_ "2000 nested arrays carried through"
# Under jansson's depth limit (2048): accepted, carried through slo-ingest
# as an unknown field, and read back by slo-eval.
awk -v t="$T0" 'BEGIN {
	printf "{\"kind\":\"request\",\"ts\":\"%s:00Z\",\"status\":200,\"x\":", t
	for (i = 0; i < 2000; i++) printf "["; for (i = 0; i < 2000; i++) printf "]"; printf "}\n"
}' >"$TMP/deep2k"
run slo-ingest "$TMP/deep2k"; hx_clean 0; hx_rejected 0
cp "$TMP/out" "$TMP/deep2k.out"
is "ingest keeps the nesting" "$(tr -cd '[' <"$TMP/deep2k.out" | wc -c)" 2000
run slo-eval --objective 99 --good 'status < 500' "$TMP/deep2k.out"
hx_clean 0; out_has '"total":1'
for t in hx_audit hx_promote; do run $t "$TMP/deep2k"; hx_clean 0 1 3; hx_rejected 0; done

# ---- a 100 MB line ------------------------------------------------------

case_ "a 100 MB line"
# One canonical request whose route is 10^8 bytes, then a small failing
# one.  Accepted whole; peak RSS must stay under 4x the line.
big=$TMP/big.ndjson
{
	printf '{"kind":"request","ts":"%s:00Z","route":"' "$T0"
	head -c 100000000 /dev/zero | tr '\0' 'a'
	printf '","status":200}\n'
} >"$TMP/big1"
{ cat "$TMP/big1"; hx_good 1 503; echo; } >"$big"
bigkb=$(( $(wc -c <"$big") / 1024 ))
hx_rss() { # TOOL ARGS...: run with the peak RSS in $TMP/rss (KiB)
	hx_t=$1; shift
	case $hx_t in
	hx_ingest) set -- slo-ingest "$@" ;;
	hx_eval) set -- slo-eval --objective 99 --good 'status < 500' --window 1h "$@" ;;
	hx_audit) set -- flag-audit --registry "$HX_REG" "$@" ;;
	hx_promote) set -- promote-check "$@" ;;
	esac
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$TMP/rss" "$@"
	else
		echo 0 >"$TMP/rss"; "$@"
	fi
}
# ASan's quarantine keeps freed blocks (256 MB by default): not ours.
hx_asan=${ASAN_OPTIONS-}
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0; export ASAN_OPTIONS
for t in $HX_TOOLS; do
	if [ $t = hx_ingest ]; then
		run hx_rss $t "$TMP/big1"; hx_clean 0
		out_is "$TMP/big1"
	else
		run hx_rss $t "$big"
		case $t in hx_eval) hx_clean 1 ;; hx_audit) hx_clean 0 1 ;; *) hx_clean 3 ;; esac
	fi
	hx_rejected 0
	rss=$(tail -n 1 "$TMP/rss")
	[ "$rss" -lt $((4 * bigkb)) ] && _pass ||
	    _fail "$t: peak RSS ${rss} KiB for a ${bigkb} KiB line"
done
run slo-eval --objective 99 --good 'status < 500' "$big"; out_has '"total":2'
# The same line broken (no closing brace): rejected, kept whole.
{ head -c 50000000 "$TMP/big1"; echo; } >"$TMP/bigbad"
run hx_rss hx_ingest --rejects "$TMP/rej" "$TMP/bigbad"; hx_clean 2
hx_rejected 1 1
hx_rejects_body "$TMP/rej" | cmp -s - "$TMP/bigbad" && _pass ||
    _fail "the broken 50 MB line is not kept whole in --rejects"
rss=$(tail -n 1 "$TMP/rss")
[ "$rss" -lt $((4 * 50000)) ] && _pass || _fail "peak RSS ${rss} KiB for a 50 MB reject"
rm -f "$big" "$TMP/big1" "$TMP/bigbad" "$TMP/rej" "$TMP/out"
ASAN_OPTIONS=$hx_asan
[ -n "$ASAN_OPTIONS" ] || unset ASAN_OPTIONS

# ---- binary garbage -----------------------------------------------------

case_ "binary garbage"
# 500 lines of 200 pseudo-random bytes (no '\n'; the first byte is never
# blank) and one line with NUL bytes in it.
awk 'BEGIN {
	x = 12345
	for (l = 0; l < 500; l++) {
		printf "%c", 128 + l % 128
		for (i = 1; i < 200; i++) {
			x = (x * 1103515245 + 12345) % 2147483648
			c = int(x / 65536) % 255 + 1
			if (c == 10) c = 11
			printf "%c", c
		}
		printf "\n"
	}
}' >"$TMP/garbage"
printf '{"kind":"request"\000,"status":200}\n\000\000\000\n' >>"$TMP/garbage"
is "garbage lines" "$(wc -l <"$TMP/garbage")" 502
for t in $HX_TOOLS_J; do
	run $t "$TMP/garbage"; hx_clean 2
	hx_rejected 502 502
done
run slo-ingest -v "$TMP/garbage"
err_has "502 lines read: 0 mapped, 502 rejected, 0 blank"

# ---- YAML: alias bombs, deep nesting, 10^5 SLOs ------------------------

case_ "yaml billion laughs"
for args in "slo-eval --spec $HX/laughs.yaml" "slo-eval --validate $HX/laughs.yaml" \
    "flag-audit --registry $HX/laughs.yaml" "promote-check --criteria $HX/laughs.yaml" \
    "slo-ingest --map $HX/laughs.yaml" "slo-ingest --rollup 1m --spec $HX/laughs.yaml"; do
	run $args <"$TMP/crlf"; hx_clean 2
	err_has "$HX/laughs.yaml:"
	err_has "aliases"
	is "$args: output" "$(wc -c <"$TMP/out")" 0
done

case_ "yaml nested 10^5 deep"
awk 'BEGIN { printf "slos: "; for (i = 0; i < 100000; i++) printf "["
	for (i = 0; i < 100000; i++) printf "]"; printf "\n" }' >"$TMP/deep.yaml"
for args in "slo-eval --spec" "flag-audit --registry" "promote-check --criteria" \
    "slo-ingest --map"; do
	run $args "$TMP/deep.yaml" <"$TMP/crlf"; hx_clean 2
	err_has "$TMP/deep.yaml:1:"
done

case_ "a spec of 10^5 SLOs"
# SLO i is good below status 200 (even i) or 500 (odd i); two requests of
# status 300: the even ones breach, the odd ones hold.
awk 'BEGIN { print "slos:"
	for (i = 1; i <= 100000; i++)
		printf "  - name: s%d\n    good: \047status < %d\047\n    objective: 99\n    window: 1h\n    alerts: none\n", i, i % 2 ? 500 : 200
}' >"$TMP/many.yaml"
{ hx_good 1 300; echo; hx_good 2 300; echo; } >"$TMP/two"
run slo-eval --validate "$TMP/many.yaml"; hx_clean 0
run slo-eval --spec "$TMP/many.yaml" "$TMP/two"; hx_clean 1
is "10^5 SLOs: results" "$(wc -l <"$TMP/out")" 100000
is "10^5 SLOs: breached" "$(grep -c '"status":"breached"' "$TMP/out")" 50000
is "10^5 SLOs: met" "$(grep -c '"status":"ok"' "$TMP/out")" 50000
out_has '{"slo":"s99999",'
# No events: inconclusive (3), and a reader that leaves early is no error.
{ slo-eval --spec "$TMP/many.yaml" </dev/null 2>"$TMP/err"; echo $? >"$TMP/code"; } |
    head -n 1 >"$TMP/out"
hx_clean 3; out_has '"status":"no_data"'
err_lacks "write error"
rm -f "$TMP/many.yaml"

# ---- output: a full disk, a closed pipe --------------------------------

case_ "output to /dev/full"
{ hx_good 1 200; echo; hx_good 2 503; echo; } >"$TMP/two"
for t in $HX_TOOLS; do
	$t "$TMP/two" >/dev/full 2>"$TMP/err"; echo $? >"$TMP/code"
	hx_clean 2; err_has "write error"
done

case_ "a closed pipe"
awk -v t="$T0" 'BEGIN { for (i = 0; i < 200000; i++)
	printf "{\"kind\":\"request\",\"ts\":\"%s:%02d.%06dZ\",\"status\":%d}\n", t, i % 60, i, i % 50 ? 200 : 503 }' >"$TMP/many"
{ slo-ingest "$TMP/many" 2>"$TMP/err"; echo $? >"$TMP/code"; } | head -n 1 >"$TMP/out"
hx_clean 0; err_lacks "write error"
is "head -1 of slo-ingest" "$(wc -l <"$TMP/out")" 1
for t in hx_eval hx_audit hx_promote; do
	{ $t --format table "$TMP/many" 2>"$TMP/err"; echo $? >"$TMP/code"; } |
	    head -n 1 >"$TMP/out"
	hx_clean 0 1 3; err_lacks "write error"
done
rm -f "$TMP/many" "$TMP/garbage" "$TMP/deep"

# ---- outputs that are inputs; --rejects in place (issue 14, item 1) -------

# Each tool with a config file of its kind: CMD CONFIG-OPTION FILE.
hx_cfg_tools="slo-ingest:--map:$EX/ingest/nginx.map.yaml
slo-eval:--spec:$EX/eval/slos.yaml
flag-audit:--registry:$EX/flags/flags.yaml
promote-check:--criteria:$EX/promote/promote.yaml"
{ hx_good 1 200; echo; echo 'not json'; hx_good 2 503; echo; } >"$TMP/in.orig"

case_ "--rejects naming an input, a link to it, stdin or a config: refused"
for spec in $hx_cfg_tools; do
	t=${spec%%:*}; rest=${spec#*:}; opt=${rest%%:*}; cfg=${rest#*:}
	case $t in
	slo-eval) set -- slo-eval --objective 99 --good 'status < 500' --window 1h ;;
	flag-audit) set -- flag-audit --registry "$HX_REG" ;;
	*) set -- $t ;;
	esac
	cp "$TMP/in.orig" "$TMP/in"
	ln -sf "$TMP/in" "$TMP/in.sym"; rm -f "$TMP/in.hard"; ln "$TMP/in" "$TMP/in.hard"
	run "$@" --max-bad 100% --rejects "$TMP/in" "$TMP/in"
	code_is 2; err_has "$TMP/in: --rejects is the same file as input '$TMP/in'"
	cmp -s "$TMP/in" "$TMP/in.orig" && _pass || _fail "$t: the input changed"
	is "$t: no output" "$(wc -c <"$TMP/out")" 0
	run "$@" --max-bad 100% --rejects "$TMP/in.sym" "$TMP/in"
	code_is 2; err_has "--rejects is the same file as input"
	run "$@" --max-bad 100% --rejects "$TMP/in.hard" "$TMP/in"
	code_is 2; err_has "--rejects is the same file as input"
	run "$@" --max-bad 100% --rejects "$TMP/in.sym" <"$TMP/in"
	code_is 2; err_has "--rejects is the same file as standard input"
	cmp -s "$TMP/in" "$TMP/in.orig" && _pass || _fail "$t: the input changed"
	# the config file, copied so that a failure cannot spoil examples/
	cp "$cfg" "$TMP/cfg"
	run $t "$opt" "$TMP/cfg" --rejects "$TMP/cfg" "$TMP/in"
	code_is 2; err_has "$TMP/cfg: --rejects is the same file as config file '$TMP/cfg'"
	cmp -s "$TMP/cfg" "$cfg" && _pass || _fail "$t: the config file changed"
	# results and rejects in one file, or a run reading what it appends
	run "$@" --rejects /dev/stdout "$TMP/in"
	code_is 2; err_has "--rejects is the same file as standard output"
	"$@" "$TMP/in" >>"$TMP/in" 2>"$TMP/err"; echo $? >"$TMP/code"
	code_is 2; err_has "standard output is the same file as input '$TMP/in'"
	cmp -s "$TMP/in" "$TMP/in.orig" && _pass || _fail "$t: the input grew"
	# /dev/null is nobody's file
	"$@" --max-bad 100% --rejects /dev/null "$TMP/in" >/dev/null 2>"$TMP/err"
	echo $? >"$TMP/code"; hx_clean 0 1 3
done
rm -f "$TMP/in.sym" "$TMP/in.hard" "$TMP/cfg"

case_ "--rejects replaces the file whole, keeps its mode, follows a link"
printf 'old\n' >"$TMP/rej.real"; chmod 640 "$TMP/rej.real"
ln -sf "$TMP/rej.real" "$TMP/rej.link"
run slo-ingest --max-bad 100% --rejects "$TMP/rej.link" "$TMP/in.orig"
code_is 0
[ -L "$TMP/rej.link" ] && _pass || _fail "the link was replaced"
is "rejects" "$(cat "$TMP/rej.real")" "# $TMP/in.orig:2:3: invalid json: '[' or '{' expected near 'not'
not json"
is "mode kept" "$(stat -c %a "$TMP/rej.real")" 640
is "no temporary file left" "$(ls -a "$TMP" | grep -c '^\.rej')" 0

case_ "--rejects: a run refused leaves the old file as it was"
printf 'old\n' >"$TMP/rej"
run slo-eval --spec "$TMP/no-such.yaml" --rejects "$TMP/rej" "$TMP/in.orig"
code_is 2; is "old file kept" "$(cat "$TMP/rej")" old
run slo-ingest --rejects "$TMP/rej" "$TMP/in.orig" "$TMP/rej"
code_is 2; is "old file kept" "$(cat "$TMP/rej")" old

case_ "--rejects on SIGTERM: whole records so far, renamed into place"
# 400 KB of bad lines: the reader rejects what has arrived, then waits for
# more while the writer holds the fifo open.
rm -f "$TMP/fifo"; mkfifo "$TMP/fifo"; printf 'old\n' >"$TMP/rej"
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "bad %05d\n", i }' >"$TMP/bads"
slo-ingest -j 1 --max-bad 100% --rejects "$TMP/rej" "$TMP/fifo" >/dev/null 2>"$TMP/err" &
hx_pid=$!
exec 9>"$TMP/fifo"
cat "$TMP/bads" >&9
hx_n=0
while [ "$hx_n" -lt 200 ]; do
	hx_tmp=$(ls "$TMP"/.rej.* 2>/dev/null | head -1)
	[ -n "$hx_tmp" ] && [ "$(grep -c '' "$hx_tmp")" -ge 20000 ] && break
	sleep 0.1; hx_n=$((hx_n + 1))
done
is "meanwhile the old file stands" "$(cat "$TMP/rej")" old
kill -TERM "$hx_pid"; { wait "$hx_pid"; echo $? >"$TMP/code"; } 2>/dev/null # the shell says "Terminated"
exec 9>&-
code_is 143
hx_n=$(sed -n 'n;p' "$TMP/rej" | grep -c '')
[ "$hx_n" -ge 10000 ] && _pass || _fail "only $hx_n records kept"
sed -n 'n;p' "$TMP/rej" | cmp -s - "$(head -n "$hx_n" "$TMP/bads" >"$TMP/bads.head"; echo "$TMP/bads.head")" &&
    _pass || _fail "the records are not the first $hx_n lines, whole"
is "headers" "$(grep -c "^# $TMP/fifo:[0-9]*:3: invalid json" "$TMP/rej")" "$hx_n"
is "no temporary file left" "$(ls -a "$TMP" | grep -c '^\.rej')" 0
rm -f "$TMP/fifo" "$TMP/bads" "$TMP/bads.head"

# ---- escaped reasons (issue 14, item 6) -----------------------------------

case_ "reasons and headers stay on one line: \\n, \\r, ESC, C1, bad UTF-8"
# kind values quoted in the reason, and a file name with a byte 0xff
hx_bad=$(printf '%s/bad\377name' "$TMP")
{
	printf '{"kind":"a\\nb","ts":"%s:01Z"}\n' "$T0"
	printf '{"kind":"c\\rd\\u001b[31m","ts":"%s:02Z"}\n' "$T0"
	printf '{"kind":"e\\u009bf","ts":"%s:03Z"}\n' "$T0"
	printf '{"kind":"# fake:1:1: x","ts":"%s:04Z"}\n' "$T0"
} >"$hx_bad"
for t in hx_ingest1 hx_ingest hx_eval1 hx_eval hx_audit hx_promote; do
	run $t --max-bad 100% --rejects "$TMP/rej" "$hx_bad"
	hx_clean 0 1 3
	is "$t: four records, two lines each" "$(grep -c '' "$TMP/rej")" 8
	is "$t: the lines back" "$(sed -n 'n;p' "$TMP/rej" | cmp - "$hx_bad" && echo same)" same
	grep -qF "# $TMP/bad\\xffname:1:" "$TMP/rej" && _pass || _fail "$t: name not escaped"
	grep -qF "unknown kind 'a\\nb'" "$TMP/rej" && _pass || _fail "$t: \\n not escaped"
	grep -qF "unknown kind 'c\\rd\\x1b[31m'" "$TMP/rej" && _pass || _fail "$t: \\r, ESC not escaped"
	grep -qF "unknown kind 'e\\u009bf'" "$TMP/rej" && _pass || _fail "$t: C1 not escaped"
	err_has "unknown kind 'a\\nb'"
	err_has "bad\\xffname:2:"
	is "$t: no raw control byte on stderr" "$(tr -d '\n' <"$TMP/err" | LC_ALL=C grep -c "$(printf '[\001-\037\177\377]')")" 0
done
rm -f "$hx_bad"

# ---- small defects (issue 14, item 11) ------------------------------------

case_ "--max-bad 1e30: a count of any size (was a cast out of range)"
run slo-ingest --max-bad 1e30 "$TMP/in.orig"
code_is 0; out_has '"status":200'
run slo-ingest --max-bad 1.5 "$TMP/in.orig"
code_is 2; err_has "invalid --max-bad '1.5'"

case_ "--set with bad UTF-8 is refused, not written"
run slo-ingest -s "$(printf 'route=a\377')" "$TMP/in.orig"
code_is 2; err_has "invalid --set: value for 'route' is not valid utf-8 (byte 2)"
is "nothing written" "$(wc -c <"$TMP/out")" 0

case_ "an unreadable input: named, the others read, exit 2, no verdict"
{ hx_good 3 200; echo; echo 'late bad'; } >"$TMP/late"
for t in hx_ingest1 hx_ingest hx_eval1 hx_eval hx_audit hx_promote; do
	for hx_u in "$TMP" "$TMP/no-such-file"; do
		run $t --max-bad 100% "$hx_u" "$TMP/late"
		hx_clean 2
		err_has "$hx_u: "
		err_has "late:2:"
		err_has "1 of 2 inputs could not be read"
		case $t in
		hx_ingest*) is "$t: the late input mapped" "$(grep -c '"status":200' "$TMP/out")" 1 ;;
		*) is "$t: no verdict" "$(wc -c <"$TMP/out")" 0 ;;
		esac
	done
done
