/* Entries from user mode, and the first exit to it. */
#ifndef ERIX_ENTRY_H
#define ERIX_ENTRY_H

#include <stdbool.h>
#include <stdnoreturn.h>

#include "cpu.h"
#include "object/thread.h"

/*
 * Handle a system call, user exception or interrupt whose registers were
 * saved at `f` (the running thread's own); returns the saved registers of
 * whichever thread runs next.
 */
struct trap_frame *kernel_entry(struct trap_frame *f);

/* Handle interrupt `vector` (the timer's tick fires due timers) and acknowledge it. */
void interrupt_handle(unsigned vector);

/* Run the highest-priority runnable thread; never returns. */
noreturn void kernel_start_user(void);

/* In a test run, the system going idle ends the run (the tests report through TAP). */
void entry_set_exit_when_idle(bool enabled);

#endif
