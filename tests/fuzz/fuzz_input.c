/*
 * fuzz_input.c: the read loop of input.c, bytes to records.
 *
 * Input: four control bytes, eight read sizes, then the text.
 *   byte 0  bits 0-1  framing: 0 plain, 1 gzip, 2 gzip in several
 *                     members, 3 gzip cut short (a truncated object)
 *           bits 2-3  zlib level: 0 (stored blocks), 1, 6, 9
 *           bit  4    the prefilter looks for REJECT
 *           bits 5-7  the text is repeated up to a size where buffers
 *                     change: as is, 64 KiB - 1, 64 KiB, 64 KiB + 1,
 *                     1 MiB - 1, 1 MiB, 1 MiB + 1, 2 MiB + 3
 *   byte 1  where members are cut (with framing 2), or how many bytes
 *           are cut off (framing 3)
 *   byte 2  bits 0-1: the starting format (default v2, v5 names, the
 *           v5 LogFormat)
 *   byte 3  bit 0: the worker of the -j2 reading indexes the blocks of a
 *           plain file too (FLOWGREP_INDEX_AHEAD=always), or not
 *   then eight bytes, each one read size: each read(2) the loop makes
 *           asks for at most the next of them, in turn (so short reads
 *           of 1 byte, and reads that end inside the gzip magic, happen;
 *           a text stretched past 64 KiB reads at least 509 bytes a time)
 *
 * The file is written to a temporary file and read by reader_fd, with
 * the read sizes imposed by reader_set_read_cap.  The same text is also
 * cut into lines here, each in a block of exactly its size, and given to
 * a second reader line by line (reader_line).  Both must hand on the
 * same records, in the same order, and count the same bad lines;
 * a truncated gzip object must fail with the records before the cut a
 * prefix of the others.
 *
 * The file is also read by name as -j2 reads it: a worker reads or
 * inflates it ahead into blocks that the reader is lent (the queue of
 * source.c), and the reader must hand on the same records and count the
 * same bad lines.
 */
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz_common.h"

#define HASHES 200000

struct tally {
	uint64_t *hash;        /* one per record, in order */
	size_t nrec, cap;
	unsigned long nbad;
	bool is_reference;
	const uint64_t *expect; /* the reference's, to compare as we go */
	size_t nexpect;
	bool diverged;
};

static uint64_t
hash_bytes(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return h;
}

/* What identifies a record: its text, body, columns and format. */
static uint64_t
record_hash(const struct record *rec)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash_bytes(h, rec->line.p, rec->line.n);
	h = hash_bytes(h, "|", 1);
	h = hash_bytes(h, rec->body.p, rec->body.n);
	h ^= (uint64_t)rec->ncols << 32 | (uint64_t)rec->fmt->ncols;
	if (rec->ts.p != NULL)
		h = hash_bytes(h, rec->ts.p, rec->ts.n);
	for (int c = 0; c < rec->nstored; c++) {
		struct slice s = rec_col(rec, c);

		touch(s);
		h = hash_bytes(h, s.p, s.n);
	}
	return h;
}

static void
on_record(struct reader *rd, struct record *rec)
{
	struct tally *t = reader_ctx(rd);
	uint64_t h;

	CHECK(rec->ncols == rec->fmt->ncols);
	h = record_hash(rec);
	if (getenv("FLOWGREP_FUZZ_DUMP") != NULL)
		fprintf(stderr, "%s %zu: %d/%d/%d %016llx %.*s\n",
		    t->is_reference ? "ref" : "real", t->nrec, rec->ncols,
		    rec->nstored, rec->fmt->ncols, (unsigned long long)h,
		    (int)rec->line.n, rec->line.p);
	if (!t->is_reference) {
		if (t->nrec >= t->nexpect || t->expect[t->nrec] != h)
			t->diverged = true;
		t->nrec++;
		return;
	}
	if (t->nrec == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		CHECK(t->cap <= HASHES * 2);
		t->hash = realloc(t->hash, t->cap * sizeof *t->hash);
		CHECK(t->hash != NULL);
	}
	t->hash[t->nrec++] = h;
}

static void
on_bad_line(struct reader *rd, const char *why)
{
	struct tally *t = reader_ctx(rd);

	CHECK(why != NULL && strlen(why) < 128);
	t->nbad++;
}

static int
columns(struct reader *rd, const struct format *fmt)
{
	(void)rd;
	(void)fmt;
	return 0;
}

static const struct reader_hooks hooks = { .record = on_record,
	.bad_line = on_bad_line, .columns = columns };

/* --- read sizes ------------------------------------------------------ */

struct sizes {
	size_t size[8];
	unsigned next;
};

static size_t
next_size(void *arg)
{
	struct sizes *s = arg;

	return s->size[s->next++ % 8];
}

/* A read size from one byte: mostly small, sometimes a buffer's size. */
static size_t
read_size(uint8_t b)
{
	static const size_t big[] = { 4095, 4096, 65535, 65536, 65537,
		1048575, 1048576, 1048577 };

	if (b < 0xc0)
		return (size_t)b + 1;
	return big[b & 7];
}

/* --- the text, and its gzip framing ----------------------------------- */

static const size_t stretch_to[] = { 0, 65535, 65536, 65537, 1048575,
	1048576, 1048577, 2097155 };

/* The text, repeated (a newline between copies) up to len bytes. */
static char *
stretch(const uint8_t *p, size_t n, size_t len, size_t *out)
{
	char *s;
	size_t k = 0;

	if (len == 0 || n == 0) {
		*out = n;
		return exact_copy(p, n);
	}
	s = malloc(len);
	CHECK(s != NULL);
	while (k < len) {
		size_t take = len - k < n ? len - k : n;

		memcpy(s + k, p, take);
		k += take;
		if (k < len)
			s[k++] = '\n';
	}
	*out = len;
	return s;
}

/* Append one gzip member of text to *buf. */
static void
gzip_member(const char *text, size_t n, int level, unsigned char **buf,
    size_t *len, size_t *cap)
{
	z_stream zs;
	size_t bound;

	memset(&zs, 0, sizeof zs);
	CHECK(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) == Z_OK);
	bound = deflateBound(&zs, (uLong)n) + 64;
	if (*len + bound > *cap) {
		*cap = *len + bound;
		*buf = realloc(*buf, *cap);
		CHECK(*buf != NULL);
	}
	zs.next_in = (Bytef *)(uintptr_t)text;
	zs.avail_in = (uInt)n;
	zs.next_out = *buf + *len;
	zs.avail_out = (uInt)(*cap - *len);
	CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	*len = *cap - zs.avail_out;
	deflateEnd(&zs);
}

/* The bytes of the file: the text plain, or gzip framed as ctl says. */
static unsigned char *
frame(const char *text, size_t n, unsigned ctl, unsigned cut, size_t *len)
{
	static const int levels[] = { 0, 1, 6, 9 };
	int level = levels[ctl >> 2 & 3];
	unsigned char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	switch (ctl & 3) {
	case 0:
		*len = n;
		return (unsigned char *)exact_copy(text, n);
	case 2: {	/* members cut at cut/256 and 3/4 of the text */
		size_t a = n * cut / 256, b = a + (n - a) * 3 / 4;

		gzip_member(text, a, level, &buf, len, &cap);
		gzip_member(text + a, b - a, level, &buf, len, &cap);
		gzip_member(text + b, n - b, level, &buf, len, &cap);
		return buf;
	}
	default:
		gzip_member(text, n, level, &buf, len, &cap);
		if ((ctl & 3) == 3)	/* cut into the last 8 to 263 bytes */
			*len -= *len > cut + 8 ? cut + 8 : *len;
		return buf;
	}
}

/* --- the two readings -------------------------------------------------- */

static struct reader *
new_reader(struct tally *t, const struct format *base, bool prefilter,
    enum index_ahead when)
{
	struct reader_opts ro = { 0 };

	ro.base = base;
	ro.index_ahead = when;
	ro.ctx = t;
	if (prefilter) {
		ro.has_literal = true;
		ro.literal.p = "REJECT";
		ro.literal.n = 6;
	}
	return reader_new(&hooks, &ro);
}

/*
 * The reference: lines cut here, each in its own exactly sized block,
 * with the prefilter's decisions made here, as the loop makes them.
 */
static void
read_reference(struct tally *t, const struct format *base, bool prefilter,
    const char *text, size_t n)
{
	struct reader *rd;
	struct lines ls;
	const uint8_t *p;
	size_t len;
	unsigned lines = 0, hits = 0;

	/* a UTF-8 BOM before the first line is not part of it */
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		n -= 3;
	}
	rd = new_reader(t, base, prefilter, AHEAD_NEVER);
	ls = (struct lines){ (const uint8_t *)text, n, 0 };
	while (next_line(&ls, &p, &len)) {
		char *line;
		bool lacks = false;

		if (len >= MAXLINE) {
			t->nbad++;	/* too long: the loop never holds it */
			continue;
		}
		line = exact_copy(p, len);
		if (prefilter) {
			lacks = find_literal(line, len, "REJECT", 6, false) == NULL;
			hits += !lacks;
			if (++lines == 8192) {
				if (hits > 8192 / 2)
					prefilter = false;
				lines = hits = 0;
			}
		}
		reader_line(rd, line, len, lacks);
		free(line);
	}
	reader_free(rd);
}

static int
temp_file(const unsigned char *p, size_t n)
{
	FILE *f = tmpfile();
	int fd;

	CHECK(f != NULL);
	CHECK(fwrite(p, 1, n, f) == n);
	CHECK(fflush(f) == 0);
	fd = dup(fileno(f));
	fclose(f);
	CHECK(fd >= 0 && lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

static void
base_format(struct format *fmt, unsigned which)
{
	char err[128];

	if (which == 1)
		CHECK(format_parse(fmt, V5_NAMES, sizeof V5_NAMES - 1, err,
		    sizeof err) == 0);
	else if (which == 2)
		CHECK(format_parse(fmt, V5_LOGFORMAT, sizeof V5_LOGFORMAT - 1,
		    err, sizeof err) == 0);
	else
		format_default(fmt);
}

/* A whole input reads as the reference; one cut short, a prefix of it. */
static void
check_outcome(const struct tally *ref, const struct tally *real,
    struct reader *rd, int rc, unsigned ctl)
{
	if ((ctl & 3) == 3) {
		/* cut short: an error, unless the cut left a whole member */
		CHECK(rc == 0 || rc == READ_FAILED);
		CHECK(real->nrec <= ref->nrec);
		if (rc == READ_FAILED)
			CHECK(strncmp(reader_error(rd), "fuzz: ", 6) == 0);
	} else {
		CHECK(rc == 0 && "a whole input reads without error");
		CHECK(real->nrec == ref->nrec);
		CHECK(real->nbad == ref->nbad);
	}
}

/*
 * Whether the loop may take the text for JSON (its first byte that is
 * not blank, after a BOM, is { or [): then it reads events, which the
 * line-by-line reference does not, or, for a start that is not JSON
 * after all, the same lines as text.  fuzz_jsonin checks the events.
 */
static bool
json_shaped(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i < n && (p[i] == '{' || p[i] == '[');
}

/*
 * The file as -j2 reads it, by name: a worker reads or inflates it ahead
 * into blocks of 256 KiB (a gzip one filled from several inflate calls),
 * and the reader is lent them, with the unfinished line before each.  It
 * must read as reader_fd does.
 */
static void
read_ahead(const struct tally *ref, const struct format *base,
    bool prefilter, const unsigned char *file, size_t flen, unsigned ctl,
    enum index_ahead when)
{
	char path[] = "/tmp/fuzz_input.XXXXXX";
	char *paths[1] = { path };
	struct tally ahead = { 0 };
	struct reader *rd;
	int fd = mkstemp(path), rc;

	CHECK(fd >= 0);
	CHECK(write(fd, file, flen) == (ssize_t)flen);
	close(fd);
	ahead.expect = ref->hash;
	ahead.nexpect = ref->nrec;
	rd = new_reader(&ahead, base, prefilter, when);
	reader_plan(rd, paths, 1, 2);
	rc = reader_file(rd, path);
	unlink(path);
	CHECK(!ahead.diverged && "read ahead, the reference's records");
	if ((ctl & 3) == 3) {
		CHECK(rc == 0 || rc == READ_FAILED);
		CHECK(ahead.nrec <= ref->nrec);
	} else {
		CHECK(rc == 0 && ahead.nrec == ref->nrec &&
		    ahead.nbad == ref->nbad);
	}
	reader_free(rd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tally ref = { .is_reference = true }, real = { 0 };
	struct sizes sizes = { { 0 }, 0 };
	struct format base;
	struct reader *rd;
	unsigned ctl, cut;
	bool prefilter;
	char *text;
	unsigned char *file;
	size_t n, flen;
	int fd, rc;

	fresh_dictionary();

	if (size < 12)
		return 0;
	ctl = data[0];
	cut = data[1];
	prefilter = ctl >> 4 & 1;
	memset(&base, 0, sizeof base);
	base_format(&base, data[2] & 3);
	for (int i = 0; i < 8; i++)
		sizes.size[i] = read_size(data[4 + i]);
	text = stretch(data + 12, size - 12, stretch_to[ctl >> 5 & 7], &n);
	/* megabytes a few bytes a read would only be slow, not new */
	for (int i = 0; n > 65537 && i < 8; i++)
		if (sizes.size[i] < 509)
			sizes.size[i] += 509;
	file = frame(text, n, ctl, cut, &flen);

	read_reference(&ref, &base, prefilter, text, n);

	fd = temp_file(file, flen);
	real.expect = ref.hash;
	real.nexpect = ref.nrec;
	rd = new_reader(&real, &base, prefilter, AHEAD_NEVER);
	reader_set_read_cap(rd, next_size, &sizes);
	rc = reader_fd(rd, fd, "fuzz");
	close(fd);

	if (json_shaped(text, n)) {
		CHECK(rc == 0 || rc == READ_FAILED);
		if (rc == READ_FAILED)
			CHECK(strncmp(reader_error(rd), "fuzz: ", 6) == 0);
	} else {
		CHECK(!real.diverged &&
		    "the loop hands on the reference's records");
		check_outcome(&ref, &real, rd, rc, ctl);
		/*
		 * 1 MiB + 1 is five blocks of the queue.
		 * Beyond, a third reading of 2 MiB of short bad lines would
		 * take this past libFuzzer's timeout under ASan.
		 */
		if (n <= 1048577)
			read_ahead(&ref, &base, prefilter, file, flen, ctl,
			    data[3] & 1 ? AHEAD_ALWAYS : AHEAD_NEVER);
	}
	reader_free(rd);
	format_free(&base);
	free(file);
	free(text);
	free(ref.hash);
	return 0;
}
