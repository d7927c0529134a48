/*
 * fuzz_jsonin.c: the JSON reader, jsonin.c.
 *
 * Input: one control byte, then K chunk sizes (a byte each, size b + 1),
 * then the bytes to read.
 *   bits 0-2  K; 0 feeds the bytes one at a time
 *   bits 3-4  the callback stops after 0 (never), 1, 2 or 7 events
 * The bytes are read twice: at once, never stopping, and in chunks of the
 * sizes (cycled), stopping as chosen.  Every piece is a heap block of
 * exactly its size, so a read past it is caught.  Checked:
 *   - the slices of an event can be read whole; a message is never NULL,
 *     at most JSONIN_MAX_MESSAGE bytes, empty when too long; indexes run
 *     1, 2, 3, lines never go back;
 *   - the chunked run delivers the events of the whole run, in the same
 *     order with the same contents, and ends the same (the same error
 *     text, at the same line and column); when it stops, it delivered
 *     exactly as many as asked, the first of the whole run's, and reads
 *     nothing more;
 *   - an error names a line and a column; jsonin_sniff agrees with a
 *     naive reading.
 * run.sh builds it with small limits (JSONIN_MAX_MESSAGE, JSONIN_MAX_DATA)
 * so that inputs of a few KB reach them.
 */
#include "fuzz_common.h"

/* One run's account: a hash of each event, how it ended. */
struct tally {
	uint64_t *hash;
	size_t n, cap;
	size_t stop_after;        /* 0: never */
	unsigned long long line;  /* of the last event */
	int end_rc;
	bool stopped;
	char error[512];
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

/* A slice into the hash, with its length and whether it is there. */
static uint64_t
hash_slice(uint64_t h, struct slice s)
{
	bool there = s.p != NULL;

	h = fnv(h, &there, sizeof there);
	h = fnv(h, &s.n, sizeof s.n);
	return there ? fnv(h, s.p, s.n) : h;
}

static uint64_t
hash_event(const struct json_event *e)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash_slice(h, e->message);
	h = hash_slice(h, e->stream);
	h = hash_slice(h, e->group);
	h = fnv(h, &e->timestamp_ms, sizeof e->timestamp_ms);
	h = fnv(h, &e->has_timestamp, sizeof e->has_timestamp);
	h = fnv(h, &e->too_long, sizeof e->too_long);
	h = fnv(h, &e->index, sizeof e->index);
	return fnv(h, &e->line, sizeof e->line);
}

static bool
on_event(void *ctx, const struct json_event *e)
{
	struct tally *t = ctx;

	CHECK(t->stop_after == 0 || t->n < t->stop_after);
	CHECK(e->message.p != NULL && e->message.n <= JSONIN_MAX_MESSAGE);
	CHECK(!e->too_long || e->message.n == 0);
	CHECK(e->stream.p != NULL || e->stream.n == 0);
	CHECK(e->group.p != NULL || e->group.n == 0);
	touch(e->message);
	if (e->stream.p != NULL)
		touch(e->stream);
	if (e->group.p != NULL)
		touch(e->group);
	CHECK(e->index == t->n + 1);
	CHECK(e->line >= 1 && e->line >= t->line);
	t->line = e->line;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->hash = realloc(t->hash, t->cap * sizeof *t->hash);
		CHECK(t->hash != NULL);
	}
	t->hash[t->n++] = hash_event(e);
	return t->stop_after == 0 || t->n < t->stop_after;
}

/* "line L, column C: what" */
static void
check_error(const char *err)
{
	unsigned long long line, col;
	int k = 0;

	CHECK(err != NULL);
	CHECK(sscanf(err, "line %llu, column %llu: %n", &line, &col, &k) == 2);
	CHECK(k > 0 && line >= 1 && col >= 1 && err[k] != '\0');
}

/* Read data in the pieces sizes[] gives (cycled); nsizes 0: at once. */
static void
read_in_pieces(struct tally *t, const uint8_t *data, size_t size,
    const uint8_t *sizes, size_t nsizes, bool bytewise)
{
	struct jsonin *j = jsonin_new(on_event, t);
	size_t at = 0, k = 0;
	int rc = 0;

	while (at < size) {
		size_t len = bytewise ? 1 : nsizes == 0 ? size - at :
		    (size_t)sizes[k++ % nsizes] + 1;
		char *piece;

		if (len > size - at)
			len = size - at;
		piece = exact_copy(data + at, len);
		rc = jsonin_feed(j, piece, len);
		free(piece);
		at += len;
		if (rc != 0) {
			CHECK(rc == -1 && !jsonin_stopped(j));
			break;
		}
	}
	t->end_rc = rc == 0 ? jsonin_end(j) : -1;
	CHECK(t->end_rc == 0 || t->end_rc == -1);
	t->stopped = jsonin_stopped(j);
	if (t->stopped) {
		/* a stopped reader takes nothing more */
		size_t before = t->n;

		CHECK(t->end_rc == 0 && jsonin_error(j) == NULL);
		CHECK(jsonin_feed(j, "[\"x\"]", 5) == 0 && t->n == before);
	}
	if (t->end_rc != 0) {
		check_error(jsonin_error(j));
		snprintf(t->error, sizeof t->error, "%s", jsonin_error(j));
	} else
		CHECK(jsonin_error(j) == NULL);
	jsonin_free(j);
}

static bool
naive_sniff(const uint8_t *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < n && strchr(" \t\r\n", p[i]) != NULL && p[i] != '\0')
		i++;
	return i < n && (p[i] == '{' || p[i] == '[');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t stops[] = { 0, 1, 2, 7 };
	struct tally whole = { 0 }, part = { 0 };
	size_t nsizes;
	const uint8_t *sizes;
	char *copy;

	if (size < 1)
		return -1;
	nsizes = data[0] & 7;
	part.stop_after = stops[data[0] >> 3 & 3];
	if (size < 1 + nsizes)
		return -1;
	sizes = data + 1;
	data += 1 + nsizes;
	size -= 1 + nsizes;

	copy = exact_copy(data, size);
	CHECK(jsonin_sniff(copy, size) == naive_sniff(data, size));
	free(copy);

	read_in_pieces(&whole, data, size, NULL, 0, false);
	read_in_pieces(&part, data, size, sizes, nsizes, nsizes == 0);

	if (part.stopped) {
		CHECK(part.n == part.stop_after && whole.n >= part.n);
	} else {
		CHECK(part.n == whole.n && part.end_rc == whole.end_rc);
		CHECK(strcmp(part.error, whole.error) == 0);
	}
	for (size_t i = 0; i < part.n && i < whole.n; i++)
		CHECK(part.hash[i] == whole.hash[i]);
	free(whole.hash);
	free(part.hash);
	return 0;
}
