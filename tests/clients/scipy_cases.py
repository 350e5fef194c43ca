"""SciPy on lazyten arrays (SCIPY_ARRAY_API=1) against the same code on NumPy, and
integer inputs to both libraries."""
from __future__ import annotations

from typing import Any

import numpy as np

from .registry import FLOATS, add, attribute, compare, data, grid, lean, sname


def sp_fn(path: str, args: tuple, **kwargs: Any) -> None:
    compare(attribute(path), *args, **kwargs)


SPECIAL_1 = {   # name: data kind
    "expit": "normal", "logit": "unit", "entr": "pos", "erf": "normal", "erfc": "normal",
    "erfinv": "unit", "gammaln": "pos", "ndtr": "normal", "ndtri": "unit",
    "log_ndtr": "normal", "i0": "normal", "i0e": "normal", "i1": "normal", "i1e": "normal",
    "psi": "pos", "sinc": "normal", "softmax": "normal", "log_softmax": "normal",
    "logsumexp": "normal",
}
for name, kind in SPECIAL_1.items():
    shapes = ((20, 3), (30,), (1,), (20, 1)) if "soft" in name or "logsumexp" in name \
        else ((20, 3), (1,))
    for dt, shape in grid(shapes):
        add("scipy", f"special.{name}[{dt}-{sname(shape)}]",
            lambda name=name, kind=kind, dt=dt, shape=shape: sp_fn(
                f"scipy.special.{name}", (data(shape, dt, 20, kind),)))
for name in ("softmax", "log_softmax", "logsumexp"):
    for i, axis in enumerate((0, 1, -1, (0, 1))):
        dt = FLOATS[i % 2]
        add("scipy", f"special.{name}-axis={axis}[{dt}-20x3]",
            lambda name=name, dt=dt, axis=axis: sp_fn(
                f"scipy.special.{name}", (data((20, 3), dt, 20),), axis=axis))
for dt in FLOATS:
    add("scipy", f"special.logsumexp-keepdims[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.logsumexp", (data((20, 3), dt, 20),), axis=1, keepdims=True))
    add("scipy", f"special.logsumexp-b[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.logsumexp", (data((20, 3), dt, 20),), axis=0,
        b=data((20, 3), dt, 21, "pos")))
    add("scipy", f"special.logsumexp-b-return_sign[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.logsumexp", (data((20, 3), dt, 20),), axis=1,
        b=data((20, 3), dt, 21), return_sign=True))
    add("scipy", f"special.logsumexp-inf[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.logsumexp", (np.array([[-np.inf, -np.inf], [0.0, -np.inf],
                                               [np.inf, 1.0]], dt),), axis=1))
    for name, k1, k2 in (("xlogy", "normal", "pos"), ("xlog1py", "normal", "pos"),
                         ("rel_entr", "pos", "pos"), ("kl_div", "pos", "pos"),
                         ("huber", "pos", "normal"), ("pseudo_huber", "pos", "normal"),
                         ("gammainc", "pos", "pos"), ("gammaincc", "pos", "pos"),
                         ("chdtr", "pos", "pos"), ("stdtr", "pos", "normal"),
                         ("zeta", "pos", "pos")):
        add("scipy", f"special.{name}[{dt}]", lambda name=name, k1=k1, k2=k2, dt=dt: sp_fn(
            f"scipy.special.{name}", (data((20, 3), dt, 22, k1) + (1 if name == "zeta"
                                                                    else 0),
                                      data((20, 3), dt, 23, k2))))
    add("scipy", f"special.xlogy-zeros[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.xlogy", (np.array([0.0, 0.0, 1.0, 2.0], dt),
                                np.array([0.0, 2.0, 0.0, 3.0], dt))))

STATS = {  # name: (data kind, kwargs)
    "moment": ("normal", {"order": 3}), "skew": ("normal", {}),
    "skew-unbiased": ("normal", {"bias": False}), "kurtosis": ("normal", {}),
    "kurtosis-pearson": ("normal", {"fisher": False, "bias": False}),
    "zscore": ("normal", {}), "zscore-ddof": ("normal", {"ddof": 1}),
    "gzscore": ("pos", {}), "variation": ("pos", {}), "gmean": ("pos", {}),
    "hmean": ("pos", {}), "pmean": ("pos", {"p": 1.5}), "sem": ("normal", {}),
    "describe": ("normal", {}), "tmean": ("normal", {}), "tvar": ("normal", {}),
    "tstd": ("normal", {}), "tmin": ("normal", {}), "tmax": ("normal", {}),
    "tsem": ("normal", {}), "trim_mean": ("normal", {"proportiontocut": 0.1}),
    "iqr": ("normal", {}), "entropy": ("pos", {}), "differential_entropy": ("normal", {}),
    "kstat": ("normal", {"n": 3}), "kstatvar": ("normal", {}), "circmean": ("normal", {}),
    "circvar": ("normal", {}), "circstd": ("normal", {}), "gstd": ("pos", {}),
    "median_abs_deviation": ("normal", {}), "mode": ("labels3", {}),
    "rankdata": ("normal", {}), "quantile": ("normal", {"p": 0.3}),
    "skewtest": ("normal", {}), "kurtosistest": ("normal", {}), "normaltest": ("normal", {}),
    "jarque_bera": ("normal", {}), "ttest_1samp": ("normal", {"popmean": 0.2}),
    "sigmaclip": ("normal", {}),
}
_STATS_AXIS0_ONLY = {"gstd", "sigmaclip", "rankdata"}
# rankdata works in xp.asarray(1.).dtype, the namespace's default float dtype
_STATS_F32 = {"rankdata"}
for name, (kind, kw) in STATS.items():
    fn = name.split("-")[0]
    if fn == "sigmaclip" or fn != name:   # keyword variants: one shape
        shapes: tuple = ((30,),) if fn == "sigmaclip" else ((30, 3),)
    elif fn in ("skewtest", "kurtosistest", "normaltest", "differential_entropy", "kstatvar"):
        shapes = ((30, 3), (30,))    # need more samples (kstatvar divides by N - 3)
    else:
        shapes = ((30, 3), (30,), (1, 3))
    for dt, shape in grid(shapes, ("int64",)) if kind == "labels3" else lean(shapes):
        add("scipy", f"stats.{name}[{dt}-{sname(shape)}]",
            lambda fn=fn, kind=kind, kw=kw, dt=dt, shape=shape: sp_fn(
                f"scipy.stats.{fn}", (data(shape, dt, 30, kind),), **kw),
            f32=fn in _STATS_F32)
    if fn not in _STATS_AXIS0_ONLY and fn not in ("sigmaclip", "mode") and fn == name:
        add("scipy", f"stats.{name}-axis=1[float64-20x8]",
            lambda fn=fn, kind=kind, kw=kw: sp_fn(
                f"scipy.stats.{fn}", (data((20, 8), "float64", 30, kind),), axis=1, **kw))
for dt in FLOATS:
    for name in ("zmap",):
        add("scipy", f"stats.zmap[{dt}]", lambda dt=dt: sp_fn(
            "scipy.stats.zmap", (data((10, 3), dt, 31), data((30, 3), dt, 32))))
    for name in ("pearsonr", "ttest_ind", "ttest_rel", "mood", "bartlett", "f_oneway",
                 "levene", "fligner", "kruskal", "mannwhitneyu", "brunnermunzel", "ansari",
                 "ranksums"):
        # brunnermunzel ranks through rankdata: default float dtype
        add("scipy", f"stats.{name}[{dt}]", lambda name=name, dt=dt: sp_fn(
            f"scipy.stats.{name}", (data((30,), dt, 33), data((30,), dt, 34))),
            f32=name == "brunnermunzel")
    for name in ("power_divergence", "chisquare"):
        add("scipy", f"stats.{name}[{dt}]", lambda name=name, dt=dt: sp_fn(
            f"scipy.stats.{name}", (data((30,), dt, 33, "pos"),)))
    add("scipy", f"stats.entropy-qk[{dt}]", lambda dt=dt: sp_fn(
        "scipy.stats.entropy", (data((10, 3), dt, 35, "pos"), data((10, 3), dt, 36, "pos"))))
    add("scipy", f"stats.ttest_ind_from_stats[{dt}]", lambda dt=dt: sp_fn(
        "scipy.stats.ttest_ind_from_stats", tuple(data((3,), dt, s, "pos")
                                                  for s in range(6))))
    add("scipy", f"stats.combine_pvalues[{dt}]", lambda dt=dt: sp_fn(
        "scipy.stats.combine_pvalues", (data((10,), dt, 37, "unit"),)))
    add("scipy", f"stats.false_discovery_control[{dt}]", lambda dt=dt: sp_fn(
        "scipy.stats.false_discovery_control", (data((10,), dt, 37, "unit"),)))
    add("scipy", f"stats.boxcox_llf[{dt}]", lambda dt=dt: sp_fn(
        "scipy.stats.boxcox_llf", (0.5, data((30,), dt, 38, "pos"))))
    add("scipy", f"stats.yeojohnson_llf[{dt}]", lambda dt=dt: sp_fn(
        "scipy.stats.yeojohnson_llf", (0.5, data((30,), dt, 38))))

for i, (name, kw) in enumerate((
        ("tmean", {"limits": (-0.5, 1.0)}), ("tvar", {"limits": (-1.0, 1.0),
                                                    "inclusive": (False, True)}),
        ("tmin", {"lowerlimit": -0.3}), ("tmax", {"upperlimit": 0.4, "inclusive": False}),
        ("tsem", {"limits": (-1.0, 1.0)}), ("trim_mean", {"proportiontocut": 0.2, "axis": None}),
        ("moment", {"order": [1, 2, 4], "center": 0.3}), ("describe", {"ddof": 0, "bias": False}),
        ("quantile", {"p": 0.3, "method": "linear"}), ("quantile", {"p": 0.75,
                                                                   "method": "hazen"}),
        ("quantile", {"p": 0.5, "method": "inverted_cdf"}),
        ("iqr", {"rng": (10, 90), "scale": "normal"}), ("sem", {"ddof": 0}),
        ("variation", {"ddof": 1}), ("pmean", {"p": -2.0}),
        ("zscore", {"axis": None}), ("gmean", {"weights": "w"}), ("hmean", {"weights": "w"}),
        ("skew", {"axis": None}), ("kurtosis", {"axis": None, "fisher": False}))):
    dt = FLOATS[i % 2]
    kind = "pos" if name in ("pmean", "gmean", "hmean", "variation") else "normal"
    tag = "-".join(f"{k}={v}" for k, v in kw.items()).replace("[", "(").replace("]", ")")
    add("scipy", f"stats.{name}-{tag}[{dt}-30x3]",
        lambda name=name, kw=kw, dt=dt, kind=kind: sp_fn(
            f"scipy.stats.{name}", (data((30, 3), dt, 60, kind),),
            **{k: (data((30, 3), dt, 61, "pos") if v == "w" else v) for k, v in kw.items()}))
for dt in FLOATS:
    add("scipy", f"special.softmax-large[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.softmax", (np.array([[1000.0, 1001.0, -1000.0], [0, 0, 0]], dt),),
        axis=1))
    add("scipy", f"special.logsumexp-b zeros and negatives[{dt}]", lambda dt=dt: sp_fn(
        "scipy.special.logsumexp", (data((4, 3), dt, 62),), axis=1,
        b=np.array([[0, 0, 0], [1, -1, 0.5], [-2, 0.1, 0], [1, 1, 1]], dt), return_sign=True))
    add("scipy", f"integrate.trapezoid-axis=0[{dt}]", lambda dt=dt: sp_fn(
        "scipy.integrate.trapezoid", (data((20, 3), dt, 63),), axis=0))

for dt, shape in grid(((30, 3), (1, 3), (30, 1))):
    add("scipy", f"cluster.vq.whiten[{dt}-{sname(shape)}]",
        lambda dt=dt, shape=shape: sp_fn("scipy.cluster.vq.whiten", (data(shape, dt, 40),)))
for dt in FLOATS:
    add("scipy", f"cluster.vq.vq[{dt}]", lambda dt=dt: sp_fn(
        "scipy.cluster.vq.vq", (data((30, 3), dt, 40), data((4, 3), dt, 41))))
    for name, kw in (("trapezoid", {}), ("trapezoid-dx", {"dx": 0.5}),
                     ("cumulative_trapezoid", {}), ("cumulative_trapezoid-initial",
                                                    {"initial": 0}),
                     ("cumulative_simpson", {}), ("cumulative_simpson-dx", {"dx": 0.5})):
        fn = name.split("-")[0]
        for shape in ((30,), (20, 3)):
            # cumulative_simpson makes its step with xp.asarray(dx): a Python float becomes
            # an array of the default float dtype (float32 in lazyten), which then sets the
            # result's dtype (float32 input) or precision (float64 input)
            add("scipy", f"integrate.{name}[{dt}-{sname(shape)}]",
                lambda fn=fn, kw=kw, dt=dt, shape=shape: sp_fn(
                    f"scipy.integrate.{fn}", (data(shape, dt, 42),), **kw),
                f32=fn == "cumulative_simpson")
        add("scipy", f"integrate.{name}-x[{dt}]", lambda fn=fn, kw=kw, dt=dt: sp_fn(
            f"scipy.integrate.{fn}", (data((30,), dt, 42),),
            x=np.sort(data((30,), dt, 43)), **{k: v for k, v in kw.items() if k != "dx"}))
    add("scipy", f"integrate.romb[{dt}]", lambda dt=dt: sp_fn(
        "scipy.integrate.romb", (data((17,), dt, 42),)))
    for name in ("convolve", "correlate"):
        for mode in ("full", "same", "valid"):
            add("scipy", f"signal.{name}-{mode}[{dt}]", lambda name=name, mode=mode, dt=dt:
                sp_fn(f"scipy.signal.{name}", (data((30,), dt, 44), data((5,), dt, 45)),
                      mode=mode, method="direct"))
    add("scipy", f"signal.detrend[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.detrend", (data((30, 2), dt, 46),), axis=0))
    add("scipy", f"signal.detrend-constant[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.detrend", (data((30, 2), dt, 46),), axis=0, type="constant"))
    add("scipy", f"signal.lfilter[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.lfilter", (np.array([0.2, 0.3], dt), np.array([1.0, -0.5], dt),
                                 data((30,), dt, 47))))
    add("scipy", f"signal.sosfilt[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.sosfilt", (np.array([[0.2, 0.3, 0.0, 1.0, -0.5, 0.0]], dt),
                                 data((30,), dt, 47))))
    add("scipy", f"signal.medfilt[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.medfilt", (data((30,), dt, 48),), kernel_size=3))
    add("scipy", f"signal.savgol_filter[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.savgol_filter", (data((30,), dt, 48),), window_length=7, polyorder=2))
    add("scipy", f"signal.hilbert[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.hilbert", (data((16,), dt, 49),)))
    for name, kind, kw in (("fft", "normal", {}), ("fft", "complex", {"n": 20}),
                           ("ifft", "complex", {"norm": "ortho"}), ("rfft", "normal", {}),
                           ("irfft", "complex", {}), ("hfft", "complex", {}),
                           ("ihfft", "normal", {}), ("fftshift", "normal", {}),
                           ("dct", "normal", {})):
        add("scipy", f"fft.{name}-{kind}{sname(tuple(kw.values()))}[{dt}]",
            lambda name=name, kind=kind, kw=kw, dt=dt: sp_fn(
                f"scipy.fft.{name}", (data((16,), dt, 54, kind),), **kw))
    for name in ("fft2", "ifftn", "rfftn"):
        kind = "normal" if name == "rfftn" else "complex"
        add("scipy", f"fft.{name}[{dt}]", lambda name=name, kind=kind, dt=dt: sp_fn(
            f"scipy.fft.{name}", (data((8, 6), dt, 55, kind),)))
    for name, kw in (("fftconvolve", {}), ("fftconvolve", {"mode": "same"}),
                     ("oaconvolve", {}), ("convolve", {"method": "fft"}),
                     ("correlate", {"method": "fft"}), ("resample", {})):
        args = (data((32,), dt, 56), 20 if name == "resample" else data((7,), dt, 57))
        add("scipy", f"signal.{name}-fft{sname(tuple(kw.values()))}[{dt}]",
            lambda name=name, args=args, kw=kw: sp_fn(f"scipy.signal.{name}", args, **kw))
    add("scipy", f"signal.hilbert2[{dt}]", lambda dt=dt: sp_fn(
        "scipy.signal.hilbert2", (data((8, 6), dt, 58),)))
    add("scipy", f"linalg.block_diag[{dt}]", lambda dt=dt: sp_fn(
        "scipy.linalg.block_diag", (data((2, 2), dt, 50), data((1, 3), dt, 51))))
    add("scipy", f"optimize.rosen[{dt}]", lambda dt=dt: sp_fn(
        "scipy.optimize.rosen", (data((5,), dt, 52),)))
    add("scipy", f"optimize.rosen_der[{dt}]", lambda dt=dt: sp_fn(
        "scipy.optimize.rosen_der", (data((5,), dt, 52),)))
    add("scipy", f"ndimage.gaussian_filter[{dt}]", lambda dt=dt: sp_fn(
        "scipy.ndimage.gaussian_filter", (data((8, 8), dt, 53),), sigma=1.0))
    add("scipy", f"ndimage.uniform_filter1d[{dt}]", lambda dt=dt: sp_fn(
        "scipy.ndimage.uniform_filter1d", (data((8, 8), dt, 53),), size=3))

# integer inputs (NumPy converts to float64; lazyten to its default float32: f32=True) --------

def _ints(shape: tuple, seed: int = 70, low: int = -5) -> np.ndarray:
    return np.random.default_rng(seed).integers(low, 10, shape).astype(np.int64)


for lib, name, args, kw, f32, xfail in (
        ("sklearn", "preprocessing.StandardScaler", ("X",), {}, False, None),
        ("sklearn", "preprocessing.MinMaxScaler", ("X",), {}, False, None),
        ("sklearn", "preprocessing.MaxAbsScaler", ("X",), {}, False, None),
        ("sklearn", "preprocessing.Normalizer", ("X",), {}, False, None),
        ("sklearn", "preprocessing.PolynomialFeatures", ("X",), {}, False, None),
        ("sklearn", "preprocessing.KernelCenterer", ("K",), {}, False, None),
        ("sklearn", "naive_bayes.GaussianNB", ("X", "y"), {}, True, None),
        ("sklearn", "metrics.r2_score", ("y", "y2"), {}, True, None),
        ("sklearn", "metrics.mean_squared_error", ("y", "y2"), {}, True, None),
        ("sklearn", "metrics.mean_absolute_error", ("y", "y2"), {}, True, None),
        ("sklearn", "metrics.pairwise.euclidean_distances", ("X",), {}, True, None),
        ("sklearn", "metrics.pairwise.cosine_similarity", ("X",), {}, True, None),
        ("sklearn", "metrics.pairwise.rbf_kernel", ("X",), {}, True, None),
        ("sklearn", "utils.extmath.row_norms", ("X",), {}, True, None),
        ("scipy", "stats.zscore", ("X",), {}, True, None),
        ("scipy", "stats.skew", ("X",), {}, True, None),
        ("scipy", "stats.describe", ("X",), {}, True, None),
        ("scipy", "stats.tmean", ("X",), {}, True, None),
        ("scipy", "stats.gmean", ("P",), {}, True, None),
        ("scipy", "stats.quantile", ("X",), {"p": 0.3}, True, None),
        ("scipy", "stats.sem", ("X",), {}, True, None),
        ("scipy", "stats.variation", ("P",), {}, True, None),
        ("scipy", "cluster.vq.whiten", ("X",), {}, True, None),
        ("scipy", "special.logsumexp", ("X",), {"axis": 0}, True, None),
        ("scipy", "special.softmax", ("X",), {"axis": 0}, True, None),
        ("scipy", "special.xlogy", ("X", "P"), {}, True, None),
        ("scipy", "integrate.trapezoid", ("X",), {"axis": 0}, True, None),
        ("scipy", "integrate.cumulative_trapezoid", ("X",), {"axis": 0}, True, None)):
    def _int_case(lib: str = lib, name: str = name, args: tuple = args, kw: dict = kw) -> None:
        X = _ints((20, 3))
        arrays = {"X": X, "K": X @ X.T, "P": _ints((20, 3), 71, 1), "y": _ints((20,), 72, 0),
                  "y2": _ints((20,), 73, 0)}
        fn = attribute(f"{lib}.{name}")
        if name.startswith(("preprocessing.", "naive_bayes.")):   # an estimator
            def run(*a):
                est = fn(**kw).fit(*a)
                return est.predict_proba(a[0]) if hasattr(est, "predict_proba") \
                    else est.transform(a[0])
            compare(run, *(arrays[a] for a in args))
        else:
            compare(fn, *(arrays[a] for a in args), **kw)
    add(lib, f"{name}[int64]", _int_case, f32=f32, xfail=xfail)
