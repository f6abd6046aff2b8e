/*
 * Authority across the kernel's interfaces (erix.test=rootd): the valid
 * request of every method, the one its conformance test shows the kernel
 * accepts, is refused when sent through a slot that names nothing (guessing
 * slot numbers gets nothing) and through a capability to another family
 * (holding one family confers nothing of another's). Beside them, positive
 * checks of methods no other file exercises: pci_cfg's narrower reads and
 * enumeration, and acpi_ctl's table_at.
 */
#include <acpi_ctl.h>
#include <cnode.h>
#include <com1_io.h>
#include <console_ctl.h>
#include <erix/ipc.h>
#include <hotplug.h>
#include <i8042_io.h>
#include <irq_ctl.h>
#include <pager_ctl.h>
#include <pci_cfg.h>
#include <proc_ctl.h>
#include <retype_ctl.h>
#include <string.h>
#include <time_ctl.h>
#include <vspace_ctl.h>

#include "rootd.h"

#define NOTHING 0x3ff0 /* a slot of rootd's cnode that stays empty */

/* Send case `c` to `target` as a call; the transport's status, else the reply's. */
static enum erix_status call_case(uint32_t target, const struct erix_wire_case *c)
{
	struct erix_msg *buf = ipc();
	buf->length = c->length;
	buf->cap_count = c->cap_count;
	memcpy(buf->caps, c->caps, sizeof(buf->caps));
	memset(buf->receive, 0, sizeof(buf->receive));
	memcpy(buf->bytes, c->bytes,
	       c->length < sizeof(buf->bytes) ? c->length : sizeof(buf->bytes));
	struct erix_sysret ret = erix_syscall(ERIX_SYS_CALL, target);
	if (ret.status != ERIX_OK)
		return ret.status;
	struct erix_msg_header h;
	memcpy(&h, buf->bytes, sizeof(h));
	return (enum erix_status)h.status;
}

/*
 * Every valid case of an interface: not_found through an empty slot, and a
 * decoder's refusal (the message names another interface) through `other`.
 */
static bool refused_elsewhere(const struct rootd *r, const char *interface,
			      const struct erix_wire_case *cases, size_t count, uint32_t other)
{
	bool ok = true;
	for (size_t k = 0; k < count; k++) {
		const struct erix_wire_case *c = &cases[k];
		if (c->expect != ERIX_OK)
			continue;
		enum erix_status empty = call_case(NOTHING, c);
		enum erix_status wrong = call_case(other, c);
		if (empty != ERIX_E_NOT_FOUND ||
		    (wrong != ERIX_E_PROTOCOL_ERROR && wrong != ERIX_E_BAD_CAPABILITY)) {
			ok = false;
			rootd_logf(r, "# %s/%s: empty slot %d, another family %d\n", interface,
				   c->name, empty, wrong);
		}
	}
	return ok;
}

#define REFUSED(name, other)                                                                       \
	refused_elsewhere(r, #name, name##_wire_cases, name##_wire_case_count, other)

static void elsewhere_tests(struct rootd *r)
{
	rootd_cover("acpi_ctl.root acpi_ctl.find_table acpi_ctl.table_at acpi_ctl.read_table "
		    "acpi_ctl.power_off acpi_ctl.reset",
		    COVER_AUTHORITY, REFUSED(acpi_ctl, r->time),
		    "acpi_ctl: no method through an empty slot or another family's capability");
	rootd_cover("cnode.copy cnode.mint cnode.move cnode.delete cnode.revoke cnode.inspect "
		    "cnode.copy_to cnode.save_reply",
		    COVER_AUTHORITY, REFUSED(cnode, r->time),
		    "cnode: no method through an empty slot or a capability that is no cnode");
	rootd_cover("com1_io.read_register com1_io.write_register com1_io.write_fifo "
		    "com1_io.read_fifo com1_io.bind_irq",
		    COVER_AUTHORITY, REFUSED(com1_io, r->time),
		    "com1_io: no method through an empty slot or another family's capability");
	rootd_cover("console_ctl.log_write console_ctl.log_read console_ctl.framebuffer "
		    "console_ctl.framebuffer_frame",
		    COVER_AUTHORITY, REFUSED(console_ctl, r->time),
		    "console_ctl: no method through an empty slot or another family's capability");
	rootd_cover("hotplug.subscribe hotplug.unsubscribe hotplug.next_event", COVER_AUTHORITY,
		    REFUSED(hotplug, r->time),
		    "hotplug: no method through an empty slot or another family's capability");
	rootd_cover("i8042_io.read_port i8042_io.write_port i8042_io.drain i8042_io.bind_irq",
		    COVER_AUTHORITY, REFUSED(i8042_io, r->time),
		    "i8042_io: no method through an empty slot or another family's capability");
	rootd_cover("irq_ctl.bind irq_ctl.unbind irq_ctl.line_count irq_ctl.retarget irq_ctl.ack "
		    "irq_ctl.mask irq_ctl.unmask",
		    COVER_AUTHORITY, REFUSED(irq_ctl, r->time),
		    "irq_ctl: no method through an empty slot or another family's capability");
	rootd_cover("pager_ctl.fault pager_ctl.resume pager_ctl.map_and_resume pager_ctl.kill",
		    COVER_AUTHORITY, REFUSED(pager_ctl, r->time),
		    "pager_ctl: no method through an empty slot or another family's capability");
	rootd_cover("pci_cfg.read8 pci_cfg.read16 pci_cfg.read32 pci_cfg.enumerate "
		    "pci_cfg.read_bars",
		    COVER_AUTHORITY, REFUSED(pci_cfg, r->time),
		    "pci_cfg: no method through an empty slot or another family's capability");
	rootd_cover("proc_ctl.create_thread proc_ctl.set_registers proc_ctl.get_registers "
		    "proc_ctl.set_entry proc_ctl.set_priority proc_ctl.set_fault_endpoint "
		    "proc_ctl.start proc_ctl.suspend proc_ctl.read_state proc_ctl.set_ipc_buffer "
		    "proc_ctl.bind_notification proc_ctl.unbind_notification",
		    COVER_AUTHORITY, REFUSED(proc_ctl, r->time),
		    "proc_ctl: no method through an empty slot or another family's capability");
	rootd_cover("retype_ctl.retype retype_ctl.split retype_ctl.query", COVER_AUTHORITY,
		    REFUSED(retype_ctl, r->time),
		    "retype_ctl: no method through an empty slot or another family's capability");
	rootd_cover("time_ctl.now time_ctl.frequency time_ctl.arm time_ctl.cancel", COVER_AUTHORITY,
		    REFUSED(time_ctl, r->com1),
		    "time_ctl: no method through an empty slot or another family's capability");
	rootd_cover("vspace_ctl.map_frame vspace_ctl.map_device_frame vspace_ctl.unmap "
		    "vspace_ctl.map_page_table vspace_ctl.query",
		    COVER_AUTHORITY, REFUSED(vspace_ctl, r->time),
		    "vspace_ctl: no method through an empty slot or another family's capability");
}

/* The host bridge at 00:00.0: its vendor through read8 and read16, and enumerate lists it. */
static void pci_tests(struct rootd *r)
{
	struct pci_cfg_read8_req r8 = {.offset = 0};
	struct pci_cfg_read8_rep r8rep = {0};
	struct pci_cfg_read16_req r16 = {.offset = 0};
	struct pci_cfg_read16_rep r16rep = {0};
	rootd_cover("pci_cfg.read8 pci_cfg.read16", COVER_POSITIVE,
		    pci_cfg_read8(r->pci, ipc(), &r8, &r8rep) == ERIX_OK && r8rep.value == 0x86 &&
			    pci_cfg_read16(r->pci, ipc(), &r16, &r16rep) == ERIX_OK &&
			    r16rep.value == 0x8086,
		    "pci_cfg: read8 and read16 give the host bridge's vendor, 0x8086");
	struct pci_cfg_enumerate_req en = {.start_index = 0};
	struct pci_cfg_enumerate_rep enrep = {0};
	rootd_cover("pci_cfg.enumerate", COVER_POSITIVE,
		    pci_cfg_enumerate(r->pci, ipc(), &en, &enrep) == ERIX_OK && enrep.count > 0 &&
			    enrep.functions[0].address.bus_number == 0 &&
			    enrep.functions[0].address.device_number == 0 &&
			    enrep.functions[0].vendor_id == 0x8086,
		    "pci_cfg: enumerate lists the host bridge first");
	en.start_index = 100000;
	rootd_check(pci_cfg_enumerate(r->pci, ipc(), &en, &enrep) == ERIX_E_INVALID_ARGUMENT,
		    "pci_cfg: enumerate refuses a start past the last function");
}

/* table_at enumerates the tables find_table finds: the MADT is among them. */
static void acpi_tests(struct rootd *r)
{
	struct acpi_ctl_table_at_req at = {.table_index = 0};
	struct acpi_ctl_table_at_rep atrep = {0};
	bool madt = false;
	for (; at.table_index < 64; at.table_index++) {
		if (acpi_ctl_table_at(r->acpi, ipc(), &at, &atrep) != ERIX_OK)
			break;
		madt |= memcmp(atrep.info.signature, "APIC", 4) == 0;
	}
	rootd_cover("acpi_ctl.table_at", COVER_POSITIVE,
		    madt && acpi_ctl_table_at(r->acpi, ipc(), &at, &atrep) == ERIX_E_NOT_FOUND,
		    "acpi_ctl: table_at lists the MADT, and not_found past the last table");
}

void rootd_run_authority_tests(struct rootd *r)
{
	elsewhere_tests(r);
	pci_tests(r);
	acpi_tests(r);
}
