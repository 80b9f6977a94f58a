/*
 * par.c — the chunked parallel line pipeline of slo_par.h.
 *
 * Slots form a ring of 2 x jobs chunks.  Three counters, all in chunk
 * sequence numbers, say where each chunk is: the feeder fills slot
 * next_fill, workers take slot next_take, the feeder emits slot next_emit;
 * next_emit <= next_take <= next_fill <= next_emit + nslots.  One mutex
 * guards the counters and the slot states; a chunk's contents belong to
 * whoever holds it (feeder while filling and emitting, one worker while
 * working), handed over under the mutex.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "slo_par.h"

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

struct slot {
	slo_par_chunk c;
	char *buf;   /* the slot's own bytes; c.data unless c.ro */
	size_t cap;  /* bytes at buf, one more than the most it holds */
	size_t upto; /* c.ro: where the slice ends in the caller's memory */
	int state;
};

struct worker {
	slo_par *p;
	int index;
	pthread_t thread;
};

struct slo_par {
	slo_par_ops ops;
	int jobs;
	size_t block;
	size_t nslots;
	struct slot *slots;
	struct worker *workers;
	int nstarted;
	pthread_mutex_t mu;
	pthread_cond_t work_cv;  /* a chunk is ready, or stop/quit */
	pthread_cond_t done_cv;  /* a chunk is done, or stop */
	uint64_t next_fill, next_take, next_emit;
	int stop;                /* the run was stopped */
	void (*done)(void *, size_t); /* slo_par_feed_mem()'s, while it runs */
	void *done_ctx;
	int quit;                /* workers leave */
	char *carry;             /* the unfinished line after a chunk */
	size_t carry_len, carry_cap;
};

static struct slot *
slot_of(slo_par *p, uint64_t seq)
{
	return &p->slots[seq % p->nslots];
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	slo_par *p = w->p;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct slot *s;
		int rc = 0;

		while (!p->quit && !p->stop && p->next_take == p->next_fill)
			pthread_cond_wait(&p->work_cv, &p->mu);
		if (p->quit || p->stop)
			break;
		s = slot_of(p, p->next_take++);
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&p->mu);
		if (s->c.tag == 0)
			rc = p->ops.work(p->ops.ctx, w->index, &s->c);
		pthread_mutex_lock(&p->mu);
		s->state = SLOT_DONE;
		if (rc < 0) {
			p->stop = 1;
			pthread_cond_broadcast(&p->work_cv);
		}
		pthread_cond_broadcast(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void
slo_par_stop(slo_par *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work_cv);
	pthread_cond_broadcast(&p->done_cv);
	pthread_mutex_unlock(&p->mu);
}

int
slo_par_stopped(const slo_par *p)
{
	int stop;

	pthread_mutex_lock((pthread_mutex_t *)&p->mu);
	stop = p->stop;
	pthread_mutex_unlock((pthread_mutex_t *)&p->mu);
	return stop;
}

static void
par_release(slo_par *p)
{
	if (p->slots != NULL)
		for (size_t i = 0; i < p->nslots; i++) {
			free(p->slots[i].buf);
			slo_buf_release(&p->slots[i].c.out);
			slo_buf_release(&p->slots[i].c.aux);
		}
	pthread_cond_destroy(&p->done_cv);
	pthread_cond_destroy(&p->work_cv);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	free(p->workers);
	free(p->carry);
	free(p);
}

static void
par_join(slo_par *p)
{
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nstarted; i++)
		pthread_join(p->workers[i].thread, NULL);
	p->nstarted = 0;
}

slo_par *
slo_par_new(int jobs, size_t block, const slo_par_ops *ops)
{
	slo_par *p;
	int e;

	if (jobs < 1 || jobs > SLO_PAR_MAX_JOBS || ops == NULL ||
	    ops->work == NULL || ops->emit == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->ops = *ops;
	p->jobs = jobs;
	p->block = block > 0 ? block : SLO_PAR_BLOCK;
	p->nslots = 2 * (size_t)jobs;
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	pthread_cond_init(&p->work_cv, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	p->slots = calloc(p->nslots, sizeof *p->slots);
	p->workers = calloc((size_t)jobs, sizeof *p->workers);
	if (p->slots == NULL || p->workers == NULL) {
		par_release(p);
		errno = ENOMEM;
		return NULL;
	}
	for (int i = 0; i < jobs; i++) {
		p->workers[i].p = p;
		p->workers[i].index = i;
		if ((e = pthread_create(&p->workers[i].thread, NULL, worker_main,
		    &p->workers[i])) != 0) {
			par_join(p);
			par_release(p);
			errno = e;
			return NULL;
		}
		p->nstarted++;
	}
	return p;
}

void
slo_par_free(slo_par *p)
{
	if (p == NULL)
		return;
	par_join(p);
	par_release(p);
}

/*
 * Emit the oldest chunk in flight.  With wait, waits until it is done.
 * 1 emitted, 0 none ready (or none in flight), -1 stopped.
 */
static int
emit_one(slo_par *p, int wait)
{
	struct slot *s;
	int stop;

	if (p->next_emit == p->next_fill)
		return 0;
	s = slot_of(p, p->next_emit);
	pthread_mutex_lock(&p->mu);
	while (s->state != SLOT_DONE && !p->stop && wait)
		pthread_cond_wait(&p->done_cv, &p->mu);
	stop = p->stop;
	if (!stop && s->state != SLOT_DONE) {
		pthread_mutex_unlock(&p->mu);
		return 0;
	}
	pthread_mutex_unlock(&p->mu);
	if (stop)
		return -1;
	if (p->ops.emit(p->ops.ctx, &s->c) < 0) {
		slo_par_stop(p);
		return -1;
	}
	if (s->c.ro && p->done != NULL)
		p->done(p->done_ctx, s->upto);
	pthread_mutex_lock(&p->mu);
	s->state = SLOT_FREE;
	pthread_mutex_unlock(&p->mu);
	p->next_emit++;
	return 1;
}

slo_status
slo_par_drain(slo_par *p)
{
	while (p->next_emit < p->next_fill)
		if (emit_one(p, 1) < 0)
			return SLO_ELIMIT;
	return slo_par_stopped(p) ? SLO_ELIMIT : SLO_OK;
}

/* The next slot to fill, emptied, after emitting what is done; NULL once
 * stopped. */
static struct slot *
acquire(slo_par *p)
{
	struct slot *s;
	int r;

	while ((r = emit_one(p, 0)) > 0)
		;
	if (r < 0 || slo_par_stopped(p))
		return NULL;
	while (p->next_fill - p->next_emit >= p->nslots)
		if (emit_one(p, 1) < 0)
			return NULL;
	s = slot_of(p, p->next_fill);
	s->c.seq = p->next_fill;
	s->c.file = NULL;
	s->c.first = 0;
	s->c.tag = 0;
	s->c.data = s->buf;
	s->c.len = 0;
	s->c.ro = 0;
	slo_buf_reset(&s->c.out);
	slo_buf_reset(&s->c.aux);
	memset(s->c.n, 0, sizeof s->c.n);
	return s;
}

static void
submit(slo_par *p, struct slot *s)
{
	pthread_mutex_lock(&p->mu);
	s->state = SLOT_READY;
	p->next_fill++;
	pthread_cond_signal(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
}

/* Give s room for at least want bytes and a NUL, dropping a buffer left
 * oversized by a long line. */
static int
slot_room(slo_par *p, struct slot *s, size_t want)
{
	size_t cap = want + 1;
	char *d;

	if (s->cap >= cap && s->cap <= 2 * cap + p->block)
		return 0;
	if ((d = realloc(s->buf, cap)) == NULL)
		return -1;
	s->buf = s->c.data = d;
	s->cap = cap;
	return 0;
}

static int
keep_carry(slo_par *p, const char *from, size_t n)
{
	if (n > p->carry_cap) {
		char *c = realloc(p->carry, n);

		if (c == NULL)
			return -1;
		p->carry = c;
		p->carry_cap = n;
	}
	if (n > 0)
		memcpy(p->carry, from, n);
	p->carry_len = n;
	return 0;
}

/* fread() as slo_par_feed_fn() wants it: a short count is the end. */
static ssize_t
stdio_read(void *fp, void *buf, size_t n)
{
	size_t got = fread(buf, 1, n, fp);

	return got == 0 && ferror((FILE *)fp) ? -1 : (ssize_t)got;
}

slo_status
slo_par_feed(slo_par *p, FILE *fp, const char *file)
{
	return slo_par_feed_fn(p, stdio_read, fp, file);
}

slo_status
slo_par_feed_fn(slo_par *p, ssize_t (*readfn)(void *, void *, size_t),
    void *src, const char *file)
{
	int first = 1;

	p->carry_len = 0;
	for (;;) {
		struct slot *s = acquire(p);
		size_t len, cut, nl = 0;
		int has_nl = 0, eof = 0, err = 0;
		char *d;

		if (s == NULL)
			return SLO_ELIMIT;
		if (slot_room(p, s, p->carry_len + p->block) < 0)
			return SLO_ENOMEM;
		d = s->c.data;
		if (p->carry_len > 0)
			memcpy(d, p->carry, p->carry_len);
		len = p->carry_len; /* the carry holds no '\n' */
		for (;;) {
			size_t room = s->cap - 1 - len, got;
			ssize_t r = readfn(src, d + len, room);

			if (r < 0) {
				err = errno ? errno : EIO;
				break;
			}
			if (r == 0) {
				eof = 1;
				break;
			}
			got = (size_t)r;
			for (size_t i = len + got; i > len; i--)
				if (d[i - 1] == '\n') {
					nl = i - 1;
					has_nl = 1;
					break;
				}
			len += got;
			if (got < room)
				continue; /* a read(2)-like source: fill the block */
			if (has_nl)
				break;
			/* A line longer than the buffer: grow it and read on. */
			if (s->cap > SIZE_MAX / 2 ||
			    (d = realloc(s->buf, 2 * s->cap)) == NULL)
				return SLO_ENOMEM;
			s->buf = s->c.data = d;
			s->cap *= 2;
		}
		if (eof)
			cut = len;
		else
			cut = has_nl ? nl + 1 : 0;
		if (!eof && !err && keep_carry(p, d + cut, len - cut) < 0)
			return SLO_ENOMEM;
		if (cut > 0) {
			s->c.file = file;
			s->c.first = first;
			s->c.len = cut;
			first = 0;
			submit(p, s);
		}
		if (err) {
			p->carry_len = 0;
			errno = err;
			return SLO_EIO;
		}
		if (eof)
			return SLO_OK;
	}
}

/*
 * Wait until no worker holds a chunk: once the run is stopped, chunks
 * still in flight are never emitted, but a worker may still be reading
 * one, which must end before the memory it lies in goes.
 */
static void
wait_idle(slo_par *p)
{
	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t busy = 0;

		for (size_t i = 0; i < p->nslots; i++)
			busy += p->slots[i].state == SLOT_BUSY;
		if (busy == 0)
			break;
		pthread_cond_wait(&p->done_cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
}

/*
 * Where the slice of data[0 .. n) from `from` ends: after the last '\n'
 * of the next `want` bytes, or after the '\n' that ends a longer line,
 * or at n.
 */
static size_t
slice_end(const char *data, size_t n, size_t from, size_t want)
{
	const char *nl;

	if (n - from <= want)
		return n;
	/* back over the one line the window's end cuts: a short walk */
	for (size_t i = from + want; i > from; i--)
		if (data[i - 1] == '\n')
			return i;
	nl = memchr(data + from + want, '\n', n - from - want);
	return nl != NULL ? (size_t)(nl - data) + 1 : n;
}

slo_status
slo_par_feed_mem(slo_par *p, const char *data, size_t n, const char *file,
    void (*done)(void *, size_t), void *done_ctx)
{
	size_t at = 0;
	slo_status st = SLO_OK;

	/* chunks of another stream before these: done with theirs first */
	if (slo_par_drain(p) != SLO_OK)
		return SLO_ELIMIT;
	p->done = done;
	p->done_ctx = done_ctx;
	while (at < n) {
		size_t end = slice_end(data, n, at, p->block);
		struct slot *s;

		if ((s = acquire(p)) == NULL) {
			st = SLO_ELIMIT;
			break;
		}
		/* the slot keeps its buffer for the streams that follow */
		s->c.data = (char *)data + at;
		s->c.len = end - at;
		s->c.ro = 1;
		s->c.file = file;
		s->c.first = at == 0;
		s->upto = end;
		submit(p, s);
		at = end;
	}
	if (slo_par_drain(p) != SLO_OK) {
		st = SLO_ELIMIT;
		wait_idle(p);
	}
	p->done = NULL;
	p->done_ctx = NULL;
	return st;
}

slo_status
slo_par_mark(slo_par *p, int tag, const char *text)
{
	struct slot *s = acquire(p);

	if (s == NULL)
		return SLO_ELIMIT;
	if (slot_room(p, s, 0) < 0 ||
	    slo_buf_append(&s->c.aux, text, strlen(text) + 1) != SLO_OK)
		return SLO_ENOMEM;
	s->c.tag = tag;
	submit(p, s);
	return SLO_OK;
}

/* ---- slo_par_tasks ---------------------------------------------------- */

struct tasks {
	pthread_mutex_t mu;
	size_t next, ntasks;
	int failed;
	int (*task)(void *, int, size_t);
	void *ctx;
};

struct tasks_thread {
	struct tasks *t;
	int index;
	pthread_t thread;
};

static void *
tasks_main(void *arg)
{
	struct tasks_thread *me = arg;
	struct tasks *t = me->t;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&t->mu);
		if (t->failed || t->next == t->ntasks) {
			pthread_mutex_unlock(&t->mu);
			return NULL;
		}
		i = t->next++;
		pthread_mutex_unlock(&t->mu);
		if (t->task(t->ctx, me->index, i) < 0) {
			pthread_mutex_lock(&t->mu);
			t->failed = 1;
			pthread_mutex_unlock(&t->mu);
		}
	}
}

int
slo_par_tasks(int jobs, size_t ntasks,
    int (*task)(void *ctx, int thread, size_t i), void *ctx)
{
	struct tasks t = { .ntasks = ntasks, .task = task, .ctx = ctx };
	struct tasks_thread th[SLO_PAR_MAX_JOBS];
	int n;

	if (jobs > SLO_PAR_MAX_JOBS)
		jobs = SLO_PAR_MAX_JOBS;
	if ((size_t)jobs > ntasks)
		jobs = (int)ntasks;
	if (jobs <= 1 || pthread_mutex_init(&t.mu, NULL) != 0) {
		for (size_t i = 0; i < ntasks; i++)
			if (task(ctx, 0, i) < 0)
				return -1;
		return 0;
	}
	for (n = 1; n < jobs; n++) {
		th[n].t = &t;
		th[n].index = n;
		if (pthread_create(&th[n].thread, NULL, tasks_main, &th[n]) != 0)
			break;
	}
	th[0].t = &t;
	th[0].index = 0;
	tasks_main(&th[0]);
	for (int i = 1; i < n; i++)
		pthread_join(th[i].thread, NULL);
	pthread_mutex_destroy(&t.mu);
	return t.failed ? -1 : 0;
}
