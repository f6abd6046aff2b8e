/* Kernel-wide declarations: logging and stopping the machine. */
#ifndef ERIX_KERNEL_H
#define ERIX_KERNEL_H

#include "erix/abi.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <string.h> /* lib/libc's: the kernel and user space share the string functions */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes a test run hands to QEMU's isa-debug-exit. */
enum machine_exit_code {
	EXIT_PASS = 0x00,
	EXIT_FAIL = 0x01,
	EXIT_HALTED = 0x10,
};

void serial_init(void);

/* Log one character: to COM1 and to the log ring (lib/klog.c). */
void klog_putc(char c);
/*
 * Up to `max` bytes of the log from byte `position` (counted since boot) into
 * `out`; *lost says how many bytes before it the ring has already dropped.
 */
enum erix_status klog_read(uint64_t position, char *out, size_t max, size_t *length, uint64_t *next,
			   uint64_t *lost);
void pic_disable(void);
void cpu_enable_protections(void);
/* Make PAT entry 1 write-combining, when the CPU has a PAT. */
void cpu_set_pat(void);
/* True once PWT alone in a page entry selects write-combining. */
bool cpu_write_combining(void);
/* Give the kernel's own pages their final permissions (W^X; the direct map no-execute). */
void kmap_protect(void);
/* Size every PCI function's BARs once, before any driver runs (family/pci_cfg.c). */
void pci_cfg_size_bars(void);
/* Map physical memory up to `end` in the direct map (1 GiB pages past the boot's 4 GiB). */
void direct_map_extend(uint64_t end);
/* One past the last physical byte the direct map reaches. */
uint64_t direct_map_end(void);
/* True when EFER.NXE is on, so page-table entries may carry the no-execute bit. */
bool cpu_nx_enabled(void);
void serial_putc(char c);

/* printf subset: %c %s %d %i %u %x %p, the l/ll/z size modifiers, width and 0 padding. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

void machine_set_exit_on_halt(bool enabled);
noreturn void machine_exit(enum machine_exit_code code);
noreturn void machine_halt(void);

#endif
