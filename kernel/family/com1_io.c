/*
 * The COM1 family: the eight registers of the 16550 UART at 0x3f8, for the
 * console driver. A register is named by its offset 0..7 (an enum the
 * generated decoder checks, out_of_range otherwise), so no other port can be
 * expressed: every access below is COM1_BASE + an offset below 8.
 *
 * write_fifo and read_fifo move up to 16 bytes per call and never spin: they
 * look at the line status register once per byte and stop. While the line
 * control register's DLAB bit is set, offset 0 is the divisor latch, not the
 * transmitter or receiver, so both then move no bytes instead of touching it.
 *
 * bind_irq binds the line ISA IRQ 4 arrives on (after the MADT's overrides)
 * and hands out its irq capability, so the driver needs no irq_ctl. The
 * kernel keeps writing its own log to COM1 (serial.c), polling.
 */
#include "com1_io.h"
#include "invoke.h"
#include "io.h"
#include "irq.h"
#include "kernel.h"

#define COM1_BASE      0x3f8
#define COM1_ISA_IRQ   4
#define UART_FIFO_SIZE 16

#define LSR_DATA_READY 0x01
#define LSR_ERRORS     0x1e /* overrun, parity, framing, break */
#define LSR_THR_EMPTY  0x20
#define LCR_DLAB       0x80
#define FCR_ENABLE     0x01

/* FIFO enabled by the last FIFO control write; serial_init() wrote 0xc7. */
static bool fifo_enabled = true;

/* Read the UART register at offset `reg` (0..7). */
static uint8_t uart_in(uint8_t reg)
{
	return inb((uint16_t)(COM1_BASE + (reg & 7)));
}

/* Write the UART register at offset `reg` (0..7). */
static void uart_out(uint8_t reg, uint8_t value)
{
	outb((uint16_t)(COM1_BASE + (reg & 7)), value);
}

/* True while offsets 0 and 1 are the divisor latch rather than data and interrupt enable. */
static bool divisor_latched(void)
{
	return uart_in(COM1_IO_UART_REGISTER_LINE_CONTROL) & LCR_DLAB;
}

static enum erix_status read_register(void *ctx, const struct com1_io_read_register_req *req,
				      struct com1_io_read_register_rep *rep)
{
	(void)ctx;
	rep->value = uart_in(req->reg);
	return ERIX_OK;
}

static enum erix_status write_register(void *ctx, const struct com1_io_write_register_req *req,
				       struct com1_io_write_register_rep *rep)
{
	(void)ctx;
	(void)rep;
	if (req->reg == COM1_IO_UART_REGISTER_INTERRUPT_ID_FIFO)
		fifo_enabled =
			req->value & FCR_ENABLE; /* offset 2 written is always FIFO control */
	uart_out(req->reg, req->value);
	return ERIX_OK;
}

static enum erix_status write_fifo(void *ctx, const struct com1_io_write_fifo_req *req,
				   struct com1_io_write_fifo_rep *rep)
{
	(void)ctx;
	if (req->data_len == 0)
		return ERIX_E_INVALID_ARGUMENT;
	rep->written = 0;
	if (divisor_latched() || !(uart_in(COM1_IO_UART_REGISTER_LINE_STATUS) & LSR_THR_EMPTY))
		return ERIX_OK; /* busy: nothing written */
	uint16_t n = fifo_enabled ? req->data_len : 1;
	if (n > UART_FIFO_SIZE)
		n = UART_FIFO_SIZE;
	for (uint16_t i = 0; i < n; i++)
		uart_out(COM1_IO_UART_REGISTER_DATA, req->data[i]);
	rep->written = (uint8_t)n;
	return ERIX_OK;
}

static enum erix_status read_fifo(void *ctx, const struct com1_io_read_fifo_req *req,
				  struct com1_io_read_fifo_rep *rep)
{
	static uint8_t data[UART_FIFO_SIZE]; /* one CPU, and the kernel is not reentrant */
	(void)ctx;
	if (req->max_length == 0 || req->max_length > UART_FIFO_SIZE)
		return ERIX_E_INVALID_ARGUMENT;
	uint8_t errors = 0, n = 0, max = divisor_latched() ? 0 : req->max_length;
	while (n < max) {
		uint8_t lsr = uart_in(COM1_IO_UART_REGISTER_LINE_STATUS);
		errors |= lsr & LSR_ERRORS; /* reading the LSR clears them: keep each one seen */
		if (!(lsr & LSR_DATA_READY))
			break;
		data[n++] = uart_in(COM1_IO_UART_REGISTER_DATA);
	}
	rep->line_errors = errors;
	rep->data = data;
	rep->data_len = n;
	return ERIX_OK;
}

static enum erix_status bind_irq(void *ctx, const struct com1_io_bind_irq_req *req,
				 struct com1_io_bind_irq_rep *rep)
{
	return irq_grant_isa(ctx, COM1_ISA_IRQ, req->signal_bits, &rep->irq);
}

static const struct com1_io_server server = {
	.read_register = read_register,
	.write_register = write_register,
	.write_fifo = write_fifo,
	.read_fifo = read_fifo,
	.bind_irq = bind_irq,
};

bool com1_io_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return com1_io_dispatch(&server, inv, request, reply);
}
