"""Shared parts of the seeded example-dump generators (make_example_safetensors.py, make_example_chain_dump.py).

Standard library only: the Zipf-like synthetic logits, the softmax, and the safetensors header writer. The scripts
import it from their own folder (python3 puts a script's folder first on the import path).
"""
import json
import math
import struct

# bytes per element of the dtypes the generators write
BYTES = {"F32": 4, "F16": 2, "BF16": 2, "I32": 4, "I64": 8}


def zipf_logits(rng, vocab):
    """Logit of the token of rank r is -1.1*ln(r + 1) plus Gaussian noise of sd 0.5, ranks shuffled."""
    ranks = list(range(vocab))
    rng.shuffle(ranks)
    return [-1.1 * math.log(ranks[i] + 1.0) + 0.5 * rng.gauss(0.0, 1.0) for i in range(vocab)]


def softmax(z, temperature):
    m = max(v / temperature for v in z)
    e = [math.exp(v / temperature - m) for v in z]
    s = math.fsum(e)
    return [v / s for v in e]


def write_header(f, tensors, metadata):
    """tensors: list of (name, dtype, shape), whose data follow the header in this order."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, dtype, shape in tensors:
        size = BYTES[dtype]
        for n in shape:
            size *= n
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # pad with spaces to an 8-byte boundary, as the format allows
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
