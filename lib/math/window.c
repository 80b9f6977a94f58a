/*
 * window.c — bucketed good/total series with exact window reads.
 *
 * The ring holds chunk slots; absolute chunk A (buckets [A*64, A*64+64))
 * lives in slot A mod nslots and is stamped with A.  A slot whose stamp is
 * not the chunk asked for holds an older chunk: it reads as zero and is
 * wiped when written.  So advancing the head costs nothing, however far it
 * jumps, and the ring never allocates once every slot has been used.
 * nslots covers the longest retained range plus the chunk straddling each
 * end, so a slot is only ever reused for a chunk that has left the range.
 *
 * The slot array is made only for a series that comes to hold more than
 * FEW chunks at once; until then its chunks sit in few[], found by stamp.
 * A group_by over tenants or users makes many series that see a handful
 * of events each, and a 30-day ring of slots alone is 5.4 KB (issue 14.4):
 * such a series now costs its struct and one chunk.
 */
#include <stdlib.h>
#include <string.h>

#include "slo_math.h"
#include "slo_sketch_frozen.h"
#include "slo_sketch_json.h"

#define CH SLO_WINDOW_CHUNK
#define MAX_BUCKETS (1LL << 24)
/*
 * Bounds that keep every product and difference in int64: a resolution
 * of at most 2^50 ns (13 days) and a retained range of at most 2^60 ns
 * (36 years); instants are then refused within (range + 4 chunks) of the
 * ends of the int64 range, i.e. outside about 1715..2225 at worst and
 * 1678..2261 (what slo_time_parse accepts) for a 30-day series.
 */
#define MAX_RES (1LL << 50)
#define MAX_RANGE (1LL << 60)

/*
 * A chunk's counters are 2, 4 or 8 bytes wide: every chunk starts at 2
 * (up to 65,535 events a bucket) and is widened, copied into a new
 * allocation, the first time a bucket outgrows it.  Most series never
 * see 65,536 events in one bucket, so this quarters the memory of the
 * counters without giving up exactness.  data holds good[CH] then
 * total[CH]; the sums are always 64 bits.
 */
struct chunk {
	int64_t stamp;
	uint64_t sum_good;
	uint64_t sum_total;
	unsigned width;
	unsigned char data[];
};

#define CHUNK_BYTES(width) (sizeof(struct chunk) + 2 * CH * (size_t)(width))

/*
 * The latency sketches of one chunk of buckets, one per bucket that holds
 * values.  A sketch per bucket, not per hour or day: a quantile window
 * starts at any bucket (the one after at's, less the window), and only
 * per-bucket sketches give exactly the values of that window (issue 15.1;
 * wider sketches included up to a sketch width of older values).
 *
 * Only the sketch written last is a live slo_sketch (dense bins, fast
 * adds); when another bucket is written, it is frozen into its slot
 * (slo_sketch_freeze: the same values in about 30 bytes plus under half a
 * byte a bin of its range, where the live sketch takes 112 and 8 a bin
 * from the bucket's smallest to largest value) and its struct and bins,
 * wiped, serve the next bucket: no allocation a bucket, the frozen form
 * written into the chunk's blocks (struct fzblock; a rollup row a bucket
 * and series costs its bins added and a share of one freezing, issue
 * 20.5).  Reads and -j
 * merges take the frozen form as it lies (a quantile's read, 17 buckets
 * at a time: slo_window_sketch()); a late value thaws its bucket (issue
 * 20.3: memory near flat in the number of values).
 */
struct skchunk {
	int64_t stamp;
	uint64_t frozen;  /* bit i: sk[i] is a slo_frozen, else a slo_sketch */
	void *sk[CH];     /* NULL: no values */
	struct fzblock *fz; /* the frozen forms' arena, newest block first */
	size_t fz_dead;   /* bytes in it of forms since thawed */
};

/*
 * The frozen forms of a chunk's buckets are written one after another
 * into blocks of its own, not each into an allocation: a malloc and a
 * free a bucket were a sixth of freezing it (issue 20.5).  A block is
 * given back only with its chunk (freed, or wiped for a newer chunk); a
 * thawed bucket's form stays as dead bytes, and the live ones are moved
 * into one block (fz_compact()) once the dead outweigh them, so that
 * late values thawing buckets over and over cannot grow the memory.
 * The blocks, not the forms, are what slo_window_bytes() counts.
 */
struct fzblock {
	struct fzblock *next; /* the older block */
	size_t used, cap;
	unsigned char data[];
};

#define FZ_FIRST 512      /* a chunk's first block; each next twice the last */
#define FZ_MAX 8192       /* up to this (a form longer gets its own) */
#define FZ_BYTES(cap) (sizeof(struct fzblock) + (cap))

static uint64_t
cget(const struct chunk *c, int which, int64_t i)
{
	const unsigned char *p = c->data + (which * CH + i) * c->width;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (c->width) {
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	default:
		memcpy(&v64, p, 8);
		return v64;
	}
}

static void
cset(struct chunk *c, int which, int64_t i, uint64_t v)
{
	unsigned char *p = c->data + (which * CH + i) * c->width;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (c->width) {
	case 2:
		memcpy(p, &v16, 2);
		break;
	case 4:
		memcpy(p, &v32, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

#define GOOD 0
#define TOTAL 1

#define FEW 2

/* The chunks of one kind (counters or sketches) of a series. */
struct ring {
	void **slots;    /* nslots of them, or NULL while few[] suffices */
	void *few[FEW];
};

/* Every chunk kind starts with its stamp: the absolute chunk index. */
#define STAMP(p) (*(const int64_t *)(p))

struct slo_window {
	slo_window_config cfg;  /* cfg.resolution: the bucket width */
	int64_t span_b;      /* rolling span in buckets (0 = calendar only) */
	int64_t cap_b;       /* longest range ever retained, in buckets */
	int64_t nslots;
	struct ring ring;    /* struct chunk */
	int has_head;
	int hot_i;           /* see hot */
	int64_t head;        /* absolute bucket index of the newest bucket */
	int64_t oldest;      /* oldest bucket still accepted */
	slo_ns pstart, pend; /* calendar period holding the head */
	slo_ns until;        /* newest instant accepted; INT64_MAX for none */
	slo_ns lo, hi;       /* instants whose arithmetic cannot overflow */
	/* latency sketches, one per bucket holding values, in chunks of CH
	 * bucket slots laid out like the counters' ring (NULL: none kept) */
	int has_sketches;
	unsigned char sk_hot; /* see hot */
	unsigned char sk_li;  /* the sketch written last is sk_lc->sk[sk_li] */
	struct ring skring;  /* struct skchunk */
	struct skchunk *sk_lc; /* NULL: none written yet */
	/*
	 * Sums of `total` given: stored (ever, including what has aged out
	 * since), refused as older than the accepted range on arrival, and
	 * refused as after until.
	 */
	uint64_t stored, refused, after_until;
	/*
	 * Bytes held by every chunk, counters' and sketches', and by the
	 * sketches in them but the one written last, kept up to date as
	 * they are made, frozen, thawed and freed: slo_window_bytes() adds
	 * that one (it changes with each value) and walks nothing.
	 */
	size_t chunk_bytes;
	/*
	 * The bucket counted last, from instant hot_lo, with its chunk and
	 * index (hot_i), and sk_hot: the sketch written last is its sketch.
	 * Events come in time order, most to the bucket of the one before,
	 * and these spare them the division and the ring.  Valid until the
	 * head moves (set_head() forgets them: a move may age the bucket out
	 * or hand its slot to a newer chunk) or the chunk is widened
	 * (replaced).
	 * Fields fill the padding after the ints, and res is the config's,
	 * so a series still costs 536 + 8 bytes (issue 14.4).
	 */
	struct chunk *hot;   /* NULL: none */
	slo_ns hot_lo;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t m = a % b;

	return m < 0 ? m + b : m;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

const char *
slo_calendar_name(slo_calendar c)
{
	switch (c) {
	case SLO_CAL_WEEK:
		return "week";
	case SLO_CAL_MONTH:
		return "month";
	default:
		return NULL;
	}
}

int
slo_calendar_from_name(const char *name)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, "week") == 0)
		return SLO_CAL_WEEK;
	if (strcmp(name, "month") == 0)
		return SLO_CAL_MONTH;
	return -1;
}

/* Local midnight of civil day `days` (days since 1970-01-01) in tz. */
static slo_ns
midnight(const slo_tz *tz, int64_t days)
{
	int64_t y;
	unsigned m, d;

	if (tz == NULL)
		return days * SLO_NS_PER_DAY;
	slo_civil_from_days(days, &y, &m, &d);
	return slo_tz_local_midnight(tz, y, m, d);
}

slo_status
slo_calendar_period(slo_calendar c, const slo_tz *tz, slo_ns t,
    slo_ns *start, slo_ns *end)
{
	int64_t y, days;
	unsigned m, d, wd;

	if (c != SLO_CAL_WEEK && c != SLO_CAL_MONTH)
		return SLO_EINVAL;
	if (tz == NULL) {
		days = floor_div(t, SLO_NS_PER_DAY);
		slo_civil_from_days(days, &y, &m, &d);
		/* 1970-01-01 was a Thursday: Monday-based weekday 3. */
		wd = (unsigned)floor_mod(days + 3, 7);
	} else {
		slo_tz_civil(tz, t, &y, &m, &d, &wd);
		days = slo_days_from_civil(y, m, d);
	}
	if (c == SLO_CAL_WEEK) {
		*start = midnight(tz, days - wd);
		*end = midnight(tz, days - wd + 7);
	} else {
		*start = midnight(tz, slo_days_from_civil(y, m, 1));
		*end = midnight(tz, m == 12 ? slo_days_from_civil(y + 1, 1, 1) :
		    slo_days_from_civil(y, m + 1, 1));
	}
	return SLO_OK;
}

void
slo_window_config_init(slo_window_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->resolution = SLO_NS_PER_MIN;
	cfg->calendar = SLO_CAL_NONE;
	cfg->until = SLO_NS_NONE;
}

slo_window *
slo_window_new(const slo_window_config *cfg, slo_error *err)
{
	slo_window *w;
	slo_ns res = cfg->resolution ? cfg->resolution : SLO_NS_PER_MIN;
	int64_t cal_b = 0;

	if (res < 0 || res > MAX_RES) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "resolution must be positive and at most 13 days");
		return NULL;
	}
	if (cfg->span < 0 || cfg->span % res != 0) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "window span is not a whole number of buckets");
		return NULL;
	}
	if (cfg->calendar != SLO_CAL_NONE && cfg->calendar != SLO_CAL_WEEK &&
	    cfg->calendar != SLO_CAL_MONTH) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "unknown calendar window");
		return NULL;
	}
	if (cfg->span == 0 && cfg->calendar == SLO_CAL_NONE) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "window span is zero");
		return NULL;
	}
	if (!(cfg->sketch_alpha == 0 ||
	    (cfg->sketch_alpha > 0 && cfg->sketch_alpha < 0.5))) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "sketch accuracy must be in (0, 0.5)");
		return NULL;
	}
	/*
	 * A calendar period is at most 31 days plus a DST hour; retain a
	 * day more so that no zone's rule change can overrun the ring.
	 */
	if (cfg->calendar == SLO_CAL_MONTH)
		cal_b = (32 * SLO_NS_PER_DAY + res - 1) / res + 1;
	else if (cfg->calendar == SLO_CAL_WEEK)
		cal_b = (8 * SLO_NS_PER_DAY + res - 1) / res + 1;
	if (cfg->span / res > MAX_BUCKETS || cal_b > MAX_BUCKETS ||
	    cfg->span > MAX_RANGE || cal_b > MAX_RANGE / res) {
		slo_error_set(err, SLO_ELIMIT, "", 0, 0,
		    "window holds more than %lld buckets", (long long)MAX_BUCKETS);
		return NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	w->cfg = *cfg;
	w->cfg.resolution = res;
	w->span_b = cfg->span / res;
	w->cap_b = w->span_b > cal_b ? w->span_b : cal_b;
	w->nslots = w->cap_b / CH + 2;
	w->lo = INT64_MIN + (w->cap_b + 4 * CH + 4) * res;
	w->hi = INT64_MAX - (4 * CH + 4) * res;
	w->until = cfg->until == SLO_NS_NONE ? INT64_MAX : cfg->until;
	w->has_sketches = cfg->sketch_alpha > 0;
	return w;
}

/* Frees c's blocks; the bytes they held. */
static size_t
fz_free(struct skchunk *c)
{
	struct fzblock *b, *next;
	size_t bytes = 0;

	for (b = c->fz; b != NULL; b = next) {
		next = b->next;
		bytes += FZ_BYTES(b->cap);
		free(b);
	}
	c->fz = NULL;
	c->fz_dead = 0;
	return bytes;
}

/* The context of fz_alloc(): the chunk, and the window counting bytes. */
struct fz_ctx {
	slo_window *w;
	struct skchunk *c;
};

/* n bytes for a frozen form in ctx's chunk (slo_frozen_alloc); NULL when
 * out of memory. */
static void *
fz_alloc(void *ctx, size_t n)
{
	struct fz_ctx *x = ctx;
	struct fzblock *b = x->c->fz;
	size_t cap;
	void *p;

	if (b == NULL || b->cap - b->used < n) {
		cap = b == NULL ? FZ_FIRST : b->cap >= FZ_MAX / 2 ? FZ_MAX :
		    b->cap < FZ_FIRST / 2 ? FZ_FIRST : 2 * b->cap;
		if (cap < n)
			cap = n;
		if ((b = malloc(FZ_BYTES(cap))) == NULL)
			return NULL;
		b->next = x->c->fz;
		b->used = 0;
		b->cap = cap;
		x->c->fz = b;
		x->w->chunk_bytes += FZ_BYTES(cap);
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

/*
 * c's live frozen forms moved into one block of their size, the blocks
 * before given back, when the dead bytes of thawed forms outweigh them
 * (and a first block): the arena stays within twice its live forms and
 * a block.  Out of memory leaves it as it is.
 */
static void
fz_compact(slo_window *w, struct skchunk *c)
{
	struct fzblock *b, *nb;
	size_t held = 0, live, n;

	for (b = c->fz; b != NULL; b = b->next)
		held += b->used;
	live = held - c->fz_dead;
	if (c->fz_dead <= live || c->fz_dead < FZ_FIRST)
		return;
	if (live == 0) {
		w->chunk_bytes -= fz_free(c);
		return;
	}
	if ((nb = malloc(FZ_BYTES(live))) == NULL)
		return;
	nb->next = NULL;
	nb->used = 0;
	nb->cap = live;
	for (int k = 0; k < CH; k++) {
		if (!(c->frozen >> k & 1))
			continue;
		n = slo_frozen_bytes(c->sk[k]);
		memcpy(nb->data + nb->used, c->sk[k], n);
		c->sk[k] = nb->data + nb->used;
		nb->used += n;
	}
	w->chunk_bytes -= fz_free(c);
	w->chunk_bytes += FZ_BYTES(live);
	c->fz = nb;
}

static void
skchunk_free_v(void *p)
{
	struct skchunk *c = p;
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < CH; i++)
		if (!(c->frozen >> i & 1))
			slo_sketch_free(c->sk[i]);
	fz_free(c);
	free(c);
}

static void
ring_free(const slo_window *w, struct ring *r, void (*chunk_free)(void *))
{
	int64_t i;

	if (r->slots != NULL)
		for (i = 0; i < w->nslots; i++)
			chunk_free(r->slots[i]);
	for (i = 0; i < FEW; i++)
		chunk_free(r->few[i]);
	free(r->slots);
}

/* The slot holding chunk a, or NULL when no slot holds it. */
static void *const *
ring_find(const slo_window *w, const struct ring *r, int64_t a)
{
	void *const *p;
	int i;

	if (r->slots != NULL) {
		p = &r->slots[floor_mod(a, w->nslots)];
		return *p != NULL && STAMP(*p) == a ? p : NULL;
	}
	for (i = 0; i < FEW; i++)
		if (r->few[i] != NULL && STAMP(r->few[i]) == a)
			return &r->few[i];
	return NULL;
}

/*
 * The slot where chunk a lives or is to live: it holds chunk a, NULL, or
 * a chunk that has left the range, for the caller to wipe and reuse.
 * Makes the slot array when few[] holds FEW chunks still in the range;
 * NULL when that fails.  Call after locate(), so that oldest is current.
 */
static void **
ring_slot(slo_window *w, struct ring *r, int64_t a)
{
	int64_t live = floor_div(w->oldest, CH); /* oldest chunk in range */
	int i;

	if (r->slots != NULL)
		return &r->slots[floor_mod(a, w->nslots)];
	for (i = 0; i < FEW; i++)
		if (r->few[i] != NULL && STAMP(r->few[i]) == a)
			return &r->few[i];
	for (i = 0; i < FEW; i++)
		if (r->few[i] == NULL || STAMP(r->few[i]) < live)
			return &r->few[i];
	if ((r->slots = calloc((size_t)w->nslots, sizeof(*r->slots))) == NULL)
		return NULL;
	/* All FEW are in range (one that is not was reused above), and
	 * chunks in range never share a slot. */
	for (i = 0; i < FEW; i++) {
		r->slots[floor_mod(STAMP(r->few[i]), w->nslots)] = r->few[i];
		r->few[i] = NULL;
	}
	return &r->slots[floor_mod(a, w->nslots)];
}

void
slo_window_free(slo_window *w)
{
	if (w == NULL)
		return;
	ring_free(w, &w->ring, free);
	ring_free(w, &w->skring, skchunk_free_v);
	free(w);
}

const slo_window_config *
slo_window_config_of(const slo_window *w)
{
	return &w->cfg;
}

/* The head moved to bucket h: recompute the oldest accepted bucket. */
static void
set_head(slo_window *w, int64_t h)
{
	int64_t oldest = INT64_MAX;
	slo_ns hs = h * w->cfg.resolution;

	w->hot = NULL;
	w->sk_hot = 0;
	w->has_head = 1;
	w->head = h;
	if (w->span_b > 0)
		oldest = h - w->span_b + 1;
	if (w->cfg.calendar != SLO_CAL_NONE) {
		if (w->pend == 0 || hs >= w->pend || hs < w->pstart)
			slo_calendar_period(w->cfg.calendar, w->cfg.tz, hs,
			    &w->pstart, &w->pend);
		if (floor_div(w->pstart, w->cfg.resolution) < oldest)
			oldest = floor_div(w->pstart, w->cfg.resolution);
	}
	if (oldest < h - w->cap_b + 1)
		oldest = h - w->cap_b + 1;
	w->oldest = oldest;
}

/*
 * Where events at ts go: 0 stored in bucket *b, 1 too old, 2 after until.
 * Moves the head forward.  Counts and latency values share the rule, so
 * a window's sketches hold the events its counts hold.  until cuts at the
 * instant, not at its bucket: an event later in the bucket holding until
 * has not happened yet as of until (the verdict as of T must be the
 * verdict on the log cut at T).
 */
static int
locate(slo_window *w, slo_ns ts, int64_t *b)
{
	*b = floor_div(ts, w->cfg.resolution);
	if (ts > w->until)
		return 2;
	if (!w->has_head || *b > w->head)
		set_head(w, *b);
	else if (*b < w->oldest)
		return 1;
	return 0;
}

/*
 * Is ts in the bucket counted last, and not after until?  (Unsigned: ts
 * is not yet checked against the range, and the difference may exceed
 * int64.)
 */
static int
in_hot(const slo_window *w, slo_ns ts)
{
	return ts >= w->hot_lo && ts <= w->until &&
	    (uint64_t)ts - (uint64_t)w->hot_lo < (uint64_t)w->cfg.resolution;
}

/* Replace the chunk in slot by a copy with counters `width` bytes wide. */
static struct chunk *
widen(slo_window *w, void **slot, unsigned width)
{
	struct chunk *c = *slot, *n;
	int64_t i;

	if ((n = malloc(CHUNK_BYTES(width))) == NULL)
		return NULL;
	n->stamp = c->stamp;
	n->sum_good = c->sum_good;
	n->sum_total = c->sum_total;
	n->width = width;
	for (i = 0; i < CH; i++) {
		cset(n, GOOD, i, cget(c, GOOD, i));
		cset(n, TOTAL, i, cget(c, TOTAL, i));
	}
	w->chunk_bytes += CHUNK_BYTES(width) - CHUNK_BYTES(c->width);
	free(c);
	*slot = n;
	return n;
}

slo_status
slo_window_add(slo_window *w, slo_ns ts, uint64_t good, uint64_t total)
{
	struct chunk *c;
	int64_t b, a, i;
	void **slot;
	uint64_t nt;

	if (good > total)
		return SLO_EINVAL;
	if (w->hot != NULL && in_hot(w, ts) && total != 0) {
		/* The bucket written last: as the path below, less finding it. */
		c = w->hot;
		i = w->hot_i;
		nt = cget(c, TOTAL, i) + total;
		if (c->sum_total + total >= c->sum_total &&
		    nt >= total && nt <= (c->width == 2 ? UINT16_MAX :
		    c->width == 4 ? UINT32_MAX : UINT64_MAX)) {
			cset(c, GOOD, i, cget(c, GOOD, i) + good);
			cset(c, TOTAL, i, nt);
			c->sum_good += good;
			c->sum_total += total;
			w->stored = sat_add(w->stored, total);
			return SLO_OK;
		}
	}
	if (ts < w->lo || ts > w->hi)
		return SLO_ERANGE;
	switch (locate(w, ts, &b)) {
	case 1:
		w->refused = sat_add(w->refused, total);
		return SLO_OK;
	case 2:
		w->after_until = sat_add(w->after_until, total);
		return SLO_OK;
	}
	if (total == 0)
		return SLO_OK;
	a = floor_div(b, CH);
	i = b - a * CH;
	if ((slot = ring_slot(w, &w->ring, a)) == NULL)
		return SLO_ENOMEM;
	if ((c = *slot) == NULL) {
		if ((c = malloc(CHUNK_BYTES(2))) == NULL)
			return SLO_ENOMEM;
		c->width = 2;
		c->stamp = a - 1; /* anything but a: wiped below */
		*slot = c;
		w->chunk_bytes += CHUNK_BYTES(2);
	}
	if (c->stamp != a) {
		/* A chunk that left the range: reused as it is, width kept. */
		c->stamp = a;
		c->sum_good = c->sum_total = 0;
		memset(c->data, 0, 2 * CH * (size_t)c->width);
	}
	if (c->sum_total + total < c->sum_total)
		return SLO_ERANGE;
	nt = cget(c, TOTAL, i) + total;
	if ((c->width == 2 && nt > UINT16_MAX) ||
	    (c->width == 4 && nt > UINT32_MAX)) {
		if ((c = widen(w, slot, nt > UINT32_MAX ? 8 : 4)) == NULL)
			return SLO_ENOMEM;
	}
	cset(c, GOOD, i, cget(c, GOOD, i) + good);
	cset(c, TOTAL, i, nt);
	c->sum_good += good;
	c->sum_total += total;
	w->stored = sat_add(w->stored, total);
	if (w->hot == NULL || w->hot_lo != b * w->cfg.resolution)
		w->sk_hot = 0;
	w->hot = c;
	w->hot_i = (int)i;
	w->hot_lo = b * w->cfg.resolution;
	return SLO_OK;
}

/*
 * Freezes the sketch written last into its slot and returns it, emptied,
 * for the next bucket; NULL when there is none or freezing fails (out of
 * memory: it stays live in its slot, shrunk).
 */
static slo_sketch *
retire_last(slo_window *w)
{
	struct skchunk *c = w->sk_lc;
	struct fz_ctx x = { w, c };
	int i = w->sk_li;
	slo_frozen *f = NULL;
	slo_sketch *s;
	size_t bytes;

	if (c == NULL)
		return NULL;
	w->sk_lc = NULL;
	w->sk_hot = 0;
	s = c->sk[i];
	if (slo_sketch_count(s) > 0) {
		if ((f = slo_sketch_freeze_wipe_into(s, &bytes, fz_alloc,
		    &x)) == NULL) {
			slo_sketch_shrink(s);
			w->chunk_bytes += slo_sketch_bytes(s);
			return NULL;
		}
		c->frozen |= (uint64_t)1 << i;
	}
	c->sk[i] = f;
	return s;
}

/*
 * Makes c->sk[i] the sketch written last, live: the one before is frozen,
 * and a frozen c->sk[i] thawed, into the struct the one before leaves.
 */
static slo_status
make_last(slo_window *w, struct skchunk *c, int i)
{
	slo_sketch *s = retire_last(w);
	uint64_t bit = (uint64_t)1 << i;
	slo_status st;

	if (c->sk[i] != NULL && !(c->frozen & bit)) {
		slo_sketch_free(s); /* live already: its freezing failed */
		w->chunk_bytes -= slo_sketch_bytes(c->sk[i]);
	} else {
		if (s == NULL && (s = slo_sketch_new(w->cfg.sketch_alpha)) == NULL)
			return SLO_ENOMEM;
		if (c->sk[i] != NULL) {
			if ((st = slo_sketch_merge_frozen(s, c->sk[i])) != SLO_OK) {
				slo_sketch_free(s);
				return st;
			}
			c->fz_dead += slo_frozen_bytes(c->sk[i]);
			c->frozen &= ~bit;
			c->sk[i] = s;
			fz_compact(w, c);
		}
		c->sk[i] = s;
	}
	w->sk_lc = c;
	w->sk_li = (unsigned char)i;
	return SLO_OK;
}

/*
 * The sketch chunk of absolute chunk a, made or wiped as needed; NULL
 * with *st set when out of memory.  Call after locate(), as ring_slot().
 */
static struct skchunk *
skchunk_of(slo_window *w, int64_t a, slo_status *st)
{
	struct skchunk *c;
	void **slot;

	if ((slot = ring_slot(w, &w->skring, a)) == NULL) {
		*st = SLO_ENOMEM;
		return NULL;
	}
	if ((c = *slot) == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL) {
			*st = SLO_ENOMEM;
			return NULL;
		}
		c->stamp = a;
		*slot = c;
		w->chunk_bytes += sizeof(*c);
	} else if (c->stamp != a) {
		/* A chunk that left the range: emptied, live sketches kept. */
		for (int k = 0; k < CH; k++) {
			if (c->frozen >> k & 1)
				c->sk[k] = NULL;
			else
				slo_sketch_clear(c->sk[k]);
		}
		w->chunk_bytes -= fz_free(c);
		c->frozen = 0;
		c->stamp = a;
	}
	return c;
}

/*
 * The sketch chunk of the bucket holding ts (absolute bucket *b, index
 * *i), made or wiped as needed; NULL with *st set when none is to be
 * touched (ts refused as slo_window_add would refuse it: the same range
 * keeps values and counts).
 */
static struct skchunk *
skchunk_at(slo_window *w, slo_ns ts, int64_t *b, int *i, slo_status *st)
{
	int64_t a;

	*st = SLO_OK;
	if (ts < w->lo || ts > w->hi) {
		*st = SLO_ERANGE;
		return NULL;
	}
	if (locate(w, ts, b) != 0)
		return NULL;
	a = floor_div(*b, CH);
	*i = (int)(*b - a * CH);
	return skchunk_of(w, a, st);
}

/*
 * The sketch of the bucket holding ts, live: made or thawed as needed;
 * NULL with *st set when none is to be touched (no sketches, or ts
 * refused).  A bucket whose counts were just written (a request's, a
 * rollup row's) is found as slo_window_add() found it, without locate().
 */
static slo_sketch *
sketch_at(slo_window *w, slo_ns ts, slo_status *st)
{
	struct skchunk *c;
	int64_t b;
	int i;

	*st = SLO_OK;
	if (!w->has_sketches)
		return NULL;
	if (w->sk_hot && in_hot(w, ts))
		return w->sk_lc->sk[w->sk_li];
	if (w->hot != NULL && in_hot(w, ts)) {
		/* in the range, and the head has not moved since */
		i = w->hot_i;
		b = w->hot->stamp * CH + i;
		if ((c = skchunk_of(w, w->hot->stamp, st)) == NULL)
			return NULL;
	} else if ((c = skchunk_at(w, ts, &b, &i, st)) == NULL)
		return NULL;
	if ((w->sk_lc != c || w->sk_li != i) &&
	    (*st = make_last(w, c, i)) != SLO_OK)
		return NULL;
	w->sk_hot = w->hot != NULL && w->hot_lo == b * w->cfg.resolution;
	return c->sk[i];
}

slo_status
slo_window_add_latency(slo_window *w, slo_ns ts, double ms, uint64_t n)
{
	slo_status st;
	slo_sketch *s;

	if (!(ms >= 0))
		return w->has_sketches ? SLO_EINVAL : SLO_OK;
	if ((s = sketch_at(w, ts, &st)) == NULL)
		return st;
	return slo_sketch_add_n(s, ms, n);
}

slo_status
slo_window_merge_sketch(slo_window *w, slo_ns ts, const slo_sketch *src)
{
	slo_status st;
	slo_sketch *s;

	if (w->has_sketches && slo_sketch_alpha(src) != w->cfg.sketch_alpha)
		return SLO_EMISMATCH;
	if ((s = sketch_at(w, ts, &st)) == NULL)
		return st;
	return slo_sketch_merge(s, src);
}

slo_status
slo_window_merge_sketch_scan(slo_window *w, slo_ns ts,
    const slo_sketch_scan *src)
{
	slo_status st;
	slo_sketch *s;

	if (w->has_sketches && src->alpha != w->cfg.sketch_alpha)
		return SLO_EMISMATCH;
	if ((s = sketch_at(w, ts, &st)) == NULL)
		return st;
	return slo_sketch_add_scan(s, src);
}

static void sum_range(const slo_window *, int64_t, int64_t, slo_counts *);

/*
 * Every event stored is either in [oldest, head] now or has aged out, so
 * out_of_window = refused + (stored - what the range holds): the events
 * older than the range at the newest event, whatever their arrival order.
 */
void
slo_window_stats_get(const slo_window *w, slo_window_stats *st)
{
	slo_counts c = { 0, 0 };

	if (w->has_head)
		sum_range(w, w->oldest, w->head + 1, &c);
	st->events = c.total;
	st->out_of_window = sat_add(w->refused,
	    w->stored > c.total ? w->stored - c.total : 0);
	st->after_until = w->after_until;
	st->head = w->has_head ? w->head * w->cfg.resolution : SLO_NS_NONE;
	st->oldest = w->has_head ? w->oldest * w->cfg.resolution : SLO_NS_NONE;
}

/* The slot arrays: made only once more than FEW chunks are held. */
static size_t
slots_bytes(const slo_window *w)
{
	return ((w->ring.slots != NULL) + (w->skring.slots != NULL)) *
	    (size_t)w->nslots * sizeof(void *);
}

size_t
slo_window_bytes(const slo_window *w)
{
	const struct skchunk *c = w->sk_lc;

	return sizeof(*w) + w->chunk_bytes + slots_bytes(w) +
	    (c != NULL ? slo_sketch_bytes(c->sk[w->sk_li]) : 0);
}

/* The chunks of r, in slots or in few[]: how many, *p where. */
static int64_t
ring_chunks(const slo_window *w, const struct ring *r, void *const **p)
{
	*p = r->slots != NULL ? r->slots : r->few;
	return r->slots != NULL ? w->nslots : FEW;
}

/*
 * slo_window_bytes() counted the long way, every chunk and sketch
 * visited: what the running count must agree with (the unit tests).
 */
size_t
slo_window_bytes_walk(const slo_window *w)
{
	size_t n = sizeof(*w) + slots_bytes(w);
	void *const *p;
	int64_t i, nc;

	nc = ring_chunks(w, &w->ring, &p);
	for (i = 0; i < nc; i++)
		if (p[i] != NULL)
			n += CHUNK_BYTES(((const struct chunk *)p[i])->width);
	nc = ring_chunks(w, &w->skring, &p);
	for (i = 0; i < nc; i++) {
		const struct skchunk *c = p[i];

		if (c == NULL)
			continue;
		n += sizeof(*c);
		for (const struct fzblock *b = c->fz; b != NULL; b = b->next)
			n += FZ_BYTES(b->cap);
		for (int k = 0; k < CH; k++)
			if (!(c->frozen >> k & 1) && c->sk[k] != NULL)
				n += slo_sketch_bytes(c->sk[k]);
	}
	return n;
}

slo_status
slo_window_rolling(const slo_window *w, slo_ns at, slo_ns len,
    slo_ns *from, slo_ns *to)
{
	int64_t b;

	if (len <= 0 || len % w->cfg.resolution != 0)
		return SLO_EINVAL;
	if (at < w->lo || at > w->hi)
		return SLO_ERANGE;
	b = floor_div(at, w->cfg.resolution);
	*to = (b + 1) * w->cfg.resolution;
	if (*to < INT64_MIN + len)
		return SLO_ERANGE;
	*from = *to - len;
	return SLO_OK;
}

slo_status
slo_window_calendar(const slo_window *w, slo_ns at, slo_ns *from, slo_ns *to)
{
	slo_ns start, end;
	slo_status st;

	if (w->cfg.calendar == SLO_CAL_NONE)
		return SLO_EINVAL;
	if (at < w->lo || at > w->hi)
		return SLO_ERANGE;
	st = slo_calendar_period(w->cfg.calendar, w->cfg.tz, at, &start, &end);
	if (st != SLO_OK)
		return st;
	*from = floor_div(start, w->cfg.resolution) * w->cfg.resolution;
	*to = (floor_div(at, w->cfg.resolution) + 1) * w->cfg.resolution;
	return SLO_OK;
}

/* The chunk holding absolute chunk a, or NULL when it holds no data. */
static const struct chunk *
chunk_of(const slo_window *w, int64_t a)
{
	void *const *p = ring_find(w, &w->ring, a);

	return p != NULL ? *p : NULL;
}

static slo_status
check_range(const slo_window *w, slo_ns from, slo_ns to, int64_t *fb,
    int64_t *tb)
{
	if (from > to || from % w->cfg.resolution != 0 || to % w->cfg.resolution != 0)
		return SLO_EINVAL;
	*fb = from / w->cfg.resolution;
	*tb = to / w->cfg.resolution;
	if (*fb < *tb && w->has_head && *fb < w->oldest && *fb <= w->head)
		return SLO_ERANGE;
	return SLO_OK;
}

/* Sum buckets [fb, tb) (absolute indexes), checked already. */
static void
sum_range(const slo_window *w, int64_t fb, int64_t tb, slo_counts *out)
{
	const struct chunk *c;
	int64_t b, a, i, end;

	out->good = out->total = 0;
	if (!w->has_head)
		return;
	if (tb > w->head + 1)
		tb = w->head + 1; /* nothing is stored after the head */
	for (b = fb; b < tb; b = end) {
		a = floor_div(b, CH);
		end = (a + 1) * CH < tb ? (a + 1) * CH : tb;
		if ((c = chunk_of(w, a)) == NULL)
			continue;
		if (b == a * CH && end == (a + 1) * CH) {
			out->good = sat_add(out->good, c->sum_good);
			out->total = sat_add(out->total, c->sum_total);
			continue;
		}
		for (i = b - a * CH; i < end - a * CH; i++) {
			out->good = sat_add(out->good, cget(c, GOOD, i));
			out->total = sat_add(out->total, cget(c, TOTAL, i));
		}
	}
}

slo_status
slo_window_counts(const slo_window *w, slo_ns from, slo_ns to, slo_counts *out)
{
	int64_t fb, tb;
	slo_status st;

	if ((st = check_range(w, from, to, &fb, &tb)) != SLO_OK)
		return st;
	sum_range(w, fb, tb, out);
	return SLO_OK;
}

size_t
slo_window_steps(slo_ns from, slo_ns to, slo_ns step)
{
	if (step <= 0 || to <= from)
		return 0;
	return (size_t)(floor_div(to - 1, step) - floor_div(from, step) + 1);
}

slo_status
slo_window_tumble(const slo_window *w, slo_ns from, slo_ns to, slo_ns step,
    slo_counts *out, slo_ns *starts, size_t n)
{
	int64_t fb, tb;
	slo_ns s, e;
	slo_status st;
	size_t i;

	if (step <= 0 || step % w->cfg.resolution != 0)
		return SLO_EINVAL;
	if ((st = check_range(w, from, to, &fb, &tb)) != SLO_OK)
		return st;
	if (to > INT64_MAX - step)
		return SLO_ERANGE;
	if (n != slo_window_steps(from, to, step))
		return SLO_EINVAL;
	for (i = 0, s = from; i < n; i++, s = e) {
		e = (floor_div(s, step) + 1) * step;
		if (e > to)
			e = to;
		sum_range(w, s / w->cfg.resolution, e / w->cfg.resolution, &out[i]);
		if (starts != NULL)
			starts[i] = s;
	}
	return SLO_OK;
}

/*
 * The sketch of bucket b, live or frozen (*frozen set), or NULL when it
 * holds no values.
 */
static const void *
sketch_of(const slo_window *w, int64_t b, int *frozen)
{
	int64_t a = floor_div(b, CH);
	void *const *p = ring_find(w, &w->skring, a);
	const struct skchunk *c = p != NULL ? *p : NULL;
	int i = (int)(b - a * CH);

	if (c == NULL || c->sk[i] == NULL)
		return NULL;
	*frozen = c->frozen >> i & 1;
	if (!*frozen && slo_sketch_count(c->sk[i]) == 0)
		return NULL;
	return c->sk[i];
}

static slo_status
merge_some(slo_sketch *dst, const void *sk, int frozen)
{
	return frozen ? slo_sketch_merge_frozen(dst, sk) :
	    slo_sketch_merge(dst, sk);
}

/* The index of the lowest bit set in x (not 0). */
static int
lowest_bit(uint64_t x)
{
#if defined(__GNUC__)
	return __builtin_ctzll(x);
#else
	int i = 0;

	while (!(x >> i & 1))
		i++;
	return i;
#endif
}

/*
 * The frozen buckets of the range are merged SLO_FROZEN_BATCH at a time
 * (slo_sketch_merge_frozen_n(): their small counts added up a byte a bin
 * before dst's bins), found a chunk at a time by its bits of frozen; the
 * live ones as they are (merging is exact, so the order does not
 * matter); on an error dst holds the values of some of the buckets.
 */
slo_status
slo_window_sketch(const slo_window *w, slo_ns from, slo_ns to, slo_sketch *dst)
{
	const slo_frozen *batch[SLO_FROZEN_BATCH];
	const struct skchunk *c;
	void *const *p;
	int64_t fb, tb, a, lo, hi;
	uint64_t in, fz;
	slo_status st;
	size_t n = 0;

	if (!w->has_sketches)
		return SLO_EINVAL;
	if ((st = check_range(w, from, to, &fb, &tb)) != SLO_OK)
		return st;
	if (slo_sketch_alpha(dst) != w->cfg.sketch_alpha)
		return SLO_EMISMATCH;
	if (!w->has_head)
		return SLO_OK;
	if (tb > w->head + 1)
		tb = w->head + 1; /* nothing is stored after the head */
	if (fb >= tb)
		return SLO_OK; /* (a chunk's bits below would be none or -1) */
	for (a = floor_div(fb, CH); a * CH < tb; a++) {
		if ((p = ring_find(w, &w->skring, a)) == NULL)
			continue;
		c = *p;
		/* the chunk's buckets in [fb, tb): bits lo .. hi - 1 */
		lo = fb > a * CH ? fb - a * CH : 0;
		hi = tb < (a + 1) * CH ? tb - a * CH : CH;
		in = (hi - lo == CH ? ~(uint64_t)0 :
		    (((uint64_t)1 << (hi - lo)) - 1) << lo);
		for (fz = c->frozen & in; fz != 0; fz &= fz - 1) {
			batch[n++] = c->sk[lowest_bit(fz)];
			if (n == SLO_FROZEN_BATCH) {
				if ((st = slo_sketch_merge_frozen_n(dst, batch,
				    n)) != SLO_OK)
					return st;
				n = 0;
			}
		}
		for (int i = (int)lo; i < hi; i++) {
			if (c->frozen >> i & 1 || c->sk[i] == NULL ||
			    slo_sketch_count(c->sk[i]) == 0)
				continue;
			if ((st = slo_sketch_merge(dst, c->sk[i])) != SLO_OK)
				return st;
		}
	}
	return n > 0 ? slo_sketch_merge_frozen_n(dst, batch, n) : SLO_OK;
}

static int
same_config(const slo_window *a, const slo_window *b)
{
	const slo_tz *x = a->cfg.tz, *y = b->cfg.tz;

	if (x != y && (x == NULL || y == NULL ||
	    strcmp(slo_tz_name(x), slo_tz_name(y)) != 0))
		return 0;
	return a->cfg.resolution == b->cfg.resolution && a->span_b == b->span_b &&
	    a->cfg.calendar == b->cfg.calendar &&
	    a->until == b->until &&
	    a->cfg.sketch_alpha == b->cfg.sketch_alpha;
}

slo_status
slo_window_merge(slo_window *dst, const slo_window *src)
{
	const struct chunk *c;
	int64_t a, i, b, from;
	slo_status st;

	if (!same_config(dst, src))
		return SLO_EMISMATCH;
	uint64_t stored = sat_add(dst->stored, src->stored);

	dst->refused = sat_add(dst->refused, src->refused);
	dst->after_until = sat_add(dst->after_until, src->after_until);
	if (!src->has_head)
		return SLO_OK;
	if (!dst->has_head || src->head > dst->head)
		set_head(dst, src->head);
	from = src->oldest > dst->oldest ? src->oldest : dst->oldest;
	for (a = floor_div(from, CH); a <= floor_div(src->head, CH); a++) {
		if ((c = chunk_of(src, a)) == NULL)
			continue;
		for (i = 0; i < CH; i++) {
			b = a * CH + i;
			if (b < from || cget(c, TOTAL, i) == 0)
				continue;
			/* add() cannot refuse: b is within dst's range now. */
			st = slo_window_add(dst, b * dst->cfg.resolution,
			    cget(c, GOOD, i), cget(c, TOTAL, i));
			if (st != SLO_OK)
				return st;
		}
	}
	/* src's buckets older than `from` count as aged out, as they would
	 * in one series fed every event. */
	dst->stored = stored;
	if (!src->has_sketches)
		return SLO_OK;
	for (b = from; b <= src->head; b++) {
		int frozen;
		const void *sk = sketch_of(src, b, &frozen);
		slo_sketch *d;

		if (sk == NULL)
			continue;
		/*
		 * A frozen bucket that dst does not have is copied as it is:
		 * the -j threads take the input in chunks, so most buckets
		 * are one thread's.
		 */
		if (frozen) {
			struct skchunk *c;
			int64_t bb;
			int i;

			c = skchunk_at(dst, b * dst->cfg.resolution, &bb, &i, &st);
			if (c == NULL && st != SLO_OK)
				return st;
			if (c != NULL && c->sk[i] == NULL) {
				struct fz_ctx x = { dst, c };
				size_t n = slo_frozen_bytes(sk);
				void *f;

				if ((f = fz_alloc(&x, n)) == NULL)
					return SLO_ENOMEM;
				c->sk[i] = memcpy(f, sk, n);
				c->frozen |= (uint64_t)1 << i;
				continue;
			}
		}
		if ((d = sketch_at(dst, b * dst->cfg.resolution, &st)) == NULL) {
			if (st != SLO_OK)
				return st;
			continue; /* refused, as slo_window_merge_sketch() */
		}
		if ((st = merge_some(d, sk, frozen)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}
