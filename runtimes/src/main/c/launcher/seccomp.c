/*
 * The seccomp filter. Its program is built with libseccomp at build time
 * (gen/seccomp_gen.c, which documents what it denies and why) and compiled in as
 * seccomp_filter.h: libseccomp's per-architecture correctness (native, i386, x32) without
 * its ~0.9 ms per container start of building the filter at run time (docs/container.md).
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "seccomp_filter.h"

void seccomp_install(void)
{
    struct sock_fprog prog = {
        .len = (unsigned short)(sizeof seccomp_program / sizeof seccomp_program[0]),
        .filter = (struct sock_filter *)seccomp_program,
    };
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
        die_errno("cannot install the seccomp filter");
}
