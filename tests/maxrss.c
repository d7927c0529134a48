/*
 * maxrss: run a command and say whether its peak resident memory stayed
 * under a limit; for tests of "bounded memory" that must not depend on
 * GNU time being installed.
 *
 *   maxrss MIB COMMAND [ARG...]
 *
 * Prints "peak under MIB MiB" or "peak N KiB, over MIB MiB" on stderr,
 * and exits with the command's status (2 if it could not be run, 3 if
 * the peak was over).
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage ru;
	long limit_kib;
	pid_t pid;
	int status;

	if (argc < 3 || (limit_kib = atol(argv[1]) * 1024) <= 0) {
		fputs("usage: maxrss MIB COMMAND [ARG...]\n", stderr);
		return 2;
	}
	if ((pid = fork()) < 0) {
		perror("maxrss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("maxrss: wait4");
		return 2;
	}
	if (ru.ru_maxrss > limit_kib) {
		fprintf(stderr, "peak %ld KiB, over %s MiB\n", ru.ru_maxrss,
		    argv[1]);
		return 3;
	}
	fprintf(stderr, "peak under %s MiB\n", argv[1]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
