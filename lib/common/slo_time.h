/*
 * slo_time.h — instants, durations and time zones.
 *
 * An instant is an int64 count of nanoseconds since 1970-01-01T00:00:00Z
 * (slo_ns); a duration is the same type.  Nothing here reads TZ, the locale
 * or the wall clock.
 */
#ifndef SLO_TIME_H
#define SLO_TIME_H

#include "slo.h"

typedef int64_t slo_ns;

#define SLO_NS_PER_US  1000LL
#define SLO_NS_PER_MS  1000000LL
#define SLO_NS_PER_SEC 1000000000LL
#define SLO_NS_PER_MIN (60 * SLO_NS_PER_SEC)
#define SLO_NS_PER_HOUR (3600 * SLO_NS_PER_SEC)
#define SLO_NS_PER_DAY (86400 * SLO_NS_PER_SEC)
#define SLO_NS_NONE INT64_MIN /* "no instant" */

/*
 * Parse RFC 3339: YYYY-MM-DD('T'|'t'|' ')hh:mm:ss[.f{1,9}]('Z'|'z'|±hh:mm).
 * Instants 1678-01-01 to 2261-12-31 UTC (the year written may be one off
 * when the offset brings the instant in).  Out-of-range fields (month 13,
 * Feb 30, 24:00:01, leap second 60) are errors.  On error *errpos (may be
 * NULL) is the 0-based offset of the offending byte.  SLO_ESYNTAX for a
 * malformed string (trailing bytes included), SLO_ERANGE for a field or
 * year out of range.
 */
slo_status slo_time_parse(const char *s, size_t n, slo_ns *out, size_t *errpos);

/*
 * Epoch seconds (a JSON number) to ns; refuses NaN, Inf (SLO_EINVAL) and
 * out-of-range (SLO_ERANGE).  Takes the shortest decimal of at most 9
 * places that reads back as sec (1764144000.123456 gives ...123456000 ns,
 * not the binary neighbour ...123456001), else rounds to the nearest ns.
 */
slo_status slo_time_from_epoch(double sec, slo_ns *out);

/*
 * Format as RFC 3339 UTC with 'Z': no fraction when whole seconds, else 3,
 * 6 or 9 digits, the fewest that are exact.  buf needs SLO_TIME_BUFSZ.
 * Returns the length written.
 */
#define SLO_TIME_BUFSZ 40
size_t slo_time_format(slo_ns t, char *buf);

/*
 * Parse a duration: a sequence of <number><unit>, units ns us ms s m h d w
 * ("250ms", "5m", "1h30m", "28d", "1w"), and the Google Duration form
 * "0.123s" (a decimal fraction allowed on any unit, at most 9 digits).
 * Units come longest first, each at most once, as in Prometheus ("30m1h"
 * and "5m5m" are errors).  A bare number without a unit, a negative value,
 * an empty string (SLO_ESYNTAX), an overflow or a fraction finer than 1ns
 * (SLO_ERANGE) is an error.
 */
slo_status slo_duration_parse(const char *s, size_t n, slo_ns *out, size_t *errpos);

/*
 * The shortest form built from d h m s ms us ns, e.g. "1h30m", "28d", "0s";
 * weeks are written as days ("7d", "28d": how SLO windows are spoken of).
 * A negative d gets a leading '-'.  Always parses back to d when d >= 0.
 */
#define SLO_DURATION_BUFSZ 64
size_t slo_duration_format(slo_ns d, char *buf);

/*
 * JSON forms: an instant as its slo_time_format() string (SLO_NS_NONE as
 * null), a duration as its slo_duration_format() string.
 */
slo_status slo_buf_json_time(slo_buf *b, slo_ns t);
slo_status slo_buf_json_duration(slo_buf *b, slo_ns d);

/* Proleptic Gregorian civil date helpers (Howard Hinnant's algorithms). */
int64_t slo_days_from_civil(int64_t y, unsigned m, unsigned d);
void slo_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Floor of t to a multiple of width (width > 0), correct for negative t;
 * INT64_MIN when that multiple is below the int64 range. */
slo_ns slo_time_floor(slo_ns t, slo_ns width);

/*
 * IANA time zones, read from TZif files under /usr/share/zoneinfo (or the
 * directory in SLO_ZONEINFO, for tests); "UTC" and "Etc/UTC" need no file.
 * Instants after a file's last transition follow its POSIX TZ footer.
 * slo_tz_new() returns NULL with err set: SLO_EINVAL for a name that is not
 * a plain relative path (empty, absolute, "..", odd bytes), SLO_ENOTFOUND
 * for no such zone, SLO_ESYNTAX for a corrupt file, SLO_ENOMEM.
 */
typedef struct slo_tz slo_tz;
slo_tz *slo_tz_new(const char *name, slo_error *err);
void slo_tz_free(slo_tz *tz);
const char *slo_tz_name(const slo_tz *tz);
/* UTC offset in seconds in force at instant t. */
int32_t slo_tz_offset(const slo_tz *tz, slo_ns t);
/*
 * The instant of local midnight starting the civil day y-m-d in tz; when
 * midnight does not exist (a DST gap) the first instant after it; when it
 * happens twice (a fall-back to 00:00) the first.  SLO_NS_NONE for a year
 * outside 1678..2261 or a month or day out of range (a day past the end
 * of its month rolls over: 2026-02-31 is 2026-03-03).
 */
slo_ns slo_tz_local_midnight(const slo_tz *tz, int64_t y, unsigned m, unsigned d);
/* The local civil date of instant t. */
void slo_tz_civil(const slo_tz *tz, slo_ns t, int64_t *y, unsigned *m, unsigned *d,
    unsigned *weekday /* 0 = Monday; may be NULL */);

#endif
