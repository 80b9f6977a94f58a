/*
 * cpu-time — the CPU time of one command to the microsecond, for the
 * benchmarks: GNU time(1) prints it to the hundredth of a second, which
 * is a fifth of what slo-eval spends on a day of rollup lines (issue
 * 20.5).  Runs CMD with the standard streams it was given, then writes
 * "USER SYS MAXRSS WALL" to FILE: CPU seconds with six decimals and the
 * peak RSS in KiB as getrusage(RUSAGE_CHILDREN) reports them for that
 * only child (and what it waited for), and the wall seconds from fork to
 * its end on the monotonic clock.  Exits with CMD's status (128 + N when
 * a signal N ended it).
 *
 *   cpu-time FILE CMD [ARG ...]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct rusage ru;
	struct timespec t0, t1;
	FILE *out;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: cpu-time FILE CMD [ARG ...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "cpu-time: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "cpu-time: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "cpu-time: wait: %s\n", strerror(errno));
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getrusage(RUSAGE_CHILDREN, &ru) != 0 ||
	    (out = fopen(argv[1], "w")) == NULL) {
		fprintf(stderr, "cpu-time: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	fprintf(out, "%ld.%06ld %ld.%06ld %ld %.6f\n", (long)ru.ru_utime.tv_sec,
	    (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec,
	    (long)ru.ru_stime.tv_usec, ru.ru_maxrss,
	    (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (fclose(out) != 0) {
		fprintf(stderr, "cpu-time: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
