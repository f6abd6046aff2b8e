/* Formatted output to the kernel log (COM1 and the log ring). */
#include "kernel.h"

struct spec {
	int width;
	bool zero_pad;
	int size; /* 0: int, 1: long, 2: long long, 3: size_t */
};

static void put_str(const char *s)
{
	for (; *s; s++)
		klog_putc(*s);
}

/* Print `value` in `base` padded to spec->width; `negative` prefixes a minus. */
static void put_number(uint64_t value, unsigned base, bool negative, const struct spec *spec)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	int len = n + (negative ? 1 : 0);
	if (negative && spec->zero_pad)
		klog_putc('-');
	for (; len < spec->width; len++)
		klog_putc(spec->zero_pad ? '0' : ' ');
	if (negative && !spec->zero_pad)
		klog_putc('-');
	while (n)
		klog_putc(digits[--n]);
}

static uint64_t take_unsigned(va_list *ap, int size)
{
	switch (size) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, size_t);
	}
}

static int64_t take_signed(va_list *ap, int size)
{
	switch (size) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	default:
		return (int64_t)va_arg(*ap, size_t);
	}
}

/* Parse flags, width and size of the conversion at *fmt; returns the conversion letter. */
static char parse_spec(const char **fmt, struct spec *spec)
{
	const char *p = *fmt;
	*spec = (struct spec){0};
	if (*p == '0') {
		spec->zero_pad = true;
		p++;
	}
	while (*p >= '0' && *p <= '9')
		spec->width = spec->width * 10 + (*p++ - '0');
	if (*p == 'z') {
		spec->size = 3;
		p++;
	}
	while (*p == 'l' && spec->size < 2) {
		spec->size++;
		p++;
	}
	*fmt = p + 1;
	return *p;
}

static void put_conversion(char conv, const struct spec *spec, va_list *ap)
{
	switch (conv) {
	case 'c':
		klog_putc((char)va_arg(*ap, int));
		break;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		put_str(s ? s : "(null)");
		break;
	}
	case 'd':
	case 'i': {
		int64_t v = take_signed(ap, spec->size);
		put_number(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, spec);
		break;
	}
	case 'u':
		put_number(take_unsigned(ap, spec->size), 10, false, spec);
		break;
	case 'x':
		put_number(take_unsigned(ap, spec->size), 16, false, spec);
		break;
	case 'p':
		put_str("0x");
		put_number((uintptr_t)va_arg(*ap, void *), 16, false,
			   &(struct spec){.width = 16, .zero_pad = true});
		break;
	case '%':
		klog_putc('%');
		break;
	default:
		put_str("%?");
		break;
	}
}

void kvprintf(const char *fmt, va_list ap)
{
	va_list args;
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			klog_putc(*fmt++);
			continue;
		}
		fmt++;
		struct spec spec;
		char conv = parse_spec(&fmt, &spec);
		if (!conv)
			break;
		put_conversion(conv, &spec, &args);
	}
	va_end(args);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
