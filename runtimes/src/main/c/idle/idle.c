/*
 * The idle workload (startup.idle): says it is ready, then sleeps until killed. What an
 * instance of it costs is the runtime's own cost (isobench density), nothing of a workload.
 * The ready line is the workloads' protocol (WorkloadOutput.READY): "@@isobench ready <ns>",
 * ns on CLOCK_MONOTONIC, the clock of Java's System.nanoTime.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("@@isobench ready %lld\n", (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
    fflush(stdout);
    for (;;) {
        pause(); /* as PID 1 of a container no signal without a handler reaches us: SIGKILL via the cgroup ends us */
    }
}
