/* The launcher's report channel to the harness: one text line per fact, each written with
 * a single write() below PIPE_BUF so lines from parent and child never interleave.
 *   mark <name> <CLOCK_MONOTONIC ns>
 *   rusage <user ns> <system ns> <maxrss KiB> <inblock> <oublock>
 *   exit <code> | signal <number>
 *   error <one sentence>
 */
#ifndef ISOBENCH_REPORT_H
#define ISOBENCH_REPORT_H

#include <stdint.h>

void report_open(int fd);
/* Appends the report to a file instead (for callers that cannot pass an fd, e.g. Java). */
void report_open_file(const char *path);
void report_mark(const char *name);
void report_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports the error, also on stderr, and exits with status 125 (a launcher failure). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Same with strerror(errno) appended. */
void die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
uint64_t monotonic_ns(void);

#define EXIT_LAUNCHER_FAILED 125

#endif
