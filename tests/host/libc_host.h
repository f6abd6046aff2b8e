/*
 * Force-included (gcc -include) into lib/libc's sources and test_libc.c in the
 * host build only. It renames the library's functions, so the test calls EriX's
 * code and not the host C library's (or the sanitizers' interceptors) of the
 * same name, and the compiler cannot replace the calls with its builtins.
 */
#ifndef ERIX_LIBC_HOST_H
#define ERIX_LIBC_HOST_H

#define memcpy   erix_libc_memcpy
#define memmove  erix_libc_memmove
#define memset   erix_libc_memset
#define memcmp   erix_libc_memcmp
#define memchr   erix_libc_memchr
#define strlen   erix_libc_strlen
#define strnlen  erix_libc_strnlen
#define strcmp   erix_libc_strcmp
#define strncmp  erix_libc_strncmp
#define strchr   erix_libc_strchr
#define strrchr  erix_libc_strrchr
#define malloc   erix_libc_malloc
#define free     erix_libc_free
#define calloc   erix_libc_calloc
#define realloc  erix_libc_realloc
#define strtol   erix_libc_strtol
#define strtoul  erix_libc_strtoul
#define errno    erix_libc_errno
#define isdigit  erix_libc_isdigit
#define islower  erix_libc_islower
#define isupper  erix_libc_isupper
#define isalpha  erix_libc_isalpha
#define isalnum  erix_libc_isalnum
#define isxdigit erix_libc_isxdigit
#define isspace  erix_libc_isspace
#define isprint  erix_libc_isprint
#define tolower  erix_libc_tolower
#define toupper  erix_libc_toupper

#endif
