#!/usr/bin/env python3
"""Split QEMU's translation log (-d in_asm) by exec of one binary.

    blocks.py QEMU_LOG BINARY COMMANDS_FILE [TOP]

The log lists every user-space code block QEMU translated, in order. An
exec of BINARY (a static PIE) starts with the block at its entry point,
found by address (entry plus a page-aligned load base) and by its bytes;
every later block inside the binary's span at that base belongs to the same
exec, until the next one starts. The execs are named, in order, by the
lines of COMMANDS_FILE. Prints per exec the blocks and guest instructions
translated, then the TOP functions by blocks (symbols from `nm`).
"""

import bisect
import collections
import re
import struct
import subprocess
import sys

LINE = re.compile(r"^0x([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)")


def elf_layout(path):
    """Entry point, the first 16 bytes there, and the span of the loaded image."""
    data = open(path, "rb").read()
    entry, phoff = struct.unpack_from("<QQ", data, 0x18)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    code, span = None, 0
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz, p_memsz, _ = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type != 1:  # PT_LOAD
            continue
        span = max(span, p_vaddr + p_memsz)
        if p_vaddr <= entry < p_vaddr + p_filesz:
            off = p_offset + entry - p_vaddr
            code = data[off:off + 16]
    return entry, code, span


def symbols(path):
    out = subprocess.run(["nm", "-C", "--defined-only", path],
                         capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def blocks(log):
    """(first address, guest instructions, first bytes) per translated block."""
    cur = None
    for line in open(log, errors="replace"):
        if line.startswith("IN:"):
            if cur:
                yield cur
            cur = [None, 0, b""]
            continue
        m = LINE.match(line)
        if cur is not None and m:
            if cur[0] is None:
                cur[0] = int(m.group(1), 16)
            cur[1] += 1
            if len(cur[2]) < 16:
                cur[2] += bytes.fromhex(m.group(2).replace(" ", ""))
    if cur:
        yield cur


def main():
    log, binary, commands = sys.argv[1:4]
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 25
    names = [l.rstrip("\n") for l in open(commands) if l.strip()]
    entry, code, span = elf_layout(binary)
    addrs, syms = symbols(binary)
    execs = []  # [base, blocks, insns, Counter of functions]
    for pc, insns, head in blocks(log):
        if pc is None:
            continue
        base = pc - entry
        n = min(len(head), len(code))
        if base % 4096 == 0 and n >= 8 and head[:n] == code[:n]:
            execs.append([base, 0, 0, collections.Counter()])
        if execs and execs[-1][0] <= pc < execs[-1][0] + span:
            e = execs[-1]
            e[1] += 1
            e[2] += insns
            i = bisect.bisect_right(addrs, pc - e[0]) - 1
            e[3][syms[i] if i >= 0 else "?"] += 1
    if len(execs) != len(names):
        print(f"blocks: {len(execs)} execs in the log, {len(names)} commands", file=sys.stderr)
    print(f"{'command':32} {'blocks':>7} {'insns':>7}")
    for name, (_, nblocks, insns, _) in zip(names, execs):
        print(f"{name:32} {nblocks:7} {insns:7}")
    for name, (_, nblocks, _, funcs) in zip(names, execs):
        if top <= 0:
            break
        print(f"\n{name}: {nblocks} blocks; top functions by blocks")
        for func, k in funcs.most_common(top):
            print(f"{k:7}  {func[:110]}")
    return 0 if len(execs) == len(names) else 1


if __name__ == "__main__":
    sys.exit(main())
