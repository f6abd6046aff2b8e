/* Constants shared by the x86-64 assembly and C (plain #defines only). */
#ifndef ERIX_X86_CPU_LAYOUT_H
#define ERIX_X86_CPU_LAYOUT_H

#define GDT_KERNEL_CODE    0x08
#define GDT_KERNEL_DATA    0x10
#define GDT_USER_DATA      0x18 /* in this order for SYSRET: data at STAR base + 8, code + 16 */
#define GDT_USER_CODE      0x20
#define GDT_TSS            0x28
#define RPL_USER           3
#define GDT_USER_DATA_RPL3 (GDT_USER_DATA | RPL_USER)
#define GDT_USER_CODE_RPL3 (GDT_USER_CODE | RPL_USER)

#define VECTOR_SYSCALL  0x100 /* not a CPU vector: marks a trap frame built by syscall_entry */
#define TRAP_FRAME_SIZE (22 * 8)
#define TRAP_FRAME_CS   (18 * 8) /* offset of the saved CS */

#endif
