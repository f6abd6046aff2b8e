/*
 * What the kernel does with a CPU exception. Anything from user mode (system
 * calls included) goes to kernel_entry(). In the kernel, a breakpoint (#BP)
 * is counted and resumed; any other exception is a kernel bug: every
 * register is dumped on COM1 and the machine halts.
 */
#include "apic.h"
#include "cpu.h"
#include "entry.h"
#include "io.h"
#include "kernel.h"

#define VECTOR_BREAKPOINT 3
#define VECTOR_PAGE_FAULT 14

static const char *const exception_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range exceeded",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor segment overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack-segment fault",
	"#GP general protection",
	"#PF page fault",
	"reserved (15)",
	"#MF x87 floating-point error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD floating-point",
	"#VE virtualization",
	"#CP control protection",
	"reserved (22)",
	"reserved (23)",
	"reserved (24)",
	"reserved (25)",
	"reserved (26)",
	"reserved (27)",
	"#HV hypervisor injection",
	"#VC VMM communication",
	"#SX security",
	"reserved (31)",
};

static uint64_t trap_counts[32];

uint64_t trap_count(unsigned vector)
{
	return vector < ARRAY_SIZE(trap_counts) ? trap_counts[vector] : 0;
}

static void dump_registers(const struct trap_frame *f)
{
	kprintf("  RIP=%016lx CS=%04lx RFLAGS=%016lx\n", f->rip, f->cs, f->rflags);
	kprintf("  RSP=%016lx SS=%04lx ERROR=%016lx\n", f->rsp, f->ss, f->error_code);
	kprintf("  RAX=%016lx RBX=%016lx RCX=%016lx\n", f->rax, f->rbx, f->rcx);
	kprintf("  RDX=%016lx RSI=%016lx RDI=%016lx\n", f->rdx, f->rsi, f->rdi);
	kprintf("  RBP=%016lx R8 =%016lx R9 =%016lx\n", f->rbp, f->r8, f->r9);
	kprintf("  R10=%016lx R11=%016lx R12=%016lx\n", f->r10, f->r11, f->r12);
	kprintf("  R13=%016lx R14=%016lx R15=%016lx\n", f->r13, f->r14, f->r15);
	kprintf("  CR0=%016lx CR2=%016lx CR3=%016lx CR4=%016lx\n", read_cr0(), read_cr2(),
		read_cr3(), read_cr4());
}

struct trap_frame *trap_dispatch(struct trap_frame *frame)
{
	if ((frame->cs & 3) == RPL_USER)
		return kernel_entry(frame);
	unsigned vector = (unsigned)frame->vector;
	if (vector >= 32) { /* an interrupt while the kernel idles */
		interrupt_handle(vector);
		return frame;
	}
	if (vector < ARRAY_SIZE(trap_counts))
		trap_counts[vector]++;
	if (vector == VECTOR_BREAKPOINT) {
		kprintf("EriX: breakpoint at %016lx, resuming\n", frame->rip);
		return frame;
	}
	kprintf("EriX: EXCEPTION %s (vector %u) in kernel mode\n",
		vector < 32 ? exception_names[vector] : "unknown", vector);
	if (vector == VECTOR_PAGE_FAULT)
		kprintf("  fault address %016lx\n", read_cr2());
	dump_registers(frame);
	machine_halt();
}
