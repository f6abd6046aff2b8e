/*
 * errno for EriX user programs: one plain variable per program (a task has
 * one thread). Only the library functions that C says set it do (strtol,
 * strtoul); EriX's own interfaces return enum erix_status instead.
 */
#ifndef ERIX_LIBC_ERRNO_H
#define ERIX_LIBC_ERRNO_H

#define EINVAL 22
#define ERANGE 34

extern int errno;

#endif
