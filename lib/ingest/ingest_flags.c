/*
 * ingest_flags.c — presets for feature-flag evaluation exports, into
 * kind "flag" events: goff (GO Feature Flag's data exporter) and unleash
 * (Unleash SDK impression events).
 */
#include <string.h>

#include "ingest_int.h"

/*
 * GO Feature Flag exporter, JSON format, one FeatureEvent per line:
 *   {"kind":"feature","contextKind":"user","userKey":"94a2..",
 *    "creationDate":1680246000,"key":"my-flag","variation":"admin",
 *    "value":"x","default":false,"version":"","source":"SERVER"}
 * creationDate is Unix seconds; default true means the SDK default value
 * was served.
 */
slo_status
ing_goff(slo_ingest *ing, json_t *obj, slo_error *err)
{
	json_t *kind = json_object_get(obj, "kind");
	json_t *created = json_object_get(obj, "creationDate");
	slo_event *ev;
	slo_ns t;

	if (!json_is_string(kind))
		return ing_reject(err, "missing 'kind'");
	/* the exporter also writes tracking events (custom metrics): valid
	 * records that carry no evaluation, skipped rather than rejected */
	if (strcmp(json_string_value(kind), "tracking") == 0) {
		ing_skipped(ing, ING_SKIP_GOFF_TRACKING);
		return SLO_OK;
	}
	if (strcmp(json_string_value(kind), "feature") != 0)
		return ing_reject(err, "not a feature event: '%s'",
		    json_string_value(kind));
	if ((ev = ing_event(ing, SLO_KIND_FLAG)) == NULL)
		return ing_nomem(err);
	if ((ev->flag = ing_text(ing, json_object_get(obj, "key"))) == NULL)
		return ing_reject(err, "missing 'key'");
	if (ing_unset(created))
		return ing_reject(err, "missing 'creationDate'");
	if (slo_json_ns(created, SLO_UNIT_S, &t) != SLO_OK)
		return ing_reject(err, "bad 'creationDate'");
	ev->ts = t;
	ev->has |= SLO_HAS_TS;
	ev->variant = ing_text(ing, json_object_get(obj, "variation"));
	ev->subject = ing_text(ing, json_object_get(obj, "userKey"));
	if (json_is_true(json_object_get(obj, "default")))
		ev->reason = "default";
	return ing_event_done(ing, ev, obj, err);
}

/*
 * Unleash impression events (SDK "impression" event, impressionData on):
 *   {"eventType":"isEnabled"|"getVariant","eventId":"uuid",
 *    "context":{"userId":..,"sessionId":..,"remoteAddress":..,
 *               "environment":..,"appName":..,"currentTime":..,
 *               "properties":{..}},
 *    "enabled":true,"featureName":"my-flag","variant":"blue"}
 * They carry no time of their own: the context's currentTime, or a
 * "timestamp"/"createdAt" a collector added, is used when present.
 */
slo_status
ing_unleash(slo_ingest *ing, json_t *obj, slo_error *err)
{
	static const char *const times[] = { "timestamp", "createdAt",
		"context.currentTime", NULL };
	json_t *type = json_object_get(obj, "eventType");
	json_t *enabled = json_object_get(obj, "enabled");
	json_t *v;
	slo_event *ev;
	const char *s;
	slo_ns t;

	if (!json_is_string(type))
		return ing_reject(err, "missing 'eventType'");
	s = json_string_value(type);
	if (strcmp(s, "isEnabled") != 0 && strcmp(s, "getVariant") != 0)
		return ing_reject(err, "unknown eventType: '%s'", s);
	if ((ev = ing_event(ing, SLO_KIND_FLAG)) == NULL)
		return ing_nomem(err);
	if ((ev->flag = ing_text(ing, json_object_get(obj, "featureName"))) ==
	    NULL)
		return ing_reject(err, "missing 'featureName'");
	if (!json_is_boolean(enabled))
		return ing_reject(err, "missing 'enabled'");
	for (int i = 0; times[i] != NULL; i++) {
		v = slo_json_path(obj, times[i], strlen(times[i]));
		if (ing_unset(v))
			continue;
		if (slo_json_ns(v, json_is_number(v) ? SLO_UNIT_MS :
		    SLO_UNIT_RFC3339, &t) != SLO_OK)
			return ing_reject(err, "bad '%s'", times[i]);
		ev->ts = t;
		ev->has |= SLO_HAS_TS;
		break;
	}
	/* a variant object {"name":..} from some SDKs, or its name */
	v = json_object_get(obj, "variant");
	if (json_is_object(v))
		v = json_object_get(v, "name");
	ev->variant = ing_text(ing, v);
	/* isEnabled, or the "disabled" pseudo-variant: the boolean served */
	if (ev->variant == NULL ||
	    (strcmp(ev->variant, "disabled") == 0 && !json_is_true(enabled)))
		ev->variant = json_is_true(enabled) ? "true" : "false";
	ev->subject = ing_path_text(ing, obj, "context.userId");
	if (ev->subject == NULL)
		ev->subject = ing_path_text(ing, obj, "context.sessionId");
	if (ev->subject == NULL)
		ev->subject = ing_path_text(ing, obj, "context.remoteAddress");
	ev->service = ing_path_text(ing, obj, "context.appName");
	if ((s = ing_path_text(ing, obj, "context.environment")) != NULL &&
	    ing_label(ing, ev, "environment", s) != SLO_OK)
		return ing_nomem(err);
	return ing_event_done(ing, ev, obj, err);
}
