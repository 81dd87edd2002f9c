#!/usr/bin/env python3
"""How to dump target and draft laws from a PyTorch speculative-decoding loop for `specverify audit --input`.

This is a template, not a tool: it shows where in a typical verification step the two tensors are taken and how they
are written. It needs `torch` and `safetensors` (pip install torch safetensors), which specverify itself never uses.

What to dump, per verified position:
  target  [N, V]     the target model's next-token law, AFTER the engine's temperature, top-k and top-p: the law the
                     emitted token must follow.
  draft   [N, V]     the law the draft token was sampled from (one draft law, K iid draws: pass --k K to the audit), or
          [N, K, V]  one law per draft (independent drafts), each after the draft side's own processing.
Either as probabilities (softmax already applied) or as raw logits (then audit with --logits --temperature T
[--top-k K] [--top-p P], and specverify processes both sides identically; it warns when one side already looks
truncated and the other does not, the classic bug of processing one side only).

    ./specverify audit --input dump.safetensors --k 4
    ./specverify audit --input logits.safetensors --logits --temperature 0.8 --top-p 0.95
"""
import argparse


def processed_probs(logits, temperature, top_k=0, top_p=1.0):
    """The engine-side processing as most engines do it; dump exactly what your engine samples from."""
    import torch

    z = logits.float() / temperature
    if top_k > 0:
        kth = torch.topk(z, top_k, dim=-1).values[..., -1:]
        z = z.masked_fill(z < kth, float("-inf"))
    probs = torch.softmax(z, dim=-1)
    if top_p < 1.0:
        sorted_p, idx = torch.sort(probs, dim=-1, descending=True)
        keep = torch.cumsum(sorted_p, dim=-1) - sorted_p < top_p
        mask = torch.zeros_like(probs, dtype=torch.bool).scatter(-1, idx, keep)
        probs = torch.where(mask, probs, torch.zeros_like(probs))
        probs = probs / probs.sum(dim=-1, keepdim=True)
    return probs


class Recorder:
    """Collects rows during decoding; call `add` inside the verification step, `save` at the end."""

    def __init__(self):
        self.target, self.draft = [], []

    def add(self, target_probs, draft_probs):
        # target_probs: [B, V] (the law the verifier must reproduce); draft_probs: [B, V] or [B, K, V]
        self.target.append(target_probs.detach().float().cpu())
        self.draft.append(draft_probs.detach().float().cpu())

    def save(self, path, synthetic=False):
        import torch
        from safetensors.torch import save_file

        tensors = {"target": torch.cat(self.target).contiguous(), "draft": torch.cat(self.draft).contiguous()}
        save_file(tensors, path, metadata={"synthetic": str(synthetic).lower(), "content": "probabilities"})


def example(path):
    """A self-contained run with two small random models standing in for target and draft."""
    import torch

    torch.manual_seed(0)
    vocab, positions, temperature = 1000, 64, 0.8
    rec = Recorder()
    for _ in range(positions):
        target_logits = torch.randn(1, vocab) * 3
        draft_logits = target_logits + torch.randn(1, vocab)  # a weaker model's logits
        # in a real engine: target_logits = target_model(...)[:, -1], draft_logits = draft_model(...)[:, -1]
        rec.add(processed_probs(target_logits, temperature, top_p=0.95),
                processed_probs(draft_logits, temperature, top_p=0.95))
    rec.save(path, synthetic=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="dump.safetensors")
    example(ap.parse_args().out)
