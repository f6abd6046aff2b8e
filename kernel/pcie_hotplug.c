/*
 * PCI Express native hotplug (the standard hot-plug controller of a root or
 * downstream port). At boot every bridge on buses 0..255 is checked for a
 * PCI Express capability whose Slot Capabilities say Hot-Plug Capable; up
 * to MAX_PORTS such ports are kept. For each, the functions already present
 * below it (secondary bus, device 0) are noted without events, and the
 * port's own interrupt is pointed at the local APIC on VECTOR_HOTPLUG: MSI
 * when the port has it, else entry "interrupt message number" of its MSI-X
 * table (the table's BAR must lie in the direct map's first 4 GiB). No INTx:
 * routing a bridge's INTx needs the ACPI _PRT, and ACPI device-check
 * notifications need an AML interpreter, which the kernel does not have.
 * Slot Control then enables attention-button, presence-detect-changed and
 * (where the link reports it) data-link-layer-state-changed interrupts.
 *
 * On the interrupt each port's Slot Status is read and its event bits
 * cleared (they are write-1-to-clear; an MSI is sent again only once all
 * enabled events are clear, so a port is read until none is left):
 *   - presence detected: slot power on (power indicator on), the functions
 *     below are read (vendor, device, class) and each is reported added;
 *   - presence lost, or the link went down: each function noted present is
 *     reported removed with the identifiers it had;
 *   - attention button (the "please remove" request; QEMU's device_del):
 *     slot power and power indicator off, the functions reported removed.
 *     Pressed on a powered-off occupied slot, it powers it on again.
 * The table of what is present is the one truth: a function is reported
 * added only into an empty slot, and removed only once.
 */
#include "pcie_hotplug.h"

#include "apic.h"
#include "hotplug_queue.h"
#include "kernel.h"
#include "memlayout.h"
#include "pci_config.h"

#define MAX_PORTS      8
#define MAX_CAPS       48 /* a capability list longer than this is taken as broken */
#define VENDOR_ABSENT  0xffff
#define REG_ID         0x00
#define REG_COMMAND    0x04 /* command low, status high (bit 4 of status: capability list) */
#define REG_CLASS      0x08
#define REG_HEADER     0x0c /* header type in bits 16-23 */
#define REG_BAR0       0x10
#define REG_BUSES      0x18 /* bridge: primary, secondary, subordinate bus */
#define REG_CAP_PTR    0x34
#define STATUS_CAPS    (1u << 20)
#define COMMAND_MEMORY 0x2
#define COMMAND_MASTER 0x4 /* lets the port write its MSI upstream */
#define HEADER_MULTI   0x80
#define HEADER_BRIDGE  0x01

#define CAP_MSI  0x05
#define CAP_PCIE 0x10
#define CAP_MSIX 0x11

/* PCI Express capability registers (offsets from the capability). */
#define PCIE_FLAGS           0x00 /* in bits 16-31: slot implemented (bit 8), message number (9-13) */
#define PCIE_LINK_CAPS       0x0c
#define PCIE_LINK            0x10 /* link status in bits 16-31 */
#define PCIE_SLOT_CAPS       0x14
#define PCIE_SLOT            0x18 /* slot control in bits 0-15, slot status in 16-31 */
#define FLAG_SLOT            (1u << 8)
#define LINK_CAPS_DLL_ACTIVE (1u << 20)
#define LINK_DLL_ACTIVE      (1u << 13)
#define SLOT_CAPS_HOTPLUG    (1u << 6)
#define SLOT_CAPS_POWER_CTL  (1u << 1)

/* Slot Control. */
#define CTL_BUTTON_ENABLE   (1u << 0)
#define CTL_PRESENCE_ENABLE (1u << 3)
#define CTL_HOTPLUG_ENABLE  (1u << 5)
#define CTL_POWER_INDICATOR (3u << 8) /* 01 on, 11 off */
#define CTL_INDICATOR_ON    (1u << 8)
#define CTL_POWER_OFF       (1u << 10)
#define CTL_LINK_ENABLE     (1u << 12)

/* Slot Status. */
#define STA_BUTTON           (1u << 0)
#define STA_PRESENCE_CHANGED (1u << 3)
#define STA_PRESENT          (1u << 6)
#define STA_LINK_CHANGED     (1u << 8)
#define STA_EVENTS           0x11f /* button, power fault, MRL, presence changed, command done, link */

/* MSI and MSI-X. */
#define MSI_ENABLE       (1u << 16) /* in the capability's first word */
#define MSI_64BIT        (1u << 23)
#define MSI_MULTIPLE     (7u << 20) /* multiple message enable: 0 means one */
#define MSIX_ENABLE      (1u << 31)
#define MSIX_MASK_ALL    (1u << 30)
#define MSIX_SIZE(w)     (((w) >> 16 & 0x7ff) + 1)
#define MSI_ADDRESS_APIC 0xfee00000u
#define BAR_MEMORY_64    0x4
#define FOUR_GIB         (1ull << 32)

struct function_ids {
	uint16_t vendor, product;
	uint8_t class_code, subclass, prog_if;
};

struct port {
	uint8_t bus, device, function, cap;
	uint8_t secondary;                /* the bus below, as when the port was last scanned */
	uint8_t present;                  /* bit f: function f below is noted present */
	struct function_ids functions[8]; /* valid where present */
};

static struct port ports[MAX_PORTS];
static uint32_t port_count;

static uint32_t port_read(const struct port *p, uint16_t offset)
{
	return pci_config_read32(p->bus, p->device, p->function, offset);
}

static void port_write(const struct port *p, uint16_t offset, uint32_t value)
{
	pci_config_write32(p->bus, p->device, p->function, offset, value);
}

/* The offset of capability `id` of bus/device/function, or 0 when it has none. */
static uint8_t find_cap(uint8_t bus, uint8_t device, uint8_t function, uint8_t id)
{
	if (!(pci_config_read32(bus, device, function, REG_COMMAND) & STATUS_CAPS))
		return 0;
	uint8_t at = (uint8_t)pci_config_read32(bus, device, function, REG_CAP_PTR) & 0xfc;
	for (int i = 0; at >= 0x40 && i < MAX_CAPS; i++) {
		uint32_t word = pci_config_read32(bus, device, function, at);
		if ((word & 0xff) == id)
			return at;
		at = (uint8_t)(word >> 8) & 0xfc;
	}
	return 0;
}

/* Slot Control and Status as one word: write `control`, clearing the status bits in `clear`. */
static void slot_write(const struct port *p, uint32_t control, uint32_t clear)
{
	port_write(p, (uint16_t)(p->cap + PCIE_SLOT), (control & 0xffff) | clear << 16);
}

static uint32_t slot_control(const struct port *p)
{
	return port_read(p, (uint16_t)(p->cap + PCIE_SLOT)) & 0xffff;
}

static uint32_t slot_status(const struct port *p)
{
	return port_read(p, (uint16_t)(p->cap + PCIE_SLOT)) >> 16;
}

static bool slot_powered(const struct port *p)
{
	bool controlled = port_read(p, (uint16_t)(p->cap + PCIE_SLOT_CAPS)) & SLOT_CAPS_POWER_CTL;
	return !controlled || !(slot_control(p) & CTL_POWER_OFF);
}

/* Slot power and power indicator both on or both off. */
static void slot_power(const struct port *p, bool on)
{
	uint32_t control = slot_control(p) & ~(CTL_POWER_OFF | CTL_POWER_INDICATOR);
	control |= on ? CTL_INDICATOR_ON : CTL_POWER_OFF | CTL_POWER_INDICATOR;
	slot_write(p, control, 0);
}

static bool link_active(const struct port *p)
{
	return port_read(p, (uint16_t)(p->cap + PCIE_LINK)) >> 16 & LINK_DLL_ACTIVE;
}

/* Queue one event for function `f` below `p`, with the identifiers noted for it. */
static void report(const struct port *p, uint8_t f, uint8_t kind)
{
	const struct function_ids *ids = &p->functions[f];
	struct hotplug_hotplug_event e = {.bus_number = p->secondary,
					  .function_number = f,
					  .kind = kind,
					  .bus_type = HOTPLUG_BUS_KIND_PCI,
					  .class_code = ids->class_code,
					  .subclass = ids->subclass,
					  .prog_if = ids->prog_if,
					  .vendor_id = ids->vendor,
					  .product_id = ids->product};
	kprintf("hotplug: %02x:00.%u %04x:%04x %s\n", p->secondary, f, ids->vendor, ids->product,
		kind == HOTPLUG_EVENT_KIND_DEVICE_ADDED ? "added" : "removed");
	hotplug_queue_event(&e);
}

/* Note the functions now answering below `p` (device 0 of its secondary bus); report them when
 * `tell`. */
static void scan(struct port *p, bool tell)
{
	p->secondary = (uint8_t)(port_read(p, REG_BUSES) >> 8);
	if (p->secondary == 0 ||
	    (uint16_t)pci_config_read32(p->secondary, 0, 0, REG_ID) == VENDOR_ABSENT)
		return;
	bool multi = pci_config_read32(p->secondary, 0, 0, REG_HEADER) >> 16 & HEADER_MULTI;
	for (uint8_t f = 0; f < (multi ? 8 : 1); f++) {
		uint32_t id = pci_config_read32(p->secondary, 0, f, REG_ID);
		uint32_t class = pci_config_read32(p->secondary, 0, f, REG_CLASS);
		if ((uint16_t)id == VENDOR_ABSENT)
			continue;
		p->functions[f] = (struct function_ids){
			(uint16_t)id, (uint16_t)(id >> 16), (uint8_t)(class >> 24),
			(uint8_t)(class >> 16), (uint8_t)(class >> 8)};
		p->present |= (uint8_t)(1u << f);
		if (tell)
			report(p, f, HOTPLUG_EVENT_KIND_DEVICE_ADDED);
	}
}

/* Report every function noted below `p` removed, and forget them. */
static void forget(struct port *p)
{
	for (uint8_t f = 0; f < 8; f++)
		if (p->present & (1u << f))
			report(p, f, HOTPLUG_EVENT_KIND_DEVICE_REMOVED);
	p->present = 0;
}

/* Act on the slot events `events` of `p`, with `status` its Slot Status as read. */
static void handle(struct port *p, uint32_t events, uint32_t status)
{
	bool present = status & STA_PRESENT;
	if ((events & STA_BUTTON) && present && slot_powered(p) && p->present) {
		slot_power(p, false);
		forget(p);
	} else if ((events & STA_BUTTON) && present && !p->present) {
		slot_power(p, true);
		scan(p, true);
	}
	if ((events & STA_PRESENCE_CHANGED) && !present)
		forget(p);
	if ((events & STA_PRESENCE_CHANGED) && present && !p->present) {
		slot_power(p, true);
		scan(p, true);
	}
	if ((events & STA_LINK_CHANGED) && !link_active(p))
		forget(p);
}

void pcie_hotplug_interrupt(void)
{
	for (uint32_t i = 0; i < port_count; i++) {
		struct port *p = &ports[i];
		for (int round = 0; round < 4; round++) { /* bounded: a port cannot hold the CPU */
			uint32_t status = slot_status(p), events = status & STA_EVENTS;
			if (!events)
				break;
			slot_write(p, slot_control(p), events);
			handle(p, events, status);
		}
	}
}

/* The MSI message address that reaches this CPU's local APIC. */
static uint32_t msi_address(void)
{
	return MSI_ADDRESS_APIC | (uint32_t)apic_id() << 12;
}

/* Send `p`'s MSI (one message) to VECTOR_HOTPLUG. */
static void use_msi(const struct port *p, uint8_t msi)
{
	uint32_t head = port_read(p, msi);
	port_write(p, (uint16_t)(msi + 4), msi_address());
	if (head & MSI_64BIT)
		port_write(p, (uint16_t)(msi + 8), 0);
	port_write(p, (uint16_t)(msi + (head & MSI_64BIT ? 12 : 8)), VECTOR_HOTPLUG);
	port_write(p, msi, (head & ~MSI_MULTIPLE) | MSI_ENABLE);
}

/* The physical address of `p`'s MSI-X table (a memory BAR plus offset), or 0 when out of reach. */
static uint64_t msix_table(const struct port *p, uint8_t msix)
{
	uint32_t where = port_read(p, (uint16_t)(msix + 4)), bir = where & 7;
	if (bir > 1) /* a bridge has two BARs */
		return 0;
	uint16_t reg = (uint16_t)(REG_BAR0 + 4 * bir);
	uint32_t bar = port_read(p, reg);
	bool wide = (bar & 6) == BAR_MEMORY_64;
	if ((bar & 1) || (wide && (bir == 1 || port_read(p, (uint16_t)(reg + 4)))))
		return 0; /* I/O space, or placed above 4 GiB */
	uint64_t table = (uint64_t)(bar & ~0xfu) + (where & ~7u);
	return (bar & ~0xfu) && table + 4096 <= FOUR_GIB ? table : 0;
}

/* Send `p`'s MSI-X entry `entry` to VECTOR_HOTPLUG; false when its table is out of reach. */
static bool use_msix(const struct port *p, uint8_t msix, uint32_t entry)
{
	uint32_t head = port_read(p, msix);
	uint64_t table = msix_table(p, msix);
	if (!table || entry >= MSIX_SIZE(head))
		return false;
	port_write(p, REG_COMMAND,
		   (port_read(p, REG_COMMAND) & 0xffff) | COMMAND_MEMORY); /* the table */
	direct_map_uncached(table);
	volatile uint32_t *slot = (volatile uint32_t *)phys_to_virt(table) + 4 * entry;
	slot[0] = msi_address();
	slot[1] = 0;
	slot[2] = VECTOR_HOTPLUG;
	slot[3] = 0; /* unmasked */
	port_write(p, msix, (head & ~MSIX_MASK_ALL) | MSIX_ENABLE);
	return true;
}

/* Point `p`'s interrupt at VECTOR_HOTPLUG; names the mechanism, or NULL when there is none. */
static const char *route_interrupt(const struct port *p)
{
	uint8_t msi = find_cap(p->bus, p->device, p->function, CAP_MSI);
	uint8_t msix = find_cap(p->bus, p->device, p->function, CAP_MSIX);
	uint32_t entry = port_read(p, (uint16_t)(p->cap + PCIE_FLAGS)) >> 25 & 0x1f;
	port_write(p, REG_COMMAND, (port_read(p, REG_COMMAND) & 0xffff) | COMMAND_MASTER);
	if (msi) {
		use_msi(p, msi);
		return "MSI";
	}
	return msix && use_msix(p, msix, entry) ? "MSI-X" : NULL;
}

/* Enable the slot interrupts of `p`, clearing stale events; power an occupied slot on. */
static void enable_slot(const struct port *p)
{
	uint32_t control =
		slot_control(p) | CTL_BUTTON_ENABLE | CTL_PRESENCE_ENABLE | CTL_HOTPLUG_ENABLE;
	if (port_read(p, (uint16_t)(p->cap + PCIE_LINK_CAPS)) & LINK_CAPS_DLL_ACTIVE)
		control |= CTL_LINK_ENABLE;
	slot_write(p, control, STA_EVENTS);
	if (p->present)
		slot_power(p, true);
}

/* Keep the port at bus/device/function when it is a hotplug-capable PCI Express port. */
static void consider(uint8_t bus, uint8_t device, uint8_t function)
{
	uint8_t cap = find_cap(bus, device, function, CAP_PCIE);
	if (!cap || port_count == MAX_PORTS)
		return;
	struct port *p = &ports[port_count];
	*p = (struct port){.bus = bus, .device = device, .function = function, .cap = cap};
	if (!(port_read(p, cap + PCIE_FLAGS) >> 16 & FLAG_SLOT) ||
	    !(port_read(p, (uint16_t)(cap + PCIE_SLOT_CAPS)) & SLOT_CAPS_HOTPLUG))
		return;
	scan(p, false);
	const char *how = route_interrupt(p);
	if (!how) {
		kprintf("hotplug: port %02x:%02x.%u has no MSI or MSI-X in reach; not used\n", bus,
			device, function);
		return;
	}
	enable_slot(p);
	port_count++;
	kprintf("hotplug: port %02x:%02x.%u, bus %02x below (%s), %s on vector 0x%x\n", bus, device,
		function, p->secondary, p->present ? "occupied" : "empty", how, VECTOR_HOTPLUG);
}

/* Consider every bridge function of `device` on `bus`. */
static void scan_device(uint8_t bus, uint8_t device)
{
	if ((uint16_t)pci_config_read32(bus, device, 0, REG_ID) == VENDOR_ABSENT)
		return;
	bool multi = pci_config_read32(bus, device, 0, REG_HEADER) >> 16 & HEADER_MULTI;
	for (uint8_t f = 0; f < (multi ? 8 : 1); f++) {
		uint32_t type = pci_config_read32(bus, device, f, REG_HEADER) >> 16 & 0x7f;
		if (type == HEADER_BRIDGE)
			consider(bus, device, f);
	}
}

void pcie_hotplug_init(void)
{
	for (uint32_t bus = 0; bus < 256; bus++)
		for (uint8_t device = 0; device < 32; device++)
			scan_device((uint8_t)bus, device);
	kprintf("hotplug: %u PCI Express hotplug ports\n", port_count);
}
