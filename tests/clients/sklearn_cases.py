"""scikit-learn on lazyten arrays (array-API dispatch) against the same code on NumPy."""
from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np

from .registry import (FLOATS, MATRICES, add, attribute, check, compare, data, grid, lean,
                       sname)


def sk_transformer(path: str, params: dict, attrs: tuple, X: np.ndarray,
                   inverse: bool = True) -> None:
    cls = attribute(path)

    def run(X):
        est = cls(**params).fit(X)
        out = {"transform": est.transform(X)}
        out.update({a: getattr(est, a) for a in attrs})
        if inverse:
            out["inverse"] = est.inverse_transform(out["transform"])
        return out
    compare(run, X)


for dt, shape in grid(MATRICES):
    tag = f"[{dt}-{sname(shape)}]"
    X = functools.partial(data, shape, dt)
    add("sklearn", "StandardScaler" + tag, lambda X: sk_transformer(
        "sklearn.preprocessing.StandardScaler", {}, ("mean_", "var_", "scale_"), X()), X)
    add("sklearn", "MinMaxScaler" + tag, lambda X: sk_transformer(
        "sklearn.preprocessing.MinMaxScaler", {"feature_range": (-1, 2)},
        ("data_min_", "data_max_", "scale_", "min_"), X()), X)
    add("sklearn", "MaxAbsScaler" + tag, lambda X: sk_transformer(
        "sklearn.preprocessing.MaxAbsScaler", {}, ("max_abs_", "scale_"), X()), X)
    for norm in ("l1", "l2", "max"):
        add("sklearn", f"Normalizer-{norm}" + tag, lambda X, norm=norm: sk_transformer(
            "sklearn.preprocessing.Normalizer", {"norm": norm}, (), X(), inverse=False), X)
    add("sklearn", "Binarizer" + tag, lambda X: sk_transformer(
        "sklearn.preprocessing.Binarizer", {"threshold": 0.2}, (), X(), inverse=False), X)
    add("sklearn", "PolynomialFeatures" + tag, lambda X: sk_transformer(
        "sklearn.preprocessing.PolynomialFeatures", {"degree": 2}, (), X(),
        inverse=False), X)
    add("sklearn", "PolynomialFeatures-interaction" + tag, lambda X: sk_transformer(
        "sklearn.preprocessing.PolynomialFeatures",
        {"degree": 3, "interaction_only": True, "include_bias": False}, (), X(),
        inverse=False), X)


def sk_incremental(path: str, params: dict, attrs: tuple, dt: str,
                   sample_weight: bool = False) -> None:
    """partial_fit over three batches (state kept in lazyten arrays between calls), then
    transform data outside the fitted range."""
    cls = attribute(path)
    batches = [data((n, 3), dt, seed) for n, seed in ((7, 1), (1, 2), (12, 3))]
    weights = [data((len(b),), dt, 9 + i, "pos") for i, b in enumerate(batches)]
    X_new = 3 * data((5, 3), dt, 4)

    def run(batches, weights, X_new):
        est = cls(**params)
        for b, w in zip(batches, weights):
            est.partial_fit(b, sample_weight=w) if sample_weight else est.partial_fit(b)
        return {"transform": est.transform(X_new), **{a: getattr(est, a) for a in attrs}}
    compare(run, batches, weights, X_new)


for dt in FLOATS:
    add("sklearn", f"StandardScaler-partial_fit[{dt}]", sk_incremental,
        "sklearn.preprocessing.StandardScaler", {}, ("mean_", "var_", "n_samples_seen_"), dt)
    add("sklearn", f"StandardScaler-partial_fit-sample_weight[{dt}]", sk_incremental,
        "sklearn.preprocessing.StandardScaler", {}, ("mean_", "var_"), dt, sample_weight=True)
    add("sklearn", f"StandardScaler-with_mean=False-partial_fit[{dt}]", sk_incremental,
        "sklearn.preprocessing.StandardScaler", {"with_mean": False}, ("var_", "scale_"), dt)
    add("sklearn", f"MinMaxScaler-clip-partial_fit[{dt}]", sk_incremental,
        "sklearn.preprocessing.MinMaxScaler", {"clip": True}, ("data_min_", "data_range_"), dt)
    add("sklearn", f"MaxAbsScaler-partial_fit[{dt}]", sk_incremental,
        "sklearn.preprocessing.MaxAbsScaler", {}, ("max_abs_",), dt)
add("sklearn", "StandardScaler-fit-sample_weight[float64]", lambda: compare(
    lambda X, w: (lambda e: (e.transform(X), e.mean_, e.var_))(
        attribute("sklearn.preprocessing.StandardScaler")().fit(X, sample_weight=w)),
    data((20, 3)), data((20,), seed=1, kind="pos")))
add("sklearn", "Normalizer-zero rows[float32]", lambda: sk_transformer(
    "sklearn.preprocessing.Normalizer", {}, (), np.array([[0, 0, 0], [3, 4, 0]], "float32"),
    inverse=False))
add("sklearn", "StandardScaler-constant column[float64]", lambda: sk_transformer(
    "sklearn.preprocessing.StandardScaler", {}, ("scale_",),
    np.array([[1.0, 2.0], [1.0, 3.0], [1.0, -1.0]])))


def sk_kernel_centerer(dt: str, n: int) -> None:
    from sklearn.preprocessing import KernelCenterer
    X = data((n, 3), dt)
    K = X @ X.T
    compare(lambda K: (lambda c: (c.transform(K), c.K_fit_rows_, c.K_fit_all_))(
        KernelCenterer().fit(K)), K)


for dt in FLOATS:
    for n in (20, 1):
        add("sklearn", f"KernelCenterer[{dt}-{n}x{n}]", sk_kernel_centerer, dt, n)


def sk_label_encoder(y: np.ndarray) -> None:
    from sklearn.preprocessing import LabelEncoder

    def run(y):
        enc = LabelEncoder().fit(y)
        codes = enc.transform(y)
        return codes, enc.classes_, enc.inverse_transform(codes)
    compare(run, y)


add("sklearn", "LabelEncoder[int64]", sk_label_encoder, np.array([3, 1, 3, 7, 1, 1]))
add("sklearn", "LabelEncoder[float64]", sk_label_encoder, np.array([0.5, -2.0, 0.5, 9.0]))
add("sklearn", "LabelEncoder[int64-1]", sk_label_encoder, np.array([4]))


def sk_label_binarizer(y: np.ndarray) -> None:
    from sklearn.preprocessing import LabelBinarizer

    def run(y):
        enc = LabelBinarizer().fit(y)
        Y = enc.transform(y)
        return Y, enc.classes_, enc.inverse_transform(Y)
    compare(run, y)


add("sklearn", "LabelBinarizer[int64-3 classes]", sk_label_binarizer,
    np.array([3, 1, 3, 7, 1, 1]))
add("sklearn", "LabelBinarizer[int64-2 classes]", sk_label_binarizer, np.array([3, 1, 3, 1]))


def sk_gaussian_nb_partial(dt: str) -> None:
    cls = attribute("sklearn.naive_bayes.GaussianNB")
    X = data((30, 4), dt, seed=1)
    y = _labels(30, 3, 2)
    w = data((30,), dt, 3, "pos")

    def run(X, y, w, classes):
        est = cls(var_smoothing=1e-3)
        est.partial_fit(X[:10], y[:10], classes=classes, sample_weight=w[:10])
        est.partial_fit(X[10:], y[10:], sample_weight=w[10:])
        return est.theta_, est.var_, est.class_count_, est.predict_proba(X), est.predict(X)
    compare(run, X, y, w, np.arange(3))


for dt in FLOATS:
    add("sklearn", f"GaussianNB-partial_fit-sample_weight[{dt}]", sk_gaussian_nb_partial, dt)


def fit_and_compare(run: Callable, estimator: Any, X: np.ndarray, y: np.ndarray,
                    fit_on: str) -> None:
    """``run`` fitted on lazyten arrays against NumPy, or (``fit_on="numpy"``) ``estimator``
    fitted on NumPy, moved to lazyten, and its results compared."""
    import lazyten as lt
    from sklearn.utils._array_api import move_estimator_to
    if fit_on == "lazyten":
        compare(run, X, y)
        return
    est = estimator.fit(X, y)
    check(run(lt.asarray(X), lt.asarray(y), move_estimator_to(est, lt, None)), run(X, y, est))


def sk_classifier(path: str, params: dict, dt: str, n_classes: int, attrs: tuple = (),
                  n: int = 30, fit_on: str = "lazyten") -> None:
    """Fit on lazyten (or fit on NumPy and move the fitted attributes to lazyten), then
    predict / predict_proba / decision_function on lazyten."""
    cls = attribute(path)
    X = data((n, 4), dt, seed=1)
    y = data((n,), kind=f"labels{n_classes}", seed=2)
    X[y == 1] += 1.5

    def run(X, y, fitted=None):
        est = fitted if fitted is not None else cls(**params).fit(X, y)
        out = {a: getattr(est, a) for a in attrs}
        for m in ("predict", "predict_proba", "predict_log_proba", "decision_function"):
            if hasattr(est, m):
                out[m] = getattr(est, m)(X)
        return out

    fit_and_compare(run, cls(**params), X, y, fit_on)


def sk_regressor(path: str, params: dict, dt: str, attrs: tuple = ("coef_", "intercept_"),
                 n: int = 30, n_targets: int = 0, positive_y: bool = False,
                 fit_on: str = "lazyten") -> None:
    cls = attribute(path)
    X = data((n, 4), dt, seed=1)
    w = np.array([1.0, -2.0, 0.5, 0.0], dtype=dt)
    y = X @ w + 0.1 * data((n,), dt, seed=3)
    if positive_y:
        y = np.exp(0.3 * y).astype(dt)
    if n_targets:
        y = np.stack([y, -y + 1] if not positive_y else [y, 2 * y], axis=1)

    def run(X, y, fitted=None):
        est = fitted if fitted is not None else cls(**params).fit(X, y)
        out = {a: getattr(est, a) for a in attrs}
        out["predict"] = est.predict(X)
        return out

    fit_and_compare(run, cls(**params), X, y, fit_on)


for dt in FLOATS:
    add("sklearn", f"GaussianNB[{dt}-3 classes]", sk_classifier,
        "sklearn.naive_bayes.GaussianNB", {}, dt, 3, ("theta_", "var_", "class_prior_"))
    add("sklearn", f"GaussianNB[{dt}-2 classes]", sk_classifier,
        "sklearn.naive_bayes.GaussianNB", {}, dt, 2, ("theta_", "var_", "class_prior_"))
    add("sklearn", f"LinearDiscriminantAnalysis-svd[{dt}]", sk_classifier,
        "sklearn.discriminant_analysis.LinearDiscriminantAnalysis", {"solver": "svd"},
        dt, 3, ("coef_", "intercept_"))
    add("sklearn", f"LinearDiscriminantAnalysis-svd[{dt}-fit NumPy]", sk_classifier,
        "sklearn.discriminant_analysis.LinearDiscriminantAnalysis", {"solver": "svd"},
        dt, 3, (), fit_on="numpy")
    for solver in ("auto", "svd"):    # array API dispatch supports only these in Ridge
        add("sklearn", f"Ridge-{solver}[{dt}]", sk_regressor,
            "sklearn.linear_model.Ridge", {"solver": solver, "alpha": 0.5}, dt)
    add("sklearn", f"Ridge[{dt}-fit NumPy]", sk_regressor,
        "sklearn.linear_model.Ridge", {"alpha": 0.5}, dt, fit_on="numpy")
    add("sklearn", f"Ridge[{dt}-2 targets-fit NumPy]", sk_regressor,
        "sklearn.linear_model.Ridge", {"alpha": 0.5}, dt, n_targets=2, fit_on="numpy")
    add("sklearn", f"RidgeCV[{dt}]", sk_regressor,
        "sklearn.linear_model.RidgeCV", {"alphas": (0.1, 1.0, 10.0)}, dt,
        ("coef_", "intercept_", "alpha_"))
    add("sklearn", f"RidgeClassifier[{dt}]", sk_classifier,
        "sklearn.linear_model.RidgeClassifier", {"alpha": 0.5}, dt, 3, ("coef_",))
    add("sklearn", f"RidgeClassifier[{dt}-fit NumPy]", sk_classifier,
        "sklearn.linear_model.RidgeClassifier", {"alpha": 0.5}, dt, 3, fit_on="numpy")
    add("sklearn", f"LogisticRegression-lbfgs[{dt}-2 classes]", sk_classifier,
        "sklearn.linear_model.LogisticRegression", {"solver": "lbfgs"}, dt, 2,
        ("coef_", "intercept_"))
    add("sklearn", f"LogisticRegression-lbfgs[{dt}-3 classes]", sk_classifier,
        "sklearn.linear_model.LogisticRegression", {"solver": "lbfgs"}, dt, 3,
        ("coef_", "intercept_"))
    for k in (2, 3):
        add("sklearn", f"LogisticRegression[{dt}-{k} classes-fit NumPy]", sk_classifier,
            "sklearn.linear_model.LogisticRegression", {"solver": "lbfgs"}, dt, k,
            fit_on="numpy")
    add("sklearn", f"PoissonRegressor-lbfgs[{dt}]", sk_regressor,
        "sklearn.linear_model.PoissonRegressor", {"solver": "lbfgs"}, dt, positive_y=True)
    for glm in ("PoissonRegressor", "GammaRegressor", "TweedieRegressor"):
        add("sklearn", f"{glm}[{dt}-fit NumPy]", sk_regressor,
            f"sklearn.linear_model.{glm}", {"solver": "lbfgs"}, dt, positive_y=True,
            fit_on="numpy")


def sk_decomposition(path: str, params: dict, dt: str, attrs: tuple) -> None:
    cls = attribute(path)
    X = data((25, 4), dt, seed=4)

    def run(X):
        est = cls(**params).fit(X)
        out = {a: getattr(est, a) for a in attrs}
        for m in ("transform", "predict_proba", "score_samples"):
            if hasattr(est, m):
                out[m] = getattr(est, m)(X)
        return out
    compare(run, X)


for dt in FLOATS:
    add("sklearn", f"PCA-full[{dt}]", sk_decomposition, "sklearn.decomposition.PCA",
        {"n_components": 2, "svd_solver": "full"}, dt, ("explained_variance_",))
    add("sklearn", f"PCA-covariance_eigh[{dt}]", sk_decomposition, "sklearn.decomposition.PCA",
        {"n_components": 2, "svd_solver": "covariance_eigh"}, dt, ("explained_variance_",))
    add("sklearn", f"Nystroem[{dt}]", sk_decomposition, "sklearn.kernel_approximation.Nystroem",
        {"n_components": 5, "random_state": 0}, dt, ())
    add("sklearn", f"GaussianMixture-random_from_data[{dt}]", sk_decomposition,
        "sklearn.mixture.GaussianMixture",
        {"n_components": 2, "random_state": 0, "init_params": "random_from_data"}, dt,
        ("weights_", "means_"))

# metrics ------------------------------------------------------------------------------------
# (more cases after the helpers below)


def sk_metric(path: str, args: tuple, **kwargs: Any) -> None:
    compare(attribute(path), *args, **kwargs)


def _labels(n: int, k: int, seed: int) -> np.ndarray:
    return data((n,), kind=f"labels{k}", seed=seed)


def _proba(n: int, k: int, dt: str, seed: int) -> np.ndarray:
    p = data((n, k), dt, seed=seed, kind="unit")
    return (p / p.sum(axis=1, keepdims=True)).astype(dt)


CLASSIFICATION = {
    "accuracy_score": {}, "zero_one_loss": {}, "balanced_accuracy_score": {},
    "cohen_kappa_score": {}, "confusion_matrix": {}, "hamming_loss": {},
    "jaccard_score": {"average": "macro"}, "f1_score": {"average": "macro"},
    "precision_score": {"average": "macro"}, "recall_score": {"average": "weighted"},
    "fbeta_score": {"average": "micro", "beta": 0.5},
    "precision_recall_fscore_support": {"average": None},
    "multilabel_confusion_matrix": {},
}
# integer labels: the scores are computed in the namespace's default float dtype (f32=True)
for name, kw in CLASSIFICATION.items():
    for n in (30, 1):
        add("sklearn", f"metrics.{name}[int64-{n}]", lambda name=name, kw=kw, n=n: sk_metric(
            f"sklearn.metrics.{name}", (_labels(n, 3, 5), _labels(n, 3, 6)), **kw), f32=True)
add("sklearn", "metrics.accuracy_score[int64-sample_weight]", lambda: sk_metric(
    "sklearn.metrics.accuracy_score", (_labels(30, 3, 5), _labels(30, 3, 6)),
    sample_weight=data((30,), kind="pos", seed=7)))
add("sklearn", "metrics.f1_score[int64-binary]", lambda: sk_metric(
    "sklearn.metrics.f1_score", (_labels(30, 2, 5), _labels(30, 2, 6))), f32=True)

for dt in FLOATS:
    add("sklearn", f"metrics.log_loss[{dt}-3 classes]", lambda dt=dt: sk_metric(
        "sklearn.metrics.log_loss", (_labels(30, 3, 5), _proba(30, 3, dt, 6))))
    add("sklearn", f"metrics.log_loss[{dt}-binary 1-D]", lambda dt=dt: sk_metric(
        "sklearn.metrics.log_loss", (_labels(30, 2, 5), data((30,), dt, 6, "unit"))))
    # the null model averages the integer one-hot labels: default float dtype
    add("sklearn", f"metrics.d2_log_loss_score[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.metrics.d2_log_loss_score", (_labels(30, 3, 5), _proba(30, 3, dt, 6))),
        f32=True)
    add("sklearn", f"metrics.brier_score_loss[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.metrics.brier_score_loss", (_labels(30, 2, 5), data((30,), dt, 6, "unit"))))
    add("sklearn", f"metrics.d2_brier_score[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.metrics.d2_brier_score", (_labels(30, 2, 5), data((30,), dt, 6, "unit"))))
    # roc_curve and roc_auc_score call xp.diff(x, 2): n positional, as NumPy and PyTorch take it
    for name in ("precision_recall_curve", "det_curve", "average_precision_score",
                 "confusion_matrix_at_thresholds", "roc_curve", "roc_auc_score"):
        add("sklearn", f"metrics.{name}[{dt}]", lambda name=name, dt=dt: sk_metric(
            f"sklearn.metrics.{name}", (_labels(30, 2, 5), data((30,), dt, 6, "unit"))))
    # numpy-only code inside: D.flat[::n + 1] = 0 and np.zeros(n, dtype=D.dtype)
    add("sklearn", f"metrics.silhouette_score[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.metrics.silhouette_score", (data((30, 4), dt, 7), _labels(30, 3, 5))))
    add("sklearn", f"metrics.roc_curve-drop_intermediate=False[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.metrics.roc_curve", (_labels(30, 2, 5), data((30,), dt, 6, "unit")),
        drop_intermediate=False))

_Y3, _P3 = (lambda: _labels(30, 3, 5)), (lambda: _labels(30, 3, 6))
_ML_TRUE = lambda: data((20, 4), kind="labels2", seed=15)   # noqa: E731 multilabel indicator
_ML_PRED = lambda: data((20, 4), kind="labels2", seed=16)   # noqa: E731
for tag, path, args, kw, f32 in (
        ("normalize=true", "confusion_matrix", "y3", {"normalize": "true"}, True),
        ("normalize=all", "confusion_matrix", "y3", {"normalize": "all"}, True),
        ("labels", "confusion_matrix", "y3", {"labels": [2, 0, 1]}, False),
        ("sample_weight", "confusion_matrix", "y3w", {}, False),
        ("labels", "f1_score", "y3", {"labels": [2, 0], "average": None}, True),
        ("sample_weight", "precision_recall_fscore_support", "y3w", {"average": "macro"},
         False),
        ("multilabel", "accuracy_score", "ml", {}, True),
        ("multilabel", "hamming_loss", "ml", {}, True),
        ("multilabel", "zero_one_loss", "ml", {}, True),
        ("multilabel-samples", "jaccard_score", "ml", {"average": "samples"}, True),
        ("multilabel-samples", "f1_score", "ml", {"average": "samples"}, True),
        ("multilabel-micro", "precision_score", "ml", {"average": "micro"}, True),
        ("multilabel", "multilabel_confusion_matrix", "ml", {}, False)):
    add("sklearn", f"metrics.{path}-{tag}[int64]",
        lambda path=path, args=args, kw=kw: sk_metric(
            f"sklearn.metrics.{path}",
            (_ML_TRUE(), _ML_PRED()) if args == "ml" else (_Y3(), _P3()),
            **kw, **({"sample_weight": data((30,), seed=7, kind="pos")}
                     if args == "y3w" else {})), f32=f32)
add("sklearn", "metrics.log_loss-sample_weight-labels[float64]", lambda: sk_metric(
    "sklearn.metrics.log_loss", (_labels(30, 3, 5), _proba(30, 4, "float64", 6)),
    labels=[0, 1, 2, 3], sample_weight=data((30,), seed=7, kind="pos")))
for mo in ("raw_values", "variance_weighted"):
    for name in ("r2_score", "explained_variance_score", "mean_squared_error"):
        if name == "mean_squared_error" and mo == "variance_weighted":
            continue
        add("sklearn", f"metrics.{name}-multioutput={mo}[float64-30x3]",
            lambda name=name, mo=mo: sk_metric(
                f"sklearn.metrics.{name}", (data((30, 3), seed=8), data((30, 3), seed=9)),
                multioutput=mo))
for dt in FLOATS:   # big enough for sklearn's float32 upcast batching
    add("sklearn", f"metrics.pairwise.euclidean_distances[{dt}-300x40,200x40]",
        lambda dt=dt: sk_metric("sklearn.metrics.pairwise.euclidean_distances",
                                (data((300, 40), dt, 11), data((200, 40), dt, 12))))

REGRESSION = {
    "r2_score": ("normal", {}), "mean_squared_error": ("normal", {}),
    "root_mean_squared_error": ("normal", {}), "mean_absolute_error": ("normal", {}),
    "mean_absolute_percentage_error": ("normal", {}), "explained_variance_score": ("normal", {}),
    "max_error": ("normal", {}), "median_absolute_error": ("normal", {}),
    "mean_pinball_loss": ("normal", {"alpha": 0.3}), "d2_pinball_score": ("normal", {}),
    "d2_absolute_error_score": ("normal", {}), "mean_squared_log_error": ("pos", {}),
    "root_mean_squared_log_error": ("pos", {}),
    "mean_tweedie_deviance": ("pos", {"power": 1.5}), "d2_tweedie_score": ("pos", {"power": 1.5}),
    "mean_poisson_deviance": ("pos", {}), "mean_gamma_deviance": ("pos", {}),
}
for name, (kind, kw) in REGRESSION.items():
    for dt, shape in lean(((30,), (30, 2), (1,))):
        if shape == (1,) and name in ("r2_score", "explained_variance_score") or \
                len(shape) == 2 and name in ("max_error",) or \
                len(shape) == 2 and kw.get("power", 0) or \
                len(shape) == 2 and name in ("mean_poisson_deviance", "mean_gamma_deviance"):
            continue   # undefined for one sample / 1-D only
        add("sklearn", f"metrics.{name}[{dt}-{sname(shape)}]",
            lambda name=name, kind=kind, kw=kw, dt=dt, shape=shape: sk_metric(
                f"sklearn.metrics.{name}",
                (data(shape, dt, 8, kind), data(shape, dt, 9, kind)), **kw))
    if name == "max_error":
        continue
    add("sklearn", f"metrics.{name}[float64-sample_weight]",
        lambda name=name, kind=kind, kw=kw: sk_metric(
            f"sklearn.metrics.{name}", (data((30,), "float64", 8, kind),
                                        data((30,), "float64", 9, kind)),
            sample_weight=data((30,), "float64", 10, "pos"), **kw))

PAIRWISE = {
    "euclidean_distances": ("normal", {}), "euclidean_distances-squared": ("normal", {}),
    "cosine_similarity": ("normal", {}), "cosine_distances": ("normal", {}),
    "rbf_kernel": ("normal", {"gamma": 0.3}), "polynomial_kernel": ("normal", {"degree": 2}),
    "sigmoid_kernel": ("normal", {"gamma": 0.2}), "linear_kernel": ("normal", {}),
    "laplacian_kernel": ("normal", {}), "chi2_kernel": ("pos", {}),
    "additive_chi2_kernel": ("pos", {}), "manhattan_distances": ("normal", {}),
}
# NumPy input goes through scipy.spatial.distance.cdist (float64 out); array API input stays
# in the input dtype: float32 in, float32 out for lazyten
_PAIRWISE_CDIST = ("laplacian_kernel", "manhattan_distances")
for name, (kind, kw) in PAIRWISE.items():
    fn = name.split("-")[0]
    if name.endswith("-squared"):
        kw = {"squared": True}
    for dt, (a, b) in lean((((7, 3), (5, 3)), ((1, 3), (5, 3)), ((7, 1), (4, 1)))):
        add("sklearn", f"metrics.pairwise.{name}[{dt}-{sname(a)},{sname(b)}]",
            lambda fn=fn, kind=kind, kw=kw, dt=dt, a=a, b=b: sk_metric(
                f"sklearn.metrics.pairwise.{fn}",
                (data(a, dt, 11, kind), data(b, dt, 12, kind)), **kw),
            f32=fn in _PAIRWISE_CDIST)
    dt = "float32"
    add("sklearn", f"metrics.pairwise.{name}[{dt}-Y=None]",
        lambda fn=fn, kind=kind, kw=kw, dt=dt: sk_metric(
            f"sklearn.metrics.pairwise.{fn}", (data((6, 3), dt, 11, kind),), **kw),
        f32=fn in _PAIRWISE_CDIST)

for name in ("paired_euclidean_distances", "paired_cosine_distances",
             "paired_manhattan_distances"):
    for dt in FLOATS:
        add("sklearn", f"metrics.pairwise.{name}[{dt}]", lambda name=name, dt=dt: sk_metric(
            f"sklearn.metrics.pairwise.{name}", (data((7, 3), dt, 11), data((7, 3), dt, 12))))
for metric in ("euclidean", "cosine", "manhattan", "cityblock", "l1", "l2"):
    add("sklearn", f"metrics.pairwise_distances-{metric}[float64]", lambda metric=metric:
        sk_metric("sklearn.metrics.pairwise_distances", (data((7, 3), "float64", 11),
                                                         data((5, 3), "float64", 12)),
                  metric=metric))
for metric in ("rbf", "linear", "poly", "cosine", "sigmoid", "laplacian"):
    add("sklearn", f"metrics.pairwise_kernels-{metric}[float32]", lambda metric=metric:
        sk_metric("sklearn.metrics.pairwise.pairwise_kernels", (data((7, 3), "float32", 11),
                                                                data((5, 3), "float32", 12)),
                  metric=metric), f32=metric == "laplacian")
for dt in FLOATS:
    add("sklearn", f"metrics.pairwise_distances_argmin[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.metrics.pairwise_distances_argmin", (data((7, 3), dt, 11),
                                                      data((5, 3), dt, 12))))
    for name in ("calinski_harabasz_score", "davies_bouldin_score"):
        add("sklearn", f"metrics.{name}[{dt}]", lambda name=name, dt=dt: sk_metric(
            f"sklearn.metrics.{name}", (data((30, 3), dt, 13), _labels(30, 3, 14))))

# sklearn.utils -------------------------------------------------------------------------------

for dt, shape in grid(MATRICES):
    tag = f"[{dt}-{sname(shape)}]"
    add("sklearn", "utils.extmath.row_norms" + tag, lambda dt=dt, shape=shape: sk_metric(
        "sklearn.utils.extmath.row_norms", (data(shape, dt),)))
    add("sklearn", "utils.extmath.row_norms-squared" + tag,
        lambda dt=dt, shape=shape: sk_metric(
            "sklearn.utils.extmath.row_norms", (data(shape, dt),), squared=True))
    add("sklearn", "utils.extmath.softmax" + tag, lambda dt=dt, shape=shape: sk_metric(
        "sklearn.utils.extmath.softmax", (data(shape, dt),)))
    add("sklearn", "utils.extmath.safe_sparse_dot" + tag,
        lambda dt=dt, shape=shape: sk_metric(
            "sklearn.utils.extmath.safe_sparse_dot", (data(shape, dt),
                                                      data(shape[::-1], dt, 1))))
    add("sklearn", "utils.extmath._incremental_mean_and_var" + tag,
        lambda dt=dt, shape=shape: sk_metric(
            "sklearn.utils.extmath._incremental_mean_and_var",
            (data(shape, dt), np.zeros(shape[1], dt), np.zeros(shape[1], dt),
             np.zeros(shape[1], np.int64))))
for dt in FLOATS:
    add("sklearn", f"utils.extmath._nanaverage[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.utils.extmath._nanaverage", (data((20,), dt),),
        weights=data((20,), dt, 1, "pos")))
    add("sklearn", f"utils.extmath.svd_flip[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.utils.extmath.svd_flip", (data((5, 3), dt), data((3, 4), dt, 1))))
    add("sklearn", f"utils.extmath.fast_logdet[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.utils.extmath.fast_logdet", (np.eye(3, dtype=dt) * 2 + 0.1,)))
    add("sklearn", f"utils.stats._weighted_percentile[{dt}]", lambda dt=dt: sk_metric(
        "sklearn.utils.stats._weighted_percentile",
        (data((20,), dt), data((20,), dt, 1, "pos"), 30)))
add("sklearn", "utils.multiclass.unique_labels[int64]", lambda: sk_metric(
    "sklearn.utils.multiclass.unique_labels", (_labels(30, 3, 5), np.array([7, 0]))))
add("sklearn", "utils.multiclass.type_of_target[int64]", lambda: sk_metric(
    "sklearn.utils.multiclass.type_of_target", (_labels(30, 3, 5),)))
add("sklearn", "utils.multiclass.type_of_target[float64]", lambda: sk_metric(
    "sklearn.utils.multiclass.type_of_target", (data((30,), "float64"),)))
add("sklearn", "model_selection.train_test_split[float64]", lambda: sk_metric(
    "sklearn.model_selection.train_test_split", (data((20, 3)), _labels(20, 3, 5)),
    random_state=0))

for name, args, kw in (
        ("extmath.squared_norm", ((5, 3),), {}), ("extmath.density", ((5, 3),), {}),
        ("extmath.safe_sqr", ((5, 3),), {}),
        ("_array_api._average", ((20, 3),), {"axis": 0}),
        ("_array_api._median", ((20, 3),), {"axis": 0}),
        ("_array_api._median", ((21,),), {}),
        ("_array_api._nanmean", ((20, 3),), {"axis": 1}),
        ("_array_api._nanmin", ((20, 3),), {"axis": 0}),
        ("_array_api._nanmax", ((20, 3),), {}),
        ("_array_api._logsumexp", ((20, 3),), {"axis": 1}),
        ("_array_api._logsumexp", ((20, 3),), {}),
        ("_array_api._xlogy", ((20, 3), (20, 3)), {})):
    for dt in FLOATS:
        add("sklearn", f"utils.{name}[{dt}-{','.join(map(sname, args))}-{kw}]",
            lambda name=name, args=args, kw=kw, dt=dt: sk_metric(
                f"sklearn.utils.{name}",
                tuple(data(a, dt, i, "pos") for i, a in enumerate(args)), **kw))
add("sklearn", "utils._array_api._average-weights[float64]", lambda: sk_metric(
    "sklearn.utils._array_api._average", (data((20, 3)),), axis=0,
    weights=data((20,), seed=1, kind="pos")))
add("sklearn", "utils._array_api._bincount[int64]", lambda: sk_metric(
    "sklearn.utils._array_api._bincount", (_labels(30, 3, 5),), minlength=5))
add("sklearn", "utils._array_api._bincount-weights[int64]", lambda: sk_metric(
    "sklearn.utils._array_api._bincount", (_labels(30, 3, 5),),
    weights=data((30,), seed=1)))
add("sklearn", "utils._array_api._count_nonzero[float64]", lambda: sk_metric(
    "sklearn.utils._array_api._count_nonzero", (data((20, 3)) > 0.3,), axis=0))


# functions and meta-estimators around the array-API estimators -------------------------------
for name, args, kw, f32 in (
        ("preprocessing.normalize", ((20, 3),), {"norm": "l1"}, False),
        ("preprocessing.minmax_scale", ((20, 3),), {}, False),
        ("preprocessing.maxabs_scale", ((20, 3),), {}, False),
        ("preprocessing.binarize", ((20, 3),), {"threshold": 0.1}, False),
        ("preprocessing.label_binarize", ("y3",), {"classes": [0, 1, 2]}, False),
        ("metrics.pairwise.paired_distances", ((7, 3), (7, 3)), {}, False),
        ("metrics.homogeneity_score", ("y3", "y3b"), {}, False),
        ("metrics.mutual_info_score", ("y3", "y3b"), {}, False),
        ("metrics.cohen_kappa_score", ("y3", "y3b"), {"weights": "quadratic"}, True),
        ("metrics.balanced_accuracy_score", ("y3", "y3b"), {"adjusted": True}, True),
        ("metrics.ndcg_score", ((5, 4), (5, 4)), {}, False),
        ("metrics.dcg_score", ((5, 4), (5, 4)), {"k": 2}, False),
        ("metrics.label_ranking_average_precision_score", ("ml", (20, 4)), {}, True),
        ("utils.resample", ((20, 3),), {"random_state": 0}, False),
        ("utils.shuffle", ((20, 3), "y20"), {"random_state": 0}, False),
        ("utils._safe_indexing", ((20, 3), [3, 1, 2]), {"axis": 0}, False),
        ("utils.check_array", ("y20x1",), {"dtype": "numeric"}, False)):
    for dt in (FLOATS if any(isinstance(a, tuple) for a in args) else ("int64",))[
            :1 if name.startswith("metrics.label_ranking") else 2]:
        def _arg(a: Any, i: int, dt: str = dt) -> Any:
            if isinstance(a, tuple):
                return data(a, dt, i, "pos")
            return {"y3": lambda: _labels(30, 3, 5), "y3b": lambda: _labels(30, 3, 6),
                    "ml": _ML_TRUE, "y20": lambda: _labels(20, 3, 5),
                    "y20x1": lambda: _labels(20, 3, 5)[:, None]}[a]() \
                if isinstance(a, str) else a
        add("sklearn", f"{name}[{dt}]", lambda name=name, args=args, kw=kw, _arg=_arg: sk_metric(
            f"sklearn.{name}", tuple(_arg(a, i) for i, a in enumerate(args)), **kw), f32=f32)


def sk_meta(kind: str, dt: str) -> None:
    X = data((30, 4), dt, seed=1)
    y = _labels(30, 3, 2)
    X[y == 1] += 1.0

    def run(X, y):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GridSearchCV
        from sklearn.naive_bayes import GaussianNB
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        est = {"Pipeline(StandardScaler, LogisticRegression)":
               lambda: make_pipeline(StandardScaler(), LogisticRegression()),
               "GridSearchCV(GaussianNB)":
               lambda: GridSearchCV(GaussianNB(), {"var_smoothing": [1e-9, 1e-2]}, cv=3),
               "CalibratedClassifierCV-temperature":
               lambda: CalibratedClassifierCV(LogisticRegression(), method="temperature",
                                              cv=3)}[kind]().fit(X, y)
        return est.predict_proba(X), est.predict(X)
    compare(run, X, y)


for kind, dt in (("Pipeline(StandardScaler, LogisticRegression)", "float32"),
                 ("GridSearchCV(GaussianNB)", "float64"),
                 ("CalibratedClassifierCV-temperature", "float64")):
    # CalibratedClassifierCV.predict_proba sums into xp.zeros(shape): default float dtype
    add("sklearn", f"{kind}[{dt}]", sk_meta, kind, dt, f32=kind.startswith("Calibrated"))
