/*
 * The kernel's side of every entry from user mode: system calls, exceptions
 * and interrupts (the timer's tick is how the scheduler preempts). The running thread's registers
 * are saved into its thread object, the event is handled, the scheduler picks who runs next, and
 * that thread's registers go back into the frame trap_return restores. When no thread can run, a
 * test run ends here; otherwise the CPU waits.
 *
 * FS and GS bases are not saved on entry: the thread object's values are the truth, and the CPU
 * gets them when the kernel switches to another thread. User code cannot set a base itself
 * (CR4.FSGSBASE is off); a selector load can only zero it or leave it (gdt.c). So while the CPU
 * holds no non-zero base and the next thread has none, nothing is written: threads that never
 * set a base cost the switch one test. A thread's own selector load lasts until the kernel next
 * switches to it from another thread; it never reaches another thread.
 */
#include "entry.h"

#include "apic.h"
#include "io.h"
#include "ioapic.h"
#include "irq.h"
#include "kernel.h"
#include "object/endpoint.h"
#include "pager_ctl.h"
#include "pcie_hotplug.h"
#include "syscall.h"
#include "time.h"

static bool exit_when_idle;

void entry_set_exit_when_idle(bool enabled)
{
	exit_when_idle = enabled;
}

static const char *const user_exception_names[32] = {
	[0] = "#DE divide error",         [1] = "#DB debug",
	[3] = "#BP breakpoint",           [4] = "#OF overflow",
	[5] = "#BR bound range",          [6] = "#UD invalid opcode",
	[7] = "#NM device not available", [13] = "#GP general protection",
	[14] = "#PF page fault",          [16] = "#MF x87 error",
	[17] = "#AC alignment check",     [19] = "#XM SIMD error",
};

/*
 * Send t's fault to its fault endpoint as a pager_ctl fault message, built in
 * t's own IPC buffer with the generated encoder; false when there is nowhere
 * to send it. The thread stays stopped until its pager resolves the fault.
 */
static bool send_fault(struct thread *t)
{
	struct erix_msg *buffer = thread_ipc_buffer(t);
	if (cap_is_empty(&t->fault_ep) || !buffer)
		return false;
	struct pager_ctl_fault_req req = {
		.info = {
			.thread_badge = t->fault_ep.badge,
			.address = t->fault_address,
			.ip = t->context.rip,
			.sp = t->context.rsp,
			.error_code = t->fault_error,
			.kind = thread_fault_kind(t),
			.access = thread_fault_access(t),
			.present = t->fault_vector == 14 && (t->fault_error & 1),
			.vector = t->fault_vector,
		}};
	if (pager_ctl_fault_req_encode(&req, buffer) != ERIX_OK)
		return false;
	t->ipc_is_fault = 1;
	if (endpoint_send(&t->fault_ep, t, false, true) != ERIX_OK) {
		t->ipc_is_fault = 0;
		return false;
	}
	t->fault_pending = 1;
	if (t->state == THREAD_RUNNABLE) /* delivered at once: still stopped */
		sched_block(t, THREAD_BLOCKED);
	return true;
}

/*
 * An exception in user mode goes to the thread's pager, or stops the thread as faulted. Out of
 * line, so that kernel_entry (the IPC fast path too) does not save the registers it needs.
 */
static __attribute__((noinline)) void user_exception(struct thread *t, const struct trap_frame *f)
{
	unsigned vector = (unsigned)f->vector;
	const char *name = vector < 32 && user_exception_names[vector]
				   ? user_exception_names[vector]
				   : "exception";
	t->fault_vector = (uint8_t)vector;
	t->fault_address = vector == 14 ? read_cr2() : f->rip;
	t->fault_error = f->error_code;
	if (send_fault(t))
		return;
	kprintf("EriX: thread faulted: %s (vector %u) at %016lx, error %lx, address %016lx\n", name,
		vector, f->rip, f->error_code, t->fault_address);
	sched_block(t, THREAD_FAULTED);
}

/* Run in t's address space from here on. */
static void switch_address_space(const struct thread *t)
{
	if (read_cr3() != t->vspace.object)
		write_cr3(t->vspace.object);
}

/* The CPU may hold a non-zero FS or GS base: the last thread switched to has one. */
static bool cpu_segment_bases;

/* Give the CPU next's FS and GS bases, unless next is the thread that was running. */
static __attribute__((noinline, cold)) void switch_segment_bases(const struct thread *next)
{
	if (next == current_thread)
		return;
	arch_set_segment_bases(next->fs_base, next->gs_base);
	cpu_segment_bases = next->segment_bases;
}

/* Run `next` from here on; its saved registers are what to resume. */
static inline __attribute__((always_inline)) struct trap_frame *switch_to(struct thread *next)
{
	if (__builtin_expect(cpu_segment_bases | next->segment_bases, 0))
		switch_segment_bases(next); /* else both are 0: nothing to write */
	current_thread = next;
	switch_address_space(next);
	arch_set_user_frame(&next->context);
	return &next->context;
}

/* The saved registers of the next thread to run, waiting (or ending a test run) when none can. */
static struct trap_frame *resume_next(void)
{
	struct thread *next = sched_pick();
	while (next && cap_is_empty(&next->vspace)) {
		kprintf("EriX: a thread lost its address space; it is stopped\n");
		sched_block(next, THREAD_INACTIVE);
		next = sched_pick();
	}
	if (!next && !timers_pending() && exit_when_idle) { /* a test run ends here */
		kprintf("EriX: no thread can run; the system is idle.\n");
		machine_exit(EXIT_PASS);
	}
	while (!next) { /* wait for an interrupt to make a thread runnable */
		__asm__ volatile("sti; hlt; cli");
		next = sched_pick();
		if (!next && !timers_pending() && exit_when_idle) {
			kprintf("EriX: no thread can run; the system is idle.\n");
			machine_exit(EXIT_PASS);
		}
	}
	return switch_to(next);
}

void interrupt_handle(unsigned vector)
{
	if (vector == VECTOR_SPURIOUS)
		return;
	if (vector == VECTOR_TIMER) {
		timer_tick();
		sched_rotate(current_thread); /* round robin within a priority */
	} else if (vector == VECTOR_HOTPLUG)
		pcie_hotplug_interrupt();
	else if (vector >= VECTOR_IRQ_BASE && vector - VECTOR_IRQ_BASE < ioapic_lines())
		irq_deliver(vector - VECTOR_IRQ_BASE);
	apic_eoi();
}

struct trap_frame *kernel_entry(struct trap_frame *f)
{
	struct thread *t = current_thread; /* f is &t->context: saved in place */
	if (f->vector == VECTOR_SYSCALL) {
		struct thread *partner = endpoint_fastpath(t);
		if (partner)
			return switch_to(partner);
		syscall_handle(t);
	} else if (f->vector >= 32)
		interrupt_handle((unsigned)f->vector);
	else
		user_exception(t, f);
	return resume_next();
}

noreturn void kernel_start_user(void)
{
	struct thread *first = sched_pick();
	if (!first) {
		kprintf("EriX: no thread to start\n");
		machine_halt();
	}
	arch_enter_user(switch_to(first));
}
