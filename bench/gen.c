/*
 * gen.c - seeded generator of synthetic AWS VPC flow-log records, for the
 * flowgrep benchmark (bench/run.sh).
 *
 *   gen [-n RECORDS | -s SIZE] [--seed N] [--format v2|v5] [--header]
 *   gen --cidrs N [--seed N] [-o FILE]      (a list of N IPv4 blocks)
 *       [--tail detailed] [-o FILE]
 *
 * The same options and seed always give the same bytes.  Records follow the
 * AWS field definitions: the default version-2 format (14 fields) or the
 * 29-field version-5 format (every field of versions 2 to 5, in AWS order).
 *
 * What the records look like (on the default seed):
 *   - each ENI has its own primary private IPv4 address (10/8, 172.31/16,
 *     192.168/16), an account, VPC, subnet, AZ and region, and a quarter of
 *     them also an IPv6 address; one side of every flow is the ENI itself;
 *   - TCP ~80 %, UDP ~15 %, ICMP/ICMPv6 ~3 %, ESP ~1 % of flows; service ports
 *     443, 80, 22, 3389, 53, 123, databases... and ephemeral client ports;
 *   - ~20 % REJECT: scans from public addresses (mostly to 22 and 3389) and
 *     refused connections; REJECT flows carry a few small packets;
 *   - packets and bytes with a heavy tail: most flows are a few packets, a few
 *     percent carry more than 1 MB, the largest some hundred GB;
 *   - ~0.9 % NODATA / SKIPDATA records, whose per-flow fields are '-';
 *   - v5 extras consistent with the flow: flow-direction, tcp-flags as AWS
 *     reports them (ORs of FIN 1, SYN 2, RST 4, SYN-ACK 18), traffic-path for
 *     egress only, pkt-*-aws-service for AWS-owned public addresses, and
 *     pkt-srcaddr / pkt-dstaddr that differ from srcaddr / dstaddr on some
 *     load-balanced and NAT-ed flows.
 *
 * C11 and libc only.  Speed comes from a splitmix64 generator, preformatted
 * string pools and hand-rolled integer formatting into a large buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, n), n < 2^32. */
static uint32_t below(uint32_t n)
{
    return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform integer in [lo, hi], both inclusive. */
static uint32_t between(uint32_t lo, uint32_t hi)
{
    return lo + below(hi - lo + 1);
}

/* Uniform double in [0, 1). */
static double unit(void)
{
    return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static int chance(double p)
{
    return unit() < p;
}

/* Weighted choice: returns the index i with probability w[i] / sum(w). */
static int pick(const unsigned *w, int n)
{
    unsigned total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    unsigned x = below(total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ------------------------------------------------------------------ */
/* Preformatted strings                                                */

typedef struct {
    char s[48];
    int n;
} Str;

static void str_fmt(Str *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(d->s, sizeof d->s, fmt, ap);
    va_end(ap);
    d->n = n < 0 ? 0 : (n >= (int)sizeof d->s ? (int)sizeof d->s - 1 : n);
}

/* "<prefix>" followed by `digits` lowercase hex digits; the first is `lead`
 * when lead >= 0. */
static void str_hexid(Str *d, const char *prefix, int digits, int lead)
{
    static const char hex[] = "0123456789abcdef";
    int n = (int)strlen(prefix);
    memcpy(d->s, prefix, (size_t)n);
    for (int i = 0; i < digits; i++)
        d->s[n + i] = hex[(i == 0 && lead >= 0) ? lead : (int)below(16)];
    d->n = n + digits;
    d->s[d->n] = '\0';
}

/* A full IPv6 address, eight groups without leading zeros, as AWS writes them.
 * The first two groups come from `g0`, `g1`. */
static void str_ipv6(Str *d, unsigned g0, unsigned g1)
{
    unsigned g[6];
    for (int i = 0; i < 6; i++) /* drawn in sequence: argument order is unspecified */
        g[i] = between(1, 0xffff);
    str_fmt(d, "%x:%x:%x:%x:%x:%x:%x:%x", g0, g1, g[0], g[1], g[2], g[3], g[4], g[5]);
}

/* ------------------------------------------------------------------ */
/* The world: accounts, VPCs, subnets, ENIs, remote addresses          */

#define N_ACCOUNTS 6
#define N_VPCS 8
#define N_SUBNETS 48
#define N_ENIS 400
#define N_PUBLIC 6000
#define N_PRIVATE 3000
#define N_V6REMOTE 400

static const char *const REGIONS[] = {"eu-west-2", "eu-west-1", "us-east-1"};
static const char *const AZ_PREFIX[] = {"euw2", "euw1", "use1"};
static const unsigned AZ_COUNT[] = {3, 3, 6};

static const char *const SERVICES[] = {"AMAZON", "EC2", "S3", "DYNAMODB",
                                       "CLOUDFRONT", "ROUTE53", "API_GATEWAY"};
static const unsigned SERVICE_W[] = {30, 25, 20, 8, 10, 4, 3};
enum { SVC_NONE = -1, SVC_S3 = 2, SVC_DYNAMODB = 3 };

typedef struct {
    Str id;
    int region;
} Vpc;

typedef struct {
    Str id;
    int vpc;
    Str az;
} Subnet;

typedef struct {
    Str id;        /* eni-0123456789abcdef0 */
    Str account;   /* 12 digits */
    Str addr;      /* primary private IPv4 */
    Str addr6;     /* IPv6 address, or n == 0 */
    Str instance;  /* i-... or "-" */
    Str subloc_type, subloc_id; /* "-" unless on an Outpost */
    int subnet;
    int server;    /* 1: mostly serves, 0: mostly a client */
} Eni;

typedef struct {
    Str addr;
    int service; /* index into SERVICES, or SVC_NONE */
} Remote;

static Str accounts[N_ACCOUNTS];
static Vpc vpcs[N_VPCS];
static Subnet subnets[N_SUBNETS];
static Eni enis[N_ENIS];
static Remote publics[N_PUBLIC];
static Str privates[N_PRIVATE];
static Str v6remotes[N_V6REMOTE];
static int vpc_account[N_VPCS];

/* a.b.c.d with b in [b_lo, b_hi], c in [0, c_hi], d in [1 or 4, 254]; the
 * random parts are drawn in a fixed order so that every compiler gives the
 * same output. */
static void str_v4(Str *d, unsigned a, unsigned b_lo, unsigned b_hi, unsigned c_hi,
                   unsigned d_lo)
{
    unsigned b = between(b_lo, b_hi);
    unsigned c = between(0, c_hi);
    unsigned x = between(d_lo, 254);
    str_fmt(d, "%u.%u.%u.%u", a, b, c, x);
}

static void private_v4(Str *d)
{
    static const unsigned w[] = {75, 20, 5};
    switch (pick(w, NELEM(w))) {
    case 0:
        str_v4(d, 10, 0, 3, 255, 4);
        break;
    case 1:
        str_v4(d, 172, 31, 31, 255, 4);
        break;
    default:
        str_v4(d, 192, 168, 168, 15, 4);
        break;
    }
}

static void build_world(void)
{
    for (int i = 0; i < N_ACCOUNTS; i++)
        str_fmt(&accounts[i], "%012llu",
                (unsigned long long)(100000000000ULL + rnd() % 900000000000ULL));
    for (int i = 0; i < N_VPCS; i++) {
        str_hexid(&vpcs[i].id, "vpc-", 17, 0);
        vpcs[i].region = i < 5 ? 0 : (i < 7 ? 1 : 2);
        vpc_account[i] = (int)below(N_ACCOUNTS);
    }
    for (int i = 0; i < N_SUBNETS; i++) {
        str_hexid(&subnets[i].id, "subnet-", 17, 0);
        subnets[i].vpc = (int)below(N_VPCS);
        int r = vpcs[subnets[i].vpc].region;
        str_fmt(&subnets[i].az, "%s-az%u", AZ_PREFIX[r], between(1, AZ_COUNT[r]));
    }
    for (int i = 0; i < N_ENIS; i++) {
        Eni *e = &enis[i];
        /* Current ENI ids are 17 hex digits starting with 0. */
        str_hexid(&e->id, "eni-0", 16, -1);
        e->subnet = (int)below(N_SUBNETS);
        e->account = accounts[vpc_account[subnets[e->subnet].vpc]];
        private_v4(&e->addr);
        if (chance(0.25))
            str_ipv6(&e->addr6, 0x2600, 0x1f18 + below(8));
        else
            e->addr6.n = 0;
        if (chance(0.8))
            str_hexid(&e->instance, "i-", 17, 0);
        else
            str_fmt(&e->instance, "-"); /* NAT gateway, load balancer, ... */
        if (chance(0.02)) {
            str_fmt(&e->subloc_type, "outpost");
            str_hexid(&e->subloc_id, "op-", 17, 0);
        } else {
            str_fmt(&e->subloc_type, "-");
            str_fmt(&e->subloc_id, "-");
        }
        e->server = chance(0.6);
    }
    static const unsigned first_octets[] = {3, 13, 18, 34, 35, 44, 52, 54, 81, 91,
                                            104, 107, 142, 151, 185, 198, 203, 212};
    for (int i = 0; i < N_PUBLIC; i++) {
        unsigned a = first_octets[below(NELEM(first_octets))];
        str_v4(&publics[i].addr, a, 0, 255, 255, 1);
        /* Addresses in the AWS-owned blocks carry an ip-ranges service code. */
        int aws = (a == 3 || a == 13 || a == 18 || a == 34 || a == 35 ||
                   a == 44 || a == 52 || a == 54);
        publics[i].service = aws ? pick(SERVICE_W, NELEM(SERVICE_W)) : SVC_NONE;
    }
    for (int i = 0; i < N_PRIVATE; i++) {
        if (chance(0.03)) /* carrier-grade NAT space, outside 10/8 */
            str_v4(&privates[i], 100, 64, 127, 255, 1);
        else
            private_v4(&privates[i]);
    }
    for (int i = 0; i < N_V6REMOTE; i++) {
        static const unsigned g0[] = {0x2001, 0x2a01, 0x2600, 0x2a05, 0x2406};
        unsigned first = g0[below(NELEM(g0))];
        str_ipv6(&v6remotes[i], first, between(0x100, 0xffff));
    }
}

/* ------------------------------------------------------------------ */
/* Output buffer and formatting                                        */

#define OUT_CHUNK (4u << 20)
static char obuf[OUT_CHUNK + 8192];
static size_t olen;
static uint64_t written;
static FILE *out;

static void flush_out(void)
{
    if (olen && fwrite(obuf, 1, olen, out) != olen) {
        if (errno == EPIPE)
            exit(0);
        fprintf(stderr, "gen: write error: %s\n", strerror(errno));
        exit(1);
    }
    written += olen;
    olen = 0;
}

static char *put(char *p, const Str *s)
{
    memcpy(p, s->s, (size_t)s->n);
    p += s->n;
    *p++ = ' ';
    return p;
}

static char *put_cstr(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    *p++ = ' ';
    return p;
}

static char *put_u64(char *p, uint64_t v)
{
    char tmp[24];
    int i = 0;
    do {
        tmp[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i)
        *p++ = tmp[--i];
    *p++ = ' ';
    return p;
}

static char *put_dash(char *p)
{
    *p++ = '-';
    *p++ = ' ';
    return p;
}

static char *put_2d(char *p, unsigned v)
{
    *p++ = (char)('0' + v / 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

/* "2026-11-29T08:02:00.000000+00:00 " for Unix time t.  CloudWatch stores a
 * flow-log record as an event whose timestamp is start * 1000, so the
 * fraction is always zero. */
static char *put_iso(char *p, uint64_t t)
{
    static uint64_t cached_day = UINT64_MAX;
    static char day[16];
    uint64_t d = t / 86400, s = t % 86400;
    if (d != cached_day) {
        time_t tt = (time_t)(d * 86400);
        struct tm *tm = gmtime(&tt);
        if (!tm || strftime(day, sizeof day, "%Y-%m-%dT", tm) != 11) {
            fputs("gen: time out of range\n", stderr);
            exit(1);
        }
        cached_day = d;
    }
    memcpy(p, day, 11);
    p += 11;
    p = put_2d(p, (unsigned)(s / 3600));
    *p++ = ':';
    p = put_2d(p, (unsigned)(s / 60 % 60));
    *p++ = ':';
    p = put_2d(p, (unsigned)(s % 60));
    memcpy(p, ".000000+00:00 ", 14);
    return p + 14;
}

/* ------------------------------------------------------------------ */
/* One record                                                          */

enum { FMT_V2, FMT_V5 };

static const char HEADER_V2[] =
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol "
    "packets bytes start end action log-status";
static const char HEADER_V5_EXTRA[] =
    " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr "
    "region az-id sublocation-type sublocation-id pkt-src-aws-service "
    "pkt-dst-aws-service flow-direction traffic-path";

static uint64_t t0;

/* Traffic is concentrated on a few busy ENIs (NAT gateways, load balancers). */
static const Eni *pick_eni(void)
{
    if (chance(0.4))
        return &enis[below(N_ENIS / 10)];
    return &enis[below(N_ENIS)];
}

static uint32_t ephemeral_port(void)
{
    static const unsigned w[] = {60, 30, 10};
    switch (pick(w, NELEM(w))) {
    case 0: return between(32768, 60999); /* Linux */
    case 1: return between(49152, 65535); /* Windows */
    default: return between(1024, 65535);
    }
}

/* Packets of an accepted TCP flow, heavy-tailed: most flows are short, a few
 * percent are bulk transfers. */
static uint64_t tcp_packets(int *bulk)
{
    static const unsigned w[] = {5300, 2700, 1400, 380, 150, 45, 10, 2};
    static const uint64_t lo[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
    int c = pick(w, NELEM(w));
    *bulk = c >= 3;
    double u = unit();
    /* u^2 leans towards the low end of each decade, roughly like 1/x. */
    return lo[c] + (uint64_t)((double)(lo[c] * 9) * u * u);
}

static const unsigned TCP_SERVICE_PORT[] = {443, 80, 22, 3389, 5432, 3306, 6379, 8080,
                                            8443, 25, 445, 1433, 9200, 0};
static const unsigned TCP_SERVICE_W[] = {380, 100, 110, 40, 40, 40, 30, 40,
                                         30, 10, 15, 10, 20, 115};
static const unsigned UDP_SERVICE_PORT[] = {53, 123, 500, 4500, 514, 0};
static const unsigned UDP_SERVICE_W[] = {55, 20, 3, 2, 3, 17};
static const unsigned SCAN_PORT[] = {22, 3389, 23, 445, 1433, 3306, 5900, 8080, 80, 443, 0};
static const unsigned SCAN_W[] = {300, 200, 60, 50, 30, 30, 20, 25, 20, 15, 250};

/* Possible tcp-flags values: ORs of FIN 1, SYN 2, RST 4, SYN-ACK 18. */
static const unsigned FLAGS_CLIENT[] = {2, 3, 0, 1, 4, 6, 7, 5};
static const unsigned FLAGS_CLIENT_W[] = {30, 25, 25, 10, 5, 3, 1, 1};
static const unsigned FLAGS_SERVER[] = {18, 19, 0, 1, 4, 22, 23};
static const unsigned FLAGS_SERVER_W[] = {30, 25, 25, 10, 6, 3, 1};

static char *record(char *p, uint64_t i, int fmt, int tail)
{
    const Eni *e = pick_eni();
    const Subnet *sn = &subnets[e->subnet];
    const Vpc *vpc = &vpcs[sn->vpc];

    /* About 60 records a second; a record's window ends at most 60 s later. */
    uint64_t start = t0 + i / 60 - below(40);
    uint64_t end = start + (chance(0.05) ? 0 : between(1, 60));

    if (tail) {
        p = put_iso(p, start);
        memcpy(p, e->id.s, (size_t)e->id.n);
        p += e->id.n;
        memcpy(p, "-all ", 5);
        p += 5;
    }

    double st = unit();
    if (st < 0.009) {
        /* NODATA (0.6 %) or SKIPDATA (0.3 %): per-flow fields are '-'. */
        p = put_cstr(p, fmt == FMT_V2 ? "2" : "5");
        p = put(p, &e->account);
        p = put(p, &e->id);
        for (int k = 0; k < 7; k++)
            p = put_dash(p);
        p = put_u64(p, start);
        p = put_u64(p, end);
        p = put_dash(p);
        p = put_cstr(p, st < 0.006 ? "NODATA" : "SKIPDATA");
        if (fmt == FMT_V5) {
            p = put(p, &vpc->id);
            p = put(p, &sn->id);
            p = put(p, &e->instance);
            p = put_dash(p); /* tcp-flags */
            p = put_dash(p); /* type */
            p = put_dash(p); /* pkt-srcaddr */
            p = put_dash(p); /* pkt-dstaddr */
            p = put_cstr(p, REGIONS[vpc->region]);
            p = put(p, &sn->az);
            p = put(p, &e->subloc_type);
            p = put(p, &e->subloc_id);
            for (int k = 0; k < 4; k++)
                p = put_dash(p);
        }
        p[-1] = '\n';
        return p;
    }

    /* The remote end, and which way this record's packets go. */
    int scan = chance(0.15);
    int v6 = !scan && e->addr6.n && chance(0.15);
    const Str *local = v6 ? &e->addr6 : &e->addr;
    const Str *remote;
    int remote_service = SVC_NONE;
    int remote_public;
    int eni_server = scan ? 1 : (chance(0.85) ? e->server : !e->server);
    int request = scan ? 1 : chance(0.55); /* client-to-server packets */
    int ingress = eni_server == request;

    if (v6) {
        remote = &v6remotes[below(N_V6REMOTE)];
        remote_public = 1;
    } else if (scan || chance(0.55)) {
        const Remote *r = &publics[below(N_PUBLIC)];
        remote = &r->addr;
        remote_service = r->service; /* EC2 hosts scan too */
        remote_public = 1;
    } else {
        remote = &privates[below(N_PRIVATE)];
        remote_public = 0;
    }

    /* Protocol and ports. */
    unsigned proto;
    unsigned service_port = 0;
    if (scan) {
        proto = chance(0.92) ? 6 : 17;
        if (proto == 6) {
            service_port = SCAN_PORT[pick(SCAN_W, NELEM(SCAN_W))];
            if (!service_port)
                service_port = between(1, 65535);
        } else {
            static const unsigned udp_scan[] = {53, 123, 161, 1900, 5060, 11211};
            service_port = udp_scan[below(NELEM(udp_scan))];
        }
    } else {
        static const unsigned w[] = {800, 150, 30, 10};
        static const unsigned protos[] = {6, 17, 1, 50};
        proto = protos[pick(w, NELEM(w))];
        if (proto == 1 && v6)
            proto = 58;
        if (proto == 6) {
            service_port = TCP_SERVICE_PORT[pick(TCP_SERVICE_W, NELEM(TCP_SERVICE_W))];
            if (!service_port)
                service_port = between(1024, 10000);
        } else if (proto == 17) {
            service_port = UDP_SERVICE_PORT[pick(UDP_SERVICE_W, NELEM(UDP_SERVICE_W))];
            if (!service_port)
                service_port = between(1024, 65535);
        }
    }
    unsigned sport = 0, dport = 0;
    if (proto == 6 || proto == 17) {
        unsigned eph = ephemeral_port();
        if (proto == 17 && (service_port == 123 || service_port == 500) && chance(0.5))
            eph = service_port; /* NTP and IKE often use the same port on both sides */
        sport = request ? eph : service_port;
        dport = request ? service_port : eph;
    }

    /* Accept or reject. */
    int reject;
    if (scan) {
        reject = !((service_port == 443 || service_port == 80) && chance(0.7)) && chance(0.96);
    } else if (ingress && request) {
        int risky = service_port == 22 || service_port == 3389 || service_port == 445 ||
                    service_port == 1433;
        reject = chance(risky ? 0.35 : 0.10);
    } else {
        /* Stateless NACLs reject some replies; egress rules refuse a few. */
        reject = chance(0.03);
    }

    /* Packets and bytes. */
    uint64_t packets, bytes;
    int bulk = 0;
    if (reject) {
        packets = between(1, 3);
        bytes = packets * (proto == 6 ? between(40, 64) : between(40, 120));
    } else if (proto == 6) {
        packets = tcp_packets(&bulk);
        unsigned size = bulk ? between(700, 1500) : between(52, 900);
        if (bulk && chance(0.15))
            size = between(3000, 9001); /* jumbo frames inside the VPC */
        bytes = packets * size;
    } else if (proto == 17) {
        if (service_port == 53) {
            packets = between(1, 12);
            bytes = packets * between(60, 512);
        } else if (service_port == 123) {
            packets = between(1, 4);
            bytes = packets * 76;
        } else {
            packets = tcp_packets(&bulk);
            bytes = packets * between(60, 1400);
        }
    } else if (proto == 50) {
        packets = tcp_packets(&bulk);
        bytes = packets * between(100, 1440);
    } else { /* ICMP: ping */
        packets = between(1, 20);
        bytes = packets * (v6 ? 104 : 84);
    }

    /* Long transfers fill the whole aggregation window. */
    if (packets >= 100000)
        end = start + between(55, 60);

    const Str *src = ingress ? remote : local;
    const Str *dst = ingress ? local : remote;

    p = put_cstr(p, fmt == FMT_V2 ? "2" : "5");
    p = put(p, &e->account);
    p = put(p, &e->id);
    p = put(p, src);
    p = put(p, dst);
    p = put_u64(p, sport);
    p = put_u64(p, dport);
    p = put_u64(p, proto);
    p = put_u64(p, packets);
    p = put_u64(p, bytes);
    p = put_u64(p, start);
    p = put_u64(p, end);
    p = put_cstr(p, reject ? "REJECT" : "ACCEPT");
    p = put_cstr(p, "OK");

    if (fmt == FMT_V5) {
        /* tcp-flags */
        int flags = 0;
        if (proto == 6) {
            if (reject)
                flags = request ? 2 : (chance(0.5) ? 18 : 1);
            else if (bulk)
                flags = chance(0.7) ? 0 : (chance(0.5) ? 1 : (request ? 3 : 19));
            else if (request)
                flags = (int)FLAGS_CLIENT[pick(FLAGS_CLIENT_W, NELEM(FLAGS_CLIENT_W))];
            else
                flags = (int)FLAGS_SERVER[pick(FLAGS_SERVER_W, NELEM(FLAGS_SERVER_W))];
        }
        /* pkt-srcaddr / pkt-dstaddr: the addresses in the packet.  They differ
         * from srcaddr / dstaddr behind a load balancer or NAT gateway. */
        const Str *psrc = src, *pdst = dst;
        int psrc_svc = ingress ? remote_service : SVC_NONE;
        int pdst_svc = ingress ? SVC_NONE : remote_service;
        if (!v6 && !remote_public && chance(0.1)) {
            const Remote *r = &publics[below(N_PUBLIC)];
            if (ingress) {
                psrc = &r->addr;
                psrc_svc = r->service;
            } else {
                pdst = &r->addr;
                pdst_svc = r->service;
            }
        }

        p = put(p, &vpc->id);
        p = put(p, &sn->id);
        p = put(p, &e->instance);
        if (proto == 6 && chance(0.0005))
            p = put_dash(p); /* "invalid combination" */
        else
            p = put_u64(p, (uint64_t)flags);
        p = put_cstr(p, v6 ? "IPv6" : "IPv4");
        p = put(p, psrc);
        p = put(p, pdst);
        p = put_cstr(p, REGIONS[vpc->region]);
        if (e->subloc_type.n > 1)
            p = put_dash(p); /* az-id is '-' for sublocation traffic */
        else
            p = put(p, &sn->az);
        p = put(p, &e->subloc_type);
        p = put(p, &e->subloc_id);
        p = psrc_svc == SVC_NONE ? put_dash(p) : put_cstr(p, SERVICES[psrc_svc]);
        p = pdst_svc == SVC_NONE ? put_dash(p) : put_cstr(p, SERVICES[pdst_svc]);
        p = put_cstr(p, ingress ? "ingress" : "egress");
        if (ingress) {
            p = put_dash(p);
        } else {
            unsigned path;
            if (v6 || remote_public) {
                if ((pdst_svc == SVC_S3 || pdst_svc == SVC_DYNAMODB) && chance(0.6))
                    path = 7; /* gateway VPC endpoint */
                else
                    path = chance(0.7) ? 8 : 2; /* internet gateway */
            } else {
                static const unsigned w[] = {80, 12, 5, 3};
                static const unsigned paths[] = {1, 4, 3, 5};
                path = paths[pick(w, NELEM(w))];
            }
            if (chance(0.02))
                p = put_dash(p);
            else
                p = put_u64(p, path);
        }
    }
    p[-1] = '\n';
    return p;
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */

static void usage(FILE *f)
{
    fputs("usage: gen [-n RECORDS | -s SIZE] [--seed N] [--format v2|v5] [--header]\n"
          "           [--tail detailed] [-o FILE]\n"
          "Write synthetic AWS VPC flow-log records to stdout (or FILE).\n"
          "  -n RECORDS       number of records (default 1000)\n"
          "  -s SIZE          stop at the first line end at or after SIZE bytes;\n"
          "                   suffixes k, M, G mean 10^3, 10^6, 10^9\n"
          "  --seed N         seed (default 1); same seed, same bytes\n"
          "  --format v2|v5   default 14-field format, or the 29-field v2..v5 format\n"
          "  --header         first line = the field names, as in S3 objects\n"
          "  --tail detailed  prefix lines as 'aws logs tail --format detailed' does\n"
          "  --cidrs N        instead, N random IPv4 blocks (/16 to /32), one a line,\n"
          "                   as a blocklist for 'srcaddr in @FILE'\n",
          f);
}

static int parse_u64(const char *s, uint64_t *v, int allow_suffix)
{
    char *endp;
    errno = 0;
    unsigned long long x = strtoull(s, &endp, 10);
    if (errno || endp == s || *s == '-')
        return -1;
    if (allow_suffix && *endp) {
        uint64_t m;
        switch (*endp) {
        case 'k': case 'K': m = 1000ULL; break;
        case 'm': case 'M': m = 1000000ULL; break;
        case 'g': case 'G': m = 1000000000ULL; break;
        default: return -1;
        }
        if (endp[1] && !(endp[1] == 'B' && !endp[2]))
            return -1;
        x *= m;
    } else if (*endp) {
        return -1;
    }
    *v = x;
    return 0;
}

/* N random IPv4 blocks of /16, /20, /24, /28 or /32, a line each. */
static int write_cidrs(uint64_t n, const char *outpath)
{
    static const unsigned lens[] = { 16, 20, 24, 28, 32 };

    for (uint64_t i = 0; i < n; i++) {
        uint32_t a = (uint32_t)rnd();
        unsigned len = lens[below(5)];
        char *p = obuf + olen;

        p += sprintf(p, "%u.%u.%u.%u/%u\n", a >> 24, (a >> 16) & 255,
            (a >> 8) & 255, a & 255, len);
        olen = (size_t)(p - obuf);
        if (olen >= OUT_CHUNK)
            flush_out();
    }
    flush_out();
    if (fflush(out) || (outpath && fclose(out))) {
        fprintf(stderr, "gen: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t nrec = 1000, size = 0, seed = 1, cidrs = 0;
    int have_n = 0, fmt = FMT_V2, header = 0, tail = 0;
    const char *outpath = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--header")) {
            header = 1;
            continue;
        }
        if (!val) {
            fprintf(stderr, "gen: %s: unknown option or missing value\n", a);
            usage(stderr);
            return 2;
        }
        i++;
        if (!strcmp(a, "-n") || !strcmp(a, "--records")) {
            if (parse_u64(val, &nrec, 0)) goto bad;
            have_n = 1;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--size")) {
            if (parse_u64(val, &size, 1) || size == 0) goto bad;
        } else if (!strcmp(a, "--cidrs")) {
            if (parse_u64(val, &cidrs, 1)) goto bad;
        } else if (!strcmp(a, "--seed")) {
            if (parse_u64(val, &seed, 0)) goto bad;
        } else if (!strcmp(a, "--format")) {
            if (!strcmp(val, "v2")) fmt = FMT_V2;
            else if (!strcmp(val, "v5")) fmt = FMT_V5;
            else goto bad;
        } else if (!strcmp(a, "--tail")) {
            if (strcmp(val, "detailed")) goto bad;
            tail = 1;
        } else if (!strcmp(a, "-o")) {
            outpath = val;
        } else {
            fprintf(stderr, "gen: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        continue;
    bad:
        fprintf(stderr, "gen: bad value for %s: %s\n", a, val);
        return 2;
    }
    if (header && tail) {
        fputs("gen: --header and --tail do not go together\n", stderr);
        return 2;
    }
    if (size && !have_n)
        nrec = UINT64_MAX;

    out = stdout;
    if (outpath && !(out = fopen(outpath, "wb"))) {
        fprintf(stderr, "gen: %s: %s\n", outpath, strerror(errno));
        return 1;
    }

    rng_state = seed * 0x2545f4914f6cdd1dULL + 0x1234567;
    if (cidrs)
        return write_cidrs(cidrs, outpath);
    build_world();
    /* Somewhere in the day of 2026-11-29 UTC. */
    t0 = 1795910400ULL + below(43200);

    if (header) {
        memcpy(obuf, HEADER_V2, sizeof HEADER_V2 - 1);
        olen = sizeof HEADER_V2 - 1;
        if (fmt == FMT_V5) {
            memcpy(obuf + olen, HEADER_V5_EXTRA, sizeof HEADER_V5_EXTRA - 1);
            olen += sizeof HEADER_V5_EXTRA - 1;
        }
        obuf[olen++] = '\n';
    }
    for (uint64_t i = 0; i < nrec; i++) {
        char *p = record(obuf + olen, i, fmt, tail);
        olen = (size_t)(p - obuf);
        if (size && written + olen >= size)
            break;
        if (olen >= OUT_CHUNK)
            flush_out();
    }
    flush_out();
    if (fflush(out) || (outpath && fclose(out))) {
        fprintf(stderr, "gen: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
