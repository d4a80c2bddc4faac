// Trains a zstd body dictionary the way natoazd does (an even spread of up to 1,000 files,
// each cut to 16 KiB, dictionary up to 112 KiB) and compresses every file of a corpus with it,
// one frame per file: prints the training time, the ratio and the compression speed.
// Whole files stand in for bodies (headers included), so ratios are close to, not equal to,
// natoazd's.
//
// Build: cc -O2 Benchmarks/load/body-dictionary-bench.c -o /tmp/body-dictionary-bench -lzstd
// Usage: /tmp/body-dictionary-bench CORPUS_DIR LEVEL K
//   K = 0: zstd's default trainer (ZDICT_trainFromBuffer, which searches segment sizes);
//   K > 0: ZDICT_trainFromBuffer_fastCover with k = K, d = 8, f = 20 (natoazd since session 5).
#define ZDICT_STATIC_LINKING_ONLY
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zdict.h>
#include <zstd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int byName(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s CORPUS_DIR LEVEL K\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int level = atoi(argv[2]);
    unsigned k = (unsigned)atoi(argv[3]);
    DIR *d = opendir(dir);
    if (!d) { perror(dir); return 1; }
    size_t capacity = 1024, count = 0;
    char **names = malloc(capacity * sizeof *names);
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0) continue;
        if (count == capacity) names = realloc(names, (capacity *= 2) * sizeof *names);
        names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof *names, byName);
    char **bodies = malloc(count * sizeof *bodies);
    size_t *lengths = malloc(count * sizeof *lengths), total = 0;
    char path[4096];
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); return 1; }
        fseek(f, 0, SEEK_END);
        lengths[i] = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        bodies[i] = malloc(lengths[i] + 1);
        if (fread(bodies[i], 1, lengths[i], f) != lengths[i]) { perror(path); return 1; }
        fclose(f);
        total += lengths[i];
    }
    size_t step = count / 1000 > 0 ? count / 1000 : 1, samples = 0, sampleBytes = 0;
    size_t sizes[1000];
    char *sample = malloc(1000 * 16384);
    for (size_t i = 0; i < count && samples < 1000; i += step) {
        size_t n = lengths[i] > 16384 ? 16384 : lengths[i];
        memcpy(sample + sampleBytes, bodies[i], n);
        sizes[samples++] = n;
        sampleBytes += n;
    }
    size_t dictCapacity = sampleBytes / 16 > 112 * 1024 ? 112 * 1024 : sampleBytes / 16;
    char *dictionary = malloc(dictCapacity);
    double started = now();
    size_t trained;
    if (k == 0) {
        trained = ZDICT_trainFromBuffer(dictionary, dictCapacity, sample, sizes, (unsigned)samples);
    } else {
        ZDICT_fastCover_params_t p;
        memset(&p, 0, sizeof p);
        p.k = k; p.d = 8; p.f = 20; p.accel = 1; p.splitPoint = 1.0; p.nbThreads = 1;
        p.zParams.compressionLevel = level;
        trained = ZDICT_trainFromBuffer_fastCover(
            dictionary, dictCapacity, sample, sizes, (unsigned)samples, p);
    }
    double trainedAt = now();
    if (ZDICT_isError(trained)) { fprintf(stderr, "%s\n", ZDICT_getErrorName(trained)); return 1; }
    ZSTD_CDict *cdict = ZSTD_createCDict(dictionary, trained, level);
    ZSTD_CCtx *context = ZSTD_createCCtx();
    size_t bound = 1 << 24, compressed = 0;
    char *out = malloc(bound);
    double compressing = now();
    for (size_t i = 0; i < count; i++) {
        size_t r = ZSTD_compress_usingCDict(context, out, bound, bodies[i], lengths[i], cdict);
        if (ZSTD_isError(r)) { fprintf(stderr, "%s\n", ZSTD_getErrorName(r)); return 1; }
        compressed += r;
    }
    double done = now();
    printf("trainer %s: %.3f s on %zu samples (%zu bytes), dictionary %zu bytes\n",
        k == 0 ? "default" : "fastCover", trainedAt - started, samples, sampleBytes, trained);
    printf("level %d: %zu files, %zu -> %zu bytes (%.3fx), compressed in %.3f s (%.0f MB/s)\n",
        level, count, total, compressed, (double)total / compressed, done - compressing,
        total / 1e6 / (done - compressing));
    return 0;
}
