"""Ordinary model functions, each written once against an array namespace ``xp`` (NumPy or
lazyten), with the specs they are exported for: named dimensions where real models have them
(a batch, a sequence). ``tests/test_symbolic_corpus.py`` exports each with lazyten and checks
the model in plain onnxruntime against NumPy at several sizes."""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

RNG = np.random.default_rng(7)
W = RNG.standard_normal((4, 6)).astype(np.float32) / 2
B = RNG.standard_normal(6).astype(np.float32) / 10
W2 = RNG.standard_normal((6, 3)).astype(np.float32) / 2


class Case(NamedTuple):
    name: str
    fn: Callable[..., Any]           # fn(xp, *arrays)
    specs: tuple[tuple, ...]         # one shape per argument, names for symbolic sizes


def softmax(xp, x):
    e = xp.exp(x - xp.max(x, axis=-1, keepdims=True))
    return e / xp.sum(e, axis=-1, keepdims=True)


def mlp_head(xp, x):
    h = xp.maximum(xp.matmul(x, xp.asarray(W)) + xp.asarray(B), 0)
    return softmax(xp, xp.matmul(h, xp.asarray(W2)))


def flatten(xp, x):
    return xp.reshape(x, (x.shape[0], -1))


def standardize(xp, x):
    return (x - xp.mean(x, axis=0)) / (xp.std(x, axis=0) + 1e-3)


def columns(xp, x):
    return x[:, 1:]


def attention(xp, q, k, v):
    scores = xp.matmul(q, xp.permute_dims(k, (0, 2, 1))) / np.float32(np.sqrt(q.shape[-1]))
    return xp.matmul(softmax(xp, scores), v)


def mean_pool(xp, x):
    return xp.mean(x, axis=1)


def logsumexp(xp, x):
    m = xp.max(x, axis=-1, keepdims=True)
    return xp.log(xp.sum(xp.exp(x - m), axis=-1)) + xp.reshape(m, (-1,))


def min_max(xp, x):
    lo, hi = xp.min(x, axis=0), xp.max(x, axis=0)
    return (x - lo) / (hi - lo + 1e-3)


def top3(xp, x):
    return xp.sort(x, axis=-1)[:, -3:]


def layer_norm(xp, x):
    mu = xp.mean(x, axis=-1, keepdims=True)
    var = xp.mean((x - mu) ** 2, axis=-1, keepdims=True)
    return (x - mu) / xp.sqrt(var + 1e-5)


def l2_normalize(xp, x):
    return x / xp.sqrt(xp.sum(x * x, axis=1, keepdims=True) + 1e-6)


def cosine_to_first(xp, x):
    n = l2_normalize(xp, x)
    return xp.sum(n * n[0], axis=1)


def pairwise_sq_dist(xp, x):
    sq = xp.sum(x * x, axis=1)
    return xp.expand_dims(sq, 1) + xp.expand_dims(sq, 0) - 2 * xp.matmul(x, x.T)


def predictions(xp, x):
    return xp.argmax(xp.matmul(x, xp.asarray(W)), axis=1)


def residual(xp, x):
    return x + xp.tanh(xp.matmul(xp.matmul(x, xp.asarray(W)), xp.asarray(W.T)))


def gelu(xp, x):
    return 0.5 * x * (1 + xp.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))


def masked_mean(xp, x):
    mask = x > 0
    return xp.sum(xp.where(mask, x, 0), axis=1) / (xp.sum(xp.astype(mask, x.dtype), axis=1)
                                                   + 1)


def last_step(xp, x):
    return x[:, -1, :]


def first_rows(xp, x):
    return x[:2]


def reversed_batch(xp, x):
    return x[::-1]


def every_other(xp, x):
    return x[::2] * 2


def drop_last(xp, x):
    return x[:-1] - x[1:]


def features(xp, x):
    return xp.concat([x, x ** 2, xp.abs(x)], axis=1)


def doubled_batch(xp, x):
    return xp.concat([x, -x], axis=0)


def stacked(xp, x):
    return xp.stack([x, x + 1], axis=1)


def running_sum(xp, x):
    return xp.cumulative_sum(x, axis=1)


def centered_by_count(xp, x):
    return x - xp.sum(x, axis=0) / x.shape[0]


def merge_seq(xp, x):
    return xp.reshape(x, (x.shape[0], x.shape[1] * x.shape[2]))


def split_heads(xp, x):
    b, s, d = x.shape
    return xp.permute_dims(xp.reshape(x, (b, s, 2, d // 2)), (0, 2, 1, 3))


def outer(xp, x):
    return xp.expand_dims(x, 2) * xp.expand_dims(x, 1)


def clipped_scores(xp, x):
    return xp.clip(xp.matmul(x, xp.asarray(W)), -0.5, 0.5)


def row_var(xp, x):
    return xp.var(x, axis=1) + xp.var(x, axis=0, keepdims=True).T[:1, 0]


def sequence_mask(xp, x, lengths):
    steps = xp.cumulative_sum(xp.ones_like(x[0]), axis=0) - 1
    return xp.where(xp.expand_dims(steps, 0) < xp.expand_dims(lengths, 1), x, 0)


def positions(xp, x):
    n = x.shape[0]
    pos = xp.astype(xp.arange(n), x.dtype) / n
    return x + xp.reshape(pos, (n, 1)) + xp.zeros((n, x.shape[1]), dtype=x.dtype)


def odd_rows(xp, x):
    return xp.take(x, xp.arange(1, x.shape[0], 2), axis=0)


def zero_first_column(xp, x):
    y = x * 1
    y[:, 0] = 0
    y[1:, 1] += 1
    return y


def causal_attention(xp, q, k):
    scores = xp.matmul(q, xp.permute_dims(k, (0, 2, 1)))
    seq = q.shape[1]
    mask = xp.tril(xp.ones((seq, seq), dtype=q.dtype)) > 0
    return softmax(xp, xp.where(mask, scores, -1e9))


CASES = [
    Case("softmax", softmax, (("batch", 5),)),
    Case("mlp_head", mlp_head, (("batch", 4),)),
    Case("flatten", flatten, (("batch", 2, 3),)),
    Case("standardize", standardize, (("batch", 4),)),
    Case("columns", columns, (("batch", 4),)),
    Case("attention", attention, (("batch", "seq", 4),) * 3),
    Case("mean_pool", mean_pool, (("batch", "seq", 4),)),
    Case("logsumexp", logsumexp, (("batch", 6),)),
    Case("min_max", min_max, (("batch", 3),)),
    Case("top3", top3, (("batch", 6),)),
    Case("layer_norm", layer_norm, (("batch", "seq", 8),)),
    Case("l2_normalize", l2_normalize, (("batch", 3),)),
    Case("cosine_to_first", cosine_to_first, (("batch", 3),)),
    Case("pairwise_sq_dist", pairwise_sq_dist, (("batch", 3),)),
    Case("predictions", predictions, (("batch", 4),)),
    Case("residual", residual, (("batch", 4),)),
    Case("gelu", gelu, (("batch", 5),)),
    Case("masked_mean", masked_mean, (("batch", 5),)),
    Case("last_step", last_step, (("batch", "seq", 3),)),
    Case("first_rows", first_rows, (("batch", 3),)),
    Case("reversed_batch", reversed_batch, (("batch", 3),)),
    Case("every_other", every_other, (("batch", 3),)),
    Case("drop_last", drop_last, (("batch", 3),)),
    Case("features", features, (("batch", 2),)),
    Case("doubled_batch", doubled_batch, (("batch", 2),)),
    Case("stacked", stacked, (("batch", 2),)),
    Case("running_sum", running_sum, (("batch", "seq"),)),
    Case("centered_by_count", centered_by_count, (("batch", 3),)),
    Case("merge_seq", merge_seq, (("batch", "seq", 4),)),
    Case("split_heads", split_heads, (("batch", "seq", 4),)),
    Case("outer", outer, (("batch", 3),)),
    Case("clipped_scores", clipped_scores, (("batch", 4),)),
    Case("row_var", row_var, (("batch", 3),)),
    Case("sequence_mask", sequence_mask, (("batch", 5), ("batch",))),
    Case("positions", positions, (("batch", 3),)),
    Case("odd_rows", odd_rows, (("batch", 3),)),
    Case("zero_first_column", zero_first_column, (("batch", 3),)),
    Case("causal_attention", causal_attention, (("batch", "seq", 4),) * 2),
]
