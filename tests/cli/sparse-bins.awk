# sparse-bins.awk — rollup lines with their sketch's bins in the sparse
# form: a dense "bin_offset":I,"bin_counts":[c0,c1,...] (bin I + k holds
# ck, slo-events(5)) rewritten as "bins":[[I,c0],...] with the zero
# counts left out, in place; every other line and byte as it is.  For the
# tests that feed readers the form older versions wrote.
{
	if (match($0, /"bin_offset":-?[0-9]+,"bin_counts":\[[0-9,]*\]/)) {
		s = substr($0, RSTART, RLENGTH)
		t = s
		sub(/^"bin_offset":/, "", t)
		off = t + 0
		sub(/^-?[0-9]+,"bin_counts":\[/, "", t)
		sub(/\]$/, "", t)
		n = split(t, c, ",")
		out = ""
		for (k = 1; k <= n; k++)
			if (c[k] != "0")
				out = out (out == "" ? "" : ",") "[" (off + k - 1) "," c[k] "]"
		$0 = substr($0, 1, RSTART - 1) "\"bins\":[" out "]" \
		    substr($0, RSTART + RLENGTH)
	}
	print
}
