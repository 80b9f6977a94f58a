/*
 * targets_render.c — the end-to-end, statistics and renderer fuzz
 * targets, #included by targets.c (one translation unit: the replay test
 * includes that).  The renderer invariants are in checks.c.
 *
 *   eval    a slo-spec(5) text, a line "%%", NDJSON events: slo_eval over
 *           every event, and over the events dealt to two engines then
 *           merged (the same ndjson, byte for byte); every slo-eval
 *           renderer (ndjson, table with and without colour, prom,
 *           markdown, html) through its invariants
 *   audit   a flag registry text, "%%", events: flag-audit's report in
 *           ndjson, table, markdown and junit, with and without summary
 *   gate    promotion criteria text, "%%", events: promote-check's
 *           verdict (exit code agrees with the decision) in ndjson,
 *           table, markdown and junit
 *   stats   bytes read as numbers for every public function of
 *           lib/stats.c: results in range, never NaN from finite input,
 *           the known symmetries and monotonicities (see slo_fuzz_stats)
 */

/* Split at the first line "%%": head (the YAML) and tail (the events). */
static void
split_input(const uint8_t *data, size_t size, const char **head,
    size_t *hlen, const char **tail, size_t *tlen)
{
	const char *s = (const char *)data;

	*head = s;
	*hlen = size;
	*tail = s + size;
	*tlen = 0;
	for (size_t i = 0; i + 2 <= size; i++) {
		if ((i == 0 || s[i - 1] == '\n') && s[i] == '%' && s[i + 1] == '%' &&
		    (i + 2 == size || s[i + 2] == '\n')) {
			*hlen = i;
			*tail = s + (i + 2 < size ? i + 3 : size);
			*tlen = size - (size_t)(*tail - s);
			return;
		}
	}
}

/*
 * Decode each line of text; give the events to fn(arg, index, event).
 * The decoder's events live until the next decode, as with slo_input.
 */
static void
each_event(const char *text, size_t len,
    void (*fn)(void *, size_t, const slo_event *), void *arg)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	size_t i = 0, idx = 0;

	if (dec == NULL)
		return;
	while (i < len) {
		const char *p = text + i;
		const char *nl = memchr(p, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - p) : len - i;
		char *line = fuzz_strndup((const uint8_t *)p, n);
		slo_event ev;
		slo_error err;

		i += n + 1;
		if (line == NULL)
			break;
		if (slo_event_decode(dec, line, n, &ev, &err) == SLO_OK)
			fn(arg, idx++, &ev);
		free(line);
	}
	slo_event_decoder_free(dec);
}

/* ---- eval: spec + events -> verdicts -> every renderer ---------------- */

typedef struct eval_feed {
	slo_eval *all, *part[2];
} eval_feed;

static void
eval_one(void *arg, size_t idx, const slo_event *ev)
{
	eval_feed *f = arg;
	slo_error err;

	slo_error_clear(&err);
	if (slo_eval_add(f->all, ev, &err) != SLO_OK && err.status != SLO_ENOMEM &&
	    err.msg[0] == '\0')
		slo_fuzz_fail("eval: event refused without a reason");
	if (f->part[0] != NULL)
		(void)slo_eval_add(f->part[idx % 2], ev, &err);
}

static const int eval_formats[] = { SLO_FMT_NDJSON, SLO_FMT_TABLE,
	SLO_FMT_PROM, SLO_FMT_MARKDOWN, SLO_FMT_HTML };

int
slo_fuzz_eval(const uint8_t *data, size_t size)
{
	const char *yaml, *events;
	size_t ylen, elen;
	slo_spec *spec = slo_spec_new();
	slo_eval_config cfg;
	eval_feed f = { 0 };
	slo_buf out = { 0 }, merged = { 0 };
	slo_error err;
	int code;

	if (spec == NULL)
		return 0;
	split_input(data, size, &yaml, &ylen, &events, &elen);
	slo_error_clear(&err);
	if (slo_spec_load_string(spec, "fuzz.yaml", yaml, ylen, &err) != SLO_OK ||
	    slo_spec_finish(spec, &err) != SLO_OK)
		goto out;
	slo_eval_config_init(&cfg);
	cfg.want_series = 1;
	if ((f.all = slo_eval_new(spec, &cfg, &err)) == NULL)
		goto out;
	f.part[0] = slo_eval_new(spec, &cfg, &err);
	f.part[1] = f.part[0] != NULL ? slo_eval_new(spec, &cfg, &err) : NULL;
	if (f.part[1] == NULL) {
		slo_eval_free(f.part[0]);
		f.part[0] = NULL;
	}
	each_event(events, elen, eval_one, &f);
	if (slo_eval_finish(f.all, &err) != SLO_OK)
		goto out;
	code = slo_eval_exit_code(f.all);
	if (code != 0 && code != 1 && code != 3)
		slo_fuzz_fail("eval: exit code %d", code);
	for (size_t i = 0; i < slo_eval_count(f.all); i++) {
		const slo_verdict *v = slo_eval_verdict(f.all, i);

		if (v == NULL || v->slo == NULL || v->slo->name == NULL)
			slo_fuzz_fail("eval: verdict %zu without an SLO", i);
	}
	for (size_t k = 0; k < sizeof eval_formats / sizeof eval_formats[0];
	    k++) {
		int fmt = eval_formats[k];

		for (int color = 0; color <= (fmt == SLO_FMT_TABLE); color++) {
			char what[48];

			snprintf(what, sizeof what, "slo-eval %s%s",
			    slo_format_name((slo_format)fmt), color ? " color" : "");
			slo_buf_reset(&out);
			if (slo_eval_render(f.all, (slo_format)fmt, color, &out) !=
			    SLO_OK)
				continue; /* out of memory */
			check_render(what, fmt, color, &out);
		}
	}
	/* The two halves merged render as the whole. */
	if (f.part[0] != NULL && slo_eval_merge(f.part[0], f.part[1], &err) ==
	    SLO_OK && slo_eval_finish(f.part[0], &err) == SLO_OK) {
		slo_buf_reset(&out);
		if (slo_eval_render(f.all, SLO_FMT_NDJSON, 0, &out) == SLO_OK &&
		    slo_eval_render(f.part[0], SLO_FMT_NDJSON, 0, &merged) ==
		    SLO_OK && !buf_eq(&out, &merged))
			slo_fuzz_fail("eval: merged halves give '%.*s', the whole "
			    "'%.*s'", (int)(merged.len > 400 ? 400 : merged.len),
			    merged.data ? merged.data : "",
			    (int)(out.len > 400 ? 400 : out.len),
			    out.data ? out.data : "");
	}
out:
	slo_buf_release(&out);
	slo_buf_release(&merged);
	slo_eval_free(f.all);
	slo_eval_free(f.part[0]);
	slo_eval_free(f.part[1]);
	slo_spec_free(spec);
	return 0;
}

/* ---- audit: registry + events -> flag-audit's report ------------------ */

static void
audit_one(void *arg, size_t idx, const slo_event *ev)
{
	(void)idx;
	(void)slo_flag_audit_add(arg, ev, NULL);
}

int
slo_fuzz_audit(const uint8_t *data, size_t size)
{
	static const int fmts[] = { SLO_FMT_NDJSON, SLO_FMT_TABLE,
		SLO_FMT_MARKDOWN, SLO_FMT_JUNIT };
	const char *yaml, *events;
	size_t ylen, elen;
	slo_flag_registry *reg = slo_flag_registry_new();
	slo_flag_audit *a = NULL;
	slo_flag_audit_opts opts;
	slo_buf out = { 0 };
	slo_error err;

	if (reg == NULL)
		return 0;
	split_input(data, size, &yaml, &ylen, &events, &elen);
	slo_error_clear(&err);
	if (slo_flag_registry_load_string(reg, "flags.yaml", yaml, ylen,
	    &err) != SLO_OK)
		goto out;
	slo_flag_audit_opts_init(&opts);
	if ((a = slo_flag_audit_new(reg, &opts)) == NULL)
		goto out;
	each_event(events, elen, audit_one, a);
	if (slo_flag_audit_finish(a, NULL) != SLO_OK)
		goto out;
	for (size_t i = 0; i < slo_flag_audit_nfindings(a); i++) {
		const slo_flag_finding *fi = slo_flag_audit_finding(a, i);

		if (fi == NULL || fi->flag == NULL)
			slo_fuzz_fail("audit: finding %zu without a flag", i);
		else if (i > 0 && fi->severity >
		    slo_flag_audit_finding(a, i - 1)->severity)
			slo_fuzz_fail("audit: finding %zu more severe than the "
			    "one before", i);
	}
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
		for (int summary = 0; summary <= 1; summary++)
			for (int color = 0; color <= (fmts[k] == SLO_FMT_TABLE);
			    color++) {
				char what[64];

				snprintf(what, sizeof what, "flag-audit %s%s%s",
				    slo_format_name((slo_format)fmts[k]),
				    summary ? " summary" : "",
				    color ? " color" : "");
				slo_buf_reset(&out);
				if (slo_flag_audit_report(a, (slo_format)fmts[k],
				    summary, SLO_LEVEL_MEDIUM, color, &out) != SLO_OK)
					continue;
				check_render(what, fmts[k], color, &out);
			}
	slo_buf_reset(&out);
	if (slo_flag_audit_report(a, SLO_FMT_PROM, 0, SLO_LEVEL_MEDIUM, 0,
	    &out) != SLO_EINVAL)
		slo_fuzz_fail("audit: prom is not refused");
out:
	slo_buf_release(&out);
	slo_flag_audit_free(a);
	slo_flag_registry_free(reg);
	return 0;
}

/* ---- gate: criteria + events -> promote-check's verdict --------------- */

static void
gate_one(void *arg, size_t idx, const slo_event *ev)
{
	slo_error err;

	(void)idx;
	slo_error_clear(&err);
	if (slo_promote_add(arg, ev, &err) != SLO_OK && err.status != SLO_ENOMEM &&
	    err.msg[0] == '\0')
		slo_fuzz_fail("gate: event refused without a reason");
}

int
slo_fuzz_gate(const uint8_t *data, size_t size)
{
	static const int fmts[] = { SLO_FMT_NDJSON, SLO_FMT_TABLE,
		SLO_FMT_MARKDOWN, SLO_FMT_JUNIT };
	static const int codes[] = { 0, 3, 1 }; /* promote, hold, rollback */
	const char *yaml, *events;
	size_t ylen, elen;
	slo_promote_criteria c;
	slo_promote_verdict *v = NULL;
	slo_promote *p = NULL;
	slo_buf out = { 0 };
	slo_error err;

	split_input(data, size, &yaml, &ylen, &events, &elen);
	slo_error_clear(&err);
	if (ylen == 0)
		slo_promote_criteria_init(&c);
	else if (slo_promote_criteria_load_string(&c, "promote.yaml", yaml, ylen,
	    &err) != SLO_OK)
		return 0;
	/* No registry file: the fuzzer must not read paths of its making. */
	c.flag_leaks.registry[0] = '\0';
	if (strcmp(c.cohort, c.baseline) == 0) /* promote-check refuses it */
		return 0;
	if ((v = malloc(sizeof *v)) == NULL ||
	    (p = slo_promote_new(&c, SLO_NS_NONE, &err)) == NULL)
		goto out;
	each_event(events, elen, gate_one, p);
	if (slo_promote_evaluate(p, v) != SLO_OK)
		goto out;
	if ((unsigned)v->decision > SLO_ROLLBACK ||
	    v->exit_code != codes[v->decision])
		slo_fuzz_fail("gate: decision %d with exit code %d",
		    (int)v->decision, v->exit_code);
	for (size_t i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		if ((unsigned)r->result > SLO_RES_SKIPPED)
			slo_fuzz_fail("gate: criterion %zu result %d", i,
			    (int)r->result);
		if (r->result == SLO_RES_FAIL && r->blocking &&
		    v->decision == SLO_PROMOTE)
			slo_fuzz_fail("gate: '%s' failed and blocks, yet promote",
			    slo_crit_name(r->id));
		if (memchr(r->summary, '\0', sizeof r->summary) == NULL ||
		    memchr(r->reason, '\0', sizeof r->reason) == NULL)
			slo_fuzz_fail("gate: '%s' text not terminated",
			    slo_crit_name(r->id));
	}
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
		for (int color = 0; color <= (fmts[k] == SLO_FMT_TABLE); color++) {
			char what[48];

			snprintf(what, sizeof what, "promote-check %s%s",
			    slo_format_name((slo_format)fmts[k]),
			    color ? " color" : "");
			slo_buf_reset(&out);
			if (slo_promote_verdict_render(v, fmts[k], color, &out) != SLO_OK)
				continue;
			check_render(what, fmts[k], color, &out);
		}
	slo_buf_reset(&out);
	if (slo_promote_verdict_render(v, SLO_FMT_HTML, 0, &out) != SLO_EINVAL)
		slo_fuzz_fail("gate: html is not refused");
out:
	slo_buf_release(&out);
	slo_promote_free(p);
	free(v);
	return 0;
}

/* ---- stats: the invariants of lib/stats.c ----------------------------- */

typedef struct byte_src {
	const uint8_t *p;
	size_t n;
} byte_src;

/* The next k bytes as an unsigned integer (0 past the end). */
static uint64_t
take_u(byte_src *s, size_t k)
{
	uint64_t v = 0;

	for (size_t i = 0; i < k; i++) {
		v = v << 8 | (s->n > 0 ? *s->p : 0);
		if (s->n > 0)
			s->p++, s->n--;
	}
	return v;
}

/* A double: a raw bit pattern, a small integer or a small fraction. */
static double
take_d(byte_src *s)
{
	unsigned how = (unsigned)take_u(s, 1) % 4;
	uint64_t bits;
	double d;

	switch (how) {
	case 0:
		bits = take_u(s, 8);
		memcpy(&d, &bits, sizeof d);
		return d;
	case 1:
		return (double)(int8_t)take_u(s, 1);
	case 2:
		return (double)(int16_t)take_u(s, 2) / 64.0;
	default:
		return (double)take_u(s, 2) / 65536.0; /* [0, 1) */
	}
}

/* A count: mostly small, sometimes up to 2^32, sometimes huge. */
static uint64_t
take_count(byte_src *s)
{
	unsigned how = (unsigned)take_u(s, 1);

	if (how < 200)
		return take_u(s, 1);
	if (how < 250)
		return take_u(s, 4);
	return take_u(s, 8);
}

/* k cut to 0..n, as successes out of n trials. */
static uint64_t
below(uint64_t k, uint64_t n)
{
	return n == UINT64_MAX ? k : k % (n + 1);
}

static int
in01(double p)
{
	return p >= 0 && p <= 1;
}

/* |a - b| within an absolute and relative tolerance. */
static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol * (1 + fabs(a) + fabs(b));
}

static void
stats_normal(byte_src *s)
{
	double z1 = take_d(s), z2 = take_d(s), p = take_d(s), lo, hi;

	for (int k = 0; k < 2; k++) {
		double z = k ? z2 : z1, c = slo_norm_cdf(z), t = slo_norm_sf(z);

		if (isnan(z))
			continue;
		if (!in01(c) || !in01(t))
			slo_fuzz_fail("stats: norm_cdf(%.17g) = %g, sf = %g", z, c, t);
		else if (!near(c + t, 1, 1e-12))
			slo_fuzz_fail("stats: cdf + sf at %.17g = %.17g", z, c + t);
	}
	lo = z1 < z2 ? z1 : z2;
	hi = z1 < z2 ? z2 : z1;
	if (!isnan(lo) && !isnan(hi) && (slo_norm_cdf(lo) > slo_norm_cdf(hi) ||
	    slo_norm_sf(lo) < slo_norm_sf(hi)))
		slo_fuzz_fail("stats: cdf not monotone between %.17g and %.17g",
		    lo, hi);
	if (p > 0 && p < 1) {
		double q = slo_norm_ppf(p), back = slo_norm_cdf(q);

		if (!isfinite(q))
			slo_fuzz_fail("stats: norm_ppf(%.17g) = %g", p, q);
		/* Relative to the smaller tail: ppf is accurate to ~1e-9. */
		else if (fabs(back - p) > 1e-8 * (p < 0.5 ? p : 1 - p) + 1e-15)
			slo_fuzz_fail("stats: cdf(ppf(%.17g)) = %.17g", p, back);
		if (p < 0.5 && !(q <= 0))
			slo_fuzz_fail("stats: norm_ppf(%.17g) = %g > 0", p, q);
	}
}

static void
stats_wilson(byte_src *s)
{
	uint64_t n = take_count(s), k = take_count(s);
	double conf = take_d(s), conf2 = take_d(s), lo, hi, lo2, hi2, phat;

	k = below(k, n);
	if (slo_wilson(k, n, conf, &lo, &hi) != SLO_OK)
		return;
	phat = (double)k / (double)n;
	if (!in01(lo) || !in01(hi) || !(lo <= phat * (1 + 1e-12) + 1e-300) ||
	    !(hi >= phat * (1 - 1e-12)))
		slo_fuzz_fail("stats: wilson(%llu, %llu, %.17g) = [%.17g, %.17g]",
		    (unsigned long long)k, (unsigned long long)n, conf, lo, hi);
	/* A higher confidence gives a wider interval. */
	if (slo_wilson(k, n, conf2, &lo2, &hi2) == SLO_OK && conf2 > conf &&
	    (lo2 > lo * (1 + 1e-12) + 1e-300 || hi2 < hi * (1 - 1e-12)))
		slo_fuzz_fail("stats: wilson(%llu, %llu) at %.17g [%.17g, %.17g] "
		    "narrower than at %.17g [%.17g, %.17g]",
		    (unsigned long long)k, (unsigned long long)n, conf2, lo2, hi2,
		    conf, lo, hi);
}

static void
stats_two_prop(byte_src *s)
{
	uint64_t n1 = take_count(s), k1 = take_count(s);
	uint64_t n2 = take_count(s), k2 = take_count(s);
	double z[3], p[3], zs, ps;

	k1 = below(k1, n1);
	k2 = below(k2, n2);
	for (int a = 0; a < 3; a++)
		if (slo_two_prop_z(k1, n1, k2, n2, (slo_alt)a, &z[a], &p[a]) !=
		    SLO_OK)
			return;
	for (int a = 0; a < 3; a++)
		if (isnan(z[a]) || !in01(p[a]))
			slo_fuzz_fail("stats: two_prop_z(%llu/%llu, %llu/%llu, alt "
			    "%d) = z %g, p %g", (unsigned long long)k1,
			    (unsigned long long)n1, (unsigned long long)k2,
			    (unsigned long long)n2, a, z[a], p[a]);
	/*
	 * No variance, no evidence (documented): both shares 0 or both 1
	 * give z = 0 and p = 1 whatever the alternative.  Past 2^53 a count
	 * is no longer exact in a double and the pooled share can round to
	 * 0 or 1 as well (reported; not a case of real traffic).
	 */
	if (z[0] == 0 && p[0] == 1 && p[1] == 1 && p[2] == 1) {
		if (!((k1 == 0 && k2 == 0) || (k1 == n1 && k2 == n2) ||
		    n1 > (1ull << 53) || n2 > (1ull << 53)))
			slo_fuzz_fail("stats: two_prop_z(%llu/%llu, %llu/%llu): "
			    "z = 0, p = 1 with variance", (unsigned long long)k1,
			    (unsigned long long)n1, (unsigned long long)k2,
			    (unsigned long long)n2);
		return;
	}
	if (!near(p[SLO_ALT_LESS] + p[SLO_ALT_GREATER], 1, 1e-12) ||
	    !near(p[SLO_ALT_TWO_SIDED], fmin(1, 2 * fmin(p[SLO_ALT_LESS],
	    p[SLO_ALT_GREATER])), 1e-12))
		slo_fuzz_fail("stats: two_prop_z(%llu/%llu, %llu/%llu): p two "
		    "%.17g, less %.17g, greater %.17g", (unsigned long long)k1,
		    (unsigned long long)n1, (unsigned long long)k2,
		    (unsigned long long)n2, p[0], p[1], p[2]);
	/* Swapping the samples negates z. */
	if (slo_two_prop_z(k2, n2, k1, n1, SLO_ALT_TWO_SIDED, &zs, &ps) ==
	    SLO_OK && (zs != -z[0] || !near(ps, p[0], 1e-12)))
		slo_fuzz_fail("stats: two_prop_z not symmetric: z %.17g vs %.17g",
		    z[0], zs);
}

static void
stats_fisher(byte_src *s)
{
	uint64_t n1 = take_count(s), k1 = take_count(s);
	uint64_t n2 = take_count(s), k2 = take_count(s);
	double p[3], q[3];

	/*
	 * The work grows with the spread of the hypergeometric, sqrt of the
	 * counts: counts near 2^60 take minutes (reported).  promote-check
	 * calls it only when an expected cell is below 5, where the spread
	 * is small; keep the fuzzer to counts below 2^32.
	 */
	n1 %= (1ull << 32) + 1;
	n2 %= (1ull << 32) + 1;
	k1 = below(k1, n1);
	k2 = below(k2, n2);
	for (int a = 0; a < 3; a++)
		if (slo_fisher_exact(k1, n1, k2, n2, (slo_alt)a, &p[a]) != SLO_OK)
			return;
	for (int a = 0; a < 3; a++)
		if (!in01(p[a]))
			slo_fuzz_fail("stats: fisher(%llu/%llu, %llu/%llu, alt %d) "
			    "= %g", (unsigned long long)k1, (unsigned long long)n1,
			    (unsigned long long)k2, (unsigned long long)n2, a,
			    p[a]);
	/*
	 * Both one-sided tails hold the observed table: they sum to at least
	 * 1.  The hypergeometric is unimodal, so the tail away from the mode
	 * is inside the two-sided sum: two-sided >= the smaller tail.
	 */
	if (p[1] + p[2] < 1 - 1e-9 || p[0] < fmin(p[1], p[2]) * (1 - 1e-6))
		slo_fuzz_fail("stats: fisher(%llu/%llu, %llu/%llu): two %.17g, "
		    "less %.17g, greater %.17g", (unsigned long long)k1,
		    (unsigned long long)n1, (unsigned long long)k2,
		    (unsigned long long)n2, p[0], p[1], p[2]);
	/* Swapping the rows swaps the tails. */
	for (int a = 0; a < 3; a++)
		if (slo_fisher_exact(k2, n2, k1, n1, (slo_alt)a, &q[a]) != SLO_OK)
			return;
	if (!near(q[0], p[0], 1e-9) || !near(q[1], p[2], 1e-9) ||
	    !near(q[2], p[1], 1e-9))
		slo_fuzz_fail("stats: fisher(%llu/%llu, %llu/%llu) swapped: "
		    "%.17g %.17g %.17g vs %.17g %.17g %.17g",
		    (unsigned long long)k1, (unsigned long long)n1,
		    (unsigned long long)k2, (unsigned long long)n2,
		    p[0], p[1], p[2], q[0], q[2], q[1]);
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define STATS_MAXN 64

static void
stats_samples(byte_src *s)
{
	double x[STATS_MAXN], y[STATS_MAXN], d[STATS_MAXN * STATS_MAXN];
	size_t nx = (size_t)take_u(s, 1) % STATS_MAXN;
	size_t ny = (size_t)take_u(s, 1) % STATS_MAXN;
	slo_mwu m[3], w;
	double hl, hl2, xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY,
	    ymax = -INFINITY;
	int finite = 1, method = (int)(take_u(s, 1) % 3);

	for (size_t i = 0; i < nx; i++)
		x[i] = take_d(s);
	for (size_t i = 0; i < ny; i++)
		y[i] = take_d(s);
	for (size_t i = 0; i < nx; i++) {
		finite &= isfinite(x[i]);
		xmin = fmin(xmin, x[i]);
		xmax = fmax(xmax, x[i]);
	}
	for (size_t i = 0; i < ny; i++) {
		finite &= isfinite(y[i]);
		ymin = fmin(ymin, y[i]);
		ymax = fmax(ymax, y[i]);
	}
	for (int a = 0; a < 3; a++) {
		slo_status st = slo_mann_whitney(x, nx, y, ny, (slo_alt)a,
		    (slo_mwu_method)method, &m[a]);

		if (st != SLO_OK)
			goto hodges;
		if (!in01(m[a].p) || !(m[a].u >= 0 &&
		    m[a].u <= (double)nx * (double)ny))
			slo_fuzz_fail("stats: mann_whitney(%zu, %zu, alt %d) = U %g, "
			    "p %g", nx, ny, a, m[a].u, m[a].p);
	}
	/* U of y is nx ny - U of x; the two-sided p is the same. */
	if (slo_mann_whitney(y, ny, x, nx, SLO_ALT_TWO_SIDED,
	    (slo_mwu_method)method, &w) == SLO_OK && (w.u + m[0].u !=
	    (double)nx * (double)ny || (w.exact == m[0].exact &&
	    !near(w.p, m[0].p, 1e-9))))
		slo_fuzz_fail("stats: mann_whitney swapped: U %g + %g != %zu x %zu "
		    "or p %.17g vs %.17g", m[0].u, w.u, nx, ny, m[0].p, w.p);
	/* The one-sided tails cover everything between them. */
	if (m[1].p + m[2].p < 1 - 1e-9)
		slo_fuzz_fail("stats: mann_whitney(%zu, %zu): less %.17g + greater "
		    "%.17g < 1", nx, ny, m[1].p, m[2].p);
hodges:
	if (slo_hodges_lehmann(x, nx, y, ny, &hl) != SLO_OK)
		return;
	if (!finite)
		slo_fuzz_fail("stats: hodges_lehmann took a non-finite value");
	if (!(hl >= xmin - ymax && hl <= xmax - ymin))
		slo_fuzz_fail("stats: hodges_lehmann = %.17g outside [%.17g, %.17g]",
		    hl, xmin - ymax, xmax - ymin);
	if (slo_hodges_lehmann(y, ny, x, nx, &hl2) == SLO_OK &&
	    !near(hl2, -hl, 1e-12))
		slo_fuzz_fail("stats: hodges_lehmann %.17g, swapped %.17g", hl, hl2);
	/* Against the definition: the median of all the differences. */
	if (nx * ny <= STATS_MAXN * STATS_MAXN) {
		size_t nd = 0, h;
		double med;

		for (size_t i = 0; i < nx; i++)
			for (size_t j = 0; j < ny; j++)
				d[nd++] = x[i] - y[j];
		qsort(d, nd, sizeof d[0], cmp_dbl);
		h = nd / 2;
		med = nd % 2 ? d[h] : d[h - 1] / 2 + d[h] / 2;
		if (!near(hl, med, 1e-12) && isfinite(med))
			slo_fuzz_fail("stats: hodges_lehmann %.17g, median of the "
			    "%zu differences %.17g", hl, nd, med);
	}
}

int
slo_fuzz_stats(const uint8_t *data, size_t size)
{
	byte_src s = { data, size };

	stats_normal(&s);
	stats_wilson(&s);
	stats_two_prop(&s);
	stats_fisher(&s);
	stats_samples(&s);
	return 0;
}
