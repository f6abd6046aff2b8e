/* The local APIC: timer interrupts and end-of-interrupt. */
#ifndef ERIX_X86_APIC_H
#define ERIX_X86_APIC_H

#include <stdint.h>

#include "time.h"

#define VECTOR_TIMER    0x20
#define VECTOR_SPURIOUS 0xff
#define TIMER_HZ        100

/* Enable the local APIC and start the periodic timer. */
void apic_init(void);

/* This CPU's local APIC id (what an MSI's destination names). */
uint8_t apic_id(void);

/* Tell the APIC the current interrupt is handled. */
void apic_eoi(void);

/* Make the direct map's 2 MiB page holding `phys` uncached. */
void direct_map_uncached(uint64_t phys);

#endif
