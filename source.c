/*
 * source.c: the bytes of an input, plain or gzip, and inputs read ahead.
 *
 * A source reads a descriptor and hands on its text: as read, or
 * inflated on the fly when its first bytes are a gzip header (S3
 * delivers flow logs as .log.gz; members joined end to end, as cat
 * a.gz b.gz gives, are read one after the other).
 *
 * With several cores, inflating is what bounds the reading of S3
 * objects (the filter reads text far faster than zlib makes it), so a
 * prefetch runs sources in worker threads ahead of the reader: each
 * worker opens the next file in the order given and inflates it into a
 * short queue of blocks, which the reader then takes in turn.  Output
 * stays in the order of the files, byte for byte as with one thread,
 * since only the reader's thread selects and prints; memory stays
 * bounded: at most jobs files are ahead, each with QBLOCKS blocks, and
 * the gzip files past the one being read share AHEAD_POOL blocks more.
 * Without that pool a worker stopped a few blocks into the next file
 * until the reader came to it, and -j2 was no faster than -j1; with
 * blocks a quarter full (one inflate call each) the pool held a quarter
 * of the text, and -j2 took 0.8 of -j1's time where it now takes 0.6.
 * A regular plain file is read ahead the same way: the kernel's copy
 * from the page cache is a quarter to a third of what the reader would
 * do with it.  The reader is lent each block rather than given a copy
 * (copying out of the queue had cost what the read saved), and while it
 * is behind, the worker also indexes the blocks it reads (bufindex_build)
 * as the reader would have.  A plain pipe is only opened ahead: its
 * records go out as they come (a gzip one is inflated ahead, a block at
 * a time as it comes: fill_block).
 *
 * The fixed-size buffer here, and what keeps it in bounds:
 *   zbuf  ZBUF bytes of raw input, for sniffing and inflating.  Every
 *         raw read into it asks for at most ZBUF - zhave bytes.  (A
 *         sniff that read up to 1 MiB elsewhere and copied it into a
 *         64 KiB zbuf was the crash on large .log.gz objects.)
 *   data  of a block: LEND_ROOM, QBLOCK bytes of text, then the slack an
 *         index reads.  A fill asks for at most QBLOCK - n bytes; the
 *         reader puts at most LEND_ROOM bytes before the text
 *         (source_lend checks it).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "flowgrep.h"

#define ZBUF (1 << 16)
#define QBLOCKS 3              /* blocks a file may hold, one lent among them */
#define AHEAD_POOL 128         /* more blocks, shared by the gzip files ahead */
#define QBLOCK (1 << 18)       /* bytes of text a block holds */

enum srckind { SRC_UNSNIFFED, SRC_PLAIN, SRC_GZIP, SRC_QUEUE };

struct pfile;

struct source {
	int fd;
	enum srckind kind;
	bool raw_eof;          /* read(2) said end of file */
	bool in_member;        /* inside a gzip member */
	bool zs_live;          /* zs needs inflateEnd */
	unsigned char *zbuf;   /* ZBUF bytes */
	size_t zhave, zoff;    /* plain: sniffed bytes not yet handed on */
	z_stream zs;
	const char *error;     /* what went wrong, when a read returns -2 */
	size_t (*cap)(void *); /* for tests: the most one read(2) may ask */
	void *cap_arg;
	const volatile sig_atomic_t *interrupted;
	struct prefetch *pf;   /* SRC_QUEUE: the blocks of file */
	struct pfile *file;
};

/* --- plain or gzip ----------------------------------------------------- */

struct source *
source_new(const volatile sig_atomic_t *interrupted)
{
	struct source *src = xcalloc(1, sizeof *src);

	src->zbuf = xmalloc(ZBUF);
	src->interrupted = interrupted;
	src->fd = -1;
	return src;
}

void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	source_close(src);
	free(src->zbuf);
	free(src);
}

void
source_set_read_cap(struct source *src, size_t (*cap)(void *), void *arg)
{
	src->cap = cap;
	src->cap_arg = arg;
}

int
source_fd(const struct source *src)
{
	return src->fd;
}

const char *
source_error(const struct source *src)
{
	return src->error;
}

/* read(2), retried when a signal that is not ours interrupts it. */
static ssize_t
raw_read(struct source *src, void *dst, size_t len)
{
	ssize_t k;

	if (src->cap != NULL) {
		size_t most = src->cap(src->cap_arg);

		if (most > 0 && most < len)
			len = most;
	}
	while ((k = read(src->fd, dst, len)) < 0 && errno == EINTR &&
	    (src->interrupted == NULL || !*src->interrupted))
		;
	if (k == 0)
		src->raw_eof = true;
	return k;
}

/*
 * A gzip member starts 1f 8b, method 8 (deflate), and flags whose top
 * three bits are reserved as zero.  Text that merely starts with 1f 8b
 * is read as text (and its line reported as not a record).
 */
static bool
is_gzip_magic(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 &&
	    (p[3] & 0xe0) == 0;
}

/* Read the first bytes into zbuf and decide what the input is. */
static int
sniff(struct source *src)
{
	while (src->zhave < 4 && !src->raw_eof) {
		ssize_t k = raw_read(src, src->zbuf + src->zhave,
		    ZBUF - src->zhave);

		if (k < 0)
			return -1;
		src->zhave += (size_t)k;
		INVARIANT(src->zhave <= ZBUF);
	}
	src->kind = is_gzip_magic(src->zbuf, src->zhave) ? SRC_GZIP :
	    SRC_PLAIN;
	if (src->kind == SRC_PLAIN)
		return 0;
	memset(&src->zs, 0, sizeof src->zs);
	if (inflateInit2(&src->zs, 15 + 16) != Z_OK) {
		src->error = "cannot start gzip decoding";
		return -2;
	}
	src->zs_live = src->in_member = true;
	src->zs.next_in = src->zbuf;
	src->zs.avail_in = (uInt)src->zhave;
	return 0;
}

/* More compressed bytes into zbuf: -1 on a read error. */
static int
refill(struct source *src)
{
	ssize_t k = raw_read(src, src->zbuf, ZBUF);

	if (k < 0)
		return -1;
	INVARIANT((size_t)k <= ZBUF);
	src->zs.next_in = src->zbuf;
	src->zs.avail_in = (uInt)k;
	return 0;
}

/*
 * Inflate into dst: the bytes produced, 0 at the end, -1 (errno) or -2
 * (src->error).  Members follow one another, as cat a.gz b.gz gives and
 * as S3 objects are concatenated.
 */
static ssize_t
inflate_some(struct source *src, char *dst, size_t len)
{
	for (;;) {
		int rc;

		if (src->zs.avail_in == 0 && !src->raw_eof && refill(src) < 0)
			return -1;
		if (src->zs.avail_in == 0 && src->raw_eof) {
			if (!src->in_member)
				return 0;
			src->error = "truncated gzip data";
			return -2;
		}
		if (!src->in_member) {	/* the next member */
			inflateReset(&src->zs);
			src->in_member = true;
		}
		src->zs.next_out = (Bytef *)dst;
		src->zs.avail_out = (uInt)(len > UINT_MAX ? UINT_MAX : len);
		rc = inflate(&src->zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			src->in_member = false;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			src->error = src->zs.msg != NULL ? src->zs.msg :
			    "bad gzip data";
			return -2;
		}
		if (src->zs.next_out != (Bytef *)dst)
			return (ssize_t)((char *)src->zs.next_out - dst);
	}
}

static ssize_t queue_read(struct source *src, char *dst, size_t len);

/* Decide now what the input is (gzip or not): 0, -1 (errno) or -2. */
int
source_sniff(struct source *src)
{
	return src->kind == SRC_UNSNIFFED ? sniff(src) : 0;
}

/* read(2) for an input's text: -1 with errno, -2 with source_error(). */
ssize_t
source_read(struct source *src, char *dst, size_t len)
{
	size_t k;

	if (src->kind == SRC_QUEUE)
		return queue_read(src, dst, len);
	if (src->kind == SRC_UNSNIFFED) {
		int rc = sniff(src);

		if (rc < 0)
			return rc;
	}
	if (src->kind == SRC_GZIP)
		return inflate_some(src, dst, len);
	if (src->zoff < src->zhave) {	/* what the sniff read */
		k = src->zhave - src->zoff < len ? src->zhave - src->zoff : len;
		memcpy(dst, src->zbuf + src->zoff, k);
		src->zoff += k;
		return (ssize_t)k;
	}
	return src->raw_eof ? 0 : raw_read(src, dst, len);
}

/* Bytes read and not handed on, or the end: the next read will not wait. */
bool
source_buffered(const struct source *src)
{
	switch (src->kind) {
	case SRC_QUEUE:	/* a file read ahead, never a pipe */
		return true;
	case SRC_GZIP:
		return src->raw_eof || src->zs.avail_in > 0;
	default:
		return src->raw_eof || src->zoff < src->zhave;
	}
}

void
source_open(struct source *src, int fd)
{
	source_close(src);
	src->fd = fd;
	src->kind = SRC_UNSNIFFED;
	src->raw_eof = src->in_member = false;
	src->zhave = src->zoff = 0;
	src->error = NULL;
	src->pf = NULL;
	src->file = NULL;
}

/* Done with the input: the descriptor is the caller's to close. */
void
source_close(struct source *src)
{
	if (src->zs_live)
		inflateEnd(&src->zs);
	src->zs_live = false;
}

/* --- read ahead ---------------------------------------------------------- */

/* What a worker knows of one file. */
enum pstate { P_WAITING, P_OPENED, P_DONE };

/*
 * A block's text starts LEND_ROOM bytes in: a reader that is lent the
 * block puts the unfinished line of the one before there.  Past the text
 * is the slack that an index reads (bufindex_build).
 */
struct pblock {
	size_t n, off;         /* bytes of text held, and handed on */
	struct pblock *next;
	bool indexed;          /* ix is the text's, from its start */
	struct bufindex ix;
	char data[LEND_ROOM + QBLOCK + 1 + INDEX_SLACK];
};

static char *
block_text(struct pblock *b)
{
	return b->data + LEND_ROOM;
}

struct pfile {
	const char *path;
	enum pstate state;
	int err;               /* errno of open(2), or of a read */
	bool is_dir;
	bool regular;          /* a regular file: no read of it waits long */
	bool gzip;
	bool queued;           /* read through the queue (worth_queueing) */
	bool lent;             /* the first block is lent to the reader */
	bool indexed;          /* ... and its blocks indexed too */
	size_t last_nnl, last_nhit; /* its last block's lines and hits */
	bool eof;              /* the worker has queued all there is */
	bool abandoned;        /* the reader is done with it */
	const char *error;     /* or a gzip error at the end of the queue */
	struct source *src;    /* opened and sniffed by the worker */
	struct pblock *qfirst, *qlast;
	int qlen;
	struct source *front;  /* what the reader reads: plain, or the queue */
};

struct prefetch {
	pthread_mutex_t lock;
	pthread_cond_t worker_cv;  /* a file to take, or room in a queue */
	pthread_cond_t reader_cv;  /* a file opened, or a block queued */
	struct pfile *files;
	int nfiles, next;          /* files; the next one to take */
	int reading;               /* the file the reader is at */
	int pooled;                /* blocks held past QBLOCKS, all files */
	struct pblock *spare;      /* blocks read, kept to be filled again */
	int jobs;
	bool stop;
	bool index;                /* index plain files' blocks, by plan */
	struct index_plan plan;
	pthread_t *threads;
	int nthreads;
	const volatile sig_atomic_t *interrupted;
};

/* Open and sniff a file: the part of it every file gets ahead. */
static void
open_ahead(struct prefetch *pf, struct pfile *f)
{
	struct stat sb;
	/* standard input, when planned, is a regular file (run) */
	int fd = strcmp(f->path, "-") == 0 ? dup(STDIN_FILENO) :
	    open(f->path, O_RDONLY);

	if (fd < 0) {
		f->err = errno;
		return;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		f->is_dir = true;
		close(fd);
		return;
	}
	f->regular = S_ISREG(sb.st_mode);
	f->src = source_new(pf->interrupted);
	source_open(f->src, fd);
	/*
	 * A read that fails here fails again when the file is read, where
	 * -j1 reports it: as a read error of the input, after its count.
	 */
	(void)source_sniff(f->src);
}

/*
 * May f's worker queue another block?  The file being read is held to
 * QBLOCKS (its reader is taking them); a gzip file ahead of it may draw
 * on the pool as well.
 */
static bool
room_for_block(const struct prefetch *pf, const struct pfile *f)
{
	return f->qlen < QBLOCKS || (f->gzip &&
	    f != &pf->files[pf->reading] && pf->pooled < AHEAD_POOL);
}

static void
enqueue(struct prefetch *pf, struct pfile *f, struct pblock *b)
{
	b->next = NULL;
	if (f->qlast != NULL)
		f->qlast->next = b;
	else
		f->qfirst = b;
	f->qlast = b;
	pf->pooled += f->qlen++ >= QBLOCKS;
}

/* A block done with, kept for new_block; the lock is held. */
static void
spare_block(struct prefetch *pf, struct pblock *b)
{
	b->next = pf->spare;
	pf->spare = b;
}

static void
dequeue(struct prefetch *pf, struct pfile *f)
{
	struct pblock *b = f->qfirst;

	if ((f->qfirst = b->next) == NULL)
		f->qlast = NULL;
	pf->pooled -= --f->qlen >= QBLOCKS;
	spare_block(pf, b);
}

/*
 * A block to fill; the lock is held.  Blocks are used again rather than
 * freed (spare_block): a fresh block costs a page fault every 4 KiB
 * written, and how many blocks there are at once is bounded anyway.
 */
static struct pblock *
new_block(struct prefetch *pf)
{
	struct pblock *b = pf->spare;

	if (b != NULL)
		pf->spare = b->next;
	else	/* zeroed: an index reads the slack past the text */
		b = xcalloc(1, sizeof *b);
	b->off = 0;
	b->n = 0;
	b->indexed = false;
	return b;
}

/*
 * Read or inflate into b until it is full: one inflate call gives about
 * what 64 KiB of input holds, and blocks that were a quarter full made
 * the pool hold a quarter of the text it was sized for.  A file that is not
 * regular (a FIFO, or <(...) of a stream) is filled only while its next
 * read would not wait: its records go to the reader as they come, as
 * without -j.  Returns the last read's result: > 0 while there is more,
 * 0 at the end, or an error after the text before it, which is in b.
 */
static ssize_t
fill_block(struct source *src, struct pblock *b, bool regular)
{
	ssize_t k;

	do
		k = source_read(src, block_text(b) + b->n, QBLOCK - b->n);
	while (k > 0 && (b->n += (size_t)k) < QBLOCK &&
	    (regular || source_buffered(src)));
	return k;
}

/*
 * Index a block as the reader would (cut_lines), so that the reader only
 * walks its lines: on a plain file, the worker's read takes less than a
 * third of what the reader does with the text, and the index about half.
 */
static void
index_block_ahead(const struct prefetch *pf, struct pfile *f,
    struct pblock *b)
{
	/*
	 * Not once the reader has stopped looking for it (prefilter_count):
	 * then no line of the block is ruled out by it, as without -j.
	 * Before, the block's hits serve.
	 */
	const struct slice *lit = atomic_load(pf->plan.literal_dropped) ?
	    NULL : pf->plan.literal;
	bool lean = pf->plan.lean && lit != NULL &&
	    index_lean_after(f->last_nnl, f->last_nhit);

	bufindex_build(&b->ix, block_text(b), b->n, lit, pf->plan.icase, lean);
	b->indexed = true;
	f->last_nnl = b->ix.nnl;
	f->last_nhit = b->ix.nhit;
}

/*
 * Does the worker index the block it has read?  When the reader has a
 * block of this file waiting besides the one it is lent, it is behind:
 * the index is work taken off it.  When not, the worker would be the one
 * behind (on Q5 of the bench, indexing every block took 1.15 of the
 * time).  Files ahead of the reader are not indexed, which bounds what
 * indexes take to the blocks of one file.  The lock is held.
 */
static bool
index_now(const struct prefetch *pf, const struct pfile *f)
{
	switch (pf->plan.when) {
	case AHEAD_ALWAYS:
		return true;
	case AHEAD_NEVER:
		return false;
	default:
		return f == &pf->files[pf->reading] && f->qlen > (int)f->lent;
	}
}

/* Read or inflate a file into its queue; the lock is held on entry. */
static void
fill_ahead(struct prefetch *pf, struct pfile *f)
{
	for (;;) {
		struct pblock *b;
		ssize_t k;

		while (!room_for_block(pf, f) && !pf->stop && !f->abandoned)
			pthread_cond_wait(&pf->worker_cv, &pf->lock);
		if (pf->stop || f->abandoned)
			return;
		b = new_block(pf);
		pthread_mutex_unlock(&pf->lock);
		k = fill_block(f->src, b, f->regular);
		pthread_mutex_lock(&pf->lock);
		if (f->indexed && b->n > 0 && index_now(pf, f)) {
			pthread_mutex_unlock(&pf->lock);
			index_block_ahead(pf, f, b);
			pthread_mutex_lock(&pf->lock);
		}
		if (b->n > 0)
			enqueue(pf, f, b);
		else
			spare_block(pf, b);
		if (k <= 0) {
			f->eof = true;
			f->err = k == -1 ? errno : 0;
			f->error = k == -2 ? source_error(f->src) : NULL;
		}
		pthread_cond_broadcast(&pf->reader_cv);
		if (k <= 0)
			return;
	}
}

/*
 * Is the file read through a queue?  A gzip file is, and so is a plain
 * one that is regular: the worker's read(2) then copies it from the page
 * cache while the reader selects (lent to the reader, its blocks are not
 * copied again).  A pipe is read by the reader, as its records come.
 */
static bool
worth_queueing(const struct pfile *f)
{
	return f->src != NULL && f->err == 0 && (f->gzip || f->regular);
}

static void *
worker(void *arg)
{
	struct prefetch *pf = arg;

	pthread_mutex_lock(&pf->lock);
	for (;;) {
		struct pfile *f;

		/* at most jobs files ahead of the reader */
		while (!pf->stop && (pf->next == pf->nfiles ||
		    pf->next >= pf->reading + pf->jobs))
			pthread_cond_wait(&pf->worker_cv, &pf->lock);
		if (pf->stop)
			break;
		f = &pf->files[pf->next++];
		pthread_mutex_unlock(&pf->lock);
		open_ahead(pf, f);
		pthread_mutex_lock(&pf->lock);
		f->gzip = f->src != NULL && f->src->kind == SRC_GZIP;
		f->queued = worth_queueing(f);
		/* gzip: inflating is slower than the reader already */
		f->indexed = f->queued && !f->gzip && pf->index;
		f->state = P_OPENED;
		pthread_cond_broadcast(&pf->reader_cv);
		if (f->queued)
			fill_ahead(pf, f);
		f->state = P_DONE;
		pthread_cond_broadcast(&pf->reader_cv);
	}
	pthread_mutex_unlock(&pf->lock);
	return NULL;
}

/*
 * The reader waits for a worker, but wakes up now and then: a signal
 * (SIGINT, SIGTERM) does not end a wait on a condition.
 */
static void
reader_wait(struct prefetch *pf)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 100 * 1000 * 1000;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&pf->reader_cv, &pf->lock, &until);
}

/*
 * Wait, with the lock held, for a block the reader has not been lent:
 * 1 when there is one, else how the text ends: 0, -1 (errno) or -2.
 */
static ssize_t
await_block(struct source *src)
{
	struct prefetch *pf = src->pf;
	struct pfile *f = src->file;
	int need = f->lent ? 2 : 1;

	while (f->qlen < need && !f->eof &&
	    (pf->interrupted == NULL || !*pf->interrupted))
		reader_wait(pf);
	if (f->qlen >= need)
		return 1;
	if (f->err != 0) {
		errno = f->err;
		return -1;
	}
	if (f->error != NULL) {
		src->error = f->error;
		return -2;
	}
	if (!f->eof) {	/* interrupted */
		errno = EINTR;
		return -1;
	}
	return 0;
}

/* The block lent to the reader, done with; the lock is held. */
static void
give_back(struct prefetch *pf, struct pfile *f)
{
	if (!f->lent)
		return;
	dequeue(pf, f);
	f->lent = false;
	pthread_cond_broadcast(&pf->worker_cv);
}

/* The queue of a file read ahead: like read(2), from its blocks. */
static ssize_t
queue_read(struct source *src, char *dst, size_t len)
{
	struct prefetch *pf = src->pf;
	struct pfile *f = src->file;
	ssize_t k;

	pthread_mutex_lock(&pf->lock);
	give_back(pf, f);
	if ((k = await_block(src)) > 0) {
		struct pblock *b = f->qfirst;
		size_t n = b->n - b->off < len ? b->n - b->off : len;

		memcpy(dst, block_text(b) + b->off, n);
		b->off += n;
		k = (ssize_t)n;
		if (b->off == b->n) {
			dequeue(pf, f);
			pthread_cond_broadcast(&pf->worker_cv);
		}
	}
	pthread_mutex_unlock(&pf->lock);
	return k;
}

bool
source_lends(const struct source *src)
{
	return src->kind == SRC_QUEUE;
}

/*
 * The next block's text, lent where read(2) would copy it: *text, and
 * what source_read returns.  The nrest bytes at rest (at most LEND_ROOM:
 * the unfinished line) are put right before it, and the block lent
 * before is given back, so rest may be in it.  At the end, or on an
 * error, that block stays lent: the caller still reads its last line.
 * *ix is the block's index, or NULL: the reader's source_read took a
 * part of it, or the worker made none.
 */
ssize_t
source_lend(struct source *src, const char *rest, size_t nrest, char **text,
    struct bufindex **ix)
{
	struct prefetch *pf = src->pf;
	struct pfile *f = src->file;
	ssize_t k;

	INVARIANT(src->kind == SRC_QUEUE && nrest <= LEND_ROOM);
	pthread_mutex_lock(&pf->lock);
	if ((k = await_block(src)) > 0) {
		struct pblock *b = f->lent ? f->qfirst->next : f->qfirst;

		*text = block_text(b) + b->off;
		*ix = b->indexed && b->off == 0 ? &b->ix : NULL;
		memcpy(*text - nrest, rest, nrest);
		k = (ssize_t)(b->n - b->off);
		b->off = b->n;
		give_back(pf, f);
		f->lent = true;
	}
	pthread_mutex_unlock(&pf->lock);
	return k;
}

struct prefetch *
prefetch_new(char *const *paths, int n, int jobs,
    const volatile sig_atomic_t *interrupted, const struct index_plan *plan)
{
	struct prefetch *pf = xcalloc(1, sizeof *pf);
	sigset_t all, old;

	pthread_mutex_init(&pf->lock, NULL);
	pthread_cond_init(&pf->worker_cv, NULL);
	pthread_cond_init(&pf->reader_cv, NULL);
	pf->files = xcalloc((size_t)n, sizeof *pf->files);
	for (int i = 0; i < n; i++)
		pf->files[i].path = paths[i];
	pf->nfiles = n;
	pf->jobs = jobs;
	pf->interrupted = interrupted;
	if (plan != NULL) {
		pf->index = true;
		pf->plan = *plan;
	}
	pf->nthreads = jobs < n ? jobs : n;
	pf->threads = xcalloc((size_t)pf->nthreads, sizeof *pf->threads);
	/* signals are for the reader's thread: the workers block them all */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int i = 0; i < pf->nthreads; i++)
		if (pthread_create(&pf->threads[i], NULL, worker, pf) != 0) {
			pf->nthreads = i;	/* as many as there could be */
			break;
		}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pf->nthreads == 0) {	/* then none: read as without */
		prefetch_free(pf);
		return NULL;
	}
	return pf;
}

/*
 * The source of file i, opened ahead; files are taken in their order.
 * NULL when it could not be opened (*err is the errno) or is a
 * directory (*is_dir).
 */
struct source *
prefetch_take(struct prefetch *pf, int i, int *err, bool *is_dir)
{
	struct pfile *f = &pf->files[i];
	struct source *src = NULL;

	pthread_mutex_lock(&pf->lock);
	pf->reading = i;
	pthread_cond_broadcast(&pf->worker_cv);
	while (f->state == P_WAITING)
		reader_wait(pf);
	*err = f->err;
	*is_dir = f->is_dir;
	if (f->src != NULL && (f->err == 0 || f->queued)) {
		src = f->src;
		if (f->queued) {
			f->front = source_new(pf->interrupted);
			f->front->kind = SRC_QUEUE;
			f->front->pf = pf;
			f->front->file = f;
			f->front->fd = source_fd(f->src);
			src = f->front;
			*err = 0;
		}
	}
	pthread_mutex_unlock(&pf->lock);
	return src;
}

static void
release_queue(struct prefetch *pf, struct pfile *f)
{
	while (f->qlen > 0)
		dequeue(pf, f);
}

/* Close what a file held. */
static void
release(struct prefetch *pf, struct pfile *f)
{
	release_queue(pf, f);
	if (f->src != NULL) {
		close(source_fd(f->src));
		source_free(f->src);
		f->src = NULL;
	}
	source_free(f->front);
	f->front = NULL;
}

/*
 * The reader is done with file i (read, or left at -m): its worker is
 * stopped by emptying its queue, its descriptor closed, and a worker
 * may take the next file.
 */
void
prefetch_done(struct prefetch *pf, int i)
{
	struct pfile *f = &pf->files[i];

	pthread_mutex_lock(&pf->lock);
	pf->reading = i + 1;
	f->abandoned = true;	/* its worker stops at the next block */
	while (f->state != P_DONE && !pf->stop) {
		release_queue(pf, f);
		pthread_cond_broadcast(&pf->worker_cv);
		reader_wait(pf);
	}
	release(pf, f);
	pthread_cond_broadcast(&pf->worker_cv);
	pthread_mutex_unlock(&pf->lock);
}

void
prefetch_free(struct prefetch *pf)
{
	if (pf == NULL)
		return;
	pthread_mutex_lock(&pf->lock);
	pf->stop = true;
	pthread_cond_broadcast(&pf->worker_cv);
	pthread_mutex_unlock(&pf->lock);
	for (int i = 0; i < pf->nthreads; i++)
		pthread_join(pf->threads[i], NULL);
	for (int i = 0; i < pf->nfiles; i++)
		release(pf, &pf->files[i]);
	while (pf->spare != NULL) {
		struct pblock *b = pf->spare;

		pf->spare = b->next;
		bufindex_free(&b->ix);
		free(b);
	}
	pthread_cond_destroy(&pf->reader_cv);
	pthread_cond_destroy(&pf->worker_cv);
	pthread_mutex_destroy(&pf->lock);
	free(pf->threads);
	free(pf->files);
	free(pf);
}
