/*
 * fuzz_main - run a libFuzzer target without libFuzzer.
 *
 *   replay_TARGET FILE|DIR...
 *
 * Calls LLVMFuzzerTestOneInput once per file (a directory means every
 * regular file in it, in name order), so the same target runs under gcc,
 * valgrind or a plain sanitizer build over the seed corpus and over crash
 * inputs saved from a fuzz run.  Exit status 0 when every input was run;
 * a bug in the target shows up as a crash, an abort or a sanitizer report.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!p) {
				fclose(f);
				free(buf);
				fprintf(stderr, "%s: out of memory\n", path);
				return -1;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_path(const char *path, unsigned long *count)
{
	struct stat st;
	struct dirent **names;
	int rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = run_file(path);
		*count += rc == 0;
		return rc;
	}

	int n = scandir(path, &names, NULL, by_name);

	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char sub[4096];

		snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(sub) < 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s file|dir...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count) < 0)
			rc = 1;
	printf("%s: %lu inputs run\n", argv[0], count);
	return rc;
}
