# A regular file whose lines are read as events is mapped, not read
# (slo_source_map, slo_par_feed_mem): whatever the file holds, slo-eval
# must say exactly what it says when the same bytes come through a pipe,
# which is read(2) as before: stdout, stderr (the names aside), the exit
# code and the --rejects file, at -j 1 and -j 2, the file given as an
# operand and as standard input.  (slo-ingest hands lines out as text,
# which must end in a NUL: it reads files as before; its cases here check
# it stays so.)
MX="$TMP/map"
mkdir -p "$MX"

# map_same CASE FILE CMD...: CMD over FILE mapped, four ways, against
# `cat FILE | CMD -j 1 -`.
map_same() {
	case_ "mapped as read: $1"
	f=$2
	shift 2
	cat "$f" | "$@" -j 1 --rejects "$MX/rej.ref" - >"$MX/out.ref" \
	    2>"$MX/err.ref"
	echo $? >"$MX/code.ref"
	[ -f "$MX/rej.ref" ] || : >"$MX/rej.ref"
	for j in 1 2; do
		for how in operand stdin; do
			rm -f "$MX/rej"
			if [ $how = operand ]; then
				"$@" -j $j --rejects "$MX/rej" "$f" >"$MX/out" 2>"$MX/err"
			else
				"$@" -j $j --rejects "$MX/rej" <"$f" >"$MX/out" 2>"$MX/err"
			fi
			echo $? >"$MX/code"
			[ -f "$MX/rej" ] || : >"$MX/rej"
			sed "s|$f|<stdin>|g" "$MX/err" >"$MX/err.n"
			sed "s|$f|<stdin>|g" "$MX/rej" >"$MX/rej.n"
			for k in out err code rej; do
				a="$MX/$k"
				[ $k = err ] || [ $k = rej ] && a="$MX/$k.n"
				cmp -s "$MX/$k.ref" "$a" && _pass ||
				    _fail "-j $j, $how: $k differs: $(diff "$MX/$k.ref" "$a" | head -4)"
			done
		done
	done
}

ev() { slo-eval --objective 99 --good 'status < 500' --window 1d \
    --at 2026-11-26T00:00:00Z --format ndjson --max-bad 100% "$@"; }
ing() { slo-ingest --max-bad 100% "$@"; }

E1='{"kind":"request","ts":"2026-11-25T10:00:00Z","status":200,"latency_ms":12}'
E2='{"kind":"request","ts":"2026-11-25T11:00:00Z","status":503,"latency_ms":40}'
E3='{ "ts": "2026-11-25T12:00:00Z", "status": 200 }'

# lines ending in '\n', a blank one, a CRLF one, a broken one, a bad byte
printf '%s\n%s\n\n%s\r\n{broken\n{"kind":"request","route":"\377"}\n%s\n' \
    "$E1" "$E2" "$E3" "$E1" >"$MX/nl.ndjson"
map_same "lines ending in newline (eval)" "$MX/nl.ndjson" ev
# the same without the last '\n': the last line still counts
head -c -1 "$MX/nl.ndjson" >"$MX/nonl.ndjson"
map_same "no newline at the end (eval)" "$MX/nonl.ndjson" ev
: >"$MX/empty.ndjson"
map_same "an empty file (eval)" "$MX/empty.ndjson" ev
map_same "an empty file (ingest)" "$MX/empty.ndjson" ing
# every line CRLF; the rejects keep the '\r'
printf '%s\r\n{broken\r\n%s\r\n\r\n' "$E1" "$E2" >"$MX/crlf.ndjson"
map_same "CRLF lines (eval)" "$MX/crlf.ndjson" ev
# the last line cut short by the end of the file
printf '%s\n%s\n{"kind":"request","ts":"2026-11-25T1' "$E1" "$E2" \
    >"$MX/cut.ndjson"
map_same "a line cut by the end (eval)" "$MX/cut.ndjson" ev

case_ "a line cut by the end: FILE:LINE:COL, -j 1 and -j 2"
for j in 1 2; do
	run ev -j $j "$MX/cut.ndjson"
	err_has "$MX/cut.ndjson:3:"
	err_has "1 of 3 input lines rejected"
done

# One line of 3 MiB (three times a pipeline block), then a short one;
# and alone, without '\n'.
{
	printf '{"kind":"request","ts":"2026-11-25T09:00:00Z","status":500,"labels":{"pad":"'
	head -c 3145728 /dev/zero | tr '\0' 0
	printf '"}}\n%s\n' "$E1"
} >"$MX/huge.ndjson"
# 3 MiB of pad, 76 bytes before it, 3 after and the '\n'
is "a line of 3 MiB" "$(head -n 1 "$MX/huge.ndjson" | wc -c)" 3145808
map_same "one huge line (eval)" "$MX/huge.ndjson" ev
head -n 1 "$MX/huge.ndjson" | head -c -1 >"$MX/huge1.ndjson"
map_same "one huge line, no newline (eval)" "$MX/huge1.ndjson" ev

# A file of exactly two pages of 4096 bytes that ends without '\n': the
# last line ends where the mapping does, and nothing may read past it.
awk -v e="$E1" 'BEGIN {
	printf "%s\n", e
	n = 8192 - length(e) - 1 - length("{\"kind\":\"request\",\"ts\":\"2026-11-25T09:00:00Z\",\"status\":200,\"labels\":{\"pad\":\"\"}}")
	printf "{\"kind\":\"request\",\"ts\":\"2026-11-25T09:00:00Z\",\"status\":200,\"labels\":{\"pad\":\"%0" n "d\"}}", 0
}' >"$MX/page.ndjson"
is "two pages exactly" "$(wc -c <"$MX/page.ndjson")" 8192
map_same "a last line ending at a page's end (eval)" "$MX/page.ndjson" ev
# and one cut there: the decoder's error column is the line's end
head -c 8191 "$MX/page.ndjson" >"$MX/page1.ndjson"
printf x | dd of="$MX/page1.ndjson" bs=1 seek=8191 conv=notrunc 2>/dev/null
map_same "a broken last line ending at a page's end" "$MX/page1.ndjson" ev

# Several 1 MiB slices: every line accounted, rejects in order.
awk -v a="$E1" -v b="$E2" 'BEGIN {
	for (i = 1; i <= 40000; i++) {
		printf "%s\n", i % 2 ? a : b
		if (i % 997 == 0) print "{broken"
		if (i % 1499 == 0) printf "%s\r\n", a
	}
}' >"$MX/many.ndjson"
map_same "many slices (eval)" "$MX/many.ndjson" ev

case_ "standard input mapped from where it stands, and left at its end"
# sh's read takes the first line byte by byte: the tool starts after it
{ read -r first; ev -j 2; } <"$MX/nl.ndjson" >"$TMP/out" 2>"$TMP/err"
tail -n +2 "$MX/nl.ndjson" | ev -j 2 >"$MX/out.ref" 2>"$MX/err.ref"
cmp -s "$MX/out.ref" "$TMP/out" && _pass || _fail "stdout differs"
cmp -s "$MX/err.ref" "$TMP/err" && _pass || _fail "stderr differs"
err_has "<stdin>:4:"
{ ev -j 2 >/dev/null 2>&1; cat; } <"$MX/nl.ndjson" >"$MX/rest"
is "nothing left after the tool" "$(wc -c <"$MX/rest")" 0

case_ "compressed and framed files are read, not mapped"
gzip -c "$MX/many.ndjson" >"$MX/many.gz"
ev -j 2 "$MX/many.ndjson" >"$MX/out.ref" 2>/dev/null
run ev -j 2 "$MX/many.gz"
out_is "$MX/out.ref"
printf '[%s,\n%s]\n' "$E1" "$E2" >"$MX/array.json"
printf '%s\n%s\n' "$E1" "$E2" | ev -j 1 >"$MX/out.ref" 2>/dev/null
run ev -j 2 "$MX/array.json"
out_is "$MX/out.ref"
# Docker's json-file wrapper (https://docs.docker.com/engine/logging/drivers/json-file/)
printf '{"log":"%s\\n","stream":"stdout","time":"2026-11-25T10:00:00.000000000Z"}\n' \
    "$(printf '%s' "$E2" | sed 's/"/\\"/g')" >"$MX/docker.log"
run ev -j 2 "$MX/docker.log"
out_has '"bad":1'

awk -v a="$E1" 'BEGIN { for (i = 0; i < 100000; i++) print a }' >"$MX/big.ndjson"
for j in 1 2; do
	case_ "slo-eval -j $j | head -1 over a mapped file ends quietly"
	{ ev -j $j "$MX/big.ndjson" 2>"$MX/err"
	  echo $? >"$MX/code"; } | head -1 >/dev/null
	is "exit" "$(cat "$MX/code")" 0
	is "stderr" "$(cat "$MX/err")" ""
	case_ "slo-ingest -j $j | head -1 ends quietly"
	{ ing -j $j "$MX/big.ndjson" 2>"$MX/err"
	  echo $? >"$MX/code"; } | head -1 >/dev/null
	is "exit" "$(cat "$MX/code")" 0
	is "stderr" "$(cat "$MX/err")" ""
done

# A file cut short while mapped: pages past its new end fault (SIGBUS).
# The rejects go to a fifo nobody reads yet (--rejects writes a fifo
# directly, a record a write), so slo-eval stops there; the file is
# emptied, then the fifo drained: the run must stop with a message and
# exit 2, not die silently nor give a verdict on part of its input
# (read(2) would have met an early end and lost the rest without a word).
awk -v a="$E1" 'BEGIN { for (i = 0; i < 200000; i++) print i % 2 ? a : "{bad" }' \
    >"$MX/bad.ndjson"
# shrink_while_read operand|stdin ARGS...: slo-eval ARGS over a copy of
# bad.ndjson, emptied while the tool waits on the fifo; exit in $MX/code.
shrink_while_read() {
	cp "$MX/bad.ndjson" "$MX/shrink.ndjson"
	rm -f "$MX/fifo"
	mkfifo "$MX/fifo"
	how=$1
	shift
	if [ $how = operand ]; then
		(ev --rejects "$MX/fifo" "$@" "$MX/shrink.ndjson" >"$TMP/out" \
		    2>"$TMP/err"; echo $? >"$MX/code") &
	else
		(ev --rejects "$MX/fifo" "$@" <"$MX/shrink.ndjson" >"$TMP/out" \
		    2>"$TMP/err"; echo $? >"$MX/code") &
	fi
	exec 3<"$MX/fifo"
	sleep 1
	: >"$MX/shrink.ndjson"
	cat <&3 >/dev/null
	exec 3<&-
	wait
}
for j in 1 2; do
	for how in operand stdin; do
		case_ "a file cut short while read (-j $j, $how)"
		shrink_while_read $how -j $j
		is "exit" "$(cat "$MX/code")" 2
		err_has "the file shrank while it was read"
		[ $how = stdin ] || err_has "$MX/shrink.ndjson: the file shrank"
		out_lacks '"total"'
	done
done

case_ "-o FILE: left as it was when the file shrank"
echo old >"$MX/verdict"
shrink_while_read operand -j 2 -o "$MX/verdict"
is "exit" "$(cat "$MX/code")" 2
is "the old verdict" "$(cat "$MX/verdict")" old
is "no temporary file beside it" "$(ls -a "$MX" | grep -c '^\.verdict')" 0
