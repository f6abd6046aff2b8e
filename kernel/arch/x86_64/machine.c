/*
 * Stopping the machine. Under a test run QEMU has an isa-debug-exit device
 * at port 0xf4: a write of v ends QEMU with exit status (v << 1) | 1, which
 * is how in-guest tests report pass, fail or halt to the host harness. On
 * other machines the write goes nowhere and the CPU halts.
 */
#include "io.h"
#include "kernel.h"

#define DEBUG_EXIT_PORT 0xf4

static bool exit_on_halt;

void machine_set_exit_on_halt(bool enabled)
{
	exit_on_halt = enabled;
}

noreturn void machine_exit(enum machine_exit_code code)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

noreturn void machine_halt(void)
{
	kprintf("EriX: halted.\n");
	if (exit_on_halt)
		machine_exit(EXIT_HALTED);
	for (;;)
		__asm__ volatile("cli; hlt");
}
