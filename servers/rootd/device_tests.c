/*
 * rootd's tests of the device families (erix.test=rootd): each grants one
 * narrow piece of hardware authority, and refuses everything outside it.
 * Checked against what QEMU's q35 machine really has.
 */
#include <acpi_ctl.h>
#include <cnode.h>
#include <com1_io.h>
#include <erix/ipc.h>
#include <i8042_io.h>
#include <irq_ctl.h>
#include <pci_cfg.h>
#include <retype_ctl.h>
#include <string.h>
#include <time_ctl.h>
#include <vspace_ctl.h>

#include "rootd.h"

#define Q35_VENDOR_INTEL    0x8086u
#define STD_VGA_FRAMEBUFFER 0xfd000000ull /* BAR 0 of QEMU's standard VGA on q35 */

static void com1_tests(const struct rootd *r)
{
	struct com1_io_write_register_req w = {.reg = COM1_IO_UART_REGISTER_SCRATCH, .value = 0x5a};
	struct com1_io_write_register_rep wrep;
	struct com1_io_read_register_req rd = {.reg = COM1_IO_UART_REGISTER_SCRATCH};
	struct com1_io_read_register_rep rrep = {0};
	rootd_cover("com1_io.read_register com1_io.write_register", COVER_POSITIVE,
		    com1_io_write_register(r->com1, ipc(), &w, &wrep) == ERIX_OK &&
			    com1_io_read_register(r->com1, ipc(), &rd, &rrep) == ERIX_OK &&
			    rrep.value == 0x5a,
		    "com1_io: the UART's scratch register keeps what was written");
	rd.reg = 8;
	rootd_cover("com1_io.read_register", COVER_AUTHORITY,
		    com1_io_read_register(r->com1, ipc(), &rd, &rrep) == ERIX_E_OUT_OF_RANGE,
		    "com1_io: no register past the UART's eight");
	rootd_cover("com1_io.read_register", COVER_AUTHORITY,
		    com1_io_read_register(r->console, ipc(), &rd, &rrep) != ERIX_OK,
		    "com1_io: the console capability grants no COM1 access");
}

static enum erix_status com1_set(const struct rootd *r, uint8_t reg, uint8_t value)
{
	struct com1_io_write_register_req w = {.reg = reg, .value = value};
	struct com1_io_write_register_rep wrep;
	return com1_io_write_register(r->com1, ipc(), &w, &wrep);
}

#define MCR_LOOPBACK 0x10

/*
 * write_fifo and read_fifo with the UART in loopback (modem control bit 4): what is
 * transmitted comes straight back to the receiver, and nothing reaches the line, so
 * nothing may be logged until loopback is off again.
 */
static void com1_fifo_tests(const struct rootd *r)
{
	static const uint8_t sent[] = "EriX loopback";
	struct com1_io_read_register_req rd = {.reg = COM1_IO_UART_REGISTER_MODEM_CONTROL};
	struct com1_io_read_register_rep mcr = {0};
	struct com1_io_read_fifo_req rf = {.max_length = 16};
	struct com1_io_read_fifo_rep rrep;
	bool set = com1_io_read_register(r->com1, ipc(), &rd, &mcr) == ERIX_OK &&
		   com1_set(r, COM1_IO_UART_REGISTER_INTERRUPT_ID_FIFO, 0x07) == ERIX_OK &&
		   com1_set(r, COM1_IO_UART_REGISTER_MODEM_CONTROL, mcr.value | MCR_LOOPBACK) ==
			   ERIX_OK;
	while (set && com1_io_read_fifo(r->com1, ipc(), &rf, &rrep) == ERIX_OK && rrep.data_len)
		; /* whatever was received before */
	size_t written = 0, got = 0;
	uint8_t back[sizeof(sent)] = {0};
	for (int tries = 0; set && written < sizeof(sent) - 1 && tries < 100000; tries++) {
		struct com1_io_write_fifo_req w = {
			.data = sent + written, .data_len = (uint16_t)(sizeof(sent) - 1 - written)};
		struct com1_io_write_fifo_rep wrep = {0};
		if (com1_io_write_fifo(r->com1, ipc(), &w, &wrep) != ERIX_OK)
			break;
		written += wrep.written;
	}
	for (int tries = 0; set && got < written && tries < 100000; tries++) {
		rf.max_length = (uint8_t)(sizeof(back) - 1 - got);
		if (com1_io_read_fifo(r->com1, ipc(), &rf, &rrep) != ERIX_OK)
			break;
		memcpy(back + got, rrep.data, rrep.data_len);
		got += rrep.data_len;
	}
	com1_set(r, COM1_IO_UART_REGISTER_MODEM_CONTROL, mcr.value & ~MCR_LOOPBACK);
	rootd_cover("com1_io.write_fifo com1_io.read_fifo", COVER_POSITIVE,
		    set && written == sizeof(sent) - 1 && got == written &&
			    memcmp(back, sent, written) == 0,
		    "com1_io: in loopback, the bytes write_fifo sends come back through read_fifo");
}

static void i8042_tests(const struct rootd *r)
{
	struct i8042_io_read_port_req rd = {.port = I8042_IO_I8042_PORT_COMMAND_STATUS};
	struct i8042_io_read_port_rep rrep;
	rootd_cover("i8042_io.read_port", COVER_POSITIVE,
		    i8042_io_read_port(r->i8042, ipc(), &rd, &rrep) == ERIX_OK,
		    "i8042_io: read the controller status");
	struct i8042_io_write_port_req reset = {.port = I8042_IO_I8042_PORT_COMMAND_STATUS,
						.value = 0xfe};
	struct i8042_io_write_port_rep wrep;
	rootd_cover("i8042_io.write_port", COVER_AUTHORITY,
		    i8042_io_write_port(r->i8042, ipc(), &reset, &wrep) == ERIX_E_NO_PERMISSION,
		    "i8042_io: the reset command is refused");
	reset.value = 0xd1;
	rootd_cover("i8042_io.write_port", COVER_AUTHORITY,
		    i8042_io_write_port(r->i8042, ipc(), &reset, &wrep) == ERIX_E_NO_PERMISSION,
		    "i8042_io: the output-port (A20) command is refused");
	rd.port = 0x61;
	rootd_cover("i8042_io.read_port", COVER_AUTHORITY,
		    i8042_io_read_port(r->i8042, ipc(), &rd, &rrep) == ERIX_E_OUT_OF_RANGE,
		    "i8042_io: no port but 0x60 and 0x64");
}

static void pci_tests(const struct rootd *r)
{
	struct pci_cfg_read32_req rd = {.offset = 0};
	struct pci_cfg_read32_rep rrep = {0};
	rootd_cover("pci_cfg.read32", COVER_POSITIVE,
		    pci_cfg_read32(r->pci, ipc(), &rd, &rrep) == ERIX_OK &&
			    (rrep.value & 0xffff) == Q35_VENDOR_INTEL,
		    "pci_cfg: the host bridge at 00:00.0 is Intel's");
	rd.offset = 2;
	rootd_check(pci_cfg_read32(r->pci, ipc(), &rd, &rrep) == ERIX_E_INVALID_ARGUMENT,
		    "pci_cfg: an unaligned read is refused");
	rd.offset = 256;
	rootd_check(pci_cfg_read32(r->pci, ipc(), &rd, &rrep) == ERIX_E_INVALID_ARGUMENT,
		    "pci_cfg: nothing past the 256-byte configuration space");
	rd.offset = 0;
	rd.address.device_number = 32;
	rootd_check(pci_cfg_read32(r->pci, ipc(), &rd, &rrep) == ERIX_E_INVALID_ARGUMENT,
		    "pci_cfg: no device number past 31");
}

#define Q35_VGA_DEVICE 1 /* QEMU's standard VGA at 00:01.0 */

static enum erix_status read_bars(const struct rootd *r, uint8_t device,
				  struct pci_cfg_read_bars_rep *rep)
{
	struct pci_cfg_read_bars_req req = {.address = {.device_number = device}};
	return pci_cfg_read_bars(r->pci, ipc(), &req, rep);
}

/* BARs as the kernel sized them at boot, against q35's standard VGA. */
static void pci_bar_tests(const struct rootd *r)
{
	struct pci_cfg_read_bars_rep rep = {0};
	bool none = read_bars(r, 0, &rep) == ERIX_OK && rep.count == 6;
	for (int i = 0; i < 6; i++)
		none = none && rep.bars[i].kind == PCI_CFG_BAR_KIND_UNUSED_BAR &&
		       rep.bars[i].length == 0;
	rootd_cover("pci_cfg.read_bars", COVER_POSITIVE, none,
		    "pci_cfg: the host bridge has six BARs, none in use");
	rootd_check(
		read_bars(r, Q35_VGA_DEVICE, &rep) == ERIX_OK && rep.count == 6 &&
			rep.bars[0].kind == PCI_CFG_BAR_KIND_MEMORY32 &&
			rep.bars[0].base == STD_VGA_FRAMEBUFFER &&
			rep.bars[0].length == 16u << 20 && rep.bars[0].prefetchable &&
			rep.bars[2].kind == PCI_CFG_BAR_KIND_MEMORY32 &&
			rep.bars[2].length == 4096 && !rep.bars[2].prefetchable,
		"pci_cfg: the VGA's BARs: 16 MiB of prefetchable framebuffer, 4 KiB of registers");
	struct pci_cfg_read32_req rd = {.address = {.device_number = Q35_VGA_DEVICE},
					.offset = 0x10};
	struct pci_cfg_read32_rep rrep = {0};
	rootd_check(pci_cfg_read32(r->pci, ipc(), &rd, &rrep) == ERIX_OK &&
			    (rrep.value & ~0xfu) == STD_VGA_FRAMEBUFFER,
		    "pci_cfg: sizing left the BAR where the firmware put it");
	rootd_check(read_bars(r, 32, &rep) == ERIX_E_INVALID_ARGUMENT &&
			    read_bars(r, 30, &rep) == ERIX_E_NOT_FOUND,
		    "pci_cfg: read_bars refuses device 32 and finds no absent device");
}

/* A copy of rootd's acpi_ctl capability with only `rights` in a fresh slot, or 0. */
static uint32_t acpi_copy(struct rootd *r, uint8_t rights)
{
	struct cnode_copy_req req = {
		.source = r->acpi, .destination = r->next_slot, .rights = rights};
	struct cnode_copy_rep rep;
	return cnode_copy(r->cnode, ipc(), &req, &rep) == ERIX_OK ? r->next_slot++ : 0;
}

/* The power methods need write; reads need no right. (The shell session powers off for real.) */
static void acpi_power_tests(struct rootd *r)
{
	uint32_t reader = acpi_copy(r, ERIX_RIGHT_READ | ERIX_RIGHT_GRANT);
	uint32_t power = acpi_copy(r, ERIX_RIGHT_WRITE);
	struct acpi_ctl_power_off_req off = {0};
	struct acpi_ctl_power_off_rep offrep;
	rootd_cover("acpi_ctl.power_off", COVER_AUTHORITY,
		    reader && acpi_ctl_power_off(reader, ipc(), &off, &offrep) ==
				      ERIX_E_NO_PERMISSION,
		    "acpi_ctl: power_off without the write right is refused");
	struct acpi_ctl_reset_req rs = {0};
	struct acpi_ctl_reset_rep rsrep;
	rootd_cover("acpi_ctl.reset", COVER_AUTHORITY,
		    reader && acpi_ctl_reset(reader, ipc(), &rs, &rsrep) == ERIX_E_NO_PERMISSION,
		    "acpi_ctl: reset without the write right is refused");
	struct acpi_ctl_find_table_req find = {.signature = {'F', 'A', 'C', 'P'}};
	struct acpi_ctl_find_table_rep frep = {0};
	rootd_check(power && acpi_ctl_find_table(power, ipc(), &find, &frep) == ERIX_OK,
		    "acpi_ctl: a write-only copy still reads tables (reads need no right)");
}

static void acpi_tests(struct rootd *r)
{
	struct acpi_ctl_root_req root = {0};
	struct acpi_ctl_root_rep rrep;
	rootd_cover("acpi_ctl.root", COVER_POSITIVE,
		    acpi_ctl_root(r->acpi, ipc(), &root, &rrep) == ERIX_OK,
		    "acpi_ctl: a valid RSDP");
	struct acpi_ctl_find_table_req find = {.signature = {'A', 'P', 'I', 'C'}};
	struct acpi_ctl_find_table_rep frep = {0};
	rootd_cover("acpi_ctl.find_table", COVER_POSITIVE,
		    acpi_ctl_find_table(r->acpi, ipc(), &find, &frep) == ERIX_OK &&
			    frep.info.length >= 44,
		    "acpi_ctl: the MADT is found");
	struct acpi_ctl_read_table_req read = {.signature = {'A', 'P', 'I', 'C'}, .length = 4};
	struct acpi_ctl_read_table_rep drep = {0};
	rootd_cover("acpi_ctl.read_table", COVER_POSITIVE,
		    acpi_ctl_read_table(r->acpi, ipc(), &read, &drep) == ERIX_OK &&
			    drep.data_len == 4 && memcmp(drep.data, "APIC", 4) == 0,
		    "acpi_ctl: reading it gives its signature");
	read.offset = frep.info.length;
	rootd_check(acpi_ctl_read_table(r->acpi, ipc(), &read, &drep) == ERIX_E_INVALID_ARGUMENT,
		    "acpi_ctl: nothing past the table's end");
	memcpy(find.signature, "NONE", 4);
	rootd_check(acpi_ctl_find_table(r->acpi, ipc(), &find, &frep) == ERIX_E_NOT_FOUND,
		    "acpi_ctl: a missing table is not found");
}

static uint64_t now(const struct rootd *r)
{
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep = {0};
	time_ctl_now(r->time, ipc(), &req, &rep);
	return rep.monotonic_ns;
}

static enum erix_status arm(const struct rootd *r, uint32_t n, uint64_t deadline, uint64_t bits)
{
	struct time_ctl_arm_req req = {.deadline_ns = deadline, .signal_bits = bits, .target = n};
	struct time_ctl_arm_rep rep;
	return time_ctl_arm(r->time, ipc(), &req, &rep);
}

static void time_tests(struct rootd *r)
{
	uint64_t t0 = now(r), t1 = now(r);
	rootd_cover("time_ctl.now", COVER_POSITIVE, t0 > 0 && t1 >= t0,
		    "time_ctl: the clock runs forward");
	struct time_ctl_frequency_req fq = {0};
	struct time_ctl_frequency_rep frep = {0};
	rootd_cover("time_ctl.frequency", COVER_POSITIVE,
		    time_ctl_frequency(r->time, ipc(), &fq, &frep) == ERIX_OK &&
			    frep.tick_hz == 100 && frep.tsc_hz > 0,
		    "time_ctl: tick and TSC rates");
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint64_t deadline = now(r) + 30000000ull, bits = 0;
	rootd_cover("time_ctl.arm", COVER_POSITIVE,
		    arm(r, n, deadline, 4) == ERIX_OK && erix_wait(n, &bits) == ERIX_OK &&
			    bits == 4 && now(r) >= deadline,
		    "time_ctl: a one-shot timer wakes a waiting thread after its deadline");
	rootd_check(arm(r, n, deadline, 0) == ERIX_E_INVALID_ARGUMENT,
		    "time_ctl: a timer needs bits");
	struct time_ctl_cancel_req c = {.target = n};
	struct time_ctl_cancel_rep crep = {0};
	arm(r, n, now(r) + 1000000000000ull, 1);
	rootd_cover("time_ctl.cancel", COVER_POSITIVE,
		    time_ctl_cancel(r->time, ipc(), &c, &crep) == ERIX_OK && crep.cancelled,
		    "time_ctl: cancel removes a pending timer");
	rootd_check(time_ctl_cancel(r->time, ipc(), &c, &crep) == ERIX_OK && !crep.cancelled,
		    "time_ctl: and then there is none");
	bits = 0;
	arm(r, n, now(r) + 1000000000000ull, 2);
	rootd_check(arm(r, n, 1, 8) == ERIX_OK &&
			    time_ctl_cancel(r->time, ipc(), &c, &crep) == ERIX_OK &&
			    !crep.cancelled && erix_wait(n, &bits) == ERIX_OK && bits == 8,
		    "time_ctl: a past deadline fires at once, replacing the pending timer");
	rootd_cover("time_ctl.arm", COVER_AUTHORITY,
		    arm(r, r->console, deadline, 1) == ERIX_E_BAD_CAPABILITY,
		    "time_ctl: only a notification can carry a timer");
}

#define COM1_LINE 4

static enum erix_status bind(struct rootd *r, uint32_t via, uint32_t line, uint32_t n,
			     uint32_t *irq)
{
	struct irq_ctl_bind_req req = {.line = line, .signal_bits = 0x10, .target = n};
	struct irq_ctl_bind_rep rep = {0};
	*irq = r->next_slot;
	ipc()->receive[0] = *irq;
	enum erix_status st = irq_ctl_bind(via, ipc(), &req, &rep);
	if (st == ERIX_OK)
		r->next_slot++;
	return st;
}

static void com1_interrupts(const struct rootd *r, uint8_t enable)
{
	struct com1_io_write_register_req w = {.reg = COM1_IO_UART_REGISTER_INTERRUPT_ENABLE,
					       .value = enable};
	struct com1_io_write_register_rep wrep;
	com1_io_write_register(r->com1, ipc(), &w, &wrep);
}

/* Delete the capability in `slot` of rootd's cnode. */
static enum erix_status drop(const struct rootd *r, uint32_t slot)
{
	struct cnode_delete_req del = {.slot = slot};
	struct cnode_delete_rep delrep;
	return cnode_delete(r->cnode, ipc(), &del, &delrep);
}

/* Make the UART interrupt (transmitter empty, at once) and answer the bits `n` then holds. */
static uint64_t uart_interrupt(const struct rootd *r, uint32_t n)
{
	uint64_t bits = 0;
	com1_interrupts(r, 0x02);
	enum erix_status st = erix_wait(n, &bits);
	com1_interrupts(r, 0);
	return st == ERIX_OK ? bits : 0;
}

static enum erix_status ack(uint32_t irq)
{
	struct irq_ctl_ack_req req = {0};
	struct irq_ctl_ack_rep rep;
	return irq_ctl_ack(irq, ipc(), &req, &rep);
}

/* Wait on `n` for at most `ns` (a timer there signals 0x100 then); the bits it got. */
static uint64_t wait_at_most(const struct rootd *r, uint32_t n, uint64_t ns)
{
	uint64_t bits = 0;
	if (arm(r, n, now(r) + ns, 0x100) != ERIX_OK || erix_wait(n, &bits) != ERIX_OK)
		return 0;
	struct time_ctl_cancel_req c = {.target = n};
	struct time_ctl_cancel_rep crep;
	time_ctl_cancel(r->time, ipc(), &c, &crep);
	return bits;
}

/* mask and unmask on COM1's bound, acknowledged line: a masked line signals nothing. */
static void mask_tests(struct rootd *r, uint32_t irq, uint32_t n)
{
	struct irq_ctl_mask_req m = {0};
	struct irq_ctl_mask_rep mrep;
	struct irq_ctl_unmask_req u = {0};
	struct irq_ctl_unmask_rep urep;
	bool masked = irq_ctl_mask(irq, ipc(), &m, &mrep) == ERIX_OK;
	com1_interrupts(r, 0x02);
	uint64_t while_masked = wait_at_most(r, n, 20000000ull);
	bool unmasked = irq_ctl_unmask(irq, ipc(), &u, &urep) == ERIX_OK;
	com1_interrupts(r, 0);
	com1_interrupts(r, 0x02); /* a fresh edge, should the masked one be lost */
	uint64_t after = wait_at_most(r, n, 1000000000ull);
	com1_interrupts(r, 0);
	rootd_cover("irq_ctl.mask", COVER_POSITIVE, masked && while_masked == 0x100,
		    "irq_ctl: while the line is masked, the UART's interrupt signals nothing");
	rootd_cover("irq_ctl.unmask", COVER_POSITIVE, unmasked && (after & 0x10) != 0,
		    "irq_ctl: unmasked, it arrives as the bound bits again");
	rootd_check(ack(irq) == ERIX_OK, "irq_ctl: and is acknowledged");
}

static void irq_tests(struct rootd *r)
{
	struct irq_ctl_line_count_req lc = {0};
	struct irq_ctl_line_count_rep lcrep = {0};
	rootd_cover("irq_ctl.line_count", COVER_POSITIVE,
		    irq_ctl_line_count(r->irq, ipc(), &lc, &lcrep) == ERIX_OK && lcrep.lines >= 24,
		    "irq_ctl: the IOAPIC's lines are counted");
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0), irq = 0, again = 0;
	rootd_cover("irq_ctl.bind", COVER_POSITIVE, bind(r, r->irq, COM1_LINE, n, &irq) == ERIX_OK,
		    "irq_ctl: bind COM1's line");
	rootd_check(bind(r, r->irq, COM1_LINE, n, &again) == ERIX_E_BUSY,
		    "irq_ctl: a bound line cannot be bound twice");
	rootd_check(uart_interrupt(r, n) == 0x10,
		    "irq_ctl: the UART's interrupt arrives as the bound notification bits");
	rootd_cover("irq_ctl.ack", COVER_POSITIVE, ack(irq) == ERIX_OK,
		    "irq_ctl: ack through the irq capability");
	rootd_cover("irq_ctl.ack", COVER_AUTHORITY, ack(r->irq) == ERIX_E_NO_PERMISSION,
		    "irq_ctl: ack needs the line's irq capability");
	mask_tests(r, irq, n);
	rootd_cover("irq_ctl.bind", COVER_AUTHORITY,
		    bind(r, irq, COM1_LINE + 1, n, &again) == ERIX_E_NO_PERMISSION,
		    "irq_ctl: an irq capability cannot bind lines");
	rootd_check(bind(r, r->irq, 100000, n, &again) == ERIX_E_INVALID_ARGUMENT,
		    "irq_ctl: no line past the IOAPIC's");
	rootd_check(drop(r, irq) == ERIX_OK && bind(r, r->irq, COM1_LINE, n, &again) == ERIX_OK,
		    "irq_ctl: deleting the irq capability unbinds the line");
	uint32_t other = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	struct irq_ctl_retarget_req rt = {.signal_bits = 0x20, .target = other};
	struct irq_ctl_retarget_rep rtrep;
	rootd_cover("irq_ctl.retarget", COVER_POSITIVE,
		    irq_ctl_retarget(again, ipc(), &rt, &rtrep) == ERIX_OK,
		    "irq_ctl: retarget the line to another notification");
	struct irq_ctl_unbind_req ub = {.line = COM1_LINE};
	struct irq_ctl_unbind_rep ubrep;
	uint32_t newer = 0;
	rootd_cover("irq_ctl.unbind", COVER_POSITIVE,
		    irq_ctl_unbind(r->irq, ipc(), &ub, &ubrep) == ERIX_OK &&
			    bind(r, r->irq, COM1_LINE, n, &newer) == ERIX_OK &&
			    ack(again) == ERIX_E_NO_PERMISSION && ack(newer) == ERIX_OK,
		    "irq_ctl: after unbind, an old irq capability controls nothing");
	irq_ctl_unbind(r->irq, ipc(), &ub, &ubrep);
}

static enum erix_status com1_bind(struct rootd *r, uint64_t bits, uint32_t n, uint32_t *irq)
{
	struct com1_io_bind_irq_req req = {.signal_bits = bits, .target = n};
	struct com1_io_bind_irq_rep rep = {0};
	ipc()->receive[0] = r->next_slot;
	enum erix_status st = com1_io_bind_irq(r->com1, ipc(), &req, &rep);
	if (st == ERIX_OK)
		*irq = r->next_slot++;
	return st;
}

/* COM1's own bind_irq: the UART's interrupt without irq_ctl. */
static void com1_irq_tests(struct rootd *r)
{
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0), irq = 0, again = 0;
	rootd_check(com1_bind(r, 0, n, &irq) == ERIX_E_INVALID_ARGUMENT,
		    "com1_io: bind_irq needs signal bits");
	rootd_cover("com1_io.bind_irq", COVER_POSITIVE, com1_bind(r, 0x40, n, &irq) == ERIX_OK,
		    "com1_io: bind_irq hands out an irq capability");
	rootd_check(com1_bind(r, 0x40, n, &again) == ERIX_E_BUSY &&
			    bind(r, r->irq, COM1_LINE, n, &again) == ERIX_E_BUSY,
		    "com1_io: its line is then taken, for bind_irq and irq_ctl alike");
	rootd_check(uart_interrupt(r, n) == 0x40,
		    "com1_io: the UART's interrupt arrives as the bound bits");
	rootd_check(ack(irq) == ERIX_OK, "com1_io: the irq capability acknowledges the line");
	rootd_check(drop(r, irq) == ERIX_OK && com1_bind(r, 0x40, n, &again) == ERIX_OK &&
			    drop(r, again) == ERIX_OK,
		    "com1_io: deleting the irq capability frees the line");
}

/* Write `value` to `port`, waiting out a full input buffer. */
static enum erix_status i8042_put(const struct rootd *r, uint8_t port, uint8_t value)
{
	struct i8042_io_write_port_req w = {.port = port, .value = value};
	struct i8042_io_write_port_rep wrep;
	enum erix_status st;
	for (int tries = 0; tries < 1000; tries++)
		if ((st = i8042_io_write_port(r->i8042, ipc(), &w, &wrep)) != ERIX_E_BUSY)
			return st;
	return st;
}

static enum erix_status i8042_bind(struct rootd *r, uint8_t channel, uint32_t n, uint32_t *irq)
{
	struct i8042_io_bind_irq_req req = {.channel = channel, .signal_bits = 0x80, .target = n};
	struct i8042_io_bind_irq_rep rep = {0};
	ipc()->receive[0] = r->next_slot;
	enum erix_status st = i8042_io_bind_irq(r->i8042, ipc(), &req, &rep);
	if (st == ERIX_OK)
		*irq = r->next_slot++;
	return st;
}

#define I8042_WRITE_CONFIG  0x60
#define I8042_CONFIG        0x45 /* keyboard interrupt, system flag, translation */
#define I8042_FAKE_KEYBOARD 0xd2 /* the next data byte comes back as if the keyboard sent it */

/* The i8042's bind_irq: a byte "from the keyboard" raises ISA IRQ 1. */
static void i8042_irq_tests(struct rootd *r)
{
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0), kbd = 0, aux = 0, again = 0;
	rootd_cover("i8042_io.bind_irq", COVER_POSITIVE,
		    i8042_bind(r, I8042_IO_I8042_CHANNEL_KEYBOARD, n, &kbd) == ERIX_OK &&
			    i8042_bind(r, I8042_IO_I8042_CHANNEL_AUX, n, &aux) == ERIX_OK,
		    "i8042_io: bind_irq binds the keyboard and the aux channel");
	rootd_check(i8042_bind(r, I8042_IO_I8042_CHANNEL_KEYBOARD, n, &again) == ERIX_E_BUSY,
		    "i8042_io: a bound channel cannot be bound twice");
	rootd_check(i8042_bind(r, 3, n, &again) == ERIX_E_OUT_OF_RANGE,
		    "i8042_io: no channel but keyboard and aux");
	uint64_t bits = 0;
	i8042_put(r, I8042_IO_I8042_PORT_COMMAND_STATUS, I8042_WRITE_CONFIG);
	i8042_put(r, I8042_IO_I8042_PORT_DATA, I8042_CONFIG);
	i8042_put(r, I8042_IO_I8042_PORT_COMMAND_STATUS, I8042_FAKE_KEYBOARD);
	i8042_put(r, I8042_IO_I8042_PORT_DATA, 0x1c);
	struct i8042_io_drain_req dr = {.max_length = 16};
	struct i8042_io_drain_rep drep = {0};
	rootd_cover(
		"i8042_io.drain i8042_io.write_port", COVER_POSITIVE,
		erix_wait(n, &bits) == ERIX_OK && bits == 0x80 &&
			i8042_io_drain(r->i8042, ipc(), &dr, &drep) == ERIX_OK &&
			drep.data_len == 1 && drep.data[0] == 0x1c && drep.aux_mask == 0,
		"i8042_io: a keyboard byte written as the controller's echo command arrives as the "
		"bound bits, then drains");
	rootd_check(drop(r, kbd) == ERIX_OK && drop(r, aux) == ERIX_OK &&
			    i8042_bind(r, I8042_IO_I8042_CHANNEL_KEYBOARD, n, &again) == ERIX_OK &&
			    drop(r, again) == ERIX_OK,
		    "i8042_io: deleting the irq capabilities frees the channels");
}

#define DEVICE_WINDOW 0x40000000ull

/* The "device.N" capability whose range holds `phys`, or NULL. */
static const struct erix_bootinfo_cap *device_space(const struct rootd *r, uint64_t phys)
{
	for (uint32_t i = 0; i < r->bi->cap_count; i++) {
		const struct erix_bootinfo_cap *c = &r->bi->caps[i];
		if (strncmp(c->name, "device.", 7) == 0 && phys >= c->base &&
		    phys - c->base < c->size)
			return c;
	}
	return NULL;
}

/* Carve device space down to the frame at `phys`: split to 16 MiB pieces, then frames. */
static uint32_t device_frame_at(struct rootd *r, const struct erix_bootinfo_cap *space,
				uint64_t phys)
{
	uint32_t pieces = r->next_slot;
	uint64_t piece = 1ull << 24, count = space->size / piece;
	struct retype_ctl_split_req split = {.size_bits = 24,
					     .count = (uint32_t)count,
					     .first_slot = pieces,
					     .source = space->slot,
					     .destination = r->cnode};
	struct retype_ctl_split_rep srep;
	if (count == 0 || count > 256 ||
	    retype_ctl_split(r->retype, ipc(), &split, &srep) != ERIX_OK)
		return 0;
	r->next_slot += (uint32_t)count;
	uint32_t frame = r->next_slot++;
	uint32_t holder = pieces + (uint32_t)((phys - space->base) / piece);
	return rootd_retype(r, holder, RETYPE_CTL_OBJECT_KIND_DEVICE_FRAME, 12, 1, frame) == ERIX_OK
		       ? frame
		       : 0;
}

#define EGA_TEXT_BASE   0xb8000ull
#define EGA_TEXT_WINDOW (DEVICE_WINDOW + 0x6000)

static enum erix_status framebuffer_frame(struct rootd *r, uint32_t index, uint32_t slot,
					  struct console_ctl_framebuffer_frame_rep *rep)
{
	struct console_ctl_framebuffer_frame_req req = {.frame_index = index};
	ipc()->receive[0] = slot;
	return console_ctl_framebuffer_frame(r->console, ipc(), &req, rep);
}

/* The boot framebuffer through console_ctl: GRUB leaves q35 in EGA text mode under BIOS. */
static void framebuffer_tests(struct rootd *r)
{
	struct console_ctl_framebuffer_req req = {0};
	struct console_ctl_framebuffer_rep rep = {0};
	rootd_cover("console_ctl.framebuffer", COVER_POSITIVE,
		    console_ctl_framebuffer(r->console, ipc(), &req, &rep) == ERIX_OK &&
			    rep.info.kind == CONSOLE_CTL_FRAMEBUFFER_KIND_EGA_TEXT &&
			    rep.info.physical_base == EGA_TEXT_BASE && rep.info.width == 80 &&
			    rep.info.height == 25 && rep.info.pitch == 160 && rep.info.size == 4000,
		    "console_ctl: the boot framebuffer is 80x25 EGA text at 0xb8000");
	struct console_ctl_framebuffer_frame_rep frep = {0};
	rootd_check(framebuffer_frame(r, 1, r->next_slot, &frep) == ERIX_E_INVALID_ARGUMENT,
		    "console_ctl: no framebuffer frame past its last page");
	rootd_check(framebuffer_frame(r, 0, r->console, &frep) == ERIX_E_INVALID_ARGUMENT,
		    "console_ctl: a framebuffer frame needs an empty receive slot");
	uint32_t frame = r->next_slot;
	bool got = framebuffer_frame(r, 0, frame, &frep) == ERIX_OK;
	if (got)
		r->next_slot++;
	rootd_cover("console_ctl.framebuffer_frame", COVER_POSITIVE,
		    got && frep.mmio == frame && frep.frame_count == 1 && frep.offset == 0 &&
			    frep.length == 4000,
		    "console_ctl: the frame over the framebuffer's one page");
	struct vspace_ctl_map_device_frame_req map = {
		.address = EGA_TEXT_WINDOW,
		.rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
		.cache = VSPACE_CTL_CACHE_POLICY_WRITE_COMBINING,
		.space = r->vspace,
		.mmio = frame};
	struct vspace_ctl_map_device_frame_rep mrep;
	bool mapped =
		got && vspace_ctl_map_device_frame(r->vspace_ctl, ipc(), &map, &mrep) == ERIX_OK;
	volatile uint16_t *cells = (volatile uint16_t *)EGA_TEXT_WINDOW;
	if (mapped)
		cells[80] = 0x1f45; /* 'E', white on blue, at the start of the second line */
	struct vspace_ctl_query_req q = {.address = EGA_TEXT_WINDOW, .space = r->vspace};
	struct vspace_ctl_query_rep qrep = {0};
	rootd_check(
		mapped && cells[80] == 0x1f45 &&
			vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_OK &&
			qrep.info.physical_base == EGA_TEXT_BASE && qrep.info.device &&
			qrep.info.cache == VSPACE_CTL_CACHE_POLICY_WRITE_COMBINING,
		"console_ctl: it maps as a write-combining device frame; a character lands in it");
}

static void device_frame_tests(struct rootd *r)
{
	const struct erix_bootinfo_cap *space = device_space(r, STD_VGA_FRAMEBUFFER);
	rootd_check(space != NULL && device_space(r, 0x100000) == NULL,
		    "device space is named apart from RAM, and holds no RAM");
	if (!space)
		return;
	rootd_check(rootd_retype(r, space->slot, ERIX_CAP_FRAME, 12, 1, r->next_slot) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "device space cannot become a RAM frame");
	rootd_check(rootd_retype(r, r->untyped, RETYPE_CTL_OBJECT_KIND_DEVICE_FRAME, 12, 1,
				 r->next_slot) == ERIX_E_INVALID_ARGUMENT,
		    "RAM cannot become a device frame");
	uint32_t frame = device_frame_at(r, space, STD_VGA_FRAMEBUFFER);
	struct vspace_ctl_map_device_frame_req map = {.address = DEVICE_WINDOW,
						      .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
						      .cache = VSPACE_CTL_CACHE_POLICY_UNCACHED,
						      .space = r->vspace,
						      .mmio = frame};
	struct vspace_ctl_map_device_frame_rep mrep;
	rootd_map_new_frame(r, DEVICE_WINDOW + 0x1000); /* page tables for the window */
	bool mapped =
		frame && vspace_ctl_map_device_frame(r->vspace_ctl, ipc(), &map, &mrep) == ERIX_OK;
	rootd_cover("vspace_ctl.map_device_frame", COVER_POSITIVE, mapped,
		    "a device frame over the VGA framebuffer maps uncached");
	volatile uint32_t *pixels = (volatile uint32_t *)DEVICE_WINDOW;
	if (mapped) {
		pixels[0] = 0x00ff00ffu;
		pixels[1] = 0x12345678u;
	}
	rootd_check(mapped && pixels[0] == 0x00ff00ffu && pixels[1] == 0x12345678u,
		    "and writes to it land in the device's memory");
	struct vspace_ctl_query_req q = {.address = DEVICE_WINDOW + 8, .space = r->vspace};
	struct vspace_ctl_query_rep qrep = {0};
	enum erix_status qs = vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep);
	rootd_cover("vspace_ctl.query", COVER_POSITIVE,
		    qs == ERIX_OK && qrep.info.physical_base == STD_VGA_FRAMEBUFFER &&
			    qrep.info.device && qrep.info.cache == VSPACE_CTL_CACHE_POLICY_UNCACHED,
		    "query reports the mapping's physical address (for DMA)");
	q.address = DEVICE_WINDOW + 0x5000;
	rootd_check(vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_E_NOT_FOUND,
		    "query of an unmapped address finds nothing");
	map.rights = VSPACE_CTL_MAP_RIGHTS_READ_EXECUTE;
	map.address = DEVICE_WINDOW + 0x2000;
	rootd_cover("vspace_ctl.map_device_frame", COVER_AUTHORITY,
		    vspace_ctl_map_device_frame(r->vspace_ctl, ipc(), &map, &mrep) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "device space is never executable");
	struct vspace_ctl_map_frame_req ram = {.address = DEVICE_WINDOW + 0x3000,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = r->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep rrep;
	rootd_cover("vspace_ctl.map_frame", COVER_AUTHORITY,
		    vspace_ctl_map_frame(r->vspace_ctl, ipc(), &ram, &rrep) ==
			    ERIX_E_BAD_CAPABILITY,
		    "a device frame is not a RAM frame to map_frame");
	struct cnode_delete_req del = {.slot = frame};
	struct cnode_delete_rep delrep;
	q.address = DEVICE_WINDOW;
	rootd_check(cnode_delete(r->cnode, ipc(), &del, &delrep) == ERIX_OK &&
			    vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_E_NOT_FOUND,
		    "deleting the device frame's capability unmaps it");
}

void rootd_run_device_tests(struct rootd *r)
{
	com1_tests(r);
	com1_fifo_tests(r);
	i8042_tests(r);
	pci_tests(r);
	pci_bar_tests(r);
	acpi_tests(r);
	acpi_power_tests(r);
	time_tests(r);
	irq_tests(r);
	com1_irq_tests(r);
	i8042_irq_tests(r);
	device_frame_tests(r);
	framebuffer_tests(r);
}
