# Compressed input (issue 17 item 4, lib/fe/source.c): gzip and zstd
# files and stdin, told by their magic bytes (RFC 1952 section 2.3.1:
# 1f 8b; RFC 8878 section 3.1.1: 28 b5 2f fd), read by every tool as the
# plain text is, with -j N too; a corrupt or truncated stream is an
# unreadable input named with its byte offset, and the next inputs are
# still read.  The compressed files are made here by gzip(1) and, when
# installed, zstd(1): the reference encoders, not ours.
CX="$TMP/compressed"
mkdir -p "$CX"
awk 'BEGIN {
	for (i = 0; i < 40000; i++)
		printf "{\"kind\":\"request\",\"ts\":\"2026-11-24T%02d:%02d:%02dZ\",\"route\":\"/r%d\",\"status\":%d,\"latency_ms\":%d}\n", \
		    int(i / 3600) % 24, int(i / 60) % 60, i % 60, i % 5, i % 97 == 0 ? 503 : 200, i % 400
}' >"$CX/in.ndjson"
gzip -c "$CX/in.ndjson" >"$CX/in.ndjson.gz"
have_zstd=
if command -v zstd >/dev/null 2>&1; then
	zstd -q -c "$CX/in.ndjson" >"$CX/in.ndjson.zst"
	have_zstd=1
else
	echo "test_compressed.sh: notice: zstd(1) not installed, zstd cases skipped"
fi
EVAL="--objective 98 --good status<500 --window 1d --format ndjson"

# The plain file's output, then each compressed form's, for -j 1 and 3.
slo-ingest "$CX/in.ndjson" >"$CX/ingest.want" 2>/dev/null
slo-eval $EVAL --at 2026-11-25T00:00:00Z "$CX/in.ndjson" >"$CX/eval.want" 2>/dev/null
case_ "the plain run has the whole input"
is "events" "$(wc -l <"$CX/ingest.want" | tr -d ' ')" 40000
for z in gz ${have_zstd:+zst}; do
	for j in 1 3; do
		case_ "slo-ingest -j $j reads .$z as the plain file"
		run slo-ingest -j $j "$CX/in.ndjson.$z"
		code_is 0
		out_is "$CX/ingest.want"
		case_ "slo-eval -j $j reads .$z on stdin as the plain file"
		run slo-eval $EVAL --at 2026-11-25T00:00:00Z -j $j <"$CX/in.ndjson.$z"
		code_is 0
		out_is "$CX/eval.want"
	done
done

case_ "gzip members one after the other read as one stream (gzip -d does)"
head -n 10 "$CX/in.ndjson" | gzip -c >"$CX/two.gz"
tail -n +11 "$CX/in.ndjson" | gzip -c >>"$CX/two.gz"
run slo-ingest "$CX/two.gz"
code_is 0
out_is "$CX/ingest.want"

case_ "flag-audit reads a gzip file"
gzip -c "$EX/flags/evaluations.ndjson" >"$CX/evaluations.ndjson.gz"
flag-audit --registry "$EX/flags/flags.yaml" --format ndjson \
    "$EX/flags/evaluations.ndjson" >"$CX/fa.want" 2>"$CX/fa.err"
echo $? >"$CX/fa.code"
run flag-audit --registry "$EX/flags/flags.yaml" --format ndjson \
    "$CX/evaluations.ndjson.gz"
code_is "$(cat "$CX/fa.code")"
out_is "$CX/fa.want"

case_ "promote-check reads a gzip file"
gzip -c "$EX/promote/pass.ndjson" >"$CX/pass.ndjson.gz"
promote-check -c "$EX/promote/promote.yaml" --format ndjson \
    "$EX/promote/pass.ndjson" >"$CX/pc.want" 2>/dev/null
echo $? >"$CX/pc.code"
run promote-check -c "$EX/promote/promote.yaml" --format ndjson -j 2 \
    "$CX/pass.ndjson.gz"
code_is "$(cat "$CX/pc.code")"
out_is "$CX/pc.want"

# Truncated: the lines decoded before the cut are read, then the file is
# named with the offset where its stream ends; the next input is read.
size=$(wc -c <"$CX/in.ndjson.gz" | tr -d ' ')
head -c $((size / 2)) "$CX/in.ndjson.gz" >"$CX/cut.gz"
for j in 1 2; do
	case_ "a truncated gzip file is an unreadable input (-j $j)"
	run slo-ingest -j $j "$CX/cut.gz" "$CX/in.ndjson"
	code_is 2
	err_has "slo-ingest: $CX/cut.gz: truncated gzip stream: it ends at byte $((size / 2)) inside a member"
	err_has "1 of 2 inputs could not be read"
	n=$(wc -l <"$TMP/out" | tr -d ' ')
	[ "$n" -gt 40000 ] && [ "$n" -lt 80000 ] && _pass ||
	    _fail "$n events: wanted the part before the cut and the whole next file"
done

if [ -n "$have_zstd" ]; then
	zsize=$(wc -c <"$CX/in.ndjson.zst" | tr -d ' ')
	head -c $((zsize - 3)) "$CX/in.ndjson.zst" >"$CX/cut.zst"
	case_ "a truncated zstd file is an unreadable input"
	run slo-eval $EVAL <"$CX/cut.zst"
	code_is 2
	err_has "slo-eval: <stdin>: truncated zstd stream: it ends at byte $((zsize - 3)) inside a frame"
	is "stdout" "$(cat "$TMP/out")" ""
fi

case_ "bytes after a gzip member that are no member: corrupt, with the offset"
{ cat "$CX/in.ndjson.gz"; printf 'trailing'; } >"$CX/junk.gz"
run slo-ingest "$CX/junk.gz"
code_is 2
err_has "slo-ingest: $CX/junk.gz: corrupt gzip stream at byte"
err_has "incorrect header check"
out_is "$CX/ingest.want"

case_ "a plain file starting like no magic is read as text, byte for byte"
printf '\037{"kind":"request"}\n' >"$CX/almost"
run slo-ingest --max-bad 100% "$CX/almost"
err_has "almost:1:1: invalid json"
