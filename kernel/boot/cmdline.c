#include "cmdline.h"

static size_t word_length(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

/* Length of `key` if the word at `word` (of length `len`) is "key=...", else 0. */
static size_t key_matches(const char *word, size_t len, const char *key)
{
	size_t k = 0;
	while (key[k] && k < len && word[k] == key[k])
		k++;
	return !key[k] && k < len && word[k] == '=' ? k + 1 : 0;
}

bool cmdline_get(const char *cmdline, const char *key, char *value, size_t size)
{
	for (const char *p = cmdline; p && *p;) {
		size_t len = word_length(p);
		size_t skip = key_matches(p, len, key);
		if (skip) {
			size_t n = len - skip;
			if (n >= size)
				return false;
			for (size_t i = 0; i < n; i++)
				value[i] = p[skip + i];
			value[n] = '\0';
			return true;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

bool cmdline_get_u64(const char *cmdline, const char *key, uint64_t *value)
{
	char text[21];
	if (!cmdline_get(cmdline, key, text, sizeof(text)) || !text[0])
		return false;
	uint64_t v = 0;
	for (const char *c = text; *c; c++) {
		if (*c < '0' || *c > '9' || v > (UINT64_MAX - (uint64_t)(*c - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*c - '0');
	}
	*value = v;
	return true;
}
