/*
 * The legacy 8259 PICs. EriX routes interrupts through the IOAPIC, so the
 * PICs are moved off the CPU exception vectors (the BIOS leaves the timer on
 * vector 8, the double-fault vector) to 0x20-0x2f and every line is masked.
 */
#include "io.h"
#include "kernel.h"

#define PIC1_COMMAND 0x20
#define PIC1_DATA    0x21
#define PIC2_COMMAND 0xa0
#define PIC2_DATA    0xa1
#define ICW1_INIT    0x11 /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086    0x01
#define PIC1_VECTOR  0x20
#define PIC2_VECTOR  0x28

void pic_disable(void)
{
	outb(PIC1_COMMAND, ICW1_INIT);
	outb(PIC2_COMMAND, ICW1_INIT);
	outb(PIC1_DATA, PIC1_VECTOR);
	outb(PIC2_DATA, PIC2_VECTOR);
	outb(PIC1_DATA, 1u << 2); /* the slave hangs off line 2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}
