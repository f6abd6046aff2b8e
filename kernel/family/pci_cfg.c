/*
 * The PCI configuration family: reads of PCI configuration space, for the
 * bus reporter. It grants reading only: no method writes configuration
 * space, so a holder cannot move a BAR, enable bus mastering or reroute an
 * interrupt. Access goes through the legacy mechanism (pci_config.c).
 *
 * Only the legacy mechanism is used, so only segment 0 and offsets 0..255
 * exist: a wider offset, a device over 31 or a function over 7 is
 * invalid_argument; another segment, or an address with no function (vendor
 * 0xffff; functions 1..7 only when function 0 is multi-function) is
 * not_found. Every answer is read from the hardware at the time of the call:
 * enumerate walks bus 0..255, device 0..31 and function 0..7 afresh each
 * time and keeps no list.
 *
 * read_bars answers from a table the kernel fills once at boot
 * (pci_cfg_size_bars): for each function found then, with its decoding
 * briefly turned off, each BAR is written all-ones, read back for its size,
 * and restored. That happens before any driver runs (the kernel's only
 * other configuration writes are to the Slot Control and interrupt
 * registers of hotplug ports, pcie_hotplug.c); a function that appears
 * later, or past the table's SIZED_MAX, has no sizes (not_found).
 */
#include "pci_cfg.h"
#include "invoke.h"
#include "kernel.h"
#include "pci_config.h"

#define PCI_CONFIG_SIZE   256               /* what the legacy mechanism reaches */
#define PCI_SLOT_COUNT    (256u * 32u * 8u) /* bus, device, function */
#define PCI_MAX_DEVICE    31
#define PCI_MAX_FUNCTION  7
#define PCI_VENDOR_ABSENT 0xffff
#define ENUMERATE_MAX     16

#define REG_ID           0x00 /* vendor, device */
#define REG_CLASS        0x08 /* revision, prog_if, subclass, class */
#define REG_HEADER       0x0c /* header type in byte 2 */
#define REG_SUBSYSTEM    0x2c /* subsystem vendor, subsystem (header type 0) */
#define REG_INTERRUPT    0x3c /* interrupt line, interrupt pin */
#define REG_COMMAND      0x04 /* command in the low 16 bits, status above */
#define REG_BAR0         0x10
#define COMMAND_DECODE   0x3 /* I/O space and memory space enable */
#define BAR_IO           0x1
#define BAR_TYPE_64      0x4 /* memory BAR type 2 (bits 1-2): 64-bit */
#define BAR_PREFETCH     0x8
#define SIZED_MAX        64
#define HEADER_MULTI     0x80
#define HEADER_TYPE_MASK 0x7f

/* `width` bytes (1, 2 or 4) at `offset` (aligned to width, below 256) of `a`. */
static uint32_t config_read(const struct pci_cfg_pci_address *a, uint16_t offset, uint16_t width)
{
	uint32_t word =
		pci_config_read32(a->bus_number, a->device_number, a->function_number, offset);
	uint32_t value = word >> (8 * (offset & 3));
	return width == 4 ? value : value & ((1u << (8 * width)) - 1);
}

static uint16_t vendor_of(uint8_t bus, uint8_t device, uint8_t function)
{
	return (uint16_t)pci_config_read32(bus, device, function, REG_ID);
}

/* How many function numbers device `device` on `bus` has: 0 absent, 8 multi-function, else 1. */
static uint8_t function_span(uint8_t bus, uint8_t device)
{
	if (vendor_of(bus, device, 0) == PCI_VENDOR_ABSENT)
		return 0;
	uint8_t header_type = (uint8_t)(pci_config_read32(bus, device, 0, REG_HEADER) >> 16);
	return header_type & HEADER_MULTI ? 8 : 1;
}

/* True when a function answers at `a` (fields already in range). */
static bool function_present(const struct pci_cfg_pci_address *a)
{
	if (a->segment != 0 || a->function_number >= function_span(a->bus_number, a->device_number))
		return false;
	return a->function_number == 0 ||
	       vendor_of(a->bus_number, a->device_number, a->function_number) != PCI_VENDOR_ABSENT;
}

/* Check `a` and a `width`-byte access at `offset`: invalid_argument, not_found or ok. */
static enum erix_status check_access(const struct pci_cfg_pci_address *a, uint16_t offset,
				     uint16_t width)
{
	if (a->device_number > PCI_MAX_DEVICE || a->function_number > PCI_MAX_FUNCTION ||
	    offset >= PCI_CONFIG_SIZE || offset % width != 0)
		return ERIX_E_INVALID_ARGUMENT;
	return function_present(a) ? ERIX_OK : ERIX_E_NOT_FOUND;
}

/* The address of slot number `slot` (bus << 8 | device << 3 | function) in segment 0. */
static struct pci_cfg_pci_address slot_address(uint32_t slot)
{
	return (struct pci_cfg_pci_address){.bus_number = (uint8_t)(slot >> 8),
					    .device_number = (uint8_t)(slot >> 3 & 31),
					    .function_number = (uint8_t)(slot & 7)};
}

/* Move *slot to the first present function at or after it; false when none is left. */
static bool seek_present(uint32_t *slot)
{
	while (*slot < PCI_SLOT_COUNT) {
		struct pci_cfg_pci_address a = slot_address(*slot);
		if (a.function_number >= function_span(a.bus_number, a.device_number))
			*slot = (*slot | 7) + 1; /* no more functions on this device */
		else if (a.function_number == 0 ||
			 vendor_of(a.bus_number, a.device_number, a.function_number) !=
				 PCI_VENDOR_ABSENT)
			return true;
		else
			(*slot)++;
	}
	return false;
}

/* Fill `f` from the configuration header of the present function at `a`. */
static void describe(const struct pci_cfg_pci_address *a, struct pci_cfg_pci_function *f)
{
	uint32_t id = config_read(a, REG_ID, 4), class = config_read(a, REG_CLASS, 4);
	uint32_t interrupt = config_read(a, REG_INTERRUPT, 4);
	f->address = *a;
	f->vendor_id = (uint16_t)id;
	f->product_id = (uint16_t)(id >> 16);
	f->revision = (uint8_t) class;
	f->prog_if = (uint8_t)(class >> 8);
	f->subclass = (uint8_t)(class >> 16);
	f->class_code = (uint8_t)(class >> 24);
	f->header_type = (uint8_t)config_read(a, REG_HEADER + 2, 1);
	f->interrupt_line = (uint8_t)interrupt;
	f->interrupt_pin = (uint8_t)(interrupt >> 8);
	if ((f->header_type & HEADER_TYPE_MASK) == 0) {
		uint32_t subsystem = config_read(a, REG_SUBSYSTEM, 4);
		f->subsystem_vendor_id = (uint16_t)subsystem;
		f->subsystem_id = (uint16_t)(subsystem >> 16);
	}
}

static enum erix_status read8(void *ctx, const struct pci_cfg_read8_req *req,
			      struct pci_cfg_read8_rep *rep)
{
	(void)ctx;
	enum erix_status st = check_access(&req->address, req->offset, 1);
	if (st == ERIX_OK)
		rep->value = (uint8_t)config_read(&req->address, req->offset, 1);
	return st;
}

static enum erix_status read16(void *ctx, const struct pci_cfg_read16_req *req,
			       struct pci_cfg_read16_rep *rep)
{
	(void)ctx;
	enum erix_status st = check_access(&req->address, req->offset, 2);
	if (st == ERIX_OK)
		rep->value = (uint16_t)config_read(&req->address, req->offset, 2);
	return st;
}

static enum erix_status read32(void *ctx, const struct pci_cfg_read32_req *req,
			       struct pci_cfg_read32_rep *rep)
{
	(void)ctx;
	enum erix_status st = check_access(&req->address, req->offset, 4);
	if (st == ERIX_OK)
		rep->value = config_read(&req->address, req->offset, 4);
	return st;
}

static enum erix_status enumerate(void *ctx, const struct pci_cfg_enumerate_req *req,
				  struct pci_cfg_enumerate_rep *rep)
{
	(void)ctx;
	uint32_t slot = 0, index = 0;
	for (; index < req->start_index && seek_present(&slot); index++)
		slot++;
	if (index < req->start_index)
		return ERIX_E_INVALID_ARGUMENT; /* fewer functions than start_index */
	uint8_t count = 0;
	for (; count < ENUMERATE_MAX && seek_present(&slot); count++) {
		struct pci_cfg_pci_address a = slot_address(slot++);
		describe(&a, &rep->functions[count]);
	}
	rep->count = count;
	rep->next_index = req->start_index + count;
	rep->end = !seek_present(&slot);
	return ERIX_OK;
}

/* The BARs of one function, as sized at boot. */
struct sized_function {
	uint32_t slot;
	uint8_t count;
	struct pci_cfg_bar_info bars[6];
};

static struct sized_function sized[SIZED_MAX];
static uint32_t sized_count;

/* Write all-ones to the BAR at `offset` of `a`, and answer what reads back; the BAR is restored. */
static uint32_t bar_mask(const struct pci_cfg_pci_address *a, uint16_t offset, uint32_t original)
{
	pci_config_write32(a->bus_number, a->device_number, a->function_number, offset, ~0u);
	uint32_t mask = config_read(a, offset, 4);
	pci_config_write32(a->bus_number, a->device_number, a->function_number, offset, original);
	return mask;
}

/* Size BAR `i` of `a` into bars[i]; answers how many BAR registers it used (2 for 64-bit). */
static int size_bar(const struct pci_cfg_pci_address *a, int i, int count,
		    struct pci_cfg_bar_info *bars)
{
	uint16_t offset = (uint16_t)(REG_BAR0 + 4 * i);
	uint32_t low = config_read(a, offset, 4), mask = bar_mask(a, offset, low);
	struct pci_cfg_bar_info *b = &bars[i];
	if (low & BAR_IO) {
		uint32_t m = mask & ~3u;
		b->kind = m ? PCI_CFG_BAR_KIND_IO_SPACE : PCI_CFG_BAR_KIND_UNUSED_BAR;
		b->base = m ? low & ~3u : 0;
		b->length = m ? (uint16_t)(~m + 1) : 0;
		return 1;
	}
	uint64_t base = low & ~0xfu, m = mask & ~0xfu;
	bool wide = (low & 0x6) == BAR_TYPE_64 && i + 1 < count;
	if (wide) {
		uint32_t high = config_read(a, (uint16_t)(offset + 4), 4);
		base |= (uint64_t)high << 32;
		m |= (uint64_t)bar_mask(a, (uint16_t)(offset + 4), high) << 32;
	}
	bool used = m != 0;
	if (!wide)
		m |= 0xffffffff00000000ull; /* a 32-bit BAR decodes no more than 4 GiB */
	b->kind = !used  ? PCI_CFG_BAR_KIND_UNUSED_BAR
		  : wide ? PCI_CFG_BAR_KIND_MEMORY64
			 : PCI_CFG_BAR_KIND_MEMORY32;
	b->base = used ? base : 0;
	b->length = used ? ~m + 1 : 0;
	b->prefetchable = used && (low & BAR_PREFETCH);
	return wide ? 2 : 1;
}

/* Size every BAR of the function at `slot` into `f`, with its decoding off meanwhile. */
static void size_function(uint32_t slot, struct sized_function *f)
{
	struct pci_cfg_pci_address a = slot_address(slot);
	uint8_t type = (uint8_t)config_read(&a, REG_HEADER + 2, 1) & HEADER_TYPE_MASK;
	int count = type == 0 ? 6 : type == 1 ? 2 : 0;
	uint32_t command = config_read(&a, REG_COMMAND, 4) & 0xffff;
	f->slot = slot;
	f->count = (uint8_t)count;
	pci_config_write32(a.bus_number, a.device_number, a.function_number, REG_COMMAND,
			   command & ~COMMAND_DECODE);
	for (int i = 0; i < count;)
		i += size_bar(&a, i, count, f->bars);
	pci_config_write32(a.bus_number, a.device_number, a.function_number, REG_COMMAND, command);
}

void pci_cfg_size_bars(void)
{
	uint32_t slot = 0;
	for (; sized_count < SIZED_MAX && seek_present(&slot); slot++)
		size_function(slot, &sized[sized_count++]);
	kprintf("pci: sized the BARs of %u functions\n", sized_count);
}

static enum erix_status read_bars(void *ctx, const struct pci_cfg_read_bars_req *req,
				  struct pci_cfg_read_bars_rep *rep)
{
	const struct pci_cfg_pci_address *a = &req->address;
	(void)ctx;
	enum erix_status st = check_access(a, 0, 4);
	if (st != ERIX_OK)
		return st;
	uint32_t slot =
		(uint32_t)a->bus_number << 8 | (uint32_t)a->device_number << 3 | a->function_number;
	for (uint32_t i = 0; i < sized_count; i++)
		if (sized[i].slot == slot) {
			rep->count = sized[i].count;
			memcpy(rep->bars, sized[i].bars, sizeof(rep->bars));
			return ERIX_OK;
		}
	return ERIX_E_NOT_FOUND; /* appeared after boot, or past the table */
}

static const struct pci_cfg_server server = {
	.read8 = read8,
	.read16 = read16,
	.read32 = read32,
	.enumerate = enumerate,
	.read_bars = read_bars,
};

bool pci_cfg_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return pci_cfg_dispatch(&server, inv, request, reply);
}
