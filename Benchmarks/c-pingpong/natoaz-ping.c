/*
 * natoaz-ping: Ping a running natoazd from a minimal C client, timed like pingpong.c.
 *
 * The same loop as pingpong.c (blocking write, blocking read, no allocation, no parsing
 * beyond the frame length), but the peer is natoazd speaking the real protocol. So
 *
 *   natoaz-ping p50  - pingpong p50     = what natoazd adds to a round trip (server only);
 *   natoaz-bench p50 - natoaz-ping p50  = what the Swift load client adds.
 *
 * Frames are fixed bytes (Protocol/PROTOCOL.md: 4-byte big-endian length of flags + payload,
 * 1 flags byte, protobuf payload):
 *   Hello: Request{id: 1, hello{min_version: 1, max_version: 1}}, uncompressed
 *   Ping:  Request{id: 2, ping{}}            -> answer must be Response{id: 2, ping{}}
 *
 * With --pipeline K (as redis-benchmark -P K): K Pings go out in one write, then the client
 * reads (into one buffer, as many answers per read as arrived) until all K are answered, and
 * only then sends the next K. Every answer is still checked byte for byte. Latency samples
 * are per batch (write to last answer); rps counts Pings. Against natoaz-bench --in-flight K
 * --batched this separates the server's share of a pipelined round trip from the client's.
 *
 * With --interval-us U (unpipelined only), the client sleeps U microseconds after each answer
 * before the next Ping: a client that asks now and then, to measure what a server spends
 * per request when it is not asked back to back (Benchmarks/busy-poll-cost.sh); the latency
 * samples still cover only write to answer.
 *
 *   natoaz-ping --socket PATH [--count N] [--seconds S] [--pipeline K] [--interval-us U]
 *               [--json]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "natoaz-ping: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

static void full_io(int fd, unsigned char *buf, size_t n, int writing) {
    size_t done = 0;
    while (done < n) {
        ssize_t r = writing ? write(fd, buf + done, n - done) : read(fd, buf + done, n - done);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) die(writing ? "write" : "read");
        if (r == 0) {
            errno = 0;
            die("natoazd closed the connection");
        }
        done += (size_t)r;
    }
}

/* Reads one frame into buf (at most cap bytes); returns its total size. */
static size_t read_frame(int fd, unsigned char *buf, size_t cap) {
    full_io(fd, buf, 4, 0);
    size_t length = (size_t)buf[0] << 24 | (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3];
    if (length + 4 > cap) {
        errno = 0;
        die("answer frame larger than expected");
    }
    full_io(fd, buf + 4, length, 0);
    return length + 4;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *path = NULL;
    long count = 200000;
    double seconds = 5;
    int json = 0;
    long pipeline = 1, interval_us = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--socket") && i + 1 < argc) path = argv[++i];
        else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "--pipeline") && i + 1 < argc) pipeline = atol(argv[++i]);
        else if (!strcmp(argv[i], "--interval-us") && i + 1 < argc) interval_us = atol(argv[++i]);
        else if (!strcmp(argv[i], "--json")) json = 1;
        else path = NULL, i = argc;
    }
    if (!path || count < 1 || count > 100000000 || seconds <= 0 || pipeline < 1 || pipeline > 100 ||
        interval_us < 0 || interval_us > 10000000 || (interval_us > 0 && pipeline > 1)) {
        fprintf(stderr, "usage: natoaz-ping --socket PATH [--count N] [--seconds S] "
                        "[--pipeline K (1-100) | --interval-us U (0-1e7)] [--json]\n");
        return 2;
    }

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if ((size_t)snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path) >= sizeof addr.sun_path) {
        fprintf(stderr, "natoaz-ping: socket path too long: %s\n", path);
        return 1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");

    unsigned char hello[] = {0, 0, 0, 9, 0, 0x08, 0x01, 0x5a, 0x04, 0x08, 0x01, 0x10, 0x01};
    unsigned char ping[] = {0, 0, 0, 5, 0, 0x08, 0x02, 0x62, 0x00};
    unsigned char pong[] = {0, 0, 0, 5, 0, 0x08, 0x02, 0x62, 0x00};
    unsigned char answer[4096];
    full_io(fd, hello, sizeof hello, 1);
    size_t got = read_frame(fd, answer, sizeof answer);
    /* Response{id: 1, hello: ...}: field 1 = 1, then field 11 (0x5a); an error is field 3. */
    if (got < 9 || answer[5] != 0x08 || answer[6] != 0x01 || answer[7] != 0x5a) {
        errno = 0;
        die("the Hello was refused (not a Hello answer)");
    }

    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)count);
    if (!samples) die("malloc");
    for (int i = 0; i < 1000; i++) { /* warm up, as pingpong.c does */
        full_io(fd, ping, sizeof ping, 1);
        read_frame(fd, answer, sizeof answer);
    }
    uint64_t deadline = now_ns() + (uint64_t)(seconds * 1e9), start = now_ns();
    long done = 0, answered = 0;
    if (pipeline == 1) {
        while (done < count) {
            uint64_t t0 = now_ns();
            full_io(fd, ping, sizeof ping, 1);
            got = read_frame(fd, answer, sizeof answer);
            uint64_t t1 = now_ns();
            if (got != sizeof pong || memcmp(answer, pong, sizeof pong) != 0) {
                errno = 0;
                die("unexpected answer to Ping (an error frame?)");
            }
            samples[done++] = t1 - t0;
            if (t1 > deadline) break;
            if (interval_us > 0) {
                struct timespec pause = {interval_us / 1000000, (interval_us % 1000000) * 1000};
                while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {}
            }
        }
        answered = done;
    } else {
        /* K Pings with ids 2 ... K+1 (one varint byte each) in one buffer; the answer to
         * each is byte for byte the same frame, so the K answers must equal the batch. */
        size_t batch_bytes = sizeof ping * (size_t)pipeline;
        unsigned char *batch = malloc(batch_bytes), *in = malloc(batch_bytes);
        if (!batch || !in) die("malloc");
        for (long k = 0; k < pipeline; k++) {
            memcpy(batch + k * sizeof ping, ping, sizeof ping);
            batch[k * sizeof ping + 6] = (unsigned char)(2 + k);
        }
        while (answered < count) {
            uint64_t t0 = now_ns();
            full_io(fd, batch, batch_bytes, 1);
            size_t have = 0;
            while (have < batch_bytes) { /* answers are fixed-size: read until all K are in */
                ssize_t r = read(fd, in + have, batch_bytes - have);
                if (r < 0 && errno == EINTR) continue;
                if (r < 0) die("read");
                if (r == 0) {
                    errno = 0;
                    die("natoazd closed the connection");
                }
                have += (size_t)r;
            }
            uint64_t t1 = now_ns();
            if (memcmp(in, batch, batch_bytes) != 0) {
                errno = 0;
                die("unexpected answer to Ping (an error frame?)");
            }
            samples[done++] = t1 - t0;
            answered += pipeline;
            if (t1 > deadline) break;
        }
        free(batch);
        free(in);
    }
    double elapsed = (double)(now_ns() - start) / 1e9;
    close(fd);

    qsort(samples, (size_t)done, sizeof(uint64_t), compare_u64);
    double p50 = samples[done / 2] / 1000.0, p99 = samples[(long)(done * 0.99)] / 1000.0;
    double max = samples[done - 1] / 1000.0, rps = answered / elapsed;
    if (json)
        printf("{\"transport\":\"natoazd\",\"round_trips\":%ld,\"rps\":%.0f,"
               "\"p50_us\":%.2f,\"p99_us\":%.2f,\"max_us\":%.2f,\"errors\":0}\n",
               answered, rps, p50, p99, max);
    else
        printf("natoazd Ping from C: %ld Pings (%ld per round trip) in %.2f s, %.0f Pings/s, "
               "round trip p50 %.2f us, p99 %.2f us, max %.1f us\n",
               answered, pipeline, elapsed, rps, p50, p99, max);
    free(samples);
    return 0;
}
