#!/usr/bin/env python3
"""Writes tests/fixtures/cp950/encode-table.txt: how Python's own cp950 codec encodes every
character of the Basic Multilingual Plane that it has as a double-byte code.

The receipt encoder uses iconv-lite; the tests check its bytes against this table, which comes
from an independent implementation (CPython's _codecs_tw). Regenerate after a Python upgrade:

    python3 scripts/cp950-table.py > tests/fixtures/cp950/encode-table.txt

Each line: the character's code point, its cp950 bytes, and (only for one-way "best fit"
mappings such as U+00A2 -> A246, which decodes as U+FFE0) the character those bytes decode to.
All hexadecimal.
"""
import sys

out = sys.stdout
out.write("# cp950 encode table from CPython %s (scripts/cp950-table.py)\n" % sys.version.split()[0])
for cp in range(0x80, 0x10000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    char = chr(cp)
    try:
        code = char.encode("cp950")
    except UnicodeEncodeError:
        continue
    if len(code) != 2:
        continue
    back = code.decode("cp950")
    line = "%04x %s" % (cp, code.hex())
    if back != char:
        line += " %04x" % ord(back)
    out.write(line + "\n")
