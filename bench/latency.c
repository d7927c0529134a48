/*
 * latency.c - how long a matching record takes to come out of a filter that
 * reads a slow stream, as it does behind 'aws logs tail --follow'.
 *
 *   latency [-n COUNT] [-i INTERVAL_MS] [-t TIMEOUT_MS] -- COMMAND [ARG...]
 *
 * Starts COMMAND with a pipe on its stdin and one on its stdout.  COUNT times,
 * INTERVAL_MS apart (after one warm-up round that is not counted, so that
 * the command's start-up is not measured): write a v2 record that does not match
 * 'dstport=22 and action=REJECT', then one that does; note the time
 * (CLOCK_MONOTONIC), wait until that record comes back as a whole line on
 * COMMAND's stdout, note the time again.  The filter has to flush its output
 * before it blocks on input for this to be quick.
 *
 * Records are numbered from 1; record 0 is the warm-up.  Prints one line:
 *   latency: N records, median X ms, max Y ms, min Z ms
 * Exits 0 when every record came back, unchanged and in time; 1 when one did
 * not (timeout, wrong line, early exit); 2 on a usage or system error.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Output read from the filter, not yet consumed. */
static char inbuf[1 << 16];
static size_t inlen;

/* Read until a whole line is in inbuf or the deadline passes.  Returns the
 * line length (without '\n'), -1 on timeout, -2 on EOF or error. */
static long read_line(int fd, double deadline)
{
    for (;;) {
        char *nl = memchr(inbuf, '\n', inlen);
        if (nl)
            return (long)(nl - inbuf);
        double left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd pfd = {fd, POLLIN, 0};
        int r = poll(&pfd, 1, (int)left + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -2;
        if (r == 0)
            continue;
        if (inlen == sizeof inbuf)
            return -2; /* an absurdly long line */
        ssize_t n = read(fd, inbuf + inlen, sizeof inbuf - inlen);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -2;
        inlen += (size_t)n;
    }
}

static void consume(size_t n)
{
    memmove(inbuf, inbuf + n, inlen - n);
    inlen -= n;
}

static void usage(void)
{
    fputs("usage: latency [-n COUNT] [-i INTERVAL_MS] [-t TIMEOUT_MS] -- COMMAND [ARG...]\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    long count = 20, interval = 50, timeout = 1000;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            usage();
        long *dst = !strcmp(argv[i], "-n") ? &count
                    : !strcmp(argv[i], "-i") ? &interval
                    : !strcmp(argv[i], "-t") ? &timeout
                    : NULL;
        char *end;
        if (!dst)
            usage();
        *dst = strtol(argv[++i], &end, 10);
        if (*end || *dst < 0)
            usage();
    }
    if (i >= argc || count < 1 || count > 100000)
        usage();

    int to_child[2], from_child[2];
    if (pipe(to_child) || pipe(from_child)) {
        perror("latency: pipe");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0) {
        perror("latency: fork");
        return 2;
    }
    if (pid == 0) {
        dup2(to_child[0], 0);
        dup2(from_child[1], 1);
        close(to_child[0]);
        close(to_child[1]);
        close(from_child[0]);
        close(from_child[1]);
        signal(SIGPIPE, SIG_DFL);
        execvp(argv[i], argv + i);
        fprintf(stderr, "latency: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    int out = to_child[1], in = from_child[0];

    double *lat = calloc((size_t)count, sizeof *lat);
    if (!lat) {
        perror("latency");
        return 2;
    }
    int failed = 0;
    long got = 0;
    unsigned long long t = 1795939200ULL; /* 2026-11-29T08:00:00Z */
    /* Round 0 is the warm-up. */
    for (long k = 0; k <= count && !failed; k++, t += 3) {
        char miss[256], hit[256];
        int nm = snprintf(miss, sizeof miss,
                          "2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.25 52.94.5.%ld "
                          "%ld 443 6 12 4321 %llu %llu ACCEPT OK\n",
                          k % 250 + 1, 40000 + k, t, t + 60);
        int nh = snprintf(hit, sizeof hit,
                          "2 123456789012 eni-0a1b2c3d4e5f60718 203.0.113.%ld 10.0.1.25 "
                          "%ld 22 6 1 44 %llu %llu REJECT OK\n",
                          k % 250 + 1, 50000 + k, t + 1, t + 1);
        if (write_all(out, miss, (size_t)nm)) {
            fprintf(stderr, "latency: record %ld: write: %s\n", k, strerror(errno));
            failed = 1;
            break;
        }
        double t0 = now_ms();
        if (write_all(out, hit, (size_t)nh)) {
            fprintf(stderr, "latency: record %ld: write: %s\n", k, strerror(errno));
            failed = 1;
            break;
        }
        long n = read_line(in, t0 + (double)timeout);
        double t1 = now_ms();
        if (n == -1) {
            fprintf(stderr, "latency: record %ld: no output after %ld ms "
                            "(output not flushed before reading more input?)\n",
                    k, timeout);
            failed = 1;
            break;
        }
        if (n == -2) {
            fprintf(stderr, "latency: record %ld: the command's output ended\n", k);
            failed = 1;
            break;
        }
        if ((size_t)n != (size_t)nh - 1 || memcmp(inbuf, hit, (size_t)n)) {
            fprintf(stderr, "latency: record %ld: expected\n  %.*s\ngot\n  %.*s\n", k,
                    nh - 1, hit, (int)n, inbuf);
            failed = 1;
        }
        consume((size_t)n + 1);
        if (k > 0)
            lat[got++] = t1 - t0;
        if (k < count)
            sleep_ms(interval);
    }

    close(out);
    /* After EOF the command should print nothing more and exit. */
    long extra = read_line(in, now_ms() + (double)timeout);
    if (extra >= 0 && !failed) {
        fprintf(stderr, "latency: unexpected output line: %.*s\n", (int)extra, inbuf);
        failed = 1;
    }
    int status;
    if (extra == -1)
        kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) > 1) {
        fprintf(stderr, "latency: command exited with status %d\n", WEXITSTATUS(status));
        failed = 1;
    }

    if (got) {
        qsort(lat, (size_t)got, sizeof *lat, cmp_double);
        double median = got % 2 ? lat[got / 2] : (lat[got / 2 - 1] + lat[got / 2]) / 2;
        printf("latency: %ld records, median %.3f ms, max %.3f ms, min %.3f ms\n", got,
               median, lat[got - 1], lat[0]);
    } else {
        printf("latency: 0 records\n");
    }
    free(lat);
    return failed ? 1 : 0;
}
