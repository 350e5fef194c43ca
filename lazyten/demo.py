"""``lazyten demo`` (what ``make demo`` runs): a NumPy/PyTorch tutorial, lazily."""
from __future__ import annotations

import numpy as np

import lazyten as lt


def show(label: str, value: object) -> None:
    text = str(value)
    indent = " " * (len(label) + 3)
    print(f"{label} = " + text.replace("\n", "\n" + indent))


def main() -> None:
    print("== creation ==")
    x = lt.arange(12)
    show("lt.arange(12)", x)
    show("lt.arange(1, 2, 0.25)", lt.arange(1, 2, 0.25))
    show("lt.zeros((2, 3))", lt.zeros((2, 3)))
    show("lt.ones((2, 3), dtype=lt.int32)", lt.ones((2, 3), dtype=lt.int32))
    show("lt.full((2, 2), 7.5)", lt.full((2, 2), 7.5))
    show("lt.empty((2,))", lt.empty((2,)))
    show("lt.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])",
         lt.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]))
    show("lt.asarray(np.eye(2), dtype=lt.float32)", lt.asarray(np.eye(2), dtype=lt.float32))
    lt.manual_seed(0)
    show("lt.randn(2, 3)  (seed 0)", lt.randn(2, 3))
    show("lt.rand(3)", lt.rand(3))

    print("\n== attributes ==")
    X = x.reshape(3, 4)
    print(f"X = x.reshape(3, 4): shape={X.shape} ndim={X.ndim} size={X.size} "
          f"numel()={X.numel()} dtype={X.dtype} device={X.device}")
    show("X.reshape(-1, 6)", X.reshape(-1, 6))
    show("lt.zeros_like(X)", lt.zeros_like(X))
    show("lt.ones_like(X)", lt.ones_like(X))
    show("lt.full_like(X, 3)", lt.full_like(X, 3))

    print("\n== the recorded graph of one computation (nothing has run yet) ==")
    Y = lt.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    Z = lt.exp(X * 0.5) + Y / 2 - 1
    print(lt.dump(Z))
    show("Z", Z)

    print("\n== elementwise and broadcasting ==")
    Xf = X.astype(lt.float32)
    show("X + Y", Xf + Y)
    show("X - Y, X * Y", (Xf - Y, Xf * Y))
    show("X / Y", Xf / Y)
    show("X // 3, X % 3", (X // 3, X % 3))
    show("X ** 2", X ** 2)
    show("-X[0], +X[0], abs(-X[0]), ~X[0]", (-X[0], +X[0], abs(-X[0]), ~X[0]))
    show("X == Y", Xf == Y)
    show("X < 5", X < 5)
    show("(X > 2) & (X < 8)", (X > 2) & (X < 8))
    show("X | 1, X ^ 3", (X[0] | 1, X[0] ^ 3))
    show("lt.sqrt(X[0]), lt.log(X[0] + 1)", (lt.sqrt(X[0]), lt.log(X[0] + 1)))
    show("lt.sin(X[0]), lt.cos(X[0]), lt.tanh(X[0])", (lt.sin(X[0]), lt.cos(X[0]),
                                                       lt.tanh(X[0])))
    show("lt.maximum(X, 5), lt.minimum(X, 5)", (lt.maximum(X, 5)[0], lt.minimum(X, 5)[0]))
    show("lt.where(X > 5, X, 0)", lt.where(X > 5, X, 0))
    show("lt.clip(X, 2, 9)", lt.clip(X, 2, 9))
    a = lt.arange(3).reshape(3, 1)
    b = lt.arange(2).reshape(1, 2)
    show("a + b  (3x1 + 1x2)", a + b)
    show("X @ X.T", X @ X.T)
    show("lt.matmul(X.T, X)", lt.matmul(X.T, X))
    show("lt.permute_dims(X, (1, 0))", lt.permute_dims(X, (1, 0)))

    print("\n== concatenation and reductions ==")
    show("lt.concat((X, Y), axis=0)", lt.concat((Xf, Y), axis=0))
    show("lt.cat((X, Y), dim=1)", lt.cat((Xf, Y), dim=1))
    show("lt.stack([X[0], X[1]])", lt.stack([X[0], X[1]]))
    show("X.sum()", X.sum())
    show("X.sum(axis=0), X.sum(dim=1, keepdims=True)", (X.sum(axis=0),
                                                        X.sum(dim=1, keepdims=True)))
    show("X.mean(), X.max(), X.min(), X.prod(axis=1)", (X.mean(), X.max(), X.min(),
                                                        X.prod(axis=1)))

    print("\n== indexing and slicing ==")
    show("X[-1]", X[-1])
    show("X[1:3]", X[1:3])
    show("X[::2, ::-1]", X[::2, ::-1])
    show("X[..., 1]", X[..., 1])
    show("X[None, 0].shape", X[None, 0].shape)
    show("X[[0, 2], [1, 3]]", X[[0, 2], [1, 3]])
    show("X[X > 6]", X[X > 6])

    print("\n== assignment, in place, views ==")
    X = lt.arange(12, dtype=lt.float32).reshape(3, 4)
    X[1, 2] = 17
    show("X[1, 2] = 17 -> X", X)
    X[:2, :] = 12
    show("X[:2, :] = 12 -> X", X)
    X[X > 11] = 0
    show("X[X > 11] = 0 -> X", X)
    Z = lt.zeros_like(Y)
    Z[:] = X + Y
    show("Z[:] = X + Y -> Z", Z)
    before = id(X)
    X += Y
    print(f"X += Y keeps id(X): {id(X) == before}")
    Y2 = X * 2
    X[0, 0] = 100
    show("Y2 = X * 2; X[0, 0] = 100 -> Y2[0] (unchanged)", Y2[0])
    v = X[1]
    X[1, 1] = -1
    show("v = X[1]; X[1, 1] = -1 -> v", v)
    v[0] = 42
    show("v[0] = 42 -> X[1]", X[1])

    print("\n== NumPy conversion ==")
    A = X.numpy()
    print(f"type(X.numpy()) = {type(A).__name__}, np.asarray(X).sum() = {np.asarray(X).sum()}")
    n = np.ones(3, dtype=np.float32)
    t = lt.from_numpy(n)
    doubled = t * 2
    n[0] = 5
    show("t = lt.from_numpy(n); doubled = t * 2; n[0] = 5 -> t, doubled", (t, doubled))
    show("X.item() of X[0, 0], float(), int(), bool()", (X[0, 0].item(), float(X[0, 0]),
                                                         int(X[0, 0]), bool(X[0, 0])))
    print(f"len(X) = {len(X)}, rows: {[r.tolist() for r in X]}")

    print("\n== compiled (@lt.compile) ==")

    @lt.compile
    def f(x: lt.Array) -> lt.Array:
        unused = lt.zeros_like(x)  # noqa: F841  (dead: pruned by the compiler)
        return lt.exp(x) * 2 + 1

    show("f(lt.arange(3.0))", f(lt.arange(3.0)))
    print(f.lower(lt.arange(3.0)).dump())
    print(f"\nexecutable cache: {lt.cache_info()}")


if __name__ == "__main__":
    main()
