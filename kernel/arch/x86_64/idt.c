/*
 * The interrupt descriptor table. Every vector has a stub in trap.S: the CPU
 * exceptions (0-31) and the interrupts (32-255), so no interrupt can end in
 * a silent triple fault.
 */
#include "cpu.h"
#include "kernel.h"

#define IDT_VECTORS         256
#define EXCEPTION_VECTORS   32
#define GATE_INTERRUPT      0x8e /* present, DPL 0, 64-bit interrupt gate */
#define VECTOR_DOUBLE_FAULT 8

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t trap_stubs[EXCEPTION_VECTORS];
extern const char irq_stubs[];
#define IRQ_STUB_SIZE 16
static struct idt_gate idt[IDT_VECTORS];

static void set_gate(unsigned vector, uint64_t handler, uint8_t ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xffff,
		.selector = GDT_KERNEL_CODE,
		.ist = ist,
		.type = GATE_INTERRUPT,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_high = handler >> 32,
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < EXCEPTION_VECTORS; v++)
		set_gate(v, trap_stubs[v], v == VECTOR_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0);
	for (unsigned v = EXCEPTION_VECTORS; v < IDT_VECTORS; v++)
		set_gate(v,
			 (uint64_t)(uintptr_t)(irq_stubs + (v - EXCEPTION_VECTORS) * IRQ_STUB_SIZE),
			 0);
	struct descriptor_pointer idtr = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
