/*
 * Reading the power-management facts out of validated ACPI tables (see
 * acpi_power.h). The FADT offsets are those of ACPI 6.x, the same in every
 * revision that has the field; a Generic Address Structure (GAS) is a space
 * id (1: system I/O), bit width, bit offset, access size and a 64-bit
 * address.
 *
 * The \_S5 object is found without an AML interpreter: a scan for the name
 * "_S5_" right after a NameOp and an optional root prefix, then the package
 * encoding (PackageOp, PkgLength, NumElements, elements), each byte read
 * only after checking it lies inside both the package and the table.
 */
#include "acpi_power.h"

#include <string.h>

#define SDT_HEADER_SIZE  36
#define FADT_V1_SIZE     116
#define FADT_PM1A_CNT    64  /* PM1a_CNT_BLK, u32 port */
#define FADT_PM1B_CNT    68  /* PM1b_CNT_BLK, u32 port */
#define FADT_PM1_CNT_LEN 89  /* PM1_CNT_LEN, u8 */
#define FADT_FLAGS       112 /* u32 */
#define FADT_RESET_REG   116 /* GAS */
#define FADT_RESET_VALUE 128 /* u8 */
#define FADT_X_PM1A_CNT  172 /* GAS */
#define FADT_X_PM1B_CNT  184 /* GAS */
#define GAS_SIZE         12
#define GAS_ADDRESS      4
#define GAS_SYSTEM_IO    1

#define FLAG_RESET_REG_SUP (1u << 10)
#define FLAG_HW_REDUCED    (1u << 20)

#define AML_ZERO    0x00
#define AML_ONE     0x01
#define AML_NAME    0x08
#define AML_BYTE    0x0a
#define AML_WORD    0x0b
#define AML_DWORD   0x0c
#define AML_PACKAGE 0x12
#define AML_ROOT    0x5c /* '\' */
#define SLP_TYP_MAX 7
#define PORT_LIMIT  0x10000u

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

/*
 * The port of the GAS at `offset`, into *port: 0 when the FADT is too short
 * for it or its address is 0 (the field is unused). False when it is used
 * but is not an I/O port below 0x10000.
 */
static bool gas_port(const uint8_t *fadt, uint32_t length, uint32_t offset, uint16_t *port)
{
	*port = 0;
	if (length < offset + GAS_SIZE)
		return true;
	uint64_t address = rd64(fadt + offset + GAS_ADDRESS);
	if (address == 0)
		return true;
	if (fadt[offset] != GAS_SYSTEM_IO || address >= PORT_LIMIT)
		return false;
	*port = (uint16_t)address;
	return true;
}

/* The 32-bit port field at `offset` into *port (0: none); false when it is past 0xffff. */
static bool legacy_port(const uint8_t *fadt, uint32_t offset, uint16_t *port)
{
	uint32_t address = rd32(fadt + offset);
	*port = (uint16_t)address;
	return address < PORT_LIMIT;
}

/* A PM1 control block: the GAS at `x_offset` when used, else the port at `legacy_offset`. */
static bool pm1_block(const uint8_t *fadt, uint32_t length, uint32_t x_offset,
		      uint32_t legacy_offset, uint16_t *port)
{
	if (!gas_port(fadt, length, x_offset, port))
		return false;
	return *port != 0 || legacy_port(fadt, legacy_offset, port);
}

bool acpi_fadt_pm1_control(const uint8_t *fadt, uint32_t length, struct acpi_pm1_control *out)
{
	if (length < FADT_V1_SIZE || (rd32(fadt + FADT_FLAGS) & FLAG_HW_REDUCED) ||
	    fadt[FADT_PM1_CNT_LEN] < 2)
		return false;
	return pm1_block(fadt, length, FADT_X_PM1A_CNT, FADT_PM1A_CNT, &out->a) &&
	       pm1_block(fadt, length, FADT_X_PM1B_CNT, FADT_PM1B_CNT, &out->b) && out->a != 0;
}

bool acpi_fadt_reset_register(const uint8_t *fadt, uint32_t length, uint16_t *port, uint8_t *value)
{
	if (length <= FADT_RESET_VALUE || !(rd32(fadt + FADT_FLAGS) & FLAG_RESET_REG_SUP) ||
	    !gas_port(fadt, length, FADT_RESET_REG, port) || *port == 0)
		return false;
	*value = fadt[FADT_RESET_VALUE];
	return true;
}

/*
 * Decode the PkgLength at p[*at] (below `end`): on success *at is past it and
 * *pkg_end is where the package ends (PkgLength counts itself).
 */
static bool pkg_length(const uint8_t *p, uint32_t end, uint32_t *at, uint32_t *pkg_end)
{
	uint32_t start = *at, lead = p[start], extra = lead >> 6;
	uint32_t value = extra == 0 ? lead & 0x3f : lead & 0x0f;
	if (extra > end - start - 1)
		return false;
	for (uint32_t i = 1; i <= extra; i++)
		value |= (uint32_t)p[start + i] << (4 + 8 * (i - 1));
	*at = start + 1 + extra;
	if (value > end - start || start + value < *at)
		return false;
	*pkg_end = start + value;
	return true;
}

/* The integer constant at p[*at] (below `end`) as a sleep type 0..7; *at moves past it. */
static bool sleep_type(const uint8_t *p, uint32_t end, uint32_t *at, uint8_t *out)
{
	static const uint8_t sizes[] = {[AML_BYTE] = 1, [AML_WORD] = 2, [AML_DWORD] = 4};
	uint8_t op = p[*at];
	uint32_t value, size = op < sizeof(sizes) ? sizes[op] : 0;
	if (op == AML_ZERO || op == AML_ONE) {
		value = op;
	} else if (size != 0 && size < end - *at) {
		value = 0;
		for (uint32_t i = size; i > 0; i--)
			value = value << 8 | p[*at + i];
	} else {
		return false;
	}
	if (value > SLP_TYP_MAX)
		return false;
	*out = (uint8_t)value;
	*at += 1 + size;
	return true;
}

/* Parse the package whose PackageOp is at p[at], inside a table of `length` bytes. */
static bool s5_package(const uint8_t *p, uint32_t length, uint32_t at, uint8_t *typ_a,
		       uint8_t *typ_b)
{
	uint32_t end;
	at++; /* the PackageOp */
	if (at >= length || !pkg_length(p, length, &at, &end) || at >= end || p[at] < 2)
		return false;
	at++; /* NumElements */
	return at < end && sleep_type(p, end, &at, typ_a) && at < end &&
	       sleep_type(p, end, &at, typ_b);
}

bool acpi_dsdt_s5(const uint8_t *dsdt, uint32_t length, uint8_t *typ_a, uint8_t *typ_b)
{
	for (uint32_t i = SDT_HEADER_SIZE + 1; length >= 5 && i <= length - 5; i++) {
		if (memcmp(dsdt + i, "_S5_", 4) != 0 || dsdt[i + 4] != AML_PACKAGE)
			continue;
		bool named = dsdt[i - 1] == AML_NAME ||
			     (dsdt[i - 1] == AML_ROOT && i >= SDT_HEADER_SIZE + 2 &&
			      dsdt[i - 2] == AML_NAME);
		if (named)
			return s5_package(dsdt, length, i + 4, typ_a, typ_b);
	}
	return false;
}
