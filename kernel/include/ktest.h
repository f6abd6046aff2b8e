/* In-kernel tests, selected by erix.test=NAME on the kernel command line. */
#ifndef ERIX_KTEST_H
#define ERIX_KTEST_H

#include <stdnoreturn.h>

#include "boot/handoff.h"
#include "boot/rootspace.h"

/* Run the named kernel test (TAP on COM1, then machine_exit()); returns for other names. */
void ktest_run(const char *name, const struct boot_handoff *handoff, struct rootspace *root);

#endif
