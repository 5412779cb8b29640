/* Container mode: not built in yet (transitional; see issue "container runtime"). */
#define _GNU_SOURCE
#include "container.h"
#include "report.h"

#include <string.h>

int container_option(const char *name, const char *value)
{
    (void)name;
    (void)value;
    return 0;
}

void container_check_options(void)
{
    die("container mode is not part of this launcher build");
}

int container_clone_flags(void) { return 0; }
void container_parent_setup(int child_pid) { (void)child_pid; }
void container_child_setup(void) {}
