"""The IPC ABI every interface shares: the message header, limits, status
codes, capability kinds and rights. The C header erix/abi.h is emitted from
these tables, so the generator and the C code can never disagree."""

MSG_MAGIC = 0x4558  # "XE" in memory order
HEADER_SIZE = 16
MAX_MSG_BYTES = 512  # header + payload
MAX_PAYLOAD = MAX_MSG_BYTES - HEADER_SIZE
MAX_CAPS = 4  # capabilities one message can carry
MAX_BOUND = MAX_PAYLOAD  # no bytes<N>/string<N>/array can be larger than a payload

# Header layout: (field, C type, offset, size).
HEADER_FIELDS = [
    ("magic", "uint16_t", 0, 2),
    ("version_major", "uint8_t", 2, 1),
    ("version_minor", "uint8_t", 3, 1),
    ("interface_id", "uint32_t", 4, 4),
    ("ordinal", "uint16_t", 8, 2),
    ("cap_count", "uint8_t", 10, 1),
    ("flags", "uint8_t", 11, 1),
    ("status", "uint16_t", 12, 2),
    ("payload_len", "uint16_t", 14, 2),
]

FLAG_REPLY = 0x01
FLAG_ONEWAY = 0x02
FLAGS_KNOWN = FLAG_REPLY | FLAG_ONEWAY

# Common status set: (name, value, meaning). Shared by every interface.
STATUSES = [
    ("OK", 0, "success"),
    ("INVALID_ARGUMENT", 1, "an argument is out of its documented range"),
    ("NO_PERMISSION", 2, "the caller's capabilities do not allow the operation"),
    ("NOT_FOUND", 3, "the named object does not exist"),
    ("VERSION_MISMATCH", 4, "the message's interface version is not served"),
    ("PROTOCOL_ERROR", 5, "the message is malformed (header, length, padding, encoding)"),
    ("NO_MEMORY", 6, "the server or kernel is out of memory or quota"),
    ("BUSY", 7, "the object is in use; try again later"),
    ("UNKNOWN_METHOD", 8, "no method with this ordinal in this interface"),
    ("BAD_CAPABILITY", 9, "a capability is missing, extra, of the wrong kind or lacks a right"),
    ("OUT_OF_RANGE", 10, "an enum or bool value outside its declared set"),
    ("TOO_LARGE", 11, "a length exceeds its declared bound"),
    ("EXISTS", 12, "the object already exists"),
    ("NOT_SUPPORTED", 13, "the operation is valid but not implemented by this server"),
    ("IO_ERROR", 14, "a device or filesystem reported an error"),
    ("INTERRUPTED", 15, "the operation was cancelled"),
]

# Kernel object kinds a capability can name: (idl name, value, meaning).
CAP_KINDS = [
    ("untyped", 1, "untyped memory, retyped into other objects"),
    ("frame", 2, "a page of RAM"),
    ("device_frame", 3, "a page of device (MMIO) memory"),
    ("cnode", 4, "a capability node"),
    ("thread", 5, "a thread"),
    ("endpoint", 6, "a synchronous IPC endpoint"),
    ("notification", 7, "an asynchronous notification"),
    ("vspace", 8, "an address space"),
    ("page_table", 9, "a paging structure"),
    ("irq", 10, "an IRQ line"),
    ("ioport", 11, "a range of I/O ports"),
    ("reply", 12, "a one-shot reply capability"),
    ("time_ctl", 32, "kernel family: time control"),
    ("irq_ctl", 33, "kernel family: interrupt control"),
    ("hotplug", 34, "kernel family: hotplug events"),
    ("pci_cfg", 35, "kernel family: PCI configuration reads"),
    ("console_ctl", 36, "kernel family: console and framebuffer"),
    ("com1_io", 37, "kernel family: COM1 I/O"),
    ("i8042_io", 38, "kernel family: i8042 I/O"),
    ("retype_ctl", 39, "kernel family: memory retyping"),
    ("vspace_ctl", 40, "kernel family: VSpace mapping"),
    ("pager_ctl", 41, "kernel family: pager fault resolution"),
    ("proc_ctl", 42, "kernel family: process control"),
    ("acpi_ctl", 43, "kernel family: ACPI table reads"),
]

# Rights a capability can carry: (idl name, bit).
RIGHTS = [
    ("read", 0x1),
    ("write", 0x2),
    ("grant", 0x4),
    ("execute", 0x8),
]

KIND_VALUES = {name: value for name, value, _ in CAP_KINDS}
RIGHT_BITS = dict(RIGHTS)
STATUS_VALUES = {name: value for name, value, _ in STATUSES}
