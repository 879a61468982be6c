#!/usr/bin/env python3
"""Independent model of the seeds' NON-STANDARD 80-round SHA-256, used to generate the vectors
pinned in ImprovedSha256Test. Written from the description in seed 004 (section 3.1), not from the
Java code: 80 rounds, message schedule extended to 80 words with SHA-256's recurrence, and the 16
extra round constants taken as the high 32 bits of SHA-512's K[64..79] (the cube roots of the 65th
to 80th primes). It checks itself against hashlib's SHA-256 at 64 rounds before printing."""
import hashlib
import math
import struct


def primes(count):
    found, candidate = [], 2
    while len(found) < count:
        if all(candidate % p for p in found):
            found.append(candidate)
        candidate += 1
    return found


def icbrt(x):
    low, high = 0, 1 << 100
    while low < high:
        middle = (low + high + 1) // 2
        if middle ** 3 <= x:
            low = middle
        else:
            high = middle - 1
    return low


K = [(icbrt(p << 192) & ((1 << 64) - 1)) >> 32 for p in primes(80)]
H0 = [(math.isqrt(p << 128) & ((1 << 64) - 1)) >> 32 for p in primes(8)]
MASK = 0xFFFFFFFF


def rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & MASK


def digest(message, rounds):
    bits = len(message) * 8
    message = message + b"\x80" + b"\x00" * ((55 - len(message)) % 64) + struct.pack(">Q", bits)
    h = list(H0)
    for offset in range(0, len(message), 64):
        w = list(struct.unpack(">16I", message[offset:offset + 64]))
        for t in range(16, rounds):
            s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w.append((w[t - 16] + s0 + w[t - 7] + s1) & MASK)
        a, b, c, d, e, f, g, hh = h
        for t in range(rounds):
            t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) & MASK
            t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & MASK
            hh, g, f, e, d, c, b, a = g, f, e, (d + t1) & MASK, c, b, a, (t1 + t2) & MASK
        h = [(x + y) & MASK for x, y in zip(h, [a, b, c, d, e, f, g, hh])]
    return b"".join(struct.pack(">I", x) for x in h)


MESSAGES = [b"", b"abc", b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
            b"lmnopqrsmnopqrstnopqrstu", b"a" * 55, b"a" * 56, b"a" * 64, b"a" * 1000000]

for m in MESSAGES:
    assert digest(m, 64) == hashlib.sha256(m).digest()
for m in MESSAGES:
    print(len(m), digest(m, 80).hex())
