"""A small QR code reader for the tests: the modules drawn (an SVG path of segno's, or a PDF's strokes) -> text.

It reads what a scanner reads, from the drawing alone: the format information (error-correction
level and mask, checked against its BCH code), the data modules in the standard's zigzag order,
unmasked, the codewords de-interleaved from their blocks, and the segments (numeric, alphanumeric,
byte). It does not correct errors (a drawn symbol has none) and reads versions 1 to 6 (up to 134
data codewords: enough for any cable id). Written from ISO/IEC 18004; no code shared with segno.
"""
from __future__ import annotations

import re

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
RAW_CODEWORDS = {1: 26, 2: 44, 3: 70, 4: 100, 5: 134, 6: 172}
# (error-correction codewords per block, blocks) per level and version
ECC = {"L": ((7, 1), (10, 1), (15, 1), (20, 1), (26, 1), (18, 2)),
       "M": ((10, 1), (16, 1), (26, 1), (18, 2), (24, 2), (16, 4)),
       "Q": ((13, 1), (22, 1), (18, 2), (26, 2), (18, 4), (24, 4)),
       "H": ((17, 1), (28, 1), (22, 2), (16, 4), (22, 4), (28, 4))}
LEVEL_BITS = {1: "L", 0: "M", 3: "Q", 2: "H"}
MASKS = (lambda x, y: (x + y) % 2 == 0, lambda x, y: y % 2 == 0, lambda x, y: x % 3 == 0,
         lambda x, y: (x + y) % 3 == 0, lambda x, y: (x // 3 + y // 2) % 2 == 0,
         lambda x, y: x * y % 2 + x * y % 3 == 0, lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
         lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0)


def matrix_from_runs(runs: list[tuple[float, float, float]]) -> list[list[int]]:
    """Rows of modules (1 dark) from horizontal runs ``(x0, x1, y)`` in module units, quiet zone cut off."""
    dark = {(int(round(y - 0.5)), x) for x0, x1, y in runs for x in range(int(round(x0)), int(round(x1)))}
    top, left = min(r for r, _ in dark), min(c for _, c in dark)
    size = max(c for _, c in dark) - left + 1
    return [[int((top + r, left + c) in dark) for c in range(size)] for r in range(size)]


def runs_from_svg_path(d: str) -> list[tuple[float, float, float]]:
    """The horizontal runs of an SVG path made of ``M``/``m`` moves and ``h`` lines (segno's QR path)."""
    x = y = 0.0
    out = []
    for cmd, args in re.findall(r"([MmHhVv])([^MmHhVv]*)", d):
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if cmd in "Mm":
            x, y = (nums[0], nums[1]) if cmd == "M" else (x + nums[0], y + nums[1])
        elif cmd == "h":
            out.append((x, x + nums[0], y))
            x += nums[0]
        else:
            raise ValueError(f"unexpected path command {cmd}")
    return out


def _function_modules(version: int) -> set[tuple[int, int]]:
    n = 17 + 4 * version
    f = set()
    for r in range(n):
        for c in range(n):
            if (r < 9 and c < 9) or (r < 9 and c >= n - 8) or (r >= n - 8 and c < 9) or r == 6 or c == 6:
                f.add((r, c))
    if version >= 2:
        a = n - 7
        f |= {(r, c) for r in range(a - 2, a + 3) for c in range(a - 2, a + 3)}
    return f


def _format(m: list[list[int]]) -> tuple[str, int]:
    n = len(m)
    bit = {}
    for i in range(6):
        bit[i] = m[i][8]
    bit[6], bit[7], bit[8] = m[7][8], m[8][8], m[8][7]
    for i in range(9, 15):
        bit[i] = m[8][14 - i]
    raw = sum(b << i for i, b in bit.items()) ^ 0x5412
    data = raw >> 10
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    if (data << 10 | rem) != raw:
        raise ValueError("format information does not check")
    assert n >= 21
    return LEVEL_BITS[data >> 3], data & 7


def _deinterleave(codewords: list[int], version: int, level: str) -> list[int]:
    ecc_len, blocks = ECC[level][version - 1]
    raw = RAW_CODEWORDS[version]
    short = blocks - raw % blocks
    short_len = raw // blocks
    # every block padded to the long length: a short block's gap sits just after its data codewords
    layout = [(j, i) for i in range(short_len + 1) for j in range(blocks) if i != short_len - ecc_len or j >= short]
    got: dict[tuple[int, int], int] = dict(zip(layout, codewords))
    out = []
    for j in range(blocks):
        data_len = short_len + (0 if j < short else 1) - ecc_len
        out += [got[(j, k)] for k in range(data_len)]
    return out


def read(m: list[list[int]]) -> str:
    """The text a QR symbol (rows of modules, 1 dark, no quiet zone) holds."""
    n = len(m)
    version = (n - 17) // 4
    if version not in RAW_CODEWORDS or 17 + 4 * version != n:
        raise ValueError(f"a {n} x {n} symbol is not a version 1 to 6 QR code")
    level, mask = _format(m)
    func = _function_modules(version)
    bits = []
    right = n - 1
    while right >= 1:
        if right == 6:
            right = 5
        for vert in range(n):
            for j in range(2):
                x = right - j
                y = n - 1 - vert if ((right + 1) & 2) == 0 else vert
                if (y, x) not in func:
                    bits.append(m[y][x] ^ int(MASKS[mask](x, y)))
        right -= 2
    codewords = [int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, RAW_CODEWORDS[version] * 8, 8)]
    data = _deinterleave(codewords, version, level)
    stream = "".join(f"{b:08b}" for b in data)
    pos, text = 0, []

    def take(k):
        nonlocal pos
        v = int(stream[pos:pos + k], 2)
        pos += k
        return v

    while pos + 4 <= len(stream):
        mode = take(4)
        if mode == 0:
            break
        if mode == 1:  # numeric
            count = take(10)
            while count:
                k = min(3, count)
                text.append(f"{take((4, 7, 10)[k - 1]):0{k}d}")
                count -= k
        elif mode == 2:  # alphanumeric
            count = take(9)
            while count >= 2:
                v = take(11)
                text.append(ALNUM[v // 45] + ALNUM[v % 45])
                count -= 2
            if count:
                text.append(ALNUM[take(6)])
        elif mode == 4:  # bytes
            count = take(8)
            raw = bytes(take(8) for _ in range(count))
            try:
                text.append(raw.decode("utf-8"))
            except UnicodeDecodeError:  # the standard's default byte encoding
                text.append(raw.decode("iso-8859-1"))
        else:
            raise ValueError(f"segment mode {mode} not read here")
    return "".join(text)
