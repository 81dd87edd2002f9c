#!/usr/bin/env python3
"""Write a small, seeded, synthetic safetensors dump for `specverify audit --input`.

Synthetic: no model produced these numbers. Each position has a Zipf-like target law (logit of the token of rank r is
-1.1*ln(r + 1) plus Gaussian noise of sd 0.5, ranks shuffled) and a draft law made from the same logits with extra
noise (sd 0.6) at temperature 1.2, as a weaker draft model would give. Standard library only (no numpy): the file is
written by hand with struct, one position at a time: memory holds one position's rows, whatever the number of
positions (the target rows go straight to the file, the draft rows to a temporary file appended after them).

Tensors: target [N, V] and draft [N, V] (or [N, K, V] with --drafts K, one law per draft), as probabilities or, with
--logits, as logits. dtype F32, F16 or BF16.

    python3 scripts/make_example_safetensors.py --out examples/synthetic-dump.safetensors
    ./specverify audit --input examples/synthetic-dump.safetensors --k 4
"""
import argparse
import random
import shutil
import struct
import sys
import tempfile

sys.dont_write_bytecode = True  # tests run this script from the tree: no __pycache__ there
from synthetic_safetensors import softmax, write_header, zipf_logits  # noqa: E402 (after the line above)


def to_bytes(values, dtype):
    if dtype == "F32":
        return struct.pack("<%df" % len(values), *values)
    if dtype == "F16":
        return struct.pack("<%de" % len(values), *values)
    if dtype == "BF16":
        out = bytearray()
        for v in values:
            bits = struct.unpack("<I", struct.pack("<f", v))[0]
            # round to nearest even on the 16 dropped bits
            bits += 0x7FFF + ((bits >> 16) & 1)
            out += struct.pack("<H", (bits >> 16) & 0xFFFF)
        return bytes(out)
    raise ValueError("dtype must be F32, F16 or BF16")


def positions(a):
    """Yields (target row, [draft rows]) per position, from the seed."""
    rng = random.Random(a.seed)
    for _ in range(a.positions):
        z = zipf_logits(rng, a.vocab)
        target = z if a.logits else softmax(z, 1.0)
        drafts = []
        for _ in range(max(1, a.drafts)):
            d = [v + 0.6 * rng.gauss(0.0, 1.0) for v in z]
            # a logit dump keeps the draft's own scale; the temperature is the audit's job (--temperature)
            drafts.append([v / 1.2 for v in d] if a.logits else softmax(d, 1.2))
        yield target, drafts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--positions", type=int, default=16)
    ap.add_argument("--vocab", type=int, default=512)
    ap.add_argument("--drafts", type=int, default=0, help="K > 0: draft [N, K, V], one law per draft")
    ap.add_argument("--dtype", default="F32", choices=["F32", "F16", "BF16"])
    ap.add_argument("--logits", action="store_true", help="store logits instead of probabilities")
    ap.add_argument("--seed", type=int, default=20261202)
    a = ap.parse_args()
    dshape = [a.positions, a.drafts, a.vocab] if a.drafts > 0 else [a.positions, a.vocab]
    with open(a.out, "wb") as f:
        write_header(f, [("target", a.dtype, [a.positions, a.vocab]), ("draft", a.dtype, dshape)],
                     {"synthetic": "true", "generator": "scripts/make_example_safetensors.py", "seed": str(a.seed),
                      "content": "logits" if a.logits else "probabilities"})
        with tempfile.TemporaryFile() as drafts_file:
            for target, drafts in positions(a):
                f.write(to_bytes(target, a.dtype))
                for d in drafts:
                    drafts_file.write(to_bytes(d, a.dtype))
            drafts_file.seek(0)
            shutil.copyfileobj(drafts_file, f, 1 << 20)


if __name__ == "__main__":
    main()
