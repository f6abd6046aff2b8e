/*
 * What the FADT and DSDT say about turning the machine off and resetting it.
 * Plain C over a table's bytes (no kernel state), so the host tests can feed
 * it crafted tables. Every read is checked against the length given.
 */
#ifndef ERIX_ACPI_POWER_H
#define ERIX_ACPI_POWER_H

#include <stdbool.h>
#include <stdint.h>

/* The I/O ports of the PM1 control blocks; b is 0 when there is no PM1b block. */
struct acpi_pm1_control {
	uint16_t a, b;
};

/*
 * The PM1a/PM1b control blocks of the FADT of `length` bytes at `fadt`: the
 * 64-bit X_ fields when set, else the 32-bit ones. False when the FADT is
 * shorter than ACPI 1.0's (116 bytes), is hardware-reduced, says its PM1
 * control block is under 2 bytes, or has no PM1a block, or a block that is
 * not in I/O-port space below 0x10000.
 */
bool acpi_fadt_pm1_control(const uint8_t *fadt, uint32_t length, struct acpi_pm1_control *out);

/*
 * The FADT's reset register and value, when its flags say it is supported
 * and it is an I/O port below 0x10000; false otherwise.
 */
bool acpi_fadt_reset_register(const uint8_t *fadt, uint32_t length, uint16_t *port, uint8_t *value);

/*
 * SLP_TYPa and SLP_TYPb for S5 from the DSDT of `length` bytes at `dsdt`:
 * the first `Name (_S5_, Package (){a, b, ...})` (name op 0x08, an optional
 * root prefix '\', then a package op 0x12) after the 36-byte header, whose
 * first two elements are integer constants from 0 to 7. False when there is
 * no such name, or its package is malformed, shorter than two elements or
 * runs past the table. No AML is interpreted: the bytes are only scanned.
 */
bool acpi_dsdt_s5(const uint8_t *dsdt, uint32_t length, uint8_t *typ_a, uint8_t *typ_b);

#endif
