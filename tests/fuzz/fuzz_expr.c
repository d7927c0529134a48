/*
 * fuzz_expr.c: the expression compiler and evaluator of expr.c.
 *
 * Input: an expression, up to the first NUL (or, without one, the first
 * newline), then record lines.  The expression is compiled with a fixed
 * "now"; if it compiles, its explanation and fields are read and it is
 * evaluated on each record line (as flowgrep.c reads lines: default
 * format, headers switch it, tab-joined messages are split) and on a few
 * built-in records of each shape.  Checked:
 *   - a failed compile says where and why, inside the expression;
 *   - evaluating twice gives the same answer;
 *   - splitting only the columns the expression reads (rec->want, as
 *     flowgrep.c does in its default mode), and skipping the lines that
 *     lack the prefilter's literal (expr_literal), gives the same
 *     answers as splitting and evaluating everything;
 *   - the literal is in every line the expression selects;
 *   - each --to translation (for the default format and a v5 one, with
 *     and without -v) prints a query ending in a newline, or fails with
 *     a reason.
 *
 * "in @FILE" reads a file.  The harness lets the fuzzer name only the
 * list files it writes at start-up (@ports @cidrs @words @times @flags
 * @empty @nul @bad @dir, rewritten to their place in
 * $TMPDIR/flowgrep-fuzz-lists.UID); any other @word but @timestamp and
 * @logStream (the field names) makes the input uninteresting.
 */
#include <ctype.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "fuzz_lists.h"

/* 2026-11-29T08:30:00Z, as the golden tests pin it */
#define NOW_MS 1795941000000LL

static const char *const builtin_lines[] = {
	/* a default-format record */
	"2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 "
	"180 1418530010 1418530070 REJECT OK",
	/* NODATA: most fields missing */
	"2 111111111111 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 "
	"1431280934 - NODATA",
	/* aws logs tail --format detailed, colour on, IPv6 */
	"\033[32m2026-11-29T08:02:00.123000+00:00\033[0m "
	"\033[36meni-0a1b2c3d4e5f60718-all\033[0m 2 111111111111 "
	"eni-0a1b2c3d4e5f60718 2001:db8::1 10.0.1.100 57442 443 6 7 311 "
	"1648219031 1648219031 ACCEPT OK",
	/* aws logs tail --format short */
	"2026-11-29T08:03:00 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 "
	"10.0.0.100 443 57442 6 5 2406 1795939280 1795939340 ACCEPT OK",
	/* filter-log-events --output text */
	"EVENTS\t1\t1795940872644\teni-0a1b2c3d4e5f60718-all\t2 111111111111 "
	"eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 "
	"1418530070 REJECT OK\t1795939380789",
	/* values that do not convert, end before start */
	"2 x eni-a 999.1.1.1 fe80::1%eth0 abc 70000 300 1 40 5 2 REJECT OK",
	/* tab-joined messages (--query 'events[].message') */
	"2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\t"
	"2 1 eni-b 10.0.0.2 10.0.0.1 22 1 6 1 40 1 2 ACCEPT OK\r",
	/* an S3 v5 header, then a v5 record under it */
	"version account-id interface-id srcaddr dstaddr srcport dstport "
	"protocol packets bytes start end action log-status vpc-id subnet-id "
	"instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id "
	"sublocation-type sublocation-id pkt-src-aws-service "
	"pkt-dst-aws-service flow-direction traffic-path",
	"5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 52.95.128.179 41928 "
	"443 6 12 5411 1795939460 1795939520 ACCEPT OK vpc-0a1b2c3d4e5f60789 "
	"subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 19 IPv4 10.0.0.100 "
	"52.95.128.179 eu-west-2 euw2-az2 - - - S3 egress 8",
};

struct run {
	struct expr *e;
	bool want_split;      /* rec->want as flowgrep.c's default mode */
	size_t results[4096];  /* where each selected record starts */
	size_t nresults;
	bool truncated;
};

/* flowgrep.c's columns_wanted(): up to the last column the expression reads. */
static int
want_of(struct drive *d, const struct format *fmt)
{
	const struct run *run = d->ctx;
	static int fids[MAXFIELDS];
	int n, want = 1;

	if (!run->want_split)
		return 0;
	n = expr_fields(run->e, fids, MAXFIELDS);
	for (int i = 0; i < n; i++)
		if (fmt->col_of[fids[i]] >= want)
			want = fmt->col_of[fids[i]] + 1;
	return want;
}

static struct slice literal;
static bool has_literal, literal_icase;
static struct expr_run erun;	/* one per expression, as in flowgrep */

static void
on_record(struct drive *d, struct record *rec)
{
	struct run *run = d->ctx;
	const struct expr_run *es = &erun;
	unsigned long bad = es->bad_values, hits = es->match_limit_hits;
	bool sel;

	if (d->lacks) {
		/* as flowgrep.c: not evaluated, and its columns not split */
		CHECK(rec->want == -1 || d->want_of(d, rec->fmt) <= 0);
		sel = false;
		goto keep;
	}
	sel = expr_eval(run->e, rec, &erun);

	CHECK(expr_eval(run->e, rec, &erun) == sel);
	CHECK(es->bad_values >= bad && es->match_limit_hits >= hits);
	if (es->bad_values != bad)
		CHECK(es->bad_fid >= 0 && es->bad_fid < field_mark());
	if (sel && has_literal)
		CHECK(find_literal(d->line, d->linen, literal.p, literal.n,
		    literal_icase) != NULL && "a selected line has the literal");
keep:
	if (!sel)
		return;
	if (run->nresults < sizeof run->results / sizeof run->results[0])
		run->results[run->nresults++] = (size_t)(rec->body.p - d->line);
	else
		run->truncated = true;
}

/*
 * The same line through two drives: one as flowgrep.c's default mode
 * (only the columns the expression reads split, none at all in a line
 * the prefilter rules out, which is then not evaluated), one splitting
 * and evaluating everything.  They must select the same records.
 */
static void
both(struct drive *part, struct drive *all, const char *p, size_t n)
{
	struct run *rp = part->ctx, *ra = all->ctx;

	rp->nresults = ra->nresults = 0;
	part->lacks = has_literal && find_literal(p, n, literal.p, literal.n,
	    literal_icase) == NULL;
	drive_line(part, p, n);
	drive_line(all, p, n);
	CHECK(reader_format(part->rd)->ncols == reader_format(all->rd)->ncols);
	CHECK(rp->nresults == ra->nresults);
	CHECK(memcmp(rp->results, ra->results, rp->nresults *
	    sizeof rp->results[0]) == 0 &&
	    "splitting fewer columns, or the prefilter, changes no selection");
}

static char *builtin[sizeof builtin_lines / sizeof builtin_lines[0]];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every target, for two formats, with and without -v (see the top). */
static void
translate_all(const struct expr *e)
{
	static struct format v2, v5;
	static bool made;
	const struct format *fmts[2] = { &v2, &v5 };
	char why[200];

	if (!made) {
		format_default(&v2);
		CHECK(format_parse(&v5, V5_NAMES, sizeof V5_NAMES - 1, why,
		    sizeof why) == 0);
		made = true;
	}
	for (int t = TO_FILTER_PATTERN; t <= TO_ATHENA; t++)
	for (int k = 0; k < 4; k++) {
		struct pushdown_opts po = { "vpc_flow_logs",
			k < 2 ? PART_DATE : PART_DAY, k >= 2, k & 1 };
		char msg[1024], *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		int r;

		CHECK(out != NULL);
		memset(msg, 0x5a, sizeof msg);
		r = pushdown_print((enum pushdown_target)t, e, &fmts[k >= 2],
		    1, &po, out, msg, sizeof msg);
		CHECK(fclose(out) == 0);
		CHECK(memchr(msg, '\0', sizeof msg) != NULL);
		if (r == 0)
			CHECK(len > 0 && text[len - 1] == '\n' &&
			    strlen(text) == len);
		else
			CHECK(r == -1 && msg[0] != '\0');
		free(text);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	lists_create();
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		builtin[i] = exact_copy(builtin_lines[i],
		    strlen(builtin_lines[i]));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct expr_env env = { NOW_MS };
	const uint8_t *sep;
	struct expr_error err;
	struct run rpart = { 0 }, rall = { 0 };
	struct drive part, all;
	struct lines ls;
	const uint8_t *p;
	size_t n, srclen;
	char *src;
	static int fids[MAXFIELDS];
	int nf;

	fresh_dictionary();

	if ((sep = memchr(data, '\0', size)) == NULL)
		sep = memchr(data, '\n', size);
	srclen = sep != NULL ? (size_t)(sep - data) : size;
	if ((src = lists_rewrite((const char *)data, srclen)) == NULL)
		return -1;	/* names a file it may not read */

	memset(&err, 0x5a, sizeof err);
	rpart.e = expr_compile(src, &env, &err);
	if (rpart.e == NULL) {
		size_t len = strlen(src);

		CHECK(err.column >= 0 && (size_t)err.column <= len);
		CHECK(err.width >= 1);
		CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL &&
		    err.msg[0] != '\0');
		free(src);
		return 0;
	}
	CHECK(expr_explain_text(rpart.e) != NULL);
	CHECK(strlen(expr_explain_text(rpart.e)) > 0);
	nf = expr_fields(rpart.e, fids, MAXFIELDS);
	CHECK(nf >= 0 && nf <= MAXFIELDS);
	for (int i = 0; i < nf; i++) {
		CHECK(expr_uses(rpart.e, fids[i]) && !FIELD_PSEUDO(fids[i]));
		CHECK(field_get(fids[i]) != NULL);
		CHECK(i == 0 || fids[i] > fids[i - 1]);
	}
	CHECK(expr_fields(rpart.e, fids, 1) == (nf > 0));
	translate_all(rpart.e);
	CHECK(!expr_uses(rpart.e, -1) && !expr_uses(rpart.e, MAXFIELDS));
	has_literal = expr_literal(rpart.e, &literal, &literal_icase);
	if (has_literal) {
		CHECK(literal.n > 0 && literal.p != NULL);
		CHECK(memchr(literal.p, '\0', literal.n) == NULL);
		touch(literal);
	}

	expr_run_init(&erun, rpart.e);
	rpart.want_split = true;
	rall.e = rpart.e;
	drive_init(&part, 0, on_record, &rpart);
	drive_init(&all, 0, on_record, &rall);
	part.want_of = want_of;
	all.want_of = want_of;
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		both(&part, &all, builtin[i], strlen(builtin_lines[i]));
	drive_free(&part);
	drive_free(&all);

	drive_init(&part, 0, on_record, &rpart);
	drive_init(&all, 0, on_record, &rall);
	part.want_of = want_of;
	all.want_of = want_of;
	ls = (struct lines){ data, size, 0 };
	if (sep != NULL)
		ls.i = srclen + 1;
	while (next_line(&ls, &p, &n)) {
		char *line = exact_copy(p, n);

		both(&part, &all, line, n);
		free(line);
	}
	drive_free(&part);
	drive_free(&all);
	expr_run_free(&erun);
	expr_free(rpart.e);
	free(src);
	return 0;
}
