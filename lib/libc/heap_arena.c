/*
 * The program's heap arena: the region lib/crt0/user.ld reserves at the end
 * of .bss (erix_heap_size bytes, 256 KiB unless the program links with
 * -Wl,--defsym=erix_heap_size=BYTES placed
 * before user.ld on the link line). Only the EriX target has it; the host
 * tests hand the allocator arenas of their own.
 */
#include <erix/heap.h>

extern unsigned char __erix_heap_start[], __erix_heap_end[];

void erix_heap_default_arena(void **base, size_t *size)
{
	*base = __erix_heap_start;
	*size = (size_t)(__erix_heap_end - __erix_heap_start);
}
