/*
 * The i8042 family: the PS/2 controller's data port 0x60 and status/command
 * port 0x64, for the keyboard and mouse driver. A port is named by an enum
 * the generated decoder checks (out_of_range otherwise), so no other port
 * can be expressed.
 *
 * The controller also drives the CPU reset line and the A20 gate. Their
 * commands are refused with no_permission: 0xd1 (write the output port) and
 * 0xf0..0xff (pulse output lines; 0xfe resets the machine). The kernel never
 * waits for the controller: a write while its input buffer is full answers
 * busy, and drain stops at the first empty status or after 16 bytes.
 *
 * bind_irq binds the line a channel's ISA IRQ (1 keyboard, 12 aux) arrives
 * on, after the MADT's overrides, and hands out its irq capability.
 */
#include "i8042_io.h"
#include "invoke.h"
#include "io.h"
#include "irq.h"
#include "kernel.h"

#define DRAIN_MAX 16

#define KEYBOARD_ISA_IRQ 1
#define AUX_ISA_IRQ      12

#define STATUS_OUTPUT_FULL 0x01 /* a byte waits in the data port */
#define STATUS_INPUT_FULL  0x02 /* the controller has not taken the last byte written */
#define STATUS_AUX_DATA    0x20 /* the waiting byte came from the aux channel */

#define COMMAND_WRITE_OUTPUT_PORT 0xd1 /* reaches the reset line and A20 */
#define COMMAND_PULSE_FIRST       0xf0 /* 0xf0..0xff pulse the output lines, reset among them */

static uint8_t read_status(void)
{
	return inb(I8042_IO_I8042_PORT_COMMAND_STATUS);
}

/* One of the two ports, whatever `port` holds (the decoder already refused other values). */
static uint16_t controller_port(uint16_t port)
{
	return port == I8042_IO_I8042_PORT_DATA ? I8042_IO_I8042_PORT_DATA
						: I8042_IO_I8042_PORT_COMMAND_STATUS;
}

/* True for the controller commands that reach the reset line or the A20 gate. */
static bool command_refused(uint8_t command)
{
	return command == COMMAND_WRITE_OUTPUT_PORT || command >= COMMAND_PULSE_FIRST;
}

static enum erix_status read_port(void *ctx, const struct i8042_io_read_port_req *req,
				  struct i8042_io_read_port_rep *rep)
{
	(void)ctx;
	rep->value = inb(controller_port(req->port));
	return ERIX_OK;
}

static enum erix_status write_port(void *ctx, const struct i8042_io_write_port_req *req,
				   struct i8042_io_write_port_rep *rep)
{
	(void)ctx;
	(void)rep;
	uint16_t port = controller_port(req->port);
	if (port == I8042_IO_I8042_PORT_COMMAND_STATUS && command_refused(req->value))
		return ERIX_E_NO_PERMISSION;
	if (read_status() & STATUS_INPUT_FULL)
		return ERIX_E_BUSY;
	outb(port, req->value);
	return ERIX_OK;
}

static enum erix_status drain(void *ctx, const struct i8042_io_drain_req *req,
			      struct i8042_io_drain_rep *rep)
{
	static uint8_t data[DRAIN_MAX]; /* one CPU, and the kernel is not reentrant */
	(void)ctx;
	if (req->max_length == 0 || req->max_length > DRAIN_MAX)
		return ERIX_E_INVALID_ARGUMENT;
	uint16_t aux_mask = 0;
	uint8_t n = 0;
	while (n < req->max_length) {
		uint8_t status = read_status();
		if (!(status & STATUS_OUTPUT_FULL))
			break;
		if (status & STATUS_AUX_DATA)
			aux_mask |= (uint16_t)(1u << n);
		data[n++] = inb(I8042_IO_I8042_PORT_DATA);
	}
	rep->aux_mask = aux_mask;
	rep->data = data;
	rep->data_len = n;
	return ERIX_OK;
}

static enum erix_status bind_irq(void *ctx, const struct i8042_io_bind_irq_req *req,
				 struct i8042_io_bind_irq_rep *rep)
{
	uint8_t isa = req->channel == I8042_IO_I8042_CHANNEL_AUX ? AUX_ISA_IRQ : KEYBOARD_ISA_IRQ;
	return irq_grant_isa(ctx, isa, req->signal_bits, &rep->irq);
}

static const struct i8042_io_server server = {
	.read_port = read_port,
	.write_port = write_port,
	.drain = drain,
	.bind_irq = bind_irq,
};

bool i8042_io_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return i8042_io_dispatch(&server, inv, request, reply);
}
