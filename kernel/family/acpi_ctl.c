/*
 * The ACPI family: read-only access to the firmware's ACPI tables, for the
 * ACPI driver, and turning the machine off or resetting it. Reading grants
 * the bytes of validated tables and nothing else: an offset is always inside
 * the table it names, so no other physical memory can be read. Power needs
 * the write right and touches only the FADT's PM1 control blocks and reset
 * register (found by acpi_power.c, which scans the DSDT for \_S5 without
 * running AML), or the reset fallbacks: port 0xcf9 and the i8042.
 *
 * Validation, redone on every call (nothing is cached, so nothing goes
 * stale; the work is bounded by ROOT_MAX_ENTRIES tables of at most
 * TABLE_MAX_SIZE bytes each):
 *   - the RSDP is the copy the boot loader handed over (boot_handoff()):
 *     signature, checksum, and for revision 2 and later its length and
 *     extended checksum; it names the XSDT then, else the RSDT;
 *   - a table must lie inside the direct map (physical 0..4 GiB), must not
 *     overlap usable RAM at or above 1 MiB (the memory the kernel hands out
 *     as untyped, or holds itself), must be 36 bytes to 1 MiB long and must
 *     sum to 0; a table of the wrong signature where a root table, DSDT or
 *     FACS is expected is refused. The FACS has no checksum and is at least
 *     64 bytes; its "revision" is its version byte and it has no OEM fields.
 *
 * The kernel's list of tables is: the valid entries of the root table in
 * their order (at most ROOT_MAX_ENTRIES are looked at), then the DSDT and
 * the FACS named by the first valid FADT ("FACP"), using its 64-bit fields
 * when they are set. An invalid entry is skipped, not counted.
 *
 * rsdp_physical is 0: multiboot2 hands over a copy of the RSDP without its
 * address.
 */
#include "acpi_ctl.h"
#include "acpi_power.h"
#include "boot/handoff.h"
#include "invoke.h"
#include "io.h"
#include "kernel.h"
#include "memlayout.h"
#include "time.h"

#define RSDP_V1_SIZE     20
#define RSDP_V2_SIZE     36
#define SDT_HEADER_SIZE  36
#define FACS_MIN_SIZE    64
#define TABLE_MAX_SIZE   (1u << 20)
#define ROOT_MAX_ENTRIES 256
#define READ_MAX         256
#define HANDED_OUT_START 0x100000ull /* rootspace hands out no RAM below 1 MiB */

#define FADT_FACS    36  /* FIRMWARE_CTRL, u32 */
#define FADT_DSDT    40  /* DSDT, u32 */
#define FADT_X_FACS  132 /* X_FIRMWARE_CTRL, u64 */
#define FADT_X_DSDT  140 /* X_DSDT, u64 */
#define FACS_VERSION 32

#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP       (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN        (1u << 13)
#define POWER_WAIT_NS     1000000000ull /* how long a power write is given to act */
#define PORT_CF9          0xcf9         /* the chipset's reset control register */
#define CF9_SYS_RESET     0x02
#define CF9_RESET_CPU     0x04
#define I8042_STATUS      0x64
#define I8042_INPUT_FULL  0x02
#define I8042_PULSE_RESET 0xfe
#define I8042_POLL_MAX    100000

/* The root table the RSDP names. */
struct acpi_root {
	const uint8_t *rsdp; /* the loader's copy */
	uint64_t table;      /* physical address of the RSDT or XSDT */
	uint32_t entry_size; /* 4 (RSDT) or 8 (XSDT) */
	uint32_t entry_count;
	uint8_t revision; /* 0 for the RSDT, the RSDP's revision for the XSDT */
};

/* A validated table. */
struct acpi_table {
	uint64_t phys;
	uint32_t length;
	uint8_t signature[4];
	bool facs; /* FACS layout: no checksum, no OEM fields */
};

/* A search of the list: the table at `index`, or instance `instance` of `signature`. */
struct query {
	uint32_t index;           /* UINT32_MAX: not by index */
	const uint8_t *signature; /* NULL: not by signature */
	uint32_t instance;        /* UINT32_MAX: not by instance */
	uint32_t seen;            /* tables of `signature` passed before the hit */
	bool found;
	struct acpi_table table;
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint8_t byte_sum(const uint8_t *p, uint32_t n)
{
	uint8_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum;
}

static const uint8_t *table_bytes(uint64_t phys)
{
	return phys_to_virt(phys);
}

/* True when [start, end) overlaps usable RAM the kernel hands out or holds (from 1 MiB up). */
static bool overlaps_ram(uint64_t start, uint64_t end)
{
	const struct boot_handoff *h = boot_handoff();
	for (size_t i = 0; i < h->region_count; i++) {
		const struct handoff_region *r = &h->regions[i];
		uint64_t r_start = r->base < HANDED_OUT_START ? HANDED_OUT_START : r->base;
		uint64_t r_end = r->base + r->length;
		if (r->type == HANDOFF_MEM_USABLE && r_start < r_end && start < r_end &&
		    r_start < end)
			return true;
	}
	return false;
}

/* True when the `size` bytes at `phys` may be read as firmware tables. */
static bool readable(uint64_t phys, uint64_t size)
{
	return phys != 0 && size <= PHYS_MAP_SIZE && phys <= PHYS_MAP_SIZE - size &&
	       !overlaps_ram(phys, phys + size);
}

/* Validate the table at `phys` into *t; `signature` (or NULL for any) is the one expected. */
static bool table_check(uint64_t phys, const char *signature, struct acpi_table *t)
{
	bool facs = signature && memcmp(signature, "FACS", 4) == 0;
	if (!readable(phys, SDT_HEADER_SIZE))
		return false;
	const uint8_t *p = table_bytes(phys);
	uint32_t length = rd32(p + 4);
	if ((signature && memcmp(p, signature, 4) != 0) ||
	    length < (facs ? FACS_MIN_SIZE : SDT_HEADER_SIZE) || length > TABLE_MAX_SIZE ||
	    !readable(phys, length) || (!facs && byte_sum(p, length) != 0))
		return false;
	*t = (struct acpi_table){.phys = phys, .length = length, .facs = facs};
	memcpy(t->signature, p, 4);
	return true;
}

/* Validate the loader's RSDP copy and the root table it names into *r. */
static bool root_find(struct acpi_root *r)
{
	const struct boot_handoff *h = boot_handoff();
	const uint8_t *rsdp = h->acpi_rsdp;
	size_t size = h->acpi_rsdp_size;
	struct acpi_table root;
	if (!rsdp || size < RSDP_V1_SIZE || memcmp(rsdp, "RSD PTR ", 8) != 0 ||
	    byte_sum(rsdp, RSDP_V1_SIZE) != 0)
		return false;
	r->rsdp = rsdp;
	if (rsdp[15] >= 2) {
		uint32_t length = size >= RSDP_V2_SIZE ? rd32(rsdp + 20) : 0;
		if (length < RSDP_V2_SIZE || length > size || byte_sum(rsdp, length) != 0 ||
		    !table_check(rd64(rsdp + 24), "XSDT", &root))
			return false;
		r->entry_size = 8;
		r->revision = rsdp[15];
	} else {
		if (!table_check(rd32(rsdp + 16), "RSDT", &root))
			return false;
		r->entry_size = 4;
		r->revision = 0;
	}
	uint32_t entries = (root.length - SDT_HEADER_SIZE) / r->entry_size;
	r->table = root.phys;
	r->entry_count = entries < ROOT_MAX_ENTRIES ? entries : ROOT_MAX_ENTRIES;
	return true;
}

/* The physical address in root table entry `i` (below entry_count). */
static uint64_t root_entry(const struct acpi_root *r, uint32_t i)
{
	const uint8_t *p = table_bytes(r->table) + SDT_HEADER_SIZE + (uint64_t)i * r->entry_size;
	return r->entry_size == 8 ? rd64(p) : rd32(p);
}

/* The DSDT and FACS addresses the FADT names, its 64-bit fields first when set. */
static void fadt_pointers(const struct acpi_table *fadt, uint64_t *dsdt, uint64_t *facs)
{
	const uint8_t *p = table_bytes(fadt->phys);
	*facs = fadt->length >= FADT_FACS + 4 ? rd32(p + FADT_FACS) : 0;
	*dsdt = fadt->length >= FADT_DSDT + 4 ? rd32(p + FADT_DSDT) : 0;
	if (fadt->length >= FADT_X_FACS + 8 && rd64(p + FADT_X_FACS))
		*facs = rd64(p + FADT_X_FACS);
	if (fadt->length >= FADT_X_DSDT + 8 && rd64(p + FADT_X_DSDT))
		*dsdt = rd64(p + FADT_X_DSDT);
}

/* Offer the table at list position `index` to q; true when it is the one q looks for. */
static bool offer(struct query *q, const struct acpi_table *t, uint32_t index)
{
	bool same = q->signature && memcmp(t->signature, q->signature, 4) == 0;
	if (index == q->index || (same && q->seen == q->instance)) {
		q->found = true;
		q->table = *t;
		return true;
	}
	q->seen += same;
	return false;
}

/* Walk the list until q finds its table; the number of tables passed (all: the list's length). */
static uint32_t walk(const struct acpi_root *r, struct query *q)
{
	struct acpi_table t, fadt = {0};
	uint32_t n = 0;
	for (uint32_t i = 0; i < r->entry_count; i++) {
		if (!table_check(root_entry(r, i), NULL, &t))
			continue;
		if (!fadt.phys && memcmp(t.signature, "FACP", 4) == 0)
			fadt = t;
		if (offer(q, &t, n++))
			return n;
	}
	if (!fadt.phys)
		return n;
	uint64_t dsdt, facs;
	fadt_pointers(&fadt, &dsdt, &facs);
	if (table_check(dsdt, "DSDT", &t) && offer(q, &t, n++))
		return n;
	if (table_check(facs, "FACS", &t) && offer(q, &t, n++))
		return n;
	return n;
}

/* Find instance `instance` of `signature` into *t; false when there is no such table. */
static bool find(const uint8_t signature[4], uint32_t instance, struct acpi_table *t)
{
	struct acpi_root r;
	struct query q = {.index = UINT32_MAX, .signature = signature, .instance = instance};
	if (!root_find(&r))
		return false;
	walk(&r, &q);
	*t = q.table;
	return q.found;
}

/* Describe validated table `t`, instance `instance` of its signature. */
static void describe(const struct acpi_table *t, uint32_t instance,
		     struct acpi_ctl_table_info *info)
{
	const uint8_t *p = table_bytes(t->phys);
	info->physical_base = t->phys;
	info->length = t->length;
	info->instance = instance;
	memcpy(info->signature, t->signature, 4);
	if (t->facs) {
		info->revision = p[FACS_VERSION];
		return;
	}
	info->revision = p[8];
	memcpy(info->oem_id, p + 10, 6);
	memcpy(info->oem_table_id, p + 16, 8);
}

static enum erix_status root(void *ctx, const struct acpi_ctl_root_req *req,
			     struct acpi_ctl_root_rep *rep)
{
	struct acpi_root r;
	struct query all = {.index = UINT32_MAX, .instance = UINT32_MAX};
	(void)ctx;
	(void)req;
	if (!root_find(&r))
		return ERIX_E_NOT_FOUND;
	rep->info.rsdp_physical = 0; /* unknown: the loader passed a copy */
	rep->info.root_table_physical = r.table;
	rep->info.table_count = walk(&r, &all);
	rep->info.revision = r.revision;
	memcpy(rep->info.oem_id, r.rsdp + 9, 6);
	return ERIX_OK;
}

static enum erix_status find_table(void *ctx, const struct acpi_ctl_find_table_req *req,
				   struct acpi_ctl_find_table_rep *rep)
{
	struct acpi_table t;
	(void)ctx;
	if (!find(req->signature, req->instance, &t))
		return ERIX_E_NOT_FOUND;
	describe(&t, req->instance, &rep->info);
	return ERIX_OK;
}

static enum erix_status table_at(void *ctx, const struct acpi_ctl_table_at_req *req,
				 struct acpi_ctl_table_at_rep *rep)
{
	struct acpi_root r;
	struct query at = {.index = req->table_index, .instance = UINT32_MAX};
	(void)ctx;
	if (!root_find(&r))
		return ERIX_E_NOT_FOUND;
	walk(&r, &at);
	if (!at.found)
		return ERIX_E_NOT_FOUND;
	/* Its instance: the tables of its signature before it. */
	struct query before = {
		.index = req->table_index, .signature = at.table.signature, .instance = UINT32_MAX};
	walk(&r, &before);
	describe(&at.table, before.seen, &rep->info);
	return ERIX_OK;
}

static enum erix_status read_table(void *ctx, const struct acpi_ctl_read_table_req *req,
				   struct acpi_ctl_read_table_rep *rep)
{
	struct acpi_table t;
	(void)ctx;
	if (req->length == 0 || req->length > READ_MAX)
		return ERIX_E_INVALID_ARGUMENT;
	if (!find(req->signature, req->instance, &t))
		return ERIX_E_NOT_FOUND;
	if (req->offset > t.length || req->length > t.length - req->offset)
		return ERIX_E_INVALID_ARGUMENT;
	rep->data = table_bytes(t.phys) + req->offset;
	rep->data_len = req->length;
	return ERIX_OK;
}

/* True when the invoked capability carries the write right the power methods need. */
static bool may_power(void *ctx)
{
	return ((const struct invocation *)ctx)->target->rights & ERIX_RIGHT_WRITE;
}

/* Spin for POWER_WAIT_NS: a machine that is going down stops during it. */
static void power_wait(void)
{
	uint64_t end = time_now_ns() + POWER_WAIT_NS;
	while (time_now_ns() < end)
		__asm__ volatile("pause");
}

/* Write SLP_TYP = `type` (with SLP_EN when `enable`) into the PM1 control block at `port`. */
static void pm1_write(uint16_t port, uint8_t type, bool enable)
{
	uint16_t v = inw(port) & ~(PM1_SLP_TYP | PM1_SLP_EN);
	v |= (uint16_t)(type << PM1_SLP_TYP_SHIFT);
	outw(port, enable ? v | PM1_SLP_EN : v);
}

static enum erix_status power_off(void *ctx, const struct acpi_ctl_power_off_req *req,
				  struct acpi_ctl_power_off_rep *rep)
{
	struct acpi_table fadt, dsdt;
	struct acpi_pm1_control pm1;
	uint8_t typ_a, typ_b;
	(void)req;
	(void)rep;
	if (!may_power(ctx))
		return ERIX_E_NO_PERMISSION;
	if (!find((const uint8_t *)"FACP", 0, &fadt) || !find((const uint8_t *)"DSDT", 0, &dsdt) ||
	    !acpi_fadt_pm1_control(table_bytes(fadt.phys), fadt.length, &pm1) ||
	    !acpi_dsdt_s5(table_bytes(dsdt.phys), dsdt.length, &typ_a, &typ_b))
		return ERIX_E_NOT_SUPPORTED;
	kprintf("acpi: entering S5: PM1a control 0x%x, SLP_TYPa %u; PM1b control 0x%x, "
		"SLP_TYPb %u\n",
		pm1.a, typ_a, pm1.b, typ_b);
	pm1_write(pm1.a, typ_a, false);
	if (pm1.b)
		pm1_write(pm1.b, typ_b, false);
	pm1_write(pm1.a, typ_a, true);
	if (pm1.b)
		pm1_write(pm1.b, typ_b, true);
	power_wait();
	kprintf("acpi: the machine is still on after S5\n");
	return ERIX_E_IO_ERROR;
}

/* Pulse the CPU reset line through the i8042, once its input buffer is empty. */
static void i8042_reset(void)
{
	for (int i = 0; i < I8042_POLL_MAX && (inb(I8042_STATUS) & I8042_INPUT_FULL); i++)
		__asm__ volatile("pause");
	outb(I8042_STATUS, I8042_PULSE_RESET);
}

static enum erix_status reset(void *ctx, const struct acpi_ctl_reset_req *req,
			      struct acpi_ctl_reset_rep *rep)
{
	struct acpi_table fadt;
	uint16_t port;
	uint8_t value;
	(void)req;
	(void)rep;
	if (!may_power(ctx))
		return ERIX_E_NO_PERMISSION;
	if (find((const uint8_t *)"FACP", 0, &fadt) &&
	    acpi_fadt_reset_register(table_bytes(fadt.phys), fadt.length, &port, &value)) {
		kprintf("acpi: reset through the FADT's reset register: port 0x%x <- 0x%x\n", port,
			value);
		outb(port, value);
		power_wait();
	}
	kprintf("acpi: reset through port 0xcf9\n");
	outb(PORT_CF9, CF9_SYS_RESET);
	outb(PORT_CF9, CF9_SYS_RESET | CF9_RESET_CPU);
	power_wait();
	kprintf("acpi: reset through the i8042\n");
	i8042_reset();
	power_wait();
	kprintf("acpi: the machine is still on after every reset\n");
	return ERIX_E_IO_ERROR;
}

static const struct acpi_ctl_server server = {
	.root = root,
	.find_table = find_table,
	.table_at = table_at,
	.read_table = read_table,
	.power_off = power_off,
	.reset = reset,
};

bool acpi_ctl_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return acpi_ctl_dispatch(&server, inv, request, reply);
}

bool acpi_find_table(const char signature[4], uint64_t *phys, uint32_t *length)
{
	struct acpi_table t;
	if (!find((const uint8_t *)signature, 0, &t))
		return false;
	*phys = t.phys;
	*length = t.length;
	return true;
}
