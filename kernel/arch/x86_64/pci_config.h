/*
 * PCI configuration space through the legacy mechanism (ports 0xcf8/0xcfc):
 * segment 0, offsets 0..255. The address select and the data access are a
 * pair; one CPU, and interrupts off in the kernel, keep them together.
 */
#ifndef ERIX_X86_PCI_CONFIG_H
#define ERIX_X86_PCI_CONFIG_H

#include <stdint.h>

/* The 32-bit configuration word at `offset` (rounded down to 4) of bus/device/function. */
uint32_t pci_config_read32(uint8_t bus, uint8_t device, uint8_t function, uint16_t offset);

/* Write the 32-bit configuration word at `offset` (rounded down to 4). */
void pci_config_write32(uint8_t bus, uint8_t device, uint8_t function, uint16_t offset,
			uint32_t value);

#endif
