/*
 * fuzz_summary.c: the --by and aggregate lists, and the summaries of
 * summary.c printed through output.c.
 *
 * Input: two control bytes, then three NUL-terminated texts, the --by
 * list, the aggregate options and the -o list or template, then record
 * lines.  The aggregate options are separated by ';', each a letter and
 * its list: s (--sum), n (--min), x (--max), d (--distinct), as in
 * "sbytes,packets;dsrcaddr/24".
 *   byte 0  bits 0-2  mode: fields, -o, -t, --json, --csv, --tsv,
 *                     --table, --table
 *           bit 3     --names      bits 4-5  --time: none, epoch, iso,
 *                                            local
 *           bit 6     no --by: the aggregates over all records
 *           bit 7     a print every 8 records (as --every would)
 *   byte 1  bits 0-3  --max-keys: 0 the default, k: 1 << (k - 1)
 *           bits 4-6  --top: 0 none, t: 1 << (t - 1)
 *           bit 7     the starting format: the v5 names (else v2)
 * Each input is summarised twice, once with every column split and once
 * with only those summary_columns_wanted asks for, and the two must print
 * the same.  Then:
 *   - a list that summary_new refuses has its error inside its text, and
 *     so has a -o list or template that does not fit the summary;
 *   - summary_add says a field of a bad value or none;
 *   - the counts add up to the records: exactly, unless the sketch weighs
 *     by a sum (then a key that took another's place counts only since).
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz_common.h"

struct ctx {
	struct summary *sum;
	const struct outopts *o;
	struct writer *w;
	bool ticks;
	unsigned long added;
};

static struct writer w;

static void
on_record(struct drive *d, struct record *rec)
{
	struct ctx *c = d->ctx;
	int bad = summary_add(c->sum, rec);

	CHECK(bad >= -1 && bad < MAXFIELDS);
	c->added++;
	if (c->ticks && c->added % 8 == 0)
		summary_print(c->sum, c->o, c->w);
}

static int
want_of(struct drive *d, const struct format *fmt)
{
	const struct ctx *c = d->ctx;
	int want = summary_columns_wanted(c->sum, fmt);

	CHECK(want >= 1);
	return want;
}

/* The aggregate options, "sbytes;dsrcaddr", into o (text is modified). */
static void
parse_aggs(char *text, struct summary_opts *o)
{
	for (char *p = text; *p != '\0' && o->nargs < SUMMARY_MAXARGS;) {
		char *end = strchr(p, ';');
		enum aggkind kind = *p == 'n' ? AGG_MIN : *p == 'x' ? AGG_MAX :
		    *p == 'd' ? AGG_DISTINCT : AGG_SUM;

		if (end != NULL)
			*end = '\0';
		o->args[o->nargs].kind = kind;
		o->args[o->nargs++].list = p + 1;
		if (end == NULL)
			break;
		p = end + 1;
	}
}

static void
check_error(const struct summary_error *e)
{
	CHECK(e->option != NULL && e->option[0] == '-');
	CHECK(e->text != NULL);
	CHECK(e->at.column >= 0 && (size_t)e->at.column <= strlen(e->text));
	CHECK(e->at.width >= 1);
	CHECK(memchr(e->at.msg, '\0', sizeof e->at.msg) != NULL &&
	    e->at.msg[0] != '\0');
}

/* What the writer wrote since the file was emptied, NUL-terminated. */
static char *
written(size_t *n)
{
	off_t size;
	char *p;

	writer_flush(&w);
	CHECK(w.err == 0);
	size = lseek(w.fd, 0, SEEK_END);
	CHECK(size >= 0);
	CHECK((p = malloc((size_t)size + 1)) != NULL);
	CHECK(pread(w.fd, p, (size_t)size, 0) == size);
	p[size] = '\0';
	*n = (size_t)size;
	CHECK(ftruncate(w.fd, 0) == 0);
	CHECK(lseek(w.fd, 0, SEEK_SET) == 0);
	return p;
}

/* The summary's counts, one a line: their total. */
static unsigned long
total_count(struct summary *s)
{
	struct outopts o = { .mode = OUT_FIELDS, .fields = "count" };
	unsigned long total = 0;
	size_t n;
	char *text, *p, *end;

	summary_print(s, &o, &w);
	text = written(&n);
	for (p = text; *p != '\0'; p = end + (*end != '\0')) {
		unsigned long v = strtoul(p, &end, 10);

		CHECK(*end == '\n');
		total += v;
	}
	free(text);
	return total;
}

/*
 * One summary of the lines: its printed output (fields of every column),
 * or NULL when the options are refused.
 */
static char *
summarize(const struct summary_opts *so, const struct outopts *o,
    bool ticks, bool split_all, int start, const uint8_t *data, size_t size,
    bool weighs_count)
{
	struct outopts all = { .mode = OUT_FIELDS, .fields = "all" };
	struct summary_error e;
	struct expr_error err;
	struct output *check;
	struct ctx c = { .o = o, .w = &w, .ticks = ticks };
	struct drive d;
	unsigned long total;
	size_t n;
	char *text;

	if ((c.sum = summary_new(so, &e)) == NULL) {
		check_error(&e);
		return NULL;
	}
	memset(&err, 0x5a, sizeof err);
	check = output_new(o, &w, &err);
	if (check == NULL ||
	    output_check_fields(check, summary_format(c.sum), &err) < 0) {
		const char *src = o->mode == OUT_TEMPLATE ? o->tmpl : o->fields;

		CHECK(err.column >= 0 && (size_t)err.column <= strlen(src));
		output_free(check);
		summary_free(c.sum);
		return NULL;
	}
	output_free(check);
	drive_init(&d, start, on_record, &c);
	d.want_of = split_all ? NULL : want_of;
	drive_lines(&d, data, size);
	summary_print(c.sum, o, &w);
	free(written(&n));
	total = total_count(c.sum);
	if (so->top == 0)
		CHECK(weighs_count ? total == c.added : total <= c.added);
	summary_print(c.sum, &all, &w);
	text = written(&n);
	drive_free(&d);
	summary_free(c.sum);
	return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum outmode modes[] = { OUT_FIELDS, OUT_FIELDS,
		OUT_TEMPLATE, OUT_JSON, OUT_CSV, OUT_TSV, OUT_TABLE, OUT_TABLE };
	struct summary_opts so = { 0 };
	struct outopts o = { 0 };
	char *by, *aggs, *text, *a, *b;
	unsigned b0, b1;
	bool had;

	fresh_dictionary();
	if (w.fd == 0) {
		FILE *f = tmpfile();

		CHECK(f != NULL);
		w.fd = dup(fileno(f));
		fclose(f);
	}
	if (size < 2)
		return 0;
	b0 = data[0];
	b1 = data[1];
	data += 2;
	size -= 2;
	by = chunk(&data, &size, &had);
	aggs = chunk(&data, &size, &had);
	text = chunk(&data, &size, &had);

	so.by = b0 & 0x40 ? NULL : by;
	parse_aggs(aggs, &so);
	so.max_keys = b1 & 15 ? 1ULL << ((b1 & 15) - 1) : 0;
	so.top = b1 >> 4 & 7 ? 1ULL << ((b1 >> 4 & 7) - 1) : 0;
	o.mode = modes[b0 & 7];
	o.names = (b0 & 0x08) != 0;
	o.time_set = (b0 >> 4 & 3) != 0;
	o.time = (b0 >> 4 & 3) == 2 ? TIME_ISO : (b0 >> 4 & 3) == 3 ?
	    TIME_LOCAL : TIME_EPOCH;
	o.header = true;
	o.quiet = true;
	if (o.mode == OUT_TEMPLATE)
		o.tmpl = text;
	else
		o.fields = (b0 & 7) == 1 && text[0] != '\0' ? text : "all";

	/*
	 * The sketch weighs by count unless the first aggregate is a sum:
	 * then a key that took another's place counts from then on.
	 */
	a = summarize(&so, &o, (b0 & 0x80) != 0, true, b1 & 0x80 ? 1 : 0,
	    data, size, so.nargs == 0 || so.args[0].kind != AGG_SUM);
	b = a == NULL ? NULL : summarize(&so, &o, false, false,
	    b1 & 0x80 ? 1 : 0, data, size,
	    so.nargs == 0 || so.args[0].kind != AGG_SUM);
	if (a != NULL)
		CHECK(b != NULL && strcmp(a, b) == 0 &&
		    "the columns asked for give the summary of all columns");
	free(a);
	free(b);
	free(by);
	free(aggs);
	free(text);
	return 0;
}
