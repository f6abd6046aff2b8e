/* Turning on the `syscall` instruction (see syscall.S for the entry path). */
#include "cpu.h"
#include "io.h"
#include "kernel.h"

#define MSR_EFER  0xc0000080
#define MSR_STAR  0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE  (1u << 0)
/* Cleared on entry: IF (no interrupts until the kernel is ready), DF, TF, AC. */
#define FMASK_BITS (0x200u | 0x400u | 0x100u | 0x40000u)

void syscall_entry(void);

_Noreturn void arch_resume_user(struct trap_frame *frame);

_Noreturn void arch_enter_user(struct trap_frame *frame)
{
	arch_set_user_frame(frame);
	arch_resume_user(frame);
}

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)GDT_KERNEL_DATA << 48) | ((uint64_t)GDT_KERNEL_CODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_BITS);
}
