/* hll.c — distinct counting: an exact hash set, then a HyperLogLog. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "slo_math.h"

#define Q (64 - SLO_HLL_P) /* hash bits left for the rank */
#define EXACT_SLOTS_MAX (2 * SLO_HLL_EXACT)

struct slo_hll {
	/* exact phase: set of nonzero hashes, load kept at most 1/2 */
	uint64_t *slot;
	size_t nslot;
	size_t nitem;
	/* estimate phase: registers, NULL before */
	uint8_t *reg;
};

static inline uint64_t
rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline uint64_t
load64le(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	    (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

#define SIPROUND do { \
	v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32); \
	v2 += v3; v3 = rotl(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = rotl(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32); \
} while (0)

uint64_t
slo_siphash24(const unsigned char k[16], const void *data, size_t n)
{
	const unsigned char *p = data, *end = p + (n & ~(size_t)7);
	uint64_t k0 = load64le(k), k1 = load64le(k + 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	uint64_t m, b = (uint64_t)n << 56;
	int i;

	for (; p != end; p += 8) {
		m = load64le(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (i = (int)(n & 7) - 1; i >= 0; i--)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
slo_hash64(const void *p, size_t n)
{
	/* Fixed so that counts replay identically and counters merge. */
	static const unsigned char key[16] = "slokit-subjects!";

	return slo_siphash24(key, p, n);
}

slo_hll *
slo_hll_new(void)
{
	return calloc(1, sizeof(slo_hll));
}

void
slo_hll_free(slo_hll *h)
{
	if (h == NULL)
		return;
	free(h->slot);
	free(h->reg);
	free(h);
}

static void
reg_add(uint8_t *reg, uint64_t hash)
{
	uint64_t rest = hash >> SLO_HLL_P;
	uint8_t rank;

	rank = rest == 0 ? Q + 1 : (uint8_t)(__builtin_ctzll(rest) + 1);
	if (reg[hash & (SLO_HLL_M - 1)] < rank)
		reg[hash & (SLO_HLL_M - 1)] = rank;
}

/* 1 inserted, 0 present; the table must have room. */
static int
set_put(uint64_t *slot, size_t nslot, uint64_t hash)
{
	size_t i = (size_t)(hash ^ hash >> 29) & (nslot - 1);

	while (slot[i] != 0) {
		if (slot[i] == hash)
			return 0;
		i = (i + 1) & (nslot - 1);
	}
	slot[i] = hash;
	return 1;
}

static int
set_has(const uint64_t *slot, size_t nslot, uint64_t hash)
{
	size_t i = (size_t)(hash ^ hash >> 29) & (nslot - 1);

	while (slot[i] != 0) {
		if (slot[i] == hash)
			return 1;
		i = (i + 1) & (nslot - 1);
	}
	return 0;
}

static int
to_estimate(slo_hll *h)
{
	size_t i;

	if ((h->reg = calloc(SLO_HLL_M, 1)) == NULL)
		return -1;
	for (i = 0; i < h->nslot; i++)
		if (h->slot[i] != 0)
			reg_add(h->reg, h->slot[i]);
	free(h->slot);
	h->slot = NULL;
	h->nslot = 0;
	return 0;
}

int
slo_hll_add_hash(slo_hll *h, uint64_t hash)
{
	uint64_t *ns;
	size_t i, nn;

	if (h->reg != NULL) {
		reg_add(h->reg, hash);
		return 0;
	}
	/* 0 marks an empty slot; folding hash 0 into 1 costs one collision. */
	if (hash == 0)
		hash = 1;
	if (h->nslot != 0 && set_has(h->slot, h->nslot, hash))
		return 0;
	if (h->nitem == SLO_HLL_EXACT) {
		if (to_estimate(h) != 0)
			return -1;
		reg_add(h->reg, hash);
		return 0;
	}
	if (2 * (h->nitem + 1) > h->nslot) {
		nn = h->nslot ? 2 * h->nslot : 16;
		if ((ns = calloc(nn, sizeof *ns)) == NULL)
			return -1;
		for (i = 0; i < h->nslot; i++)
			if (h->slot[i] != 0)
				set_put(ns, nn, h->slot[i]);
		free(h->slot);
		h->slot = ns;
		h->nslot = nn;
	}
	set_put(h->slot, h->nslot, hash);
	h->nitem++;
	return 1;
}

int
slo_hll_add(slo_hll *h, const void *p, size_t n)
{
	return slo_hll_add_hash(h, slo_hash64(p, n));
}

int
slo_hll_exact(const slo_hll *h)
{
	return h->reg == NULL;
}

/* Ertl 2017, algorithm 6: sigma and tau series, iterated to a fixed point. */
static double
ertl_sigma(double x)
{
	double y = 1, z = x, zp;

	if (x == 1)
		return INFINITY;
	do {
		x *= x;
		zp = z;
		z += x * y;
		y += y;
	} while (z != zp);
	return z;
}

static double
ertl_tau(double x)
{
	double y = 1, z = 1 - x, zp;

	if (x == 0 || x == 1)
		return 0;
	do {
		x = sqrt(x);
		zp = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (z != zp);
	return z / 3;
}

uint64_t
slo_hll_count(const slo_hll *h)
{
	uint32_t c[Q + 2] = {0};
	double m = SLO_HLL_M, z, e;
	size_t i;
	int k;

	if (h->reg == NULL)
		return h->nitem;
	for (i = 0; i < SLO_HLL_M; i++)
		c[h->reg[i]]++;
	z = m * ertl_tau(1 - c[Q + 1] / m);
	for (k = Q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * ertl_sigma(c[0] / m);
	e = m * m / (2 * log(2)) / z;
	return e >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)(e + 0.5);
}

slo_status
slo_hll_merge(slo_hll *dst, const slo_hll *src)
{
	size_t i;

	if (src->reg == NULL) {
		for (i = 0; i < src->nslot; i++)
			if (src->slot[i] != 0 &&
			    slo_hll_add_hash(dst, src->slot[i]) < 0)
				return SLO_ENOMEM;
		return SLO_OK;
	}
	if (dst->reg == NULL && to_estimate(dst) != 0)
		return SLO_ENOMEM;
	for (i = 0; i < SLO_HLL_M; i++)
		if (dst->reg[i] < src->reg[i])
			dst->reg[i] = src->reg[i];
	return SLO_OK;
}

size_t
slo_hll_bytes(const slo_hll *h)
{
	return sizeof *h + h->nslot * sizeof(uint64_t) +
	    (h->reg ? SLO_HLL_M : 0);
}
