/*
 * Unit tests for the dense parts: addresses and CIDRs, times, numbers,
 * the field dictionary, line shapes, the expression compiler, and the
 * read loop at the sizes where its buffers change.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "flowgrep.h"
#include "ref_ipv4.h"

static int passed, failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

static void
check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
}

static const char *
addr_text(const char *in)
{
	static char buf[64];
	struct addr a;

	if (!parse_addr(in, strlen(in), &a))
		return "(bad)";
	format_addr(&a, buf);
	return buf;
}

static void
test_addresses(void)
{
	struct addr lo, hi, a;

	CHECK(strcmp(addr_text("10.0.0.1"), "10.0.0.1") == 0);
	CHECK(strcmp(addr_text("255.255.255.255"), "255.255.255.255") == 0);
	CHECK(strcmp(addr_text("0.0.0.0"), "0.0.0.0") == 0);
	CHECK(strcmp(addr_text("999.1.1.1"), "(bad)") == 0);
	CHECK(strcmp(addr_text("1.2.3"), "(bad)") == 0);
	CHECK(strcmp(addr_text("1.2.3.4.5"), "(bad)") == 0);
	CHECK(strcmp(addr_text("01.2.3.4"), "(bad)") == 0);
	CHECK(strcmp(addr_text("1..2.3"), "(bad)") == 0);
	CHECK(strcmp(addr_text(""), "(bad)") == 0);
	CHECK(strcmp(addr_text("2001:0db8:0:0:0:0:0:1"), "2001:db8::1") == 0);
	CHECK(strcmp(addr_text("2001:DB8::1"), "2001:db8::1") == 0);
	CHECK(strcmp(addr_text("::"), "::") == 0);
	CHECK(strcmp(addr_text("::1"), "::1") == 0);
	CHECK(strcmp(addr_text("1::"), "1::") == 0);
	CHECK(strcmp(addr_text("1:0:0:2:0:0:0:3"), "1:0:0:2::3") == 0);
	CHECK(strcmp(addr_text("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8") == 0);
	CHECK(strcmp(addr_text("1:2:3:4:5:6:7:8:9"), "(bad)") == 0);
	CHECK(strcmp(addr_text("1:2:3:4:5:6:7"), "(bad)") == 0);
	CHECK(strcmp(addr_text("1::2::3"), "(bad)") == 0);
	CHECK(strcmp(addr_text(":1:2"), "(bad)") == 0);
	CHECK(strcmp(addr_text("1:2:"), "(bad)") == 0);
	CHECK(strcmp(addr_text("12345::"), "(bad)") == 0);
	CHECK(strcmp(addr_text("fe80::1%eth0"), "(bad)") == 0);
	CHECK(strcmp(addr_text("::ffff:1.2.3.4"), "1.2.3.4") == 0);
	CHECK(strcmp(addr_text("64:ff9b::1.2.3.4"), "64:ff9b::102:304") == 0);
	CHECK(strcmp(addr_text("::1.2.3.4.5"), "(bad)") == 0);
	CHECK(parse_addr("10.0.0.1", 8, &a) && addr_is_v4(&a));
	CHECK(parse_addr("::1", 3, &a) && !addr_is_v4(&a));

	CHECK(parse_cidr("10.0.0.0/8", 10, &lo, &hi) == 8);
	CHECK(parse_addr("10.255.255.255", 14, &a) && addr_cmp(&a, &hi) == 0);
	CHECK(parse_cidr("10.1.2.3/8", 10, &lo, &hi) == 8);
	CHECK(parse_addr("10.0.0.0", 8, &a) && addr_cmp(&a, &lo) == 0);
	CHECK(parse_cidr("10.0.0.0/33", 11, &lo, &hi) < 0);
	CHECK(parse_cidr("10.0.0.0/", 9, &lo, &hi) < 0);
	CHECK(parse_cidr("10.0.0.0/x", 10, &lo, &hi) < 0);
	CHECK(parse_cidr("0.0.0.0/0", 9, &lo, &hi) == 0);
	CHECK(parse_addr("::ffff:0.0.0.0", 14, &a) && addr_cmp(&a, &lo) == 0);
	CHECK(parse_cidr("2001:db8::/32", 13, &lo, &hi) == 32);
	CHECK(parse_addr("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 38, &a) &&
	    addr_cmp(&a, &hi) == 0);
	CHECK(parse_cidr("::/0", 4, &lo, &hi) == 0 && lo.hi == 0 && lo.lo == 0 &&
	    hi.hi == ~0ULL && hi.lo == ~0ULL);
	CHECK(parse_cidr("::/129", 6, &lo, &hi) < 0);
	CHECK(parse_cidr("1.2.3.4/32", 10, &lo, &hi) == 32 &&
	    addr_cmp(&lo, &hi) == 0);
	CHECK(parse_cidr("2001:db8::1/128", 15, &lo, &hi) == 128 &&
	    addr_cmp(&lo, &hi) == 0);
	CHECK(parse_cidr("2001:db8::/64", 13, &lo, &hi) == 64 &&
	    hi.lo == ~0ULL && lo.lo == 0);
}

/*
 * parse_ipv4 against ref_ipv4 on texts made of octets good and bad,
 * separators and stray bytes, then on random strings of digits and
 * dots; each read from the end of a buffer, so that a read past the
 * text would show under ASan.
 */
/*
 * Does parse_ipv4 agree with ref_ipv4 on text[0, n), read from the end
 * of a heap block of its size?  *valid counts the good texts, *bad the
 * disagreements, the first few of which are printed.
 */
static void
ipv4_against_ref(const char *text, size_t n, unsigned *valid, unsigned *bad)
{
	char *at = malloc(n ? n : 1);
	uint32_t got = 0, want = 0;
	bool g, w;

	if (at == NULL)
		abort();
	memcpy(at, text, n);
	g = parse_ipv4(at, n, &got);
	w = ref_ipv4(at, n, &want);
	free(at);
	*valid += w;
	if ((g != w || (g && got != want)) && (*bad)++ < 5)
		printf("parse_ipv4 and ref_ipv4 differ on \"%.*s\"\n", (int)n,
		    text);
}

static void
test_ipv4_agrees(void)
{
	static const char *const piece[] = { "0", "1", "9", "10", "01", "00",
		"99", "100", "199", "200", "249", "250", "255", "256", "260",
		"299", "300", "999", "1000", "0001", "", "a", "1a", " ", "-",
		"/", ":", "25", "05" };
	static const char sep[] = "....................:,/ ";
	unsigned seed = 12345, bad = 0, valid = 0;
	char text[40];

	for (int round = 0; round < 400000; round++) {
		size_t n = 0;

		seed = seed * 1103515245u + 12345u;
		if (round % 2 == 0) {
			int parts = 3 + (int)(seed >> 16) % 3;

			for (int k = 0; k < parts; k++) {
				const char *pc;

				seed = seed * 1103515245u + 12345u;
				pc = piece[(seed >> 16) % (sizeof piece / sizeof piece[0])];
				if (k > 0)
					text[n++] = sep[(seed >> 8) % (sizeof sep - 1)];
				memcpy(text + n, pc, strlen(pc));
				n += strlen(pc);
			}
		} else {
			n = (seed >> 16) % 18;
			for (size_t k = 0; k < n; k++) {
				seed = seed * 1103515245u + 12345u;
				text[k] = "0123456789.."[(seed >> 16) % 12];
			}
		}
		ipv4_against_ref(text, n, &valid, &bad);
	}
	CHECK(bad == 0);
	CHECK(valid > 1000);	/* the texts were not all bad */
}

/*
 * Every shape of dotted quad (four octets of 1 to 3 digits: 81 shapes,
 * each a slot of parse.c's hashed table) with the octets at the edges of
 * their lengths, good and bad: 11^4 texts, each against ref_ipv4.
 */
static void
test_ipv4_shapes(void)
{
	static const char *const octet[] = { "0", "9", "10", "99", "01",
		"100", "255", "256", "999", "001", "010" };
	const size_t k = sizeof octet / sizeof octet[0];
	unsigned bad = 0, valid = 0;
	char text[20];

	for (size_t i = 0; i < k * k * k * k; i++) {
		int n = snprintf(text, sizeof text, "%s.%s.%s.%s", octet[i % k],
		    octet[i / k % k], octet[i / k / k % k], octet[i / k / k / k]);

		ipv4_against_ref(text, (size_t)n, &valid, &bad);
	}
	CHECK(bad == 0);
	CHECK(valid == 6 * 6 * 6 * 6);	/* 0 9 10 99 100 255 are good */
}

/*
 * parse_addr against the C library's inet_pton on IPv6 texts made of
 * groups of 0 to 5 hex digits, single and double colons, and dotted
 * quads, each read from the end of a buffer (ASan sees a read past it).
 */
static void
test_ipv6_agrees(void)
{
	static const char *const piece[] = { "", "0", "1", "ff", "FFFF",
		"fFfF", "12345", "00000", "db8", "2001", "0db8", "g", "1.2.3.4",
		"255.255.255.255", "1.2.3", "01.2.3.4", "256.1.1.1", ":" };
	unsigned seed = 4242, bad = 0, valid = 0;
	char text[9 * (15 + 2) + 1];	/* parts of up to 15, and :: */

	for (int round = 0; round < 300000; round++) {
		size_t n = 0;
		struct addr got;
		unsigned char want[16];
		uint64_t hi = 0, lo = 0;
		int parts, w;
		bool g;
		char *at;

		seed = seed * 1103515245u + 12345u;
		parts = 2 + (int)(seed >> 16) % 8;
		for (int k = 0; k < parts; k++) {
			const char *pc;

			seed = seed * 1103515245u + 12345u;
			pc = piece[(seed >> 16) % (sizeof piece / sizeof piece[0])];
			if (k > 0) {
				text[n++] = ':';
				if ((seed >> 8) % 6 == 0)
					text[n++] = ':';
			}
			memcpy(text + n, pc, strlen(pc));
			n += strlen(pc);
		}
		text[n] = '\0';
		if ((at = malloc(n ? n : 1)) == NULL)
			abort();
		memcpy(at, text, n);
		g = parse_addr(at, n, &got);	/* every text has a colon */
		free(at);
		w = inet_pton(AF_INET6, text, want) == 1;
		for (int k = 0; k < 8; k++) {
			hi = hi << 8 | want[k];
			lo = lo << 8 | want[k + 8];
		}
		valid += w;
		if ((g != w || (g && (got.hi != hi || got.lo != lo))) &&
		    bad++ < 5)
			printf("parse_addr and inet_pton differ on \"%s\"\n", text);
	}
	CHECK(bad == 0);
	CHECK(valid > 1000);
}

static bool
iso(const char *s, int64_t *ms, int64_t *span)
{
	return parse_iso_time(s, strlen(s), ms, span);
}

static void
test_times(void)
{
	int64_t ms, span;

	CHECK(iso("1970-01-01", &ms, &span) && ms == 0 && span == 86400000);
	CHECK(iso("2024-03-25", &ms, &span) && ms == 1711324800000LL);
	CHECK(iso("2024-03-25T14:00", &ms, &span) &&
	    ms == 1711375200000LL && span == 60000);
	CHECK(iso("2024-03-25T14:00:00Z", &ms, &span) &&
	    ms == 1711375200000LL && span == 1000);
	CHECK(iso("2024-03-25T15:00:00+01:00", &ms, &span) &&
	    ms == 1711375200000LL);
	CHECK(iso("2024-03-25T09:30:00-0430", &ms, &span) &&
	    ms == 1711375200000LL);
	CHECK(iso("2024-03-25T14:00:00.5Z", &ms, &span) &&
	    ms == 1711375200500LL && span == 100);
	CHECK(iso("2024-03-25T14:00:00.123456+00:00", &ms, &span) &&
	    ms == 1711375200123LL && span == 1);
	CHECK(iso("2000-02-29", &ms, &span));
	CHECK(!iso("1900-02-29", &ms, &span));
	CHECK(!iso("2023-02-29", &ms, &span));
	CHECK(!iso("2024-13-01", &ms, &span));
	CHECK(!iso("2024-04-31", &ms, &span));
	CHECK(!iso("2024-03-25T24:00", &ms, &span));
	CHECK(!iso("2024-03-25T14", &ms, &span));
	CHECK(!iso("2024-03-25T14:00:00.", &ms, &span));
	CHECK(!iso("2024-03-25T14:00:00+1", &ms, &span));
	CHECK(!iso("2024-3-25", &ms, &span));
	CHECK(!iso("20240325", &ms, &span));
	CHECK(iso("1969-12-31T23:59:59Z", &ms, &span) && ms == -1000);
}

static void
test_numbers(void)
{
	uint64_t v;

	CHECK(parse_uint("0", 1, &v) && v == 0);
	CHECK(parse_uint("18446744073709551615", 20, &v) && v == UINT64_MAX);
	CHECK(!parse_uint("18446744073709551616", 20, &v));
	CHECK(!parse_uint("99999999999999999999", 20, &v));
	CHECK(!parse_uint("", 0, &v));
	CHECK(!parse_uint("-1", 2, &v));
	CHECK(!parse_uint("1x", 2, &v));
	CHECK(proto_lookup("TCP", 3) == 6 && proto_lookup("icmpv6", 6) == 58);
	CHECK(proto_lookup("tpc", 3) == -1);
	CHECK(strcmp(proto_name(17), "udp") == 0 && proto_name(255) == NULL);
	CHECK(tcpflag_lookup("syn", 3) == 2 && tcpflag_lookup("ACK", 3) == 16);
}

static void
test_fields(void)
{
	CHECK(field_lookup("dstport", 7) == F_DSTPORT);
	CHECK(field_lookup("dstPort", 7) == F_DSTPORT);
	CHECK(field_lookup("dst_port", 8) == F_DSTPORT);
	CHECK(field_lookup("dport", 5) == F_DSTPORT);
	CHECK(field_lookup("logStatus", 9) == F_LOG_STATUS);
	CHECK(field_lookup("log_status", 10) == F_LOG_STATUS);
	CHECK(field_lookup("interfaceId", 11) == F_INTERFACE_ID);
	CHECK(field_lookup("eni", 3) == F_INTERFACE_ID);
	CHECK(field_lookup("startTime", 9) == F_START);
	CHECK(field_lookup("@timestamp", 10) == F_TIMESTAMP);
	CHECK(field_lookup("@logStream", 10) == F_LOGSTREAM);
	CHECK(field_lookup("ecs-task-id", 11) > F_PORT &&
	    field_is_known(field_lookup("ecs-task-id", 11)));
	CHECK(field_lookup("nosuchfield", 11) == -1);
	CHECK(field_suggest("dstprot", 7) == F_DSTPORT);
	CHECK(field_suggest("xyzzy", 5) == -1);
}

static enum linekind
classify(const char *line, struct record *rec, const struct format *fmt)
{
	struct lineinfo li = { 0 };

	return line_classify(rec, fmt, line, strlen(line), &li);
}

static bool
text_is(const struct record *r, int fid, const char *want)
{
	struct slice s;

	if (!rec_text(r, fid, &s))
		return want == NULL;
	return want != NULL && s.n == strlen(want) &&
	    memcmp(s.p, want, s.n) == 0;
}

static void
test_lines(void)
{
	static struct record rec;
	struct format fmt = { 0 };
	const char *v2 = "2 123 eni-a 10.0.0.1 10.0.0.2 443 22 6 10 840 "
	    "1700000000 1700000060 ACCEPT OK";
	char buf[512];
	uint64_t v;
	int64_t ms;

	format_default(&fmt);
	CHECK(classify(v2, &rec, &fmt) == L_RECORD && rec.ncols == 14);
	CHECK(text_is(&rec, F_DSTPORT, "22") && text_is(&rec, F_ACTION,
	    "ACCEPT"));
	CHECK(rec_uint(&rec, F_DURATION, &v) == V_OK && v == 60);
	CHECK(rec_time_ms(&rec, F_START, &ms) == V_OK &&
	    ms == 1700000000000LL);
	CHECK(text_is(&rec, F_TIMESTAMP, NULL));
	snprintf(buf, sizeof buf, "2023-11-14T22:13:20.123000+00:00 "
	    "eni-a-all %s", v2);
	CHECK(classify(buf, &rec, &fmt) == L_RECORD);
	CHECK(text_is(&rec, F_LOGSTREAM, "eni-a-all"));
	CHECK(rec_time_ms(&rec, F_TIMESTAMP, &ms) == V_OK &&
	    ms == 1700000000123LL);
	snprintf(buf, sizeof buf, "2023-11-14T22:13:20 %s", v2);
	CHECK(classify(buf, &rec, &fmt) == L_RECORD &&
	    text_is(&rec, F_LOGSTREAM, NULL));
	snprintf(buf, sizeof buf, "\033[32m2023-11-14T22:13:20+00:00\033[0m "
	    "\033[36meni-b-all\033[0m %s", v2);
	CHECK(classify(buf, &rec, &fmt) == L_RECORD &&
	    text_is(&rec, F_LOGSTREAM, "eni-b-all") &&
	    text_is(&rec, F_TIMESTAMP, "2023-11-14T22:13:20+00:00"));
	snprintf(buf, sizeof buf, "EVENTS\t7\t1700000005000\teni-c-all\t%s\t"
	    "1700000000000", v2);
	CHECK(classify(buf, &rec, &fmt) == L_RECORD &&
	    text_is(&rec, F_LOGSTREAM, "eni-c-all") && rec.ts_is_ms &&
	    rec_time_ms(&rec, F_TIMESTAMP, &ms) == V_OK &&
	    ms == 1700000000000LL);
	snprintf(buf, sizeof buf, "EVENTS\t1700000005000\t%s\t1700000000000",
	    v2);
	CHECK(classify(buf, &rec, &fmt) == L_RECORD &&
	    text_is(&rec, F_LOGSTREAM, NULL));
	snprintf(buf, sizeof buf, "%s\t%s", v2, v2);
	CHECK(classify(buf, &rec, &fmt) == L_MULTI);
	CHECK(classify("SEARCHEDLOGSTREAMS\ts\tTrue", &rec, &fmt) == L_FRAMING);
	CHECK(classify("b/0001\tf/0002", &rec, &fmt) == L_FRAMING);
	CHECK(classify("", &rec, &fmt) == L_BLANK);
	CHECK(classify("  \t ", &rec, &fmt) == L_BLANK);
	CHECK(classify("version srcaddr dstaddr", &rec, &fmt) == L_HEADER);
	CHECK(classify("vpc-1 subnet-2 eni-3", &rec, &fmt) == L_BAD);
	CHECK(classify("hello world", &rec, &fmt) == L_BAD);
	CHECK(classify("2023-11-14T22:13 x", &rec, &fmt) == L_BAD);
	snprintf(buf, sizeof buf, "  %s  \r", v2);
	CHECK(classify(buf, &rec, &fmt) == L_RECORD && text_is(&rec,
	    F_LOG_STATUS, "OK") && rec.line.n == strlen(buf));
	CHECK(format_is_header("version account-id my-own-field", 31));
	CHECK(!format_is_header("my-own-field other", 18));
	CHECK(!format_is_header("Version srcaddr", 15));
	format_free(&fmt);
}

/* The expression as understood, or the error with its column. */
static const char *
explain(const char *src)
{
	static char buf[1024];
	struct expr_env env = { .now_ms = 1795941000000LL };
	struct expr_error err;
	struct expr *e = expr_compile(src, &env, &err);

	if (e == NULL)
		snprintf(buf, sizeof buf, "error@%d: %s", err.column, err.msg);
	else {
		snprintf(buf, sizeof buf, "%s", expr_explain_text(e));
		expr_free(e);
	}
	return buf;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_expressions(void)
{
	CHECK(strcmp(explain("dstport=22"), "(dstport = 22)") == 0);
	CHECK(strcmp(explain("a=1"), "error@0: unknown field 'a' (a field "
	    "that only a header names can be written ${a})") == 0);
	CHECK(strcmp(explain("dport==22&&!sport!=1"),
	    "((dstport = 22) and (not (srcport != 1)))") == 0);
	CHECK(strcmp(explain("x ~ /a)/"), "error@0: unknown field 'x' (a "
	    "field that only a header names can be written ${x})") == 0);
	CHECK(strcmp(explain("srcaddr~/a\\/b/i"), "(srcaddr ~ /a\\/b/i)") == 0);
	CHECK(strcmp(explain("account-id='x y'"), "(account-id = \"x y\")") == 0);
	CHECK(strcmp(explain("port in (1,2..3)"), "(port in (1, 2..3))") == 0);
	CHECK(strcmp(explain("port not in (1)"), "(port not in (1))") == 0);
	CHECK(strcmp(explain("a or b"), "error@0: unknown field 'a' (a field "
	    "that only a header names can be written ${a})") != 0);
	CHECK(strcmp(explain("TCP UDP"), "((protocol = 6 (tcp)) and "
	    "(protocol = 17 (udp)))") == 0);
	CHECK(strcmp(explain("bytes>=1.5k"), "(bytes >= 1500)") == 0);
	CHECK(starts(explain("bytes>1.5"), "error@6:"));
	CHECK(strcmp(explain("start>=-1h"),
	    "(start >= 2026-11-29T07:30:00Z)") == 0);
	CHECK(strcmp(explain("tcp-flags=SYN+ACK"),
	    "(tcp-flags = SYN+ACK (all set))") == 0);
	CHECK(strcmp(explain("tcp-flags=SYN|ACK"),
	    "(tcp-flags in (SYN (all set), ACK (all set)))") == 0);
	CHECK(strcmp(explain("action=accept|reject"),
	    "(action in (accept, reject))") == 0);
	CHECK(starts(explain("action=REJET"), "error@7: 'REJET' is not "
	    "ACCEPT or REJECT for action (did you mean REJECT?)"));
	CHECK(starts(explain("src=::ffff:0:0/96"), "error@4:"));
	CHECK(starts(explain("addr=10.0.0.1..2001:db8::1"), "error@5:"));
	CHECK(strcmp(explain("src=::ffff:10.0.0.1"), "(srcaddr = 10.0.0.1)")
	    == 0);
	CHECK(strcmp(explain(""), "true") == 0);
	CHECK(strcmp(explain("srcport<dstport"),
	    "(srcport < dstport (a field))") == 0);
	CHECK(strcmp(explain("account-id='version'"),
	    "(account-id = version)") == 0);
	CHECK(starts(explain("srcaddr=dstport"), "error@8:"));
	CHECK(starts(explain("dstport=22 ||"), "error@13:"));
	CHECK(starts(explain("(((("), "error@4:"));
	CHECK(starts(explain("dstport in ()"), "error@12:"));
	CHECK(starts(explain("dstport=22 )"), "error@11: unbalanced"));
	CHECK(strcmp(explain("${my-field}=x"), "(my-field = x)") == 0);
}

static unsigned long eval_bad_values;	/* of the last eval_on */

/* Evaluate src on one default-format line. */
static int
eval_on(const char *src, const char *line)
{
	static struct record rec;
	struct format fmt = { 0 };
	struct expr_env env = { .now_ms = 1795941000000LL };
	struct expr_error err;
	struct lineinfo li = { 0 };
	struct expr *e = expr_compile(src, &env, &err);
	int r;

	if (e == NULL)
		return -1;
	format_default(&fmt);
	if (line_classify(&rec, &fmt, line, strlen(line), &li) != L_RECORD)
		r = -2;
	else {
		struct expr_run run;

		expr_run_init(&run, e);
		r = expr_eval(e, &rec, &run);
		eval_bad_values = run.bad_values;
		expr_run_free(&run);
	}
	expr_free(e);
	format_free(&fmt);
	return r;
}

static void
test_evaluation(void)
{
	const char *ok = "2 123 eni-a 10.0.0.1 10.0.0.2 443 22 6 10 840 "
	    "1700000000 1700000060 ACCEPT OK";
	const char *nodata = "2 123 eni-a - - - - - - - 1700000000 "
	    "1700000060 - NODATA";

	CHECK(eval_on("port=22", ok) == 1);
	CHECK(eval_on("port!=22", ok) == 0);
	CHECK(eval_on("port!=443,22", ok) == 0);
	CHECK(eval_on("port!=80", ok) == 1);
	CHECK(eval_on("port=80", nodata) == 0);
	CHECK(eval_on("port!=80", nodata) == 0);
	CHECK(eval_on("not port=80", nodata) == 0);
	CHECK(eval_on("not (port=80 and OK)", nodata) == 1);
	CHECK(eval_on("not (port=80 and NODATA)", nodata) == 0);
	CHECK(eval_on("not (port=80 or NODATA)", nodata) == 0);
	CHECK(eval_on("port=80 or NODATA", nodata) == 1);
	CHECK(eval_on("port=- and dstaddr=-", nodata) == 1);
	CHECK(eval_on("port!=-", nodata) == 0);
	CHECK(eval_on("port!=-", ok) == 1);
	CHECK(eval_on("srcaddr=10.0.0.0/31", ok) == 1);
	CHECK(eval_on("srcaddr=10.0.0.2/31", ok) == 0);
	CHECK(eval_on("srcaddr<10.0.0.2 and dstaddr>=10.0.0.2", ok) == 1);
	CHECK(eval_on("duration=60 and start=2023-11-14T22:13", ok) == 1);
	CHECK(eval_on("start<2023-11-14T22:13:20Z", ok) == 0);
	CHECK(eval_on("start<=2023-11-14T22:13:20Z", ok) == 1);
	CHECK(eval_on("start>2023-11-14T22:13:19.999Z", ok) == 1);
	CHECK(eval_on("bytes=840 and packets=1..10 and bytes<1k", ok) == 1);
	CHECK(eval_on("eni=eni-* and account-id=1*3 and account-id!=12", ok)
	    == 1);
	CHECK(eval_on("interface-id=ENI-A", ok) == 0);
	CHECK(eval_on("action=accept and log-status=ok", ok) == 1);
	CHECK(eval_on("srcaddr ~ /^10\\.0/ and dstaddr !~ /x/", ok) == 1);
	CHECK(eval_on("srcaddr !~ /x/", nodata) == 0);
	CHECK(eval_on("srcaddr ~ /(a+)+$/", ok) == 0);
	CHECK(eval_on("srcport>dstport", ok) == 1);
	CHECK(eval_on("srcport<dstport", nodata) == 0);
	CHECK(eval_on("not srcport<dstport", nodata) == 0);
	CHECK(eval_on("srcaddr!=dstaddr and srcaddr<dstaddr", ok) == 1);
	CHECK(eval_on("addr=::/0", ok) == 0);
	CHECK(eval_on("addr=0.0.0.0/0", ok) == 1);
	CHECK(eval_on("dstport=21 or dstport=22 or dstport=23", ok) == 1);
	CHECK(eval_on("not (dstport=21 or dstport=22)", ok) == 0);
	CHECK(eval_on("true", nodata) == 1 && eval_on("false", ok) == 0);
}

/*
 * The short paths of the evaluator (a word, an IPv4 block, a number, a
 * regex) hand a value that is missing or does not parse to the general
 * one: the verdict and the count of bad values are the same either way,
 * with either side of addr and port the odd one.
 */
static void
check_eval(const char *src, const char *fields, int want, unsigned long bad)
{
	char line[300];
	const char *action = strrchr(fields, ' ') + 1;
	int got;

	/* fields: srcaddr to bytes, then the action */
	snprintf(line, sizeof line, "2 123 eni-a %.*s 1700000000 1700000060 "
	    "%s OK", (int)(action - 1 - fields), fields, action);
	got = eval_on(src, line);
	if (got != want || eval_bad_values != bad)
		fprintf(stderr, "%s on %s: %d, %lu bad; want %d, %lu\n", src,
		    line, got, eval_bad_values, want, bad);
	CHECK(got == want && eval_bad_values == bad);
}

static void
test_short_paths(void)
{
	/* srcaddr dstaddr srcport dstport protocol packets bytes action */
	check_eval("port=22", "10.0.0.1 10.0.0.2 x 22 6 1 840 ACCEPT", 1, 1);
	check_eval("port=22", "10.0.0.1 10.0.0.2 22 x 6 1 840 ACCEPT", 1, 0);
	check_eval("port!=22", "10.0.0.1 10.0.0.2 80 x 6 1 840 ACCEPT", 0, 1);
	check_eval("port!=22", "10.0.0.1 10.0.0.2 x 80 6 1 840 ACCEPT", 0, 1);
	check_eval("port!=22", "10.0.0.1 10.0.0.2 80 443 6 1 840 ACCEPT", 1, 0);
	check_eval("port=80", "10.0.0.1 10.0.0.2 - 80 6 1 840 ACCEPT", 1, 0);
	check_eval("port!=80", "10.0.0.1 10.0.0.2 - 443 6 1 840 ACCEPT", 0, 0);
	check_eval("dstport=22", "10.0.0.1 10.0.0.2 1 99999 6 1 840 ACCEPT",
	    0, 1);
	check_eval("addr=10.0.0.0/8", "10.0.0.1 1.2.3 1 2 6 1 840 ACCEPT", 1, 0);
	check_eval("addr=10.0.0.0/8", "1.2.3 10.0.0.1 1 2 6 1 840 ACCEPT", 1, 1);
	check_eval("addr!=10.0.0.0/8", "192.168.0.1 1.2.3 1 2 6 1 840 ACCEPT",
	    0, 1);
	check_eval("addr!=10.0.0.0/8", "192.168.0.1 172.16.0.1 1 2 6 1 840 "
	    "ACCEPT", 1, 0);
	check_eval("srcaddr=10.0.0.0/8", "2001:db8::1 10.0.0.1 1 2 6 1 840 "
	    "ACCEPT", 0, 0);
	check_eval("srcaddr=2001:db8::/32", "2001:db8::1 10.0.0.1 1 2 6 1 840 "
	    "ACCEPT", 1, 0);
	check_eval("srcaddr=10.0.0.0/8", "10.0.0.256 10.0.0.1 1 2 6 1 840 "
	    "ACCEPT", 0, 1);
	check_eval("not srcaddr=10.0.0.0/8", "10.0.0.256 10.0.0.1 1 2 6 1 840 "
	    "ACCEPT", 0, 1);
	check_eval("not srcaddr=10.0.0.0/8", "- 10.0.0.1 1 2 6 1 840 ACCEPT",
	    0, 0);
	check_eval("action=accept", "10.0.0.1 10.0.0.2 1 2 6 1 840 ACCEPT", 1, 0);
	check_eval("action!=ACCEPT", "10.0.0.1 10.0.0.2 1 2 6 1 840 -", 0, 0);
	check_eval("action=ACCEPT", "10.0.0.1 10.0.0.2 1 2 6 1 840 -", 0, 0);
	check_eval("action!=accept", "10.0.0.1 10.0.0.2 1 2 6 1 840 REJECT", 1,
	    0);
	check_eval("bytes>1k", "10.0.0.1 10.0.0.2 1 2 6 1 x ACCEPT", 0, 1);
	check_eval("not bytes>1k", "10.0.0.1 10.0.0.2 1 2 6 1 x ACCEPT", 0, 1);
	check_eval("not bytes>1k", "10.0.0.1 10.0.0.2 1 2 6 1 - ACCEPT", 0, 0);
	check_eval("bytes>1k or action=ACCEPT", "10.0.0.1 10.0.0.2 1 2 6 1 x "
	    "ACCEPT", 1, 1);
	check_eval("protocol=6", "10.0.0.1 10.0.0.2 1 2 256 1 840 ACCEPT", 0, 1);
	check_eval("protocol!=6", "10.0.0.1 10.0.0.2 1 2 255 1 840 ACCEPT", 1,
	    0);
	check_eval("bytes>1", "10.0.0.1 10.0.0.2 1 2 6 1 18446744073709551615 "
	    "ACCEPT", 1, 0);
	check_eval("bytes>1", "10.0.0.1 10.0.0.2 1 2 6 1 18446744073709551616 "
	    "ACCEPT", 0, 1);
	check_eval("bytes<10", "10.0.0.1 10.0.0.2 1 2 6 1 0000000000000000009 "
	    "ACCEPT", 1, 0);
	check_eval("duration=60 and packets=1", "10.0.0.1 10.0.0.2 1 2 6 1 840 "
	    "ACCEPT", 1, 0);
	check_eval("srcaddr~/^10/", "- 10.0.0.2 1 2 6 1 840 ACCEPT", 0, 0);
	check_eval("srcaddr!~/^10/", "- 10.0.0.2 1 2 6 1 840 ACCEPT", 0, 0);
	check_eval("srcaddr!~/^11/", "10.0.0.1 10.0.0.2 1 2 6 1 840 ACCEPT", 1,
	    0);
}

/*
 * Random formulas over tests that hold, fail and are unknown (a missing
 * value), against three-valued logic written out here: a record is
 * selected when its formula is true, not when it is unknown.  This
 * checks the compiled jumps (emit_steps) through every nesting of and,
 * or, not and parentheses, and the lowering before them.
 */
enum tri { TRI_F, TRI_U, TRI_T };

static unsigned formula_seed = 2718;

static unsigned
formula_rand(unsigned n)
{
	formula_seed = formula_seed * 1103515245u + 12345u;
	return (formula_seed >> 16) % n;
}

static enum tri
random_formula(char *buf, size_t size, int depth)
{
	static const struct { const char *text; enum tri v; } atoms[] = {
		{ "dstport=22", TRI_T }, { "action=ACCEPT", TRI_T },
		{ "srcaddr=10.0.0.0/8", TRI_T }, { "dstport=80", TRI_F },
		{ "srcport=1..10", TRI_F }, { "dstaddr=192.168.0.0/16", TRI_F },
		{ "packets=5", TRI_U }, { "packets>0", TRI_U }, { "true", TRI_T },
		{ "false", TRI_F },
	};
	char a[1024], b[1024];
	enum tri x, y;
	unsigned pick = depth > 0 ? formula_rand(4) : 0;

	switch (pick) {
	case 0:
		pick = formula_rand(sizeof atoms / sizeof atoms[0]);
		snprintf(buf, size, "%s", atoms[pick].text);
		return atoms[pick].v;
	case 1:
		x = random_formula(a, sizeof a, depth - 1);
		snprintf(buf, size, "not (%s)", a);
		return x == TRI_U ? TRI_U : x == TRI_T ? TRI_F : TRI_T;
	default:
		x = random_formula(a, sizeof a, depth - 1);
		y = random_formula(b, sizeof b, depth - 1);
		snprintf(buf, size, "(%s) %s (%s)", a, pick == 2 ? "and" : "or",
		    b);
		if (pick == 2)
			return x < y ? x : y;
		return x > y ? x : y;
	}
}

static void
test_formulas(void)
{
	const char *line = "2 123 eni-a 10.0.0.1 10.0.0.2 443 22 6 - 840 "
	    "1700000000 1700000060 ACCEPT OK";
	char text[4096];
	int wrong = 0;

	for (int i = 0; i < 3000; i++) {
		enum tri want = random_formula(text, sizeof text, 1 + i % 4);

		if (eval_on(text, line) != (want == TRI_T) && wrong++ < 5)
			fprintf(stderr, "formula: %s: want %d\n", text, want);
	}
	CHECK(wrong == 0);
}

/* --- the read loop at the sizes where buffers change ---------------- */

struct counted {
	unsigned long records, bad;
	uint64_t last_bytes;	/* the bytes field of the last record */
};

static void
count_record(struct reader *rd, struct record *rec)
{
	struct counted *c = reader_ctx(rd);
	uint64_t v;

	c->records++;
	if (rec_uint(rec, F_BYTES, &v) == V_OK)
		c->last_bytes = v;
}

static void
count_bad(struct reader *rd, const char *why)
{
	struct counted *c = reader_ctx(rd);

	(void)why;
	c->bad++;
}

/*
 * Records filling exactly size bytes, the last ending the text with a
 * newline: the account-id of the last one is stretched to fit.  Each
 * record's bytes field is its number, so the last one says how many
 * came through.
 */
static char *
records_of_size(size_t size, unsigned long *nrecords)
{
	char *text = malloc(size + 1), line[200];
	size_t k = 0;
	unsigned long n = 0;

	*nrecords = 0;
	if (size == 0)
		return text;
	for (;;) {
		int len = snprintf(line, sizeof line, "2 1 eni-a 10.0.0.1 "
		    "10.0.0.2 1 22 6 1 %lu 1 2 REJECT OK\n", n + 1);
		size_t left = size - k;

		if (left < (size_t)len) {	/* too little room: a blank line */
			memset(text + k, '\n', left);
			break;
		}
		if (left < 2 * (size_t)len) {	/* the last: stretch it */
			int pad = (int)(left - (size_t)len);

			snprintf(text + k, left + 1, "2 1%0*d eni-a 10.0.0.1 "
			    "10.0.0.2 1 22 6 1 %lu 1 2 REJECT OK\n", pad, 0, n + 1);
			n++;
			break;
		}
		memcpy(text + k, line, (size_t)len);
		k += (size_t)len;
		n++;
	}
	*nrecords = n;
	return text;
}

/* text as gzip, in members members, at a zlib level */
static unsigned char *
gzip_text(const char *text, size_t n, int level, int members, size_t *len)
{
	size_t cap = n + n / 10 + 1024 * (size_t)members, done = 0;
	unsigned char *out = malloc(cap);

	*len = 0;
	for (int m = 0; m < members; m++) {
		size_t part = m == members - 1 ? n - done : n / (size_t)members;
		z_stream zs;

		memset(&zs, 0, sizeof zs);
		deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY);
		zs.next_in = (Bytef *)(uintptr_t)(text + done);
		zs.avail_in = (uInt)part;
		zs.next_out = out + *len;
		zs.avail_out = (uInt)(cap - *len);
		deflate(&zs, Z_FINISH);
		*len = cap - zs.avail_out;
		deflateEnd(&zs);
		done += part;
	}
	return out;
}

static size_t read_cap;

static size_t
cap_reads(void *arg)
{
	(void)arg;
	return read_cap;
}

/* Read bytes through the real loop; the status reader_fd returned. */
static int
read_bytes(const void *p, size_t n, size_t cap, struct counted *c)
{
	static const struct reader_hooks hooks = { .record = count_record,
		.bad_line = count_bad };
	struct format fmt = { 0 };
	struct reader_opts ro = { 0 };
	struct reader *rd;
	FILE *f = tmpfile();
	int fd, rc;

	memset(c, 0, sizeof *c);
	fwrite(p, 1, n, f);
	fflush(f);
	fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	format_default(&fmt);
	ro.base = &fmt;
	ro.ctx = c;
	rd = reader_new(&hooks, &ro);
	read_cap = cap;
	if (cap > 0)
		reader_set_read_cap(rd, cap_reads, NULL);
	rc = reader_fd(rd, fd, "t");
	reader_free(rd);
	format_free(&fmt);
	close(fd);
	return rc;
}

/* One size, plain and gzip (stored, deflated, in members), read whole
 * and in small reads. */
static void
check_size(size_t size)
{
	static const size_t caps[] = { 0, 4096, 65537 };
	unsigned long n;
	char *text = records_of_size(size, &n);
	struct counted c;

	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		for (int framing = 0; framing < 4; framing++) {
			size_t len = size;
			unsigned char *gz = NULL;
			const void *bytes = text;
			int rc;

			if (framing > 0) {
				gz = gzip_text(text, size, framing == 1 ? 0 : 6,
				    framing == 3 ? 3 : 1, &len);
				bytes = gz;
			}
			rc = read_bytes(bytes, len, caps[i], &c);
			if (rc != 0 || c.records != n || c.bad != 0 ||
			    (n > 0 && c.last_bytes != n))
				printf("size %zu framing %d cap %zu: %lu of %lu "
				    "records, %lu bad, rc %d\n", size, framing,
				    caps[i], c.records, n, c.bad, rc);
			CHECK(rc == 0 && c.records == n && c.bad == 0 &&
			    (n == 0 || c.last_bytes == n));
			free(gz);
		}
	}
	free(text);
}

/* A stored gzip object of exactly size bytes (it grows by one a byte). */
static void
check_gzip_object_size(size_t size)
{
	size_t text_len = size > 64 ? size - 64 : 0, len = 0;
	unsigned long n = 0;
	struct counted c;

	for (int tries = 0; tries < 40; tries++) {
		char *text = records_of_size(text_len, &n);
		unsigned char *gz = gzip_text(text, text_len, 0, 1, &len);

		free(text);
		if (len == size) {
			CHECK(read_bytes(gz, len, 0, &c) == 0 && c.records == n &&
			    c.bad == 0);
			free(gz);
			return;
		}
		free(gz);
		if (len < size)
			text_len += size - len;
		else if (text_len > 0)
			text_len -= len - size < text_len ? len - size : 1;
	}
	printf("could not make a gzip object of %zu bytes\n", size);
	CHECK(!"a gzip object of the size");
}

static void
test_input_sizes(void)
{
	static const size_t sizes[] = { 0, 1, 100, 65535, 65536, 65537,
		MAXLINE - 1, MAXLINE, MAXLINE + 1, 2 * MAXLINE + 3 };
	static const size_t objects[] = { 65535, 65536, 65537, MAXLINE - 1,
		MAXLINE, MAXLINE + 1 };
	struct counted c;
	char *line;

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		check_size(sizes[i]);
	for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
		check_gzip_object_size(objects[i]);

	/* the longest line kept is MAXLINE - 1 bytes; a longer one is bad */
	line = malloc(MAXLINE + 2);
	memset(line, 'x', MAXLINE + 1);
	line[MAXLINE - 1] = '\n';
	CHECK(read_bytes(line, MAXLINE, 0, &c) == 0 && c.bad == 1 &&
	    c.records == 0);
	line[MAXLINE - 1] = 'x';
	line[MAXLINE] = '\n';
	CHECK(read_bytes(line, MAXLINE + 1, 4096, &c) == 0 && c.bad == 1);
	CHECK(read_bytes(line, MAXLINE, 0, &c) == 0 && c.bad == 1);
	free(line);

	/* a cut object: an error, and what came before it counted */
	{
		unsigned long n;
		char *text = records_of_size(200000, &n);
		size_t len;
		unsigned char *gz = gzip_text(text, 200000, 6, 1, &len);

		CHECK(read_bytes(gz, len - 100, 0, &c) == READ_FAILED &&
		    c.records > 0 && c.records < n);
		free(gz);
		free(text);
	}
}

int
main(void)
{
	test_addresses();
	test_ipv4_agrees();
	test_ipv4_shapes();
	test_ipv6_agrees();
	test_times();
	test_numbers();
	test_fields();
	test_lines();
	test_expressions();
	test_evaluation();
	test_formulas();
	test_short_paths();
	test_input_sizes();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
