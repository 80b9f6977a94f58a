/*
 * eval_helpers.h — what the unit tests of the slo-eval engine share
 * (test_eval.c, test_eval_anykind.c): a spec from YAML text, NDJSON lines
 * fed to an engine, a verdict by SLO and first group value.  Included
 * after cmocka.h and slo_eval.h.
 */
#ifndef EVAL_HELPERS_H
#define EVAL_HELPERS_H

static slo_spec *
spec_of(const char *yaml)
{
	slo_spec *s = slo_spec_new();
	slo_error err;

	assert_non_null(s);
	if (slo_spec_load_string(s, "t.yaml", yaml, strlen(yaml), &err) != SLO_OK ||
	    slo_spec_finish(s, &err) != SLO_OK)
		fail_msg("spec: %ld:%ld: %s", err.line, err.col, err.msg);
	return s;
}

/* Feeds NDJSON lines (one per array element) to e. */
static void
feed(slo_eval *e, const char *const *lines, size_t n)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	for (size_t i = 0; i < n; i++) {
		if (slo_event_decode(dec, lines[i], strlen(lines[i]), &ev, &err) != SLO_OK)
			fail_msg("decode %s: %s", lines[i], err.msg);
		if (slo_eval_add(e, &ev, &err) != SLO_OK)
			fail_msg("add %s: %s", lines[i], err.msg);
	}
	slo_event_decoder_free(dec);
}

static const slo_verdict *
find(const slo_eval *e, const char *slo, const char *g0)
{
	for (size_t i = 0; i < slo_eval_count(e); i++) {
		const slo_verdict *v = slo_eval_verdict(e, i);

		if (strcmp(v->slo->name, slo) != 0)
			continue;
		if (g0 == NULL ? v->ngroup == 0 :
		    v->ngroup > 0 && v->group[0] != NULL && strcmp(v->group[0], g0) == 0)
			return v;
	}
	fail_msg("no verdict for %s/%s", slo, g0 ? g0 : "-");
	return NULL;
}

#endif
