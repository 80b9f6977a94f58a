/*
 * slo_math.h — libslo's advanced tier: instants and durations, time
 * zones, window series, quantile sketches, objectives, budgets and burn
 * rates, HyperLogLog and the statistical tests.
 *
 * Stability: these may change in a minor version (slo.h states the stable
 * tier).  The ownership rule of slo.h holds here too.
 */
#ifndef SLO_MATH_H
#define SLO_MATH_H

#include <stddef.h>
#include <stdint.h>
#include "slo.h"

/* ==== instants, durations and time zones.
 *
 * An instant is an int64 count of nanoseconds since 1970-01-01T00:00:00Z
 * (slo_ns); a duration is the same type.  Nothing here reads TZ, the locale
 * or the wall clock.
 */


/*
 * Parse RFC 3339: YYYY-MM-DD('T'|'t'|' ')hh:mm:ss[.f{1,9}]('Z'|'z'|±hh:mm).
 * Instants 1678-01-01 to 2261-12-31 UTC (the year written may be one off
 * when the offset brings the instant in).  Out-of-range fields (month 13,
 * Feb 30, 24:00:01, leap second 60) are errors.  On error *errpos (may be
 * NULL) is the 0-based offset of the offending byte.  SLO_ESYNTAX for a
 * malformed string (trailing bytes included), SLO_ERANGE for a field or
 * year out of range.
 */
SLO_API slo_status slo_time_parse(const char *s, size_t n, slo_ns *out, size_t *errpos);

/*
 * Epoch seconds (a JSON number) to ns; refuses NaN, Inf (SLO_EINVAL) and
 * out-of-range (SLO_ERANGE).  Takes the shortest decimal of at most 9
 * places that reads back as sec (1764144000.123456 gives ...123456000 ns,
 * not the binary neighbour ...123456001), else rounds to the nearest ns.
 */
SLO_API slo_status slo_time_from_epoch(double sec, slo_ns *out);

/*
 * Format as RFC 3339 UTC with 'Z': no fraction when whole seconds, else 3,
 * 6 or 9 digits, the fewest that are exact.  buf needs SLO_TIME_BUFSZ.
 * Returns the length written.
 */
#define SLO_TIME_BUFSZ 40
SLO_API size_t slo_time_format(slo_ns t, char *buf);

/*
 * Parse a duration: a sequence of <number><unit>, units ns us ms s m h d w
 * ("250ms", "5m", "1h30m", "28d", "1w"), and the Google Duration form
 * "0.123s" (a decimal fraction allowed on any unit, at most 9 digits).
 * Units come longest first, each at most once, as in Prometheus ("30m1h"
 * and "5m5m" are errors).  A bare number without a unit, a negative value,
 * an empty string (SLO_ESYNTAX), an overflow or a fraction finer than 1ns
 * (SLO_ERANGE) is an error.
 */
SLO_API slo_status slo_duration_parse(const char *s, size_t n, slo_ns *out, size_t *errpos);

/*
 * The shortest form built from d h m s ms us ns, e.g. "1h30m", "28d", "0s";
 * weeks are written as days ("7d", "28d": how SLO windows are spoken of).
 * A negative d gets a leading '-'.  Always parses back to d when d >= 0.
 */
#define SLO_DURATION_BUFSZ 64
SLO_API size_t slo_duration_format(slo_ns d, char *buf);

/*
 * JSON forms: an instant as its slo_time_format() string (SLO_NS_NONE as
 * null), a duration as its slo_duration_format() string.
 */
SLO_API slo_status slo_buf_json_time(slo_buf *b, slo_ns t);
SLO_API slo_status slo_buf_json_duration(slo_buf *b, slo_ns d);

/* Proleptic Gregorian civil date helpers (Howard Hinnant's algorithms). */
SLO_API int64_t slo_days_from_civil(int64_t y, unsigned m, unsigned d);
SLO_API void slo_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Floor of t to a multiple of width (width > 0), correct for negative t;
 * INT64_MIN when that multiple is below the int64 range. */
SLO_API slo_ns slo_time_floor(slo_ns t, slo_ns width);

/*
 * IANA time zones, read from TZif files under /usr/share/zoneinfo (or the
 * directory in SLO_ZONEINFO, for tests); "UTC" and "Etc/UTC" need no file.
 * Instants after a file's last transition follow its POSIX TZ footer.
 * slo_tz_new() returns NULL with err set: SLO_EINVAL for a name that is not
 * a plain relative path (empty, absolute, "..", odd bytes), SLO_ENOTFOUND
 * for no such zone, SLO_ESYNTAX for a corrupt file, SLO_ENOMEM.
 */
typedef struct slo_tz slo_tz;
SLO_API slo_tz *slo_tz_new(const char *name, slo_error *err);
SLO_API void slo_tz_free(slo_tz *tz);
SLO_API const char *slo_tz_name(const slo_tz *tz);
/* UTC offset in seconds in force at instant t. */
SLO_API int32_t slo_tz_offset(const slo_tz *tz, slo_ns t);
/*
 * The instant of local midnight starting the civil day y-m-d in tz; when
 * midnight does not exist (a DST gap) the first instant after it; when it
 * happens twice (a fall-back to 00:00) the first.  SLO_NS_NONE for a year
 * outside 1678..2261 or a month or day out of range (a day past the end
 * of its month rolls over: 2026-02-31 is 2026-03-03).
 */
SLO_API slo_ns slo_tz_local_midnight(const slo_tz *tz, int64_t y, unsigned m, unsigned d);
/* The local civil date of instant t. */
SLO_API void slo_tz_civil(const slo_tz *tz, slo_ns t, int64_t *y, unsigned *m, unsigned *d,
    unsigned *weekday /* 0 = Monday; may be NULL */);

/* ==== a mergeable quantile sketch with relative-error
 * guarantees, after DDSketch (Masson, Rim, Lee; VLDB 2019): logarithmic
 * buckets of ratio gamma = (1 + alpha) / (1 - alpha), so a quantile is
 * reported within alpha relative error of the exact nearest-rank value.
 * Zero has its own exact bucket, which also counts values below 1e-9
 * (estimated as 0, clamped to the exact min); negatives, NaN and infinities
 * are refused (SLO_EINVAL).  Memory follows the range of values, not their
 * number: 8 bytes per bucket between the smallest and largest (about 5 KiB
 * for 10^7 lognormal latencies at alpha 0.01).
 */

#define SLO_SKETCH_ALPHA 0.01

typedef struct slo_sketch slo_sketch;

SLO_API slo_sketch *slo_sketch_new(double alpha); /* alpha in [1e-6, 0.5); NULL else */
SLO_API void slo_sketch_free(slo_sketch *s);
SLO_API slo_sketch *slo_sketch_clone(const slo_sketch *s);
SLO_API void slo_sketch_clear(slo_sketch *s);
/* Trim the bins kept for growth to those in use; values and answers are
 * unchanged.  For sketches that have (mostly) stopped growing. */
SLO_API void slo_sketch_shrink(slo_sketch *s);

SLO_API double slo_sketch_alpha(const slo_sketch *s);
SLO_API slo_status slo_sketch_add(slo_sketch *s, double v);
/* SLO_ERANGE when the count would pass INT64_MAX (the JSON limit). */
SLO_API slo_status slo_sketch_add_n(slo_sketch *s, double v, uint64_t n);
/* dst += src; SLO_EMISMATCH when their alphas differ. */
SLO_API slo_status slo_sketch_merge(slo_sketch *dst, const slo_sketch *src);

/*
 * Nearest-rank quantile estimate, q in [0, 1]: the value of rank
 * ceil(q n) clamped to [1, n] (q n within rounding of an integer counts as
 * that integer); ranks 1 and n give the exact min and max.
 * SLO_EEMPTY / SLO_EINVAL.
 */
SLO_API slo_status slo_sketch_quantile(const slo_sketch *s, double q, double *out);
SLO_API uint64_t slo_sketch_count(const slo_sketch *s);
SLO_API double slo_sketch_min(const slo_sketch *s); /* NaN when empty */
SLO_API double slo_sketch_max(const slo_sketch *s);
/*
 * The sum of the values each rounded to 1e-9 (a picosecond for ms), kept
 * exactly as integers so that it is the same in any merge order and
 * survives JSON; +Inf once it passes 2^62 (4.6e18).
 */
SLO_API double slo_sketch_sum(const slo_sketch *s);
/* Bytes held, for the memory bound tests. */
SLO_API size_t slo_sketch_bytes(const slo_sketch *s);

/*
 * JSON form: {"alpha":A,"count":N,"sum":S,"min":m,"max":M,"zero":Z,
 * "bins":[[index,count],...]} with bins sorted by index, zero counts left
 * out; min and max are null when empty, sum null once saturated; after
 * "sum", "sum_exact":"DECIMAL" when S is not the sum exactly in
 * thousandths.  Encoding
 * is canonical (equal sketches give equal bytes, whatever the merge order);
 * decoding round-trips and checks everything (unknown or missing keys,
 * counts that do not add up, unordered bins: SLO_EINVAL in err).
 */
SLO_API slo_status slo_sketch_encode(const slo_sketch *s, slo_buf *out);

/* ==== one time series of an SLO (one SLO x one group): exact
 * per-bucket good/total counters from which any window ending at the
 * evaluation instant is read, in memory bounded by the number of buckets,
 * never by the number of events (DESIGN.md section 4).
 *
 * Buckets.  Time is cut into buckets of `resolution` aligned to the Unix
 * epoch: bucket k holds [k * res, (k + 1) * res).  A rolling window of
 * length W at instant `at` is the W / res buckets ending with the bucket
 * that holds `at`, i.e. the half-open range
 *     [floor(at) + res - W, floor(at) + res).
 * A calendar window (week starting Monday, month) in an IANA zone runs from
 * local midnight starting the period that holds `at` (floored to a bucket
 * boundary, which it already is for every zone offset in use since 1972 at
 * res <= 15m) to the same end.
 *
 * Retention.  The head is the newest bucket that received an event.  The
 * series accepts events from the oldest bucket of the longest rolling
 * window it was configured for (`span`) ending with the head, or, for a
 * calendar series, from the start of the head's calendar period when that
 * is older (up to 31 days and a DST hour back).  An event newer than the
 * head advances it (in O(1), however far); an event inside the accepted
 * range lands in its bucket whatever its arrival order; an older event is
 * not stored but counted as out_of_window, and with `until` set an event
 * after the instant `until` (even one in the bucket holding it) is counted
 * as after_until: never silently lost.  So a series given `until` T reads,
 * at T, exactly as one given only the events up to T.  The accepted range only moves forward, so every
 * range a read may ask for (one not older than it: SLO_ERANGE otherwise)
 * holds every event ever given for it: reads are exact, and so are the
 * counts of slo_window_stats, whatever the arrival order.
 *
 * Memory.  Buckets live in chunks of SLO_WINDOW_CHUNK (64) buckets, each
 * chunk allocated the first time an event lands in it and reused in place
 * as the ring turns (no allocation in steady state), with its own 64-bit
 * sums so that a read costs O(chunks + 2 x 64).  A chunk's good/total
 * counters are 2 bytes wide until one of its buckets passes 65,535
 * events, then 4, then 8 (the chunk is copied once when it widens), so
 * exactness costs no memory where traffic is modest: a chunk takes 288,
 * 544 or 1,056 bytes.  Per series: ~250 bytes + its chunks, and, once
 * more than two chunks hold data at once, 8 per chunk slot (span / 64
 * buckets + 2): a series that sees a few events (one group of a
 * high-cardinality group_by) never makes the slot array.  Measured at 1m
 * with slo_window_bytes() (which says exactly), every minute holding
 * events:
 *     30-day rolling (43,200 buckets), <= 65,535 a minute    200,640 bytes
 *       the same at up to 2^32 - 1 a minute                  ~374,000 bytes
 *       the same beyond (8-byte counters)                    ~721,000 bytes
 *     calendar month (32 days retained), <= 65,535 a minute  213,960 bytes
 *     3 days, <= 65,535 a minute                              20,672 bytes
 *     one busy minute only, 30-day or 3-day series               536 bytes
 * Latency sketches, when enabled, are kept one per bucket that holds
 * values (chunks of 64 bucket slots of 528 bytes, made on first use, plus
 * the sketches), so that a quantile read covers exactly the buckets of
 * the window, whatever instant it ends at: a sketch per hour or day would
 * take in values up to a sketch width older than the window (issue 15.1).
 * Memory follows the buckets holding values, never the number of values:
 * the bucket written last keeps a live sketch (~100 bytes plus 8 per
 * factor gamma, 1.02 at alpha 0.01, between its smallest and largest
 * value; its bins, wiped, serve the next bucket, so they span the widest
 * range one bucket has needed, up to 2,048 bins: 16 KiB); the others are
 * frozen, exactly, into about 30 bytes plus under half a byte per bin of
 * their range (bins in groups of 8, each as wide as its largest count
 * needs; slo-eval(1) has the bound).  Measured with
 * slo_window_bytes() at 1m, alpha 0.01, lognormal latencies (median 120 ms,
 * sigma 0.6), 100 values a minute: 1 day 0.12 MB, 7 days 0.81 MB (1.9 and
 * 13 MB with a live sketch in every bucket).
 */

#define SLO_WINDOW_CHUNK 64

typedef enum slo_calendar {
	SLO_CAL_NONE = 0, /* rolling window */
	SLO_CAL_WEEK,     /* Monday 00:00 local to the next Monday */
	SLO_CAL_MONTH     /* day 1 00:00 local to the next month's day 1 */
} slo_calendar;

/* "week", "month"; NULL for SLO_CAL_NONE. */
SLO_API const char *slo_calendar_name(slo_calendar c);
/* -1 when name is neither "week" nor "month". */
SLO_API int slo_calendar_from_name(const char *name);

/*
 * The calendar period of kind c that holds instant t in zone tz (NULL =
 * UTC): *start is local midnight of its first day, *end that of the next
 * period's first day (so end - start is 23h or 25h off a whole number of
 * days across a DST change).  SLO_EINVAL for SLO_CAL_NONE.
 */
SLO_API slo_status slo_calendar_period(slo_calendar c, const slo_tz *tz, slo_ns t,
    slo_ns *start, slo_ns *end);

typedef struct slo_window_config {
	slo_ns resolution;    /* bucket width > 0; 0 means 1m */
	slo_ns span;          /* longest rolling window read, a multiple of
	                         resolution (SLO window, alert windows, report
	                         span); may be 0 for a calendar-only series */
	slo_calendar calendar; /* also retain the current calendar period */
	const slo_tz *tz;     /* zone of the calendar; NULL = UTC; borrowed,
	                         must outlive the series */
	slo_ns until;         /* SLO_NS_NONE, or the evaluation instant when it
	                         is known up front (--at): events after it
	                         are counted as `after_until` and not stored */
	double sketch_alpha;  /* > 0: keep latency sketches of this accuracy;
	                         0: none */
} slo_window_config;

/* resolution 1m, span 0, no calendar, UTC, no until, no sketches. */
SLO_API void slo_window_config_init(slo_window_config *cfg);

typedef struct slo_window slo_window;

/*
 * A new empty series.  Refuses (NULL, err set, SLO_EINVAL) a resolution
 * below 0 or above 2^50 ns (13 days), a span that is not a multiple of it,
 * a span of 0 without a calendar, a sketch alpha outside (0, 0.5);
 * SLO_ELIMIT for
 * more than 2^24 buckets or 2^60 ns (36 years).
 */
SLO_API slo_window *slo_window_new(const slo_window_config *cfg, slo_error *err);
SLO_API void slo_window_free(slo_window *w);
SLO_API const slo_window_config *slo_window_config_of(const slo_window *w);

/*
 * Count `total` events at instant ts of which `good` were good
 * (good <= total, else SLO_EINVAL; total 0 is a no-op that still advances
 * the head).  Returns SLO_OK whether the events were stored or counted as
 * out of window / after until; SLO_ENOMEM when a chunk could not be made;
 * SLO_ERANGE, counting nothing, for an instant so near either end of the
 * int64 range that window arithmetic would overflow (every instant
 * slo_time_parse accepts, 1678..2261, is fine for series of up to 100
 * days at 1m; SLO_NS_NONE is refused so) or when a chunk's count would
 * overflow uint64.
 */
SLO_API slo_status slo_window_add(slo_window *w, slo_ns ts, uint64_t good,
    uint64_t total);

/*
 * Add n latency values (ms, >= 0) / a whole sketch (a rollup's) to the
 * sketch of the bucket holding ts.  Ignored (SLO_OK) when the series keeps
 * no sketches or ts is older than the accepted range or after until, as
 * slo_window_add() would count it.  Errors from slo_sketch_add_n/
 * merge pass through (NaN or negative value, unlike alpha); SLO_ERANGE as
 * for slo_window_add.
 */
SLO_API slo_status slo_window_add_latency(slo_window *w, slo_ns ts, double ms,
    uint64_t n);
SLO_API slo_status slo_window_merge_sketch(slo_window *w, slo_ns ts,
    const slo_sketch *s);

/*
 * dst += src, for series built in parallel (say one per thread or shard)
 * with the same configuration (SLO_EMISMATCH otherwise): counts add bucket
 * by bucket, sketches merge, the head becomes the newer of the two, and
 * src's buckets older than what dst then retains are left out as having
 * aged out.  The result reads, stats included, the same as one series fed
 * every event.
 */
SLO_API slo_status slo_window_merge(slo_window *dst, const slo_window *src);

/*
 * Where the events given went, independent of their arrival order (so a
 * shuffled or sharded input reports the same): events + out_of_window +
 * after_until = the sum of `total` over every accepted slo_window_add().
 * O(retained range / 64).
 */
typedef struct slo_window_stats {
	uint64_t events;        /* in the accepted range now */
	uint64_t out_of_window; /* older than it: refused on arrival or aged
	                           out since, i.e. older than the longest
	                           window (or calendar period) at the head */
	uint64_t after_until;   /* after the instant until, not stored */
	slo_ns head;            /* start of the newest bucket; SLO_NS_NONE when
	                           nothing was added yet */
	slo_ns oldest;          /* start of the oldest bucket accepted;
	                           SLO_NS_NONE likewise */
} slo_window_stats;

SLO_API void slo_window_stats_get(const slo_window *w, slo_window_stats *st);

/* Bytes held by the series, its chunks and its sketches. */
SLO_API size_t slo_window_bytes(const slo_window *w);

/*
 * Ranges.  slo_window_rolling() gives [from, to) of the rolling window of
 * length len (a multiple of the resolution, else SLO_EINVAL) at instant
 * at; slo_window_calendar() that of the series' calendar period holding at
 * (SLO_EINVAL on a series without a calendar).  Neither reads data.
 * SLO_ERANGE for an instant slo_window_add() would refuse as such, or a
 * range starting before the int64 range.
 */
SLO_API slo_status slo_window_rolling(const slo_window *w, slo_ns at, slo_ns len,
    slo_ns *from, slo_ns *to);
SLO_API slo_status slo_window_calendar(const slo_window *w, slo_ns at,
    slo_ns *from, slo_ns *to);

typedef struct slo_counts {
	uint64_t good;
	uint64_t total;
} slo_counts;

/*
 * The sums over the buckets of [from, to), both multiples of the
 * resolution (SLO_EINVAL otherwise, or when from > to).  SLO_ERANGE when
 * part of the range is older than what the series retains (a span too
 * short for the window asked: a caller bug, not a data condition).
 * Buckets after the head read as zero.  O(range / 64 + 128).
 */
SLO_API slo_status slo_window_counts(const slo_window *w, slo_ns from, slo_ns to,
    slo_counts *out);

/*
 * Tumbling series: [from, to) cut at multiples of step (a multiple of the
 * resolution) counted from the epoch, like buckets; the first and the last
 * step are clipped to the range.  out[i] receives the counts of step i;
 * n must be slo_window_steps(from, to, step) (SLO_EINVAL otherwise) and
 * *starts, when non-NULL, the clipped start of each step.  Timeslices
 * and the hourly report series are cut this way.  O(range / 64 + n x 128).
 */
SLO_API size_t slo_window_steps(slo_ns from, slo_ns to, slo_ns step);
SLO_API slo_status slo_window_tumble(const slo_window *w, slo_ns from, slo_ns to,
    slo_ns step, slo_counts *out, slo_ns *starts, size_t n);

/*
 * Merge into dst the latency sketches of exactly the buckets of
 * [from, to) (both multiples of the resolution): the values of that
 * range, whatever their arrival order.  O(range + merges).  SLO_EINVAL
 * when the series keeps no sketches, SLO_EMISMATCH when dst's alpha
 * differs, SLO_EINVAL / SLO_ERANGE as for slo_window_counts().
 */
SLO_API slo_status slo_window_sketch(const slo_window *w, slo_ns from, slo_ns to,
    slo_sketch *dst);

/* ==== SLO math over a window series: SLI, error budget, burn
 * rates, multi-window multi-burn-rate alerts, status.
 *
 * Definitions (target t, 0 < t < 1; 1 is refused, it leaves no budget):
 *   SLI        = good / total over the SLO window; no events -> no data
 *                (has_data 0; sli, burn, consumed, remaining are then 0
 *                and meaningless), never NaN or Inf
 *   allowed    = (1 - t) x total            bad units the window may spend
 *   consumed   = bad / allowed              fraction of the budget, may be > 1
 *   remaining  = 1 - consumed               may be negative, reported so
 *   burn rate  = (bad / total) / (1 - t)    1 spends the budget exactly
 *                                           over the window; computed as
 *                                           bad / allowed of that window
 *   1 - t is subtracted in decimal (slo_budget_fraction), so 0.999 leaves
 *   0.001 and 15 bad of 1,000 burn 15, not 14.999999999999986.
 * Budgeting methods (what "good", "bad" and "total" count):
 *   occurrences       events.
 *   timeslices        slices of `slice` (a multiple of the resolution, cut
 *                     at multiples of `slice` from the epoch like buckets
 *                     and clipped to the window): a slice with events is
 *                     good when its own SLI >= slice_target; slices without
 *                     events are left out and counted (slices_empty).
 *                     total = slices with events.
 *   ratio_timeslices  OpenSLO RatioTimeslices: the SLI is the mean of the
 *                     per-slice SLIs over slices with events; "bad" is the
 *                     sum of (1 - slice SLI), so consumed = (1 - SLI)/(1 - t).
 *                     slices_good counts the perfect slices (SLI 1).
 * Burn-rate alerts (SRE Workbook ch. 5, "Alerting on SLOs"): a rule fires
 * when the burn over its long window AND the burn over its short window
 * (both rolling, ending at `at`, in the SLO's budgeting method) are >= its
 * threshold.  ">=" so that a stated rate is itself alerting; compared with
 * a relative tolerance of 1e-9 so that decimal thresholds such as 14.4 or
 * 13.44 are not missed by binary rounding.  A window without events does
 * not fire.
 * Status: no_data (no events in the SLO window), else breached (SLI <
 * target, i.e. remaining < 0, or a page alert firing), else warning (a
 * ticket alert firing), else ok.  SLI == target exactly (remaining 0) is
 * met, as "SLI >= target" says.
 * Time to exhaustion: remaining x window_length / burn, where burn is the
 * burn over the rolling `exhaustion_window` ending at `at` (default: the
 * shortest long window of the rules, 1h for the google policies, or 1h
 * without rules) — "at the current burn" — and window_length is the
 * rolling window or the whole calendar period: a linear projection that
 * ignores events leaving a rolling window.  Not set (has_exhaustion 0)
 * when that burn is 0, has no data or the answer passes ~292 years; 0 when
 * the budget is already spent (remaining <= 0).
 */

typedef enum slo_budgeting {
	SLO_BUDGET_OCCURRENCES = 0,
	SLO_BUDGET_TIMESLICES,
	SLO_BUDGET_RATIO_TIMESLICES
} slo_budgeting;

/* "occurrences", "timeslices", "ratio_timeslices". */
SLO_API const char *slo_budgeting_name(slo_budgeting b);
/* Also accepts the OpenSLO spellings Occurrences, Timeslices,
 * RatioTimeslices; -1 when unknown. */
SLO_API int slo_budgeting_from_name(const char *name);


typedef struct slo_burn_rule {
	slo_severity severity;
	slo_ns long_window;  /* > short_window > 0 */
	slo_ns short_window;
	double burn;         /* threshold > 0 */
} slo_burn_rule;

#define SLO_MAX_RULES 16

/*
 * Built-in policies by name: "google-30d" (page 14.4x 1h/5m, page 6x
 * 6h/30m, ticket 1x 3d/6h) and "google-28d" (the same budget shares 2 %,
 * 5 %, 10 % over 28 days: burn = share x 28d / long = 13.44, 5.6,
 * 0.9333...).  *rules points at static storage.  SLO_ENOTFOUND when
 * unknown.
 */
SLO_API slo_status slo_policy_builtin(const char *name, const slo_burn_rule **rules,
    size_t *n);
/*
 * 1 - target, the fraction of events the budget allows, computed from the
 * target's shortest decimal form (k <= 15 places) so that it is the double
 * nearest the decimal answer: 0.999 -> 0.001 exactly as written, where
 * 1 - 0.999 in binary gives 0.0010000000000000009.
 */
SLO_API double slo_budget_fraction(double target);

/* The burn that spends `share` of a `window` budget in `long_window`. */
SLO_API double slo_burn_for_share(double share, slo_ns window, slo_ns long_window);

typedef struct slo_objective {
	double target;           /* 0 < target < 1 */
	slo_ns window;           /* rolling length; 0 with a calendar */
	slo_calendar calendar;   /* SLO_CAL_NONE for rolling */
	slo_budgeting budgeting;
	slo_ns slice;            /* timeslices: slice length */
	double slice_target;     /* timeslices: 0 < slice_target <= 1 */
	slo_burn_rule rules[SLO_MAX_RULES];
	size_t nrules;
	slo_ns exhaustion_window; /* 0: see the header comment */
} slo_objective;

/* Zero everything; target, window or calendar must then be set. */
SLO_API void slo_objective_init(slo_objective *o);

/*
 * Check o on its own and against a series resolution: target in (0, 1)
 * ("target '1' leaves no error budget"), window a positive multiple of
 * res (or a calendar), slice a positive multiple of res and slice_target
 * in (0, 1] for timeslices, each rule well formed with windows multiples
 * of res, at most SLO_MAX_RULES.  SLO_EINVAL / SLO_ERANGE with a message.
 */
SLO_API slo_status slo_objective_check(const slo_objective *o, slo_ns res,
    slo_error *err);

/*
 * Fill cfg for a series able to answer every read slo_evaluate() makes for
 * o: span = the longest of the window, the rules' windows, the exhaustion
 * window and report_span (0 for none), the calendar and its zone.
 * sketch_alpha 0 for no latency sketches.
 */
SLO_API void slo_objective_window_config(const slo_objective *o, slo_ns res,
    const slo_tz *tz, slo_ns report_span, double sketch_alpha,
    slo_window_config *cfg);

typedef enum slo_state {
	SLO_STATE_OK = 0,
	SLO_STATE_WARNING,
	SLO_STATE_BREACHED,
	SLO_STATE_NO_DATA
} slo_state;

/* "ok", "warning", "breached", "no_data". */
SLO_API const char *slo_state_name(slo_state s);

/* Good/bad/total in the budgeting method's units over one window. */
typedef struct slo_tally {
	slo_ns from, to;       /* the window, [from, to) */
	uint64_t events_good;  /* events, whatever the method */
	uint64_t events_total;
	uint64_t slices_good;  /* timeslices: slices with events and SLI >=
	                          slice_target; ratio_timeslices: slices
	                          whose events were all good */
	uint64_t slices_total; /* both: slices with events */
	uint64_t slices_empty; /*   without events */
	double good, bad, total; /* in the method's units (events, slices, or
	                            summed slice ratios) */
	int has_data;          /* total > 0 */
	double sli;            /* valid when has_data */
	double burn;           /* valid when has_data */
} slo_tally;

typedef struct slo_alert_state {
	slo_burn_rule rule;
	slo_tally long_w, short_w;
	int firing;
} slo_alert_state;

typedef struct slo_result {
	slo_ns at;
	slo_tally window;        /* the SLO window */
	double allowed;          /* (1 - t) x total, in the method's units */
	double consumed;         /* fraction, valid when window.has_data */
	double remaining;        /* fraction, may be negative */
	double remaining_units;  /* allowed - bad */
	slo_alert_state alerts[SLO_MAX_RULES];
	size_t nalerts;
	int has_exhaustion;
	slo_ns exhaustion;       /* ns from at until the budget is spent */
	slo_state status;
} slo_result;

/*
 * Evaluate o over series w at instant at (which the caller takes as the
 * newest event time or --at).  Errors: SLO_EINVAL for an o that
 * slo_objective_check() refuses, SLO_ERANGE when w does not retain the
 * windows o needs (see slo_objective_window_config), SLO_ENOMEM.
 * "No data" is not an error: it is r->status == SLO_STATE_NO_DATA.
 */
SLO_API slo_status slo_evaluate(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_result *r);

/*
 * Tally one window [from, to) of w in o's budgeting method (what
 * slo_evaluate does for each of its windows).
 */
SLO_API slo_status slo_tally_range(const slo_objective *o, const slo_window *w,
    slo_ns from, slo_ns to, slo_tally *t);

/*
 * Report series over the SLO window at `at`, cut into steps of `step`
 * (a multiple of the resolution; for timeslices rounded up to a multiple
 * of the slice, so that slices nest in steps and the steps add up to the
 * window) at multiples of step from the epoch, the first and last clipped:
 * per step its tally (burn per step) and the budget remaining at the
 * step's end, 1 - (bad so far) / allowed, allowed being that of the whole
 * window, so the curve runs from 1 down to result.remaining (a burn-down
 * chart).  n must be slo_report_steps(o, w, at, step).
 */
typedef struct slo_report_point {
	slo_tally tally;          /* tally.from / tally.to: the step */
	double remaining;         /* valid when the window has data */
} slo_report_point;

SLO_API size_t slo_report_steps(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_ns step);
SLO_API slo_status slo_report_series(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_ns step, slo_report_point *out, size_t n);

/* ==== counting distinct subjects in bounded memory.
 *
 * A counter is exact up to SLO_HLL_EXACT distinct items: it keeps their
 * 64-bit hashes in an open-addressing set (so "exact" means exact up to a
 * 64-bit hash collision, probability below n^2 / 2^65, about 5e-13 at 4096
 * items).  Past that bound it turns, once and for good, into a HyperLogLog
 * of 2^14 one-byte registers (Flajolet, Fusy, Gandouet, Meunier 2007) read
 * with Ertl's improved estimator ("New cardinality estimation algorithms
 * for HyperLogLog sketches", 2017, algorithm 6), which needs no empirical
 * bias tables and is unbiased from small to huge counts.  Its relative
 * standard error is 1.04 / sqrt(2^14) = 0.81 %; about 99.7 % of estimates
 * fall within 3 standard errors, 2.44 %.  Memory: at most 64 KiB for the
 * exact set (8192 slots of 8 bytes), 16 KiB for the sketch.
 *
 * Items are hashed with SipHash-2-4 (Aumasson, Bernstein 2012) under a
 * fixed key, so counts are the same on every run and machine and counters
 * from different processes merge.
 */

#define SLO_HLL_P 14                  /* index bits: 2^14 registers */
#define SLO_HLL_M (1u << SLO_HLL_P)
#define SLO_HLL_EXACT 4096            /* exact up to this many items */
#define SLO_HLL_STDERR 0.0081         /* 1.04 / sqrt(2^14), rounded */

/* SipHash-2-4 of p[0..n) under the 16-byte key k. */
SLO_API uint64_t slo_siphash24(const unsigned char k[16], const void *p, size_t n);
/* The fixed-key hash every counter uses. */
SLO_API uint64_t slo_hash64(const void *p, size_t n);

typedef struct slo_hll slo_hll;

SLO_API slo_hll *slo_hll_new(void);
SLO_API void slo_hll_free(slo_hll *h);

/*
 * Count the item p[0..n) (any bytes).  Returns 1 when the counter is exact
 * and the item was new, 0 when it was seen before or the counter is an
 * estimate (then whether it was new is unknown), -1 when out of memory
 * (the counter stays valid and unchanged).
 */
SLO_API int slo_hll_add(slo_hll *h, const void *p, size_t n);
SLO_API int slo_hll_add_hash(slo_hll *h, uint64_t hash);

/* The number of distinct items: exact, or the estimate rounded. */
SLO_API uint64_t slo_hll_count(const slo_hll *h);
/* 1 while the count is exact, 0 once it is an estimate. */
SLO_API int slo_hll_exact(const slo_hll *h);

/* dst counts the union of dst and src.  SLO_ENOMEM leaves dst valid. */
SLO_API slo_status slo_hll_merge(slo_hll *dst, const slo_hll *src);

/* Bytes held, for the memory bound tests. */
SLO_API size_t slo_hll_bytes(const slo_hll *h);

/* ==== the statistics promote-check decides with.  Every function
 * is pure; p-values are in [0, 1].
 */

/* Standard normal: cdf, upper tail, and the quantile (inverse cdf). */
SLO_API double slo_norm_cdf(double z);
SLO_API double slo_norm_sf(double z);
SLO_API double slo_norm_ppf(double p);

/* Wilson score interval for k successes in n trials at confidence conf. */
SLO_API slo_status slo_wilson(uint64_t k, uint64_t n, double conf, double *lo, double *hi);

typedef enum slo_alt {
	SLO_ALT_TWO_SIDED = 0,
	SLO_ALT_LESS,    /* first sample lower / smaller proportion */
	SLO_ALT_GREATER  /* first sample higher / larger proportion */
} slo_alt;

/* Pooled two-proportion z-test of k1/n1 against k2/n2. */
SLO_API slo_status slo_two_prop_z(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2,
    slo_alt alt, double *z, double *p);

/* Fisher's exact test on the 2x2 table [[k1, n1-k1], [k2, n2-k2]]. */
SLO_API slo_status slo_fisher_exact(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2,
    slo_alt alt, double *p);

/*
 * Mann-Whitney U of x against y (U is x's statistic, as scipy reports it):
 * average ranks for ties, tie-corrected variance, continuity correction;
 * the exact null distribution when exact is requested or, for AUTO, when
 * there are no ties and either sample has at most 8 values (scipy 1.10's
 * rule; see stats.c for the work bound).  p-values follow
 * scipy.stats.mannwhitneyu.  NaN: SLO_EINVAL; an empty sample: SLO_EEMPTY.
 */
typedef struct slo_mwu {
	double u;        /* U of x */
	double z;        /* normal approximation, continuity corrected */
	double p;        /* p-value for alt */
	int exact;       /* p from the exact distribution */
} slo_mwu;
typedef enum slo_mwu_method { SLO_MWU_AUTO = 0, SLO_MWU_ASYMPTOTIC, SLO_MWU_EXACT } slo_mwu_method;
SLO_API slo_status slo_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
    slo_alt alt, slo_mwu_method method, slo_mwu *out);

/*
 * Hodges-Lehmann shift: the median of all x_i - y_j (the mean of the two
 * middle ones for an even count), exact, without materialising the nx*ny
 * differences: O((nx + ny) log) time per step, O(nx + ny) memory.
 * Non-finite values: SLO_EINVAL.
 */
SLO_API slo_status slo_hodges_lehmann(const double *x, size_t nx, const double *y,
    size_t ny, double *shift);

/* P(X <= k) for X ~ Binomial(n, p), exact to rounding for any n. */
SLO_API slo_status slo_binom_cdf(uint64_t k, uint64_t n, double p, double *cdf);

/*
 * Score test (Farrington & Manning 1990) of H0: p1 = theta p0 + delta for
 * x1 of n1 against x0 of n0: ratio margin theta, difference margin delta
 * (theta 1 and delta 0: no margin).  z is negative when p1 is below the
 * line; p1t, p0t are the restricted maximum-likelihood estimates on it.
 * z is NaN when the variance there is 0 (no evidence either way).
 */
SLO_API slo_status slo_noninf_score(uint64_t x1, uint64_t n1, uint64_t x0, uint64_t n0,
    double theta, double delta, double *z, double *p1t, double *p0t);

/*
 * Ranks (1-based) of the order statistics whose interval covers the
 * q-quantile with probability >= conf, exactly and distribution-free
 * (binomial ranks, each tail at most (1 - conf) / 2).  SLO_ERANGE when n
 * is too small for any pair.
 */
SLO_API slo_status slo_quantile_ranks(uint64_t n, double q, double conf, uint64_t *lo,
    uint64_t *hi);

/*
 * The F distribution's upper tail P(F(d1, d2) > f) and Student's t
 * quantile, from the regularized incomplete beta function (continued
 * fraction, DLMF 8.17.22): about 1e-13 relative.  NaN for df < 1.
 */
SLO_API double slo_f_sf(double f, double d1, double d2);
SLO_API double slo_t_ppf(double p, double df);

/*
 * Brown-Forsythe test (Levene's test about the group medians), as
 * scipy.stats.levene(center='median'): W and its p from F(k - 1, N - k)
 * for k groups x[i] of n[i] values; zbar (may be NULL) gets each group's
 * mean absolute deviation from its median.  SLO_EEMPTY for k < 2, an
 * empty group or N <= k; SLO_EINVAL for NaN.
 */
SLO_API slo_status slo_brown_forsythe(const double *const *x, const size_t *n,
    size_t k, double *w, double *p, double *zbar);

#endif
