"""Unicode general categories as Go's unicode package has them (kubectl v1.32 is built
with Go 1.23, Helm v3.21 with Go 1.26: both Unicode 15.0.0), from Debian bookworm's
ICU 72 (libicu72, Unicode 15.0) through ctypes; Python 3.11's unicodedata is only 14.0.
Used by util/gen-isprint.py and template/sprig/gen-unicode.py."""
import ctypes

_icu = ctypes.CDLL("libicuuc.so.72")
_ver = (ctypes.c_uint8 * 4)()
_icu.u_getUnicodeVersion_72(_ver)
VERSION = "%d.%d.%d" % tuple(_ver[:3])
assert VERSION == "15.0.0", VERSION
_char_type = _icu.u_charType_72
_char_type.restype = ctypes.c_int8
_char_type.argtypes = [ctypes.c_int32]

# ICU's UCharCategory enum, in order
_NAMES = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Me", "Mc", "Nd", "Nl", "No", "Zs", "Zl",
          "Zp", "Cc", "Cf", "Co", "Cs", "Pd", "Ps", "Pe", "Pc", "Po", "Sm", "Sc", "Sk", "So",
          "Pi", "Pf"]


def category(c):
    """The two-letter general category of code point c."""
    return _NAMES[_char_type(c)]
