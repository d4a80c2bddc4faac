// Reading a corpus directory from the disk with and without asking for the files ahead, no
// parsing: READERS threads read every file (name order, each taking the next) with open/read/
// close; PREFETCHERS threads stay WINDOW files ahead of them, opening each file and asking for
// its pages with posix_fadvise(POSIX_FADV_WILLNEED) (MODE 0) or readahead(2) (MODE 1). Prints
// the wall seconds. Drop the corpus's pages first to time the disk (see loader-disk-pairs.sh).
// Session 12 (BENCHMARKS "Session 12: reading and parsing") sized natoazd's ReadAhead with it.
//
// Build: cc -O2 -pthread Benchmarks/load/read-ahead-bench.c -o /tmp/read-ahead-bench
// Usage: /tmp/read-ahead-bench CORPUS_DIR READERS WINDOW PREFETCHERS [MODE]
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static char **names; static int n; static const char *dir;
static atomic_int next_i, pf_i, done_i; static int window, mode;
static int cmp(const void *a, const void *b) { return strcmp(*(char**)a, *(char**)b); }
static void path(char *b, int i) { snprintf(b, 4096, "%s/%s", dir, names[i]); }
static void *reader(void *x) {
  char p[4096], buf[1<<16];
  for (;;) { int i = atomic_fetch_add(&next_i, 1); if (i >= n) return 0;
    path(p, i); int fd = open(p, O_RDONLY); while (read(fd, buf, sizeof buf) > 0) {} close(fd);
    atomic_fetch_add(&done_i, 1); }
}
static void *prefetcher(void *x) {
  char p[4096];
  for (;;) { int i = atomic_fetch_add(&pf_i, 1); if (i >= n) return 0;
    while (i > atomic_load(&next_i) + window) usleep(200);
    path(p, i); int fd = open(p, O_RDONLY);
    if (mode == 0) posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED); else readahead(fd, 0, 1<<20);
    close(fd); }
}
int main(int c, char **v) {
  dir = v[1]; int readers = atoi(v[2]); window = atoi(v[3]); int pfs = atoi(v[4]); mode = c > 5 ? atoi(v[5]) : 0;
  DIR *d = opendir(dir); struct dirent *e; int cap = 1<<17; names = malloc(cap * sizeof *names);
  while ((e = readdir(d))) if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
  qsort(names, n, sizeof *names, cmp);
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  pthread_t t[64]; for (int i = 0; i < readers; i++) pthread_create(&t[i], 0, reader, 0);
  pthread_t q[64]; for (int i = 0; i < pfs; i++) pthread_create(&q[i], 0, prefetcher, 0);
  for (int i = 0; i < readers; i++) pthread_join(t[i], 0);
  for (int i = 0; i < pfs; i++) pthread_join(q[i], 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("readers %d window %d prefetchers %d mode %d: %.2f s\n", readers, window, pfs, mode, (b.tv_sec-a.tv_sec)+(b.tv_nsec-a.tv_nsec)/1e9);
}
