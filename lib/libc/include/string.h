/*
 * The memory and string functions of EriX's user-space C library
 * (lib/libc/string.c). They follow ISO C; GCC may also emit calls to
 * memcpy, memmove, memset and memcmp on its own, so every user program links
 * them.
 */
#ifndef ERIX_LIBC_STRING_H
#define ERIX_LIBC_STRING_H

#include <stddef.h>

/* Copy n bytes from src to dst; the ranges must not overlap. Returns dst. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
/* Copy n bytes from src to dst; the ranges may overlap. Returns dst. */
void *memmove(void *dst, const void *src, size_t n);
/* Fill n bytes at dst with (unsigned char)c. Returns dst. */
void *memset(void *dst, int c, size_t n);
/* Compare n bytes as unsigned char: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);
/* The first of n bytes at s equal to (unsigned char)c, or NULL. */
void *memchr(const void *s, int c, size_t n);
/* Bytes before the NUL of s. */
size_t strlen(const char *s);
/* strlen(s), but reads at most max bytes and returns at most max. */
size_t strnlen(const char *s, size_t max);
/* Compare two NUL-terminated strings as unsigned char: <0, 0 or >0. */
int strcmp(const char *a, const char *b);
/* strcmp over at most n bytes. */
int strncmp(const char *a, const char *b, size_t n);
/* The first (char)c in s, its NUL included (c = 0 finds the end), or NULL. */
char *strchr(const char *s, int c);
/* The last (char)c in s, its NUL included, or NULL. */
char *strrchr(const char *s, int c);

#endif
