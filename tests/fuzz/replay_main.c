/*
 * replay_main.c - runs LLVMFuzzerTestOneInput over saved inputs, so every
 * fuzz target's corpus (seeds and past crashes) is a regression test with
 * any compiler: replay_<name> FILE-OR-DIR...
 *
 * Each input is copied into a heap block of exactly its size, so an
 * out-of-bounds read shows under ASan or valgrind. Exits 1 when an argument
 * cannot be read or no input was found.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_INPUT (16u << 20)

/* replay_file - read path whole and feed it to the target; -1 on error */
static int
replay_file(const char *path)
{
    struct crm_buf b;
    char chunk[65536];
    uint8_t *copy;
    size_t n;
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    crm_buf_init(&b, REPLAY_MAX_INPUT);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (crm_buf_append(&b, chunk, n) != CRM_OK) {
            fclose(f);
            fprintf(stderr, "replay: %s: too large or out of memory\n", path);
            return -1;
        }
    }
    fclose(f);
    copy = crm_malloc(b.len > 0 ? b.len : 1);
    if (copy == NULL) {
        crm_buf_fini(&b);
        return -1;
    }
    if (b.len > 0)
        memcpy(copy, b.p, b.len);
    LLVMFuzzerTestOneInput(copy, b.len);
    crm_free(copy);
    crm_buf_fini(&b);
    return 0;
}

/* replay_path - a file, or every regular file of a directory; returns inputs run or -1 */
static long
replay_path(const char *path)
{
    struct stat st;
    struct dirent *de;
    char sub[4096];
    long count = 0;
    DIR *d;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: cannot stat %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path) == 0 ? 1 : -1;
    if ((d = opendir(path)) == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub))
            continue;
        if (stat(sub, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (replay_file(sub) != 0) {
            closedir(d);
            return -1;
        }
        count++;
    }
    closedir(d);
    return count;
}

int
main(int argc, char **argv)
{
    long total = 0, n;
    int i;

    for (i = 1; i < argc; i++) {
        if ((n = replay_path(argv[i])) < 0)
            return 1;
        total += n;
    }
    printf("replayed %ld inputs\n", total);
    return total > 0 ? 0 : 1;
}
