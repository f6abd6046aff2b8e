/* ACPI tables for the kernel's own use (family/acpi_ctl.c validates them). */
#ifndef ERIX_ACPI_H
#define ERIX_ACPI_H

#include <stdbool.h>
#include <stdint.h>

/* The first validated table with `signature`: its physical address and length. */
bool acpi_find_table(const char signature[4], uint64_t *phys, uint32_t *length);

#endif
