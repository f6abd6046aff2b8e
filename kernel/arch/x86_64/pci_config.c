/* PCI configuration space through ports 0xcf8/0xcfc; see pci_config.h. */
#include "pci_config.h"

#include "io.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc
#define PCI_CONFIG_ENABLE  0x80000000u

static void select(uint8_t bus, uint8_t device, uint8_t function, uint16_t offset)
{
	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE | (uint32_t)bus << 16 |
					 (uint32_t)(device & 31) << 11 |
					 (uint32_t)(function & 7) << 8 | (offset & 0xfc));
}

uint32_t pci_config_read32(uint8_t bus, uint8_t device, uint8_t function, uint16_t offset)
{
	select(bus, device, function, offset);
	return inl(PCI_CONFIG_DATA);
}

void pci_config_write32(uint8_t bus, uint8_t device, uint8_t function, uint16_t offset,
			uint32_t value)
{
	select(bus, device, function, offset);
	outl(PCI_CONFIG_DATA, value);
}
