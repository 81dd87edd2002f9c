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

Chain layout (an engine that drafts gamma tokens per step and verifies them together), per verification step:
  target        [N, gamma + 1, V]  the target law at each drafted depth, given the drafted prefix, and the bonus law
                                   after all gamma drafts (the target's forward pass over the drafted block gives them);
  draft         [N, gamma, V]      the law each draft token was sampled from, given the prefix before it;
  draft_tokens  [N, gamma]         the drafted tokens (int32 or int64);
  accepted      [N]                optional: how many drafts the engine accepted;
  emitted       [N, gamma + 1]     optional: the tokens it emitted (the accepted drafts and one residual or bonus token),
                                   padded with -1.
With `accepted` and `emitted`, the audit also judges the engine's trace under --scheme tokenwise (default) or block:
impossible steps, the calibration of its accept decisions against each step's exact probabilities, and its histogram of
accepted lengths against the law the dump predicts.

    python3 scripts/dump_from_pytorch.py --chain --out chain.safetensors
    ./specverify audit --input chain.safetensors --scheme tokenwise
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


class ChainRecorder:
    """Collects one verification step of a chain engine at a time; `save` writes the chain layout."""

    def __init__(self):
        self.target, self.draft, self.tokens, self.accepted, self.emitted = [], [], [], [], []

    def add(self, target_probs, draft_probs, draft_tokens, accepted=None, emitted=None):
        # target_probs [B, gamma + 1, V], draft_probs [B, gamma, V], draft_tokens [B, gamma];
        # accepted [B] and emitted [B, gamma + 1] (-1 padded) as the engine reports them, or None
        self.target.append(target_probs.detach().float().cpu())
        self.draft.append(draft_probs.detach().float().cpu())
        self.tokens.append(draft_tokens.detach().long().cpu())
        if accepted is not None:
            self.accepted.append(accepted.detach().long().cpu())
            self.emitted.append(emitted.detach().long().cpu())

    def save(self, path, synthetic=False):
        import torch
        from safetensors.torch import save_file

        tensors = {"target": torch.cat(self.target).contiguous(), "draft": torch.cat(self.draft).contiguous(),
                   "draft_tokens": torch.cat(self.tokens).contiguous()}
        if self.accepted:
            tensors["accepted"] = torch.cat(self.accepted).contiguous()
            tensors["emitted"] = torch.cat(self.emitted).contiguous()
        save_file(tensors, path, metadata={"synthetic": str(synthetic).lower(), "content": "probabilities",
                                           "layout": "chain"})


def tokenwise_step(target_probs, draft_probs, draft_tokens, generator=None):
    """Token-wise verification of a batch of chains, as a plain engine does it: returns (accepted [B], emitted)."""
    import torch

    b, gamma, _ = draft_probs.shape
    idx = draft_tokens.unsqueeze(-1)
    p = target_probs[:, :gamma].gather(-1, idx).squeeze(-1)
    q = draft_probs.gather(-1, idx).squeeze(-1)
    u = torch.rand(b, gamma, generator=generator)
    ok = u * q < p
    accepted = torch.where(ok.all(-1), torch.full((b,), gamma), (~ok).int().argmax(-1))
    emitted = torch.full((b, gamma + 1), -1, dtype=torch.long)
    for i in range(b):
        n = int(accepted[i])
        emitted[i, :n] = draft_tokens[i, :n]
        if n == gamma:
            last = target_probs[i, gamma]
        else:
            last = (target_probs[i, n] - draft_probs[i, n]).clamp(min=0)
        emitted[i, n] = torch.multinomial(last / last.sum(), 1, generator=generator)
    return accepted, emitted


def example_chain(path):
    """A self-contained chain run with random rows standing in for the two models' laws along the drafted path."""
    import torch

    g = torch.Generator().manual_seed(0)
    vocab, steps, gamma, temperature = 1000, 64, 4, 0.8
    rec = ChainRecorder()
    for _ in range(steps):
        target_logits = torch.randn(1, gamma + 1, vocab, generator=g) * 3
        draft_logits = target_logits[:, :gamma] + torch.randn(1, gamma, vocab, generator=g)
        # in a real engine: the draft model's logits at each drafted position, and the target model's logits from its
        # forward pass over the context followed by the gamma drafted tokens (gamma + 1 rows)
        draft_probs = processed_probs(draft_logits, temperature)
        draft_tokens = torch.multinomial(draft_probs.reshape(-1, vocab), 1, generator=g).reshape(1, gamma)
        target_probs = processed_probs(target_logits, temperature)
        accepted, emitted = tokenwise_step(target_probs, draft_probs, draft_tokens, generator=g)
        rec.add(target_probs, draft_probs, draft_tokens, accepted, emitted)
    rec.save(path, synthetic=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="dump.safetensors")
    ap.add_argument("--chain", action="store_true", help="write the chain layout (draft_tokens, accepted, emitted)")
    a = ap.parse_args()
    if a.chain:
        example_chain(a.out)
    else:
        example(a.out)
