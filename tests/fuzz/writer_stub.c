/*
 * writer_stub.c: the writer functions of flowgrep.c, which also holds
 * main() and so cannot be linked into a harness.  They behave as
 * flowgrep.c's do; besides, what is flushed can be kept aside (up to
 * CAPTURE_MAX bytes, after skipping what was in the buffer before) so
 * that a harness can check the output's shape.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowgrep.h"
#include "fuzz_common.h"

#define CAPTURE_MAX (4u << 20)

static char *cap;
static size_t capn, capskip;
static bool capping, capover;

void
stub_capture_start(size_t skip)
{
	if (cap == NULL) {
		cap = malloc(CAPTURE_MAX);
		CHECK(cap != NULL);
	}
	capn = 0;
	capskip = skip;
	capping = true;
	capover = false;
}

const char *
stub_captured(size_t *n, bool *overflow)
{
	*n = capn;
	*overflow = capover;
	capping = false;
	return cap;
}

static void
keep(const char *p, size_t n)
{
	size_t skip = capskip < n ? capskip : n;

	capskip -= skip;
	p += skip;
	n -= skip;
	if (!capping || capover)
		return;
	if (n > CAPTURE_MAX - capn) {
		capover = true;
		return;
	}
	memcpy(cap + capn, p, n);
	capn += n;
}

void
writer_flush(struct writer *w)
{
	size_t off = 0;

	CHECK(w->len <= sizeof w->buf);
	keep(w->buf, w->len);
	while (off < w->len && w->err == 0) {
		ssize_t k = write(w->fd, w->buf + off, w->len - off);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			break;
		}
		off += (size_t)k;
	}
	w->len = 0;
}

void
writer_slow_put(struct writer *w, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		size_t room = sizeof w->buf - w->len;

		if (room == 0) {
			writer_flush(w);
			room = sizeof w->buf;
		}
		if (room > n)
			room = n;
		memcpy(w->buf + w->len, s, room);
		w->len += room;
		s += room;
		n -= room;
	}
}

void
wr_uint(struct writer *w, uint64_t v)
{
	char tmp[24];
	size_t k = sizeof tmp;

	do {
		tmp[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	wr_put(w, tmp + k, sizeof tmp - k);
}
