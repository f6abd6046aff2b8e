/*
 * The local APIC and its timer. The timer interrupts every thread at
 * TIMER_HZ so no thread can keep the CPU: on each tick the scheduler moves
 * the running thread to the back of its priority's queue. The timer's rate
 * is measured against the PIT (channel 2, which needs no interrupt) once at
 * boot. The APIC's registers are reached through the direct map, made
 * uncached for the 2 MiB around them.
 */
#include "apic.h"

#include "io.h"
#include "kernel.h"
#include "memlayout.h"
#include "time.h"

#define MSR_APIC_BASE        0x1b
#define APIC_BASE_ENABLE     (1u << 11)
#define APIC_REG_ID          0x20
#define APIC_REG_EOI         0xb0
#define APIC_REG_SPURIOUS    0xf0
#define APIC_REG_LVT_TIMER   0x320
#define APIC_REG_TIMER_INIT  0x380
#define APIC_REG_TIMER_COUNT 0x390
#define APIC_REG_TIMER_DIV   0x3e0
#define APIC_SOFT_ENABLE     0x100
#define LVT_PERIODIC         (1u << 17)
#define LVT_MASKED           (1u << 16)
#define TIMER_DIVIDE_16      0x3
#define PIT_HZ               1193182u
#define CALIBRATION_MS       10u
#define PTE_PWT              (1ull << 3)
#define PTE_PCD              (1ull << 4)

extern uint64_t boot_pd[4 * 512];
static volatile uint32_t *apic;
static uint32_t ticks_per_ms;
static uint64_t tsc_hz;

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void write_reg(uint32_t reg, uint32_t value)
{
	apic[reg / 4] = value;
}

static uint32_t read_reg(uint32_t reg)
{
	return apic[reg / 4];
}

/* Make the direct map's 2 MiB page holding `phys` uncached (device registers live there). */
void direct_map_uncached(uint64_t phys)
{
	uint64_t *pd = phys_to_virt((uint64_t)(uintptr_t)boot_pd);
	pd[phys >> 21] |= PTE_PCD | PTE_PWT;
	write_cr3(read_cr3());
}

/* Busy-wait `ms` milliseconds on PIT channel 2 (gate on, speaker off). */
static void pit_wait_ms(uint32_t ms)
{
	uint32_t count = PIT_HZ / 1000 * ms;
	outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
	outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	while (!(inb(0x61) & 0x20))
		;
}

static void calibrate(void)
{
	write_reg(APIC_REG_TIMER_DIV, TIMER_DIVIDE_16);
	write_reg(APIC_REG_LVT_TIMER, LVT_MASKED);
	write_reg(APIC_REG_TIMER_INIT, 0xffffffffu);
	uint64_t tsc_start = rdtsc();
	pit_wait_ms(CALIBRATION_MS);
	uint32_t elapsed = 0xffffffffu - read_reg(APIC_REG_TIMER_COUNT);
	tsc_hz = (rdtsc() - tsc_start) * (1000 / CALIBRATION_MS);
	ticks_per_ms = elapsed / CALIBRATION_MS;
	if (ticks_per_ms == 0)
		ticks_per_ms = 1;
}

void apic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) & ~0xfffull;
	direct_map_uncached(base);
	apic = phys_to_virt(base);
	write_reg(APIC_REG_SPURIOUS, APIC_SOFT_ENABLE | VECTOR_SPURIOUS);
	calibrate();
	write_reg(APIC_REG_LVT_TIMER, VECTOR_TIMER | LVT_PERIODIC);
	write_reg(APIC_REG_TIMER_INIT, ticks_per_ms * 1000 / TIMER_HZ);
	kprintf("apic: timer at %u Hz (%u ticks/ms at divide 16), TSC at %lu Hz\n", TIMER_HZ,
		ticks_per_ms, tsc_hz);
	time_init(tsc_hz);
}

uint8_t apic_id(void)
{
	return (uint8_t)(read_reg(APIC_REG_ID) >> 24);
}

void apic_eoi(void)
{
	write_reg(APIC_REG_EOI, 0);
}
