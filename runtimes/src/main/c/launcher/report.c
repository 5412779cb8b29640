#define _GNU_SOURCE
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int report_fd = -1;

void report_open(int fd)
{
    report_fd = fd;
    /* The workload must not inherit the channel: close it at exec. */
    if (fd >= 0)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
}

void report_open_file(const char *path)
{
    /* O_CLOEXEC: the workload must not inherit the channel. */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "isobench launcher: cannot open report file %s: %s\n", path, strerror(errno));
        _exit(EXIT_LAUNCHER_FAILED);
    }
    report_fd = fd;
}

uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void write_all(const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(report_fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

static void vreport(const char *fmt, va_list ap)
{
    char line[512];
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    if (report_fd >= 0)
        write_all(line, (size_t)n);
}

void report_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
}

void report_mark(const char *name)
{
    report_line("mark %s %llu", name, (unsigned long long)monotonic_ns());
}

static void __attribute__((noreturn)) vdie(const char *suffix, const char *fmt, va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    report_line("error %s%s%s", msg, suffix ? ": " : "", suffix ? suffix : "");
    fprintf(stderr, "isobench launcher: %s%s%s\n", msg, suffix ? ": " : "", suffix ? suffix : "");
    _exit(EXIT_LAUNCHER_FAILED);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(NULL, fmt, ap);
}

void die_errno(const char *fmt, ...)
{
    const char *err = strerror(errno);
    va_list ap;
    va_start(ap, fmt);
    vdie(err, fmt, ap);
}
