/* System calls: the table of erix/syscall.h numbers and their handlers. */
#ifndef ERIX_KERNEL_SYSCALL_H
#define ERIX_KERNEL_SYSCALL_H

#include "object/thread.h"

/* Perform the system call in t->context (RAX, RDI) and put its results there (RAX, RDX). */
void syscall_handle(struct thread *t);

#endif
