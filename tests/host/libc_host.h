/*
 * Force-included (gcc -include) into lib/libc's sources and test_libc.c in the
 * host build only. It renames the library's functions, so the test calls EriX's
 * code and not the host C library's (or the sanitizers' interceptors) of the
 * same name, and the compiler cannot replace the calls with its builtins.
 */
#ifndef ERIX_LIBC_HOST_H
#define ERIX_LIBC_HOST_H

#define memcpy  erix_libc_memcpy
#define memmove erix_libc_memmove
#define memset  erix_libc_memset
#define memcmp  erix_libc_memcmp
#define memchr  erix_libc_memchr
#define strlen  erix_libc_strlen
#define strnlen erix_libc_strnlen
#define strcmp  erix_libc_strcmp
#define strncmp erix_libc_strncmp

#endif
