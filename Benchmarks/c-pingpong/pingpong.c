/*
 * pingpong: the physical floor for a request/response over a local socket.
 *
 * A parent and a forked child bounce a small message back and forth over either a
 * socketpair(2) or a Unix stream socket bound in a temporary directory (what natoazd uses).
 * No protocol, no parsing, no allocation: whatever natoazd adds on top of this is its own cost.
 *
 *   pingpong [--transport socketpair|unix] [--count N] [--seconds S] [--size BYTES]
 *            [--echo-cpu C --client-cpu C] [--json]
 *
 * Prints round trips per second and the p50/p99/max round-trip latency in microseconds, and
 * what the echo side (the answering process) spent per round trip, warm-up included:
 * context switches (voluntary: it slept; involuntary: it was preempted) and CPU time (user +
 * system), from wait4(2).
 * --echo-cpu and --client-cpu put the two processes on given CPUs (sched_setaffinity), as
 * redis-anchor.sh --pin apart places servers and clients: `taskset` on the whole command
 * can only put both on the same CPUs.
 * Bounded: stops after N round trips or S seconds, whichever comes first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "pingpong: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Reads or writes exactly n bytes; returns 0 at end of stream. */
static int full_io(int fd, char *buf, size_t n, int writing) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = writing ? write(fd, buf + done, n - done) : read(fd, buf + done, n - done);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) die(writing ? "write" : "read");
        if (r == 0) return 0;
        done += (size_t)r;
    }
    return 1;
}

/* Runs the calling process on CPU `cpu` only (nothing when negative). */
static void pin_to(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) die("sched_setaffinity");
}

static void echo_forever(int fd, size_t size) {
    char *buf = malloc(size);
    while (full_io(fd, buf, size, 0)) full_io(fd, buf, size, 1);
    _exit(0);
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *transport = "socketpair";
    long count = 200000, size = 16;
    double seconds = 5;
    int json = 0, echo_cpu = -1, client_cpu = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--transport") && i + 1 < argc) transport = argv[++i];
        else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc) size = atol(argv[++i]);
        else if (!strcmp(argv[i], "--echo-cpu") && i + 1 < argc) echo_cpu = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--client-cpu") && i + 1 < argc) client_cpu = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--json")) json = 1;
        else {
            fprintf(stderr,
                    "usage: pingpong [--transport socketpair|unix] [--count N] [--seconds S] "
                    "[--size BYTES] [--echo-cpu C --client-cpu C] [--json]\n");
            return 2;
        }
    }
    if (count < 1 || count > 100000000 || size < 1 || size > (1 << 20) || seconds <= 0) {
        fprintf(stderr, "pingpong: --count 1..1e8, --size 1..1048576, --seconds > 0\n");
        return 2;
    }

    int client = -1, server = -1;
    char dir[] = "/tmp/pingpong-XXXXXX", path[128] = "";
    if (!strcmp(transport, "socketpair")) {
        int pair[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) die("socketpair");
        client = pair[0];
        server = pair[1];
    } else if (!strcmp(transport, "unix")) {
        if (!mkdtemp(dir)) die("mkdtemp");
        snprintf(path, sizeof path, "%s/sock", dir);
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        if ((size_t)snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path) >= sizeof addr.sun_path) {
            fprintf(stderr, "pingpong: socket path too long: %s\n", path);
            return 1;
        }
        int listener = socket(AF_UNIX, SOCK_STREAM, 0);
        if (listener < 0) die("socket");
        if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0) die("bind");
        if (listen(listener, 1) != 0) die("listen");
        client = socket(AF_UNIX, SOCK_STREAM, 0);
        if (client < 0) die("socket");
        if (connect(client, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
        server = accept(listener, NULL, NULL);
        if (server < 0) die("accept");
        close(listener);
    } else {
        fprintf(stderr, "pingpong: unknown transport '%s' (socketpair or unix)\n", transport);
        return 2;
    }

    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        close(client);
        pin_to(echo_cpu);
        echo_forever(server, (size_t)size);
    }
    close(server);
    pin_to(client_cpu);

    char *buf = calloc(1, (size_t)size);
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)count);
    if (!buf || !samples) die("malloc");
    /* Warm up: page in, wake the scheduler's affinity up. */
    for (int i = 0; i < 1000; i++) {
        full_io(client, buf, (size_t)size, 1);
        full_io(client, buf, (size_t)size, 0);
    }
    uint64_t deadline = now_ns() + (uint64_t)(seconds * 1e9), start = now_ns();
    long done = 0;
    while (done < count) {
        uint64_t t0 = now_ns();
        full_io(client, buf, (size_t)size, 1);
        if (!full_io(client, buf, (size_t)size, 0)) {
            fprintf(stderr, "pingpong: echo side closed early\n");
            return 1;
        }
        uint64_t t1 = now_ns();
        samples[done++] = t1 - t0;
        if (t1 > deadline) break;
    }
    double elapsed = (double)(now_ns() - start) / 1e9;
    close(client);
    struct rusage echo = {0};
    wait4(child, NULL, 0, &echo);
    /* The echo side answered the warm-up too. */
    double trips = (double)(done + 1000);
    double echo_sleeps = (double)echo.ru_nvcsw / trips, echo_preempted = (double)echo.ru_nivcsw / trips;
    double echo_cpu_us = ((double)(echo.ru_utime.tv_sec + echo.ru_stime.tv_sec) * 1e6 +
                          (double)(echo.ru_utime.tv_usec + echo.ru_stime.tv_usec)) / trips;
    if (path[0]) {
        unlink(path);
        rmdir(dir);
    }

    qsort(samples, (size_t)done, sizeof(uint64_t), compare_u64);
    double p50 = samples[done / 2] / 1000.0, p99 = samples[(long)(done * 0.99)] / 1000.0;
    double max = samples[done - 1] / 1000.0, rps = done / elapsed;
    if (json)
        printf("{\"transport\":\"%s\",\"size\":%ld,\"round_trips\":%ld,\"rps\":%.0f,"
               "\"p50_us\":%.2f,\"p99_us\":%.2f,\"max_us\":%.2f,\"errors\":0,"
               "\"echo_voluntary_switches_per_trip\":%.3f,"
               "\"echo_involuntary_switches_per_trip\":%.3f,\"echo_cpu_us_per_trip\":%.3f}\n",
               transport, size, done, rps, p50, p99, max, echo_sleeps, echo_preempted, echo_cpu_us);
    else
        printf("%-10s %ld-byte messages: %ld round trips in %.2f s, %.0f round trips/s, "
               "p50 %.2f us, p99 %.2f us, max %.1f us; echo side per round trip: %.3f voluntary "
               "and %.3f involuntary context switches, %.3f CPU us\n",
               transport, size, done, elapsed, rps, p50, p99, max, echo_sleeps, echo_preempted,
               echo_cpu_us);
    free(samples);
    free(buf);
    return 0;
}
