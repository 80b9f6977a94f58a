/*
 * slo_window.h — one time series of an SLO (one SLO x one group): exact
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
 * values (chunks of 64 bucket slots of 520 bytes, made on first use, plus
 * the sketches), so that a quantile read covers exactly the buckets of
 * the window, whatever instant it ends at: a sketch per hour or day would
 * take in values up to a sketch width older than the window (issue 15.1).
 * Memory follows the buckets holding values, never the number of values:
 * a sketch takes ~100 bytes plus 8 per factor gamma (1.02 at alpha 0.01)
 * between its smallest and largest value, with some slack; measured with
 * slo_window_bytes() at 1m, alpha 0.01, lognormal latencies (median 120 ms,
 * sigma 0.6), 100 values a minute: 1 day 1.9 MB, 7 days 13 MB.  Use a
 * coarser resolution for long latency windows.
 */
#ifndef SLO_WINDOW_H
#define SLO_WINDOW_H

#include "slo.h"
#include "slo_time.h"
#include "slo_sketch.h"

#define SLO_WINDOW_CHUNK 64

typedef enum slo_calendar {
	SLO_CAL_NONE = 0, /* rolling window */
	SLO_CAL_WEEK,     /* Monday 00:00 local to the next Monday */
	SLO_CAL_MONTH     /* day 1 00:00 local to the next month's day 1 */
} slo_calendar;

/* "week", "month"; NULL for SLO_CAL_NONE. */
const char *slo_calendar_name(slo_calendar c);
/* -1 when name is neither "week" nor "month". */
int slo_calendar_from_name(const char *name);

/*
 * The calendar period of kind c that holds instant t in zone tz (NULL =
 * UTC): *start is local midnight of its first day, *end that of the next
 * period's first day (so end - start is 23h or 25h off a whole number of
 * days across a DST change).  SLO_EINVAL for SLO_CAL_NONE.
 */
slo_status slo_calendar_period(slo_calendar c, const slo_tz *tz, slo_ns t,
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
void slo_window_config_init(slo_window_config *cfg);

typedef struct slo_window slo_window;

/*
 * A new empty series.  Refuses (NULL, err set, SLO_EINVAL) a resolution
 * below 0 or above 2^50 ns (13 days), a span that is not a multiple of it,
 * a span of 0 without a calendar, a sketch alpha outside (0, 0.5);
 * SLO_ELIMIT for
 * more than 2^24 buckets or 2^60 ns (36 years).
 */
slo_window *slo_window_new(const slo_window_config *cfg, slo_error *err);
void slo_window_free(slo_window *w);
const slo_window_config *slo_window_config_of(const slo_window *w);

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
slo_status slo_window_add(slo_window *w, slo_ns ts, uint64_t good,
    uint64_t total);

/*
 * Add n latency values (ms, >= 0) / a whole sketch (a rollup's) to the
 * sketch of the bucket holding ts.  Ignored (SLO_OK) when the series keeps
 * no sketches or ts is older than the accepted range or after until, as
 * slo_window_add() would count it.  Errors from slo_sketch_add_n/
 * merge pass through (NaN or negative value, unlike alpha); SLO_ERANGE as
 * for slo_window_add.
 */
slo_status slo_window_add_latency(slo_window *w, slo_ns ts, double ms,
    uint64_t n);
slo_status slo_window_merge_sketch(slo_window *w, slo_ns ts,
    const slo_sketch *s);

/*
 * dst += src, for series built in parallel (say one per thread or shard)
 * with the same configuration (SLO_EMISMATCH otherwise): counts add bucket
 * by bucket, sketches merge, the head becomes the newer of the two, and
 * src's buckets older than what dst then retains are left out as having
 * aged out.  The result reads, stats included, the same as one series fed
 * every event.
 */
slo_status slo_window_merge(slo_window *dst, const slo_window *src);

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

void slo_window_stats_get(const slo_window *w, slo_window_stats *st);

/* Bytes held by the series, its chunks and its sketches. */
size_t slo_window_bytes(const slo_window *w);

/*
 * Ranges.  slo_window_rolling() gives [from, to) of the rolling window of
 * length len (a multiple of the resolution, else SLO_EINVAL) at instant
 * at; slo_window_calendar() that of the series' calendar period holding at
 * (SLO_EINVAL on a series without a calendar).  Neither reads data.
 * SLO_ERANGE for an instant slo_window_add() would refuse as such, or a
 * range starting before the int64 range.
 */
slo_status slo_window_rolling(const slo_window *w, slo_ns at, slo_ns len,
    slo_ns *from, slo_ns *to);
slo_status slo_window_calendar(const slo_window *w, slo_ns at,
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
slo_status slo_window_counts(const slo_window *w, slo_ns from, slo_ns to,
    slo_counts *out);

/*
 * Tumbling series: [from, to) cut at multiples of step (a multiple of the
 * resolution) counted from the epoch, like buckets; the first and the last
 * step are clipped to the range.  out[i] receives the counts of step i;
 * n must be slo_window_steps(from, to, step) (SLO_EINVAL otherwise) and
 * *starts, when non-NULL, the clipped start of each step.  Timeslices
 * and the hourly report series are cut this way.  O(range / 64 + n x 128).
 */
size_t slo_window_steps(slo_ns from, slo_ns to, slo_ns step);
slo_status slo_window_tumble(const slo_window *w, slo_ns from, slo_ns to,
    slo_ns step, slo_counts *out, slo_ns *starts, size_t n);

/*
 * Merge into dst the latency sketches of exactly the buckets of
 * [from, to) (both multiples of the resolution): the values of that
 * range, whatever their arrival order.  O(range + merges).  SLO_EINVAL
 * when the series keeps no sketches, SLO_EMISMATCH when dst's alpha
 * differs, SLO_EINVAL / SLO_ERANGE as for slo_window_counts().
 */
slo_status slo_window_sketch(const slo_window *w, slo_ns from, slo_ns to,
    slo_sketch *dst);

#endif
