/* In-kernel tests, selected by erix.test=NAME on the kernel command line. */
#ifndef ERIX_KTEST_H
#define ERIX_KTEST_H

#include <stdnoreturn.h>

#include "boot/handoff.h"
#include "boot/rootspace.h"

/* Run the named test, report TAP on COM1 and end the run through machine_exit(). */
noreturn void ktest_run(const char *name, const struct boot_handoff *handoff,
                        struct rootspace *root);

#endif
