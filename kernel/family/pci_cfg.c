/*
 * The PCI configuration family: reads of PCI configuration space, for the
 * bus reporter. It grants reading only: no method writes configuration
 * space, so a holder cannot move a BAR, enable bus mastering or reroute an
 * interrupt. The one port write is the address select of the legacy
 * mechanism (0xcf8), which picks the dword that 0xcfc then reads; one CPU,
 * and interrupts off in the kernel, keep the pair together.
 *
 * Only the legacy mechanism is used, so only segment 0 and offsets 0..255
 * exist: a wider offset, a device over 31 or a function over 7 is
 * invalid_argument; another segment, or an address with no function (vendor
 * 0xffff; functions 1..7 only when function 0 is multi-function) is
 * not_found. Every answer is read from the hardware at the time of the call:
 * enumerate walks bus 0..255, device 0..31 and function 0..7 afresh each
 * time and keeps no list.
 *
 * Not implemented (not_supported): read_bars. Its BAR lengths come from
 * sizing at boot, which writes all-ones to each BAR; this family and the
 * kernel write no configuration space, so there are no sizes to report.
 */
#include "pci_cfg.h"
#include "invoke.h"
#include "io.h"
#include "kernel.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc
#define PCI_CONFIG_ENABLE  0x80000000u

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
#define HEADER_MULTI     0x80
#define HEADER_TYPE_MASK 0x7f

/* The 32-bit configuration word at `offset` (rounded down to 4) of bus/device/function. */
static uint32_t config_read32(uint8_t bus, uint8_t device, uint8_t function, uint16_t offset)
{
	outl(PCI_CONFIG_ADDRESS,
	     PCI_CONFIG_ENABLE | (uint32_t)bus << 16 | (uint32_t)(device & PCI_MAX_DEVICE) << 11 |
		     (uint32_t)(function & PCI_MAX_FUNCTION) << 8 | (offset & 0xfc));
	return inl(PCI_CONFIG_DATA);
}

/* `width` bytes (1, 2 or 4) at `offset` (aligned to width, below 256) of `a`. */
static uint32_t config_read(const struct pci_cfg_pci_address *a, uint16_t offset, uint16_t width)
{
	uint32_t word = config_read32(a->bus_number, a->device_number, a->function_number, offset);
	uint32_t value = word >> (8 * (offset & 3));
	return width == 4 ? value : value & ((1u << (8 * width)) - 1);
}

static uint16_t vendor_of(uint8_t bus, uint8_t device, uint8_t function)
{
	return (uint16_t)config_read32(bus, device, function, REG_ID);
}

/* How many function numbers device `device` on `bus` has: 0 absent, 8 multi-function, else 1. */
static uint8_t function_span(uint8_t bus, uint8_t device)
{
	if (vendor_of(bus, device, 0) == PCI_VENDOR_ABSENT)
		return 0;
	uint8_t header_type = (uint8_t)(config_read32(bus, device, 0, REG_HEADER) >> 16);
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

static const struct pci_cfg_server server = {
	.read8 = read8, .read16 = read16, .read32 = read32, .enumerate = enumerate,
	/* read_bars: NULL (not_supported), see above */
};

bool pci_cfg_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return pci_cfg_dispatch(&server, inv, request, reply);
}
