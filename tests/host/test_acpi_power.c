/*
 * Host tests for what the kernel reads about power out of ACPI tables
 * (kernel/family/acpi_power.c): the FADT's PM1 control blocks and reset
 * register, and the DSDT's \_S5 package found without an AML interpreter.
 * Tables are built in heap buffers of their exact length, so ASan catches
 * any read past the end; truncations and random mutations show none happens.
 * Output is TAP; the exit status is non-zero when any test fails.
 */
#include "acpi_power.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define HEADER         36
#define MUTATION_ITERS 200000

/* AML for `Name (_S5_, Package (4) {Zero, Zero, Zero, Zero})`, as QEMU's q35 DSDT has it. */
static const uint8_t qemu_s5[] = {0x08, '_',  'S',  '5',  '_',  0x12,
				  0x06, 0x04, 0x00, 0x00, 0x00, 0x00};

/* A DSDT: a zeroed header, `before` filler bytes of 0xa3 (no AML meaning here), then `aml`. */
static uint8_t *dsdt(const uint8_t *aml, uint32_t aml_len, uint32_t before, uint32_t *length)
{
	*length = HEADER + before + aml_len;
	uint8_t *t = calloc(1, *length);
	memcpy(t, "DSDT", 4);
	memset(t + HEADER, 0xa3, before);
	memcpy(t + HEADER + before, aml, aml_len);
	return t;
}

/* acpi_dsdt_s5 over `aml` placed in a DSDT; true when it answers `ok` with types a, b. */
static bool s5_is(const uint8_t *aml, uint32_t aml_len, bool ok, uint8_t a, uint8_t b)
{
	uint32_t length;
	uint8_t *t = dsdt(aml, aml_len, 7, &length);
	uint8_t ta = 0xff, tb = 0xff;
	bool got = acpi_dsdt_s5(t, length, &ta, &tb);
	free(t);
	return got == ok && (!ok || (ta == a && tb == b));
}

static bool s5_qemu(void)
{
	return s5_is(qemu_s5, sizeof(qemu_s5), true, 0, 0);
}

static bool s5_root_prefix_and_byte_constants(void)
{
	static const uint8_t aml[] = {0x08, '\\', '_',  'S',  '5',  '_',  0x12, 0x08,
				      0x04, 0x0a, 0x05, 0x0a, 0x06, 0x00, 0x00};
	return s5_is(aml, sizeof(aml), true, 5, 6);
}

static bool s5_word_and_dword_constants(void)
{
	static const uint8_t aml[] = {0x08, '_',  'S',  '5',  '_',  0x12, 0x0a, 0x02,
				      0x0b, 0x07, 0x00, 0x0c, 0x03, 0x00, 0x00, 0x00};
	return s5_is(aml, sizeof(aml), true, 7, 3);
}

static bool s5_two_byte_pkg_length(void)
{
	/* PkgLength 0x45 0x00: one more byte, length 5 | 0x00 << 4 (itself, NumElements, 2). */
	static const uint8_t aml[] = {0x08, '_', 'S', '5', '_', 0x12, 0x45, 0x00, 0x02, 0x01, 0x01};
	return s5_is(aml, sizeof(aml), true, 1, 1);
}

static bool s5_refuses_types_over_7(void)
{
	static const uint8_t byte8[] = {0x08, '_',  'S',  '5',  '_', 0x12,
					0x06, 0x02, 0x0a, 0x08, 0x00};
	static const uint8_t word[] = {0x08, '_',  'S',  '5',  '_',  0x12,
				       0x07, 0x02, 0x0b, 0x00, 0x01, 0x00};
	static const uint8_t ones[] = {0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0xff, 0x00};
	return s5_is(byte8, sizeof(byte8), false, 0, 0) && s5_is(word, sizeof(word), false, 0, 0) &&
	       s5_is(ones, sizeof(ones), false, 0, 0);
}

static bool s5_refuses_one_element(void)
{
	static const uint8_t aml[] = {0x08, '_', 'S', '5', '_', 0x12, 0x03, 0x01, 0x00};
	return s5_is(aml, sizeof(aml), false, 0, 0);
}

static bool s5_refuses_package_past_the_table(void)
{
	static const uint8_t aml[] = {0x08, '_', 'S', '5', '_', 0x12, 0x3f, 0x04, 0x00, 0x00};
	return s5_is(aml, sizeof(aml), false, 0, 0);
}

static bool s5_refuses_elements_past_the_package(void)
{
	/* The package ends after NumElements and one element; the second lies outside it. */
	static const uint8_t aml[] = {0x08, '_', 'S', '5', '_', 0x12, 0x03, 0x02, 0x00, 0x00};
	return s5_is(aml, sizeof(aml), false, 0, 0);
}

static bool s5_skips_names_that_are_not_declarations(void)
{
	/* "_S5_" followed by a package op but not after NameOp (say, inside a string), then the
	 * real one. */
	static const uint8_t aml[] = {'x',  '_',  'S',  '5',  '_',  0x12, 0x06, 0x04,
				      0x0a, 0x07, 0x00, 0x00, 0x08, '_',  'S',  '5',
				      '_',  0x12, 0x06, 0x04, 0x01, 0x00, 0x00, 0x00};
	return s5_is(aml, sizeof(aml), true, 1, 0);
}

static bool s5_absent(void)
{
	static const uint8_t aml[] = {0x08, '_',  'S',  '4',  '_',  0x12,
				      0x06, 0x04, 0x00, 0x00, 0x00, 0x00};
	return s5_is(aml, sizeof(aml), false, 0, 0) && s5_is(aml, 0, false, 0, 0);
}

/* Every prefix of a DSDT ending in \_S5: refused until the package is whole, never read past. */
static bool s5_truncations(void)
{
	uint32_t full;
	uint8_t *t = dsdt(qemu_s5, sizeof(qemu_s5), 3, &full);
	bool ok = true;
	for (uint32_t n = 0; n <= full; n++) {
		uint8_t *cut = malloc(n ? n : 1), a, b;
		memcpy(cut, t, n);
		ok &= acpi_dsdt_s5(cut, n, &a, &b) == (n == full);
		free(cut);
	}
	free(t);
	return ok;
}

/* Random bytes in a \_S5 package: whatever the verdict, no out-of-bounds read, types 0..7. */
static bool s5_mutations(void)
{
	uint32_t length;
	uint8_t *good = dsdt(qemu_s5, sizeof(qemu_s5), 1, &length);
	uint8_t *t = malloc(length);
	bool ok = true;
	srand(5);
	for (int i = 0; i < MUTATION_ITERS; i++) {
		memcpy(t, good, length);
		for (int k = rand() % 4; k >= 0; k--)
			t[HEADER + 1 + 5 + rand() % (sizeof(qemu_s5) - 5)] = (uint8_t)rand();
		uint32_t n = length - (uint32_t)(rand() % 3);
		uint8_t a = 0, b = 0;
		if (acpi_dsdt_s5(t, n, &a, &b))
			ok &= a <= 7 && b <= 7;
	}
	free(t);
	free(good);
	return ok;
}

/* ---- FADT ---- */

#define FADT_LENGTH 244 /* QEMU's q35 FADT, revision 3 */

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put_gas(uint8_t *p, uint8_t space, uint64_t address)
{
	p[0] = space;
	p[1] = 8;
	memcpy(p + 4, &address, 8);
}

/* A FADT laid out as QEMU's q35 one: PM1a control 0x604, reset register 0xcf9 <- 0x0f. */
static uint8_t *q35_fadt(void)
{
	uint8_t *f = calloc(1, FADT_LENGTH);
	memcpy(f, "FACP", 4);
	put32(f + 4, FADT_LENGTH);
	put32(f + 64, 0x604);
	f[89] = 2;
	put32(f + 112, 0x84a5);
	put_gas(f + 116, 1, 0xcf9);
	f[128] = 0x0f;
	put_gas(f + 172, 1, 0x604);
	return f;
}

static bool pm1_is(const uint8_t *f, uint32_t length, bool ok, uint16_t a, uint16_t b)
{
	struct acpi_pm1_control pm1 = {0xffff, 0xffff};
	bool got = acpi_fadt_pm1_control(f, length, &pm1);
	return got == ok && (!ok || (pm1.a == a && pm1.b == b));
}

static bool reset_is(const uint8_t *f, uint32_t length, bool ok, uint16_t port, uint8_t value)
{
	uint16_t p = 0;
	uint8_t v = 0;
	bool got = acpi_fadt_reset_register(f, length, &p, &v);
	return got == ok && (!ok || (p == port && v == value));
}

static bool fadt_q35(void)
{
	uint8_t *f = q35_fadt();
	bool ok = pm1_is(f, FADT_LENGTH, true, 0x604, 0) &&
		  reset_is(f, FADT_LENGTH, true, 0xcf9, 0x0f);
	free(f);
	return ok;
}

static bool fadt_x_fields_win(void)
{
	uint8_t *f = q35_fadt();
	put_gas(f + 172, 1, 0x1004);
	put_gas(f + 184, 1, 0x2004);
	bool ok = pm1_is(f, FADT_LENGTH, true, 0x1004, 0x2004);
	free(f);
	return ok;
}

static bool fadt_version_1(void)
{
	uint8_t *f = q35_fadt();
	put32(f + 68, 0x704);
	bool ok = pm1_is(f, 116, true, 0x604, 0x704) && reset_is(f, 116, false, 0, 0);
	free(f);
	return ok;
}

static bool fadt_refusals(void)
{
	uint8_t *f = q35_fadt();
	bool ok = pm1_is(f, 115, false, 0, 0);
	put32(f + 112, 0x84a5 | 1u << 20); /* hardware-reduced */
	ok &= pm1_is(f, FADT_LENGTH, false, 0, 0);
	put32(f + 112, 0x84a5 & ~(1u << 10)); /* no reset register */
	ok &= reset_is(f, FADT_LENGTH, false, 0, 0);
	put32(f + 112, 0x84a5);
	put_gas(f + 116, 0, 0xcf9); /* reset register in memory space */
	ok &= reset_is(f, FADT_LENGTH, false, 0, 0);
	put_gas(f + 172, 0, 0x604); /* PM1a in memory space */
	ok &= pm1_is(f, FADT_LENGTH, false, 0, 0);
	put_gas(f + 172, 1, 0x10000); /* not a port */
	ok &= pm1_is(f, FADT_LENGTH, false, 0, 0);
	put_gas(f + 172, 0, 0);
	put32(f + 64, 0); /* no PM1a at all */
	ok &= pm1_is(f, FADT_LENGTH, false, 0, 0);
	put32(f + 64, 0x604);
	f[89] = 1; /* PM1 control block under 2 bytes */
	ok &= pm1_is(f, FADT_LENGTH, false, 0, 0);
	free(f);
	return ok;
}

/* Every length of the q35 FADT, in a buffer of exactly that length: never read past it. */
static bool fadt_truncations(void)
{
	uint8_t *f = q35_fadt();
	bool ok = true;
	for (uint32_t n = 0; n <= FADT_LENGTH; n++) {
		uint8_t *cut = malloc(n ? n : 1);
		memcpy(cut, f, n);
		ok &= pm1_is(cut, n, n >= 116, 0x604, 0);
		ok &= reset_is(cut, n, n >= 129, 0xcf9, 0x0f);
		free(cut);
	}
	free(f);
	return ok;
}

int main(void)
{
	static const struct tap_test tests[] = {
		{"\\_S5 as QEMU's q35 DSDT has it", s5_qemu},
		{"\\_S5 with a root prefix and byte constants", s5_root_prefix_and_byte_constants},
		{"\\_S5 with word and dword constants", s5_word_and_dword_constants},
		{"\\_S5 with a two-byte PkgLength", s5_two_byte_pkg_length},
		{"\\_S5 sleep types over 7 are refused", s5_refuses_types_over_7},
		{"\\_S5 with one element is refused", s5_refuses_one_element},
		{"\\_S5 package past the table is refused", s5_refuses_package_past_the_table},
		{"\\_S5 elements past the package are refused",
		 s5_refuses_elements_past_the_package},
		{"_S5_ not after NameOp is skipped", s5_skips_names_that_are_not_declarations},
		{"no \\_S5 is not found", s5_absent},
		{"every truncation of a DSDT", s5_truncations},
		{"random mutations of the \\_S5 package", s5_mutations},
		{"q35's FADT: PM1a 0x604, reset 0xcf9 <- 0x0f", fadt_q35},
		{"the X_ PM1 blocks win over the 32-bit ones", fadt_x_fields_win},
		{"an ACPI 1.0 FADT: PM1a and PM1b, no reset register", fadt_version_1},
		{"FADT refusals", fadt_refusals},
		{"every truncation of the FADT", fadt_truncations},
	};
	return tap_run(tests, sizeof(tests) / sizeof(tests[0])) != 0;
}
