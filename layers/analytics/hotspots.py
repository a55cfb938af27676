"""Getis-Ord Gi* local hotspot statistics with Benjamini-Hochberg FDR: pure maths, no I/O.

Conventions follow PySAL esda ``G_Local(star=True)`` so the numbers can be checked against it:
- the weights are given without self-weight (zero diagonal); Gi* adds the focal cell with weight 1
  (esda's ``fill_diagonal(w, 1)`` for binary input); a diagonal already present is kept as is;
- transform "B" (binary, the default and the classic Ord & Getis 1995 Gi* that ArcGIS reports)
  or "R" (rows standardised after the self-weight is added);
- moments under the normality assumption with N = n and the population variance of the counts.
esda reports a one-sided p (``p_norm``); we report the two-sided p = 2·sf(|z|), because a cell is
tested for being hot *or* cold.

Multiple testing: with thousands of cells, 5 % of them would be "significant" by chance alone;
classes use Benjamini-Hochberg adjusted p-values (q-values) by default, as ArcGIS's "Apply False
Discovery Rate correction" does.
"""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy
from scipy import sparse
from scipy.special import ndtr

HOT, COLD, NONE = "hot", "cold", "none"
# (confidence, alpha), strictest first: a cell gets the strictest level it passes.
LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))
# Names of the classes for reports and the API, in the reader's language (evaluated when shown).
CLASS_LABELS = {
    "hot_99": gettext_lazy("热点（99%置信）"),
    "hot_95": gettext_lazy("热点（95%置信）"),
    "hot_90": gettext_lazy("热点（90%置信）"),
    "cold_90": gettext_lazy("冷点（90%置信）"),
    "cold_95": gettext_lazy("冷点（95%置信）"),
    "cold_99": gettext_lazy("冷点（99%置信）"),
    NONE: gettext_lazy("不显著"),
}


@dataclass(frozen=True)
class GiStar:
    """Per-cell results, aligned with the input counts."""

    z: np.ndarray
    p: np.ndarray
    p_fdr: np.ndarray
    classes: np.ndarray
    n_neighbours: np.ndarray


def _with_self_weight(w: sparse.spmatrix) -> sparse.csr_matrix:
    w = sparse.csr_matrix(w, dtype=float)
    diagonal = w.diagonal()
    if not diagonal.any():
        # Gi* includes the focal cell: self-weight 1, as esda does for binary weights.
        w = w + sparse.identity(w.shape[0], dtype=float, format="csr")
    return w


def neighbour_counts(w: sparse.spmatrix) -> np.ndarray:
    """Number of neighbours of each cell, the cell itself not counted."""
    w = sparse.csr_matrix(w)
    counts = np.diff(w.indptr)
    return counts - (w.diagonal() != 0)


def gi_star_z(y, w: sparse.spmatrix, transform: str = "B") -> np.ndarray:
    """Gi* z-scores of counts y under weights w (n x n, zero diagonal = no self-weight yet).

    Equal to esda ``G_Local(y, w, transform, star=True).Zs``. Where the counts carry no
    information (all equal, or all zero) every z is 0: nothing stands out; so is the z of a cell
    that neighbours every other cell (esda gives NaN there).
    """
    y = np.asarray(y, dtype=float).ravel()
    n = y.size
    if w.shape != (n, n):
        raise ValueError(f"weights are {w.shape[0]}x{w.shape[1]} but there are {n} counts")
    transform = transform.upper()
    if transform not in ("B", "R"):
        raise ValueError(f"transform must be 'B' (binary) or 'R' (row-standardised), not {transform!r}")
    ws = _with_self_weight(w)
    if transform == "R":
        ws = sparse.diags(1.0 / np.asarray(ws.sum(axis=1)).ravel()) @ ws
    total = y.sum()
    mean = total / n
    variance = (y**2).sum() / n - mean**2
    if n < 2 or total == 0 or variance <= 0:
        return np.zeros(n)
    statistic = (ws @ y) / total
    cardinality = np.asarray(ws.sum(axis=1)).ravel()
    expected = cardinality / n
    expected_variance = cardinality * (n - cardinality) / (n - 1) / n**2 * (variance / mean**2)
    # A cell whose neighbourhood is the whole map (c == n) has nothing to be compared with: z = 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (statistic - expected) / np.sqrt(expected_variance)
    return np.where(expected_variance > 0, z, 0.0)


def two_sided_p(z) -> np.ndarray:
    """Two-sided p-value under the standard normal."""
    # ndtr(-x) is exactly scipy.stats.norm.sf(x), without importing scipy.stats: that import costs
    # ~1 s in every fresh process (python -X importtime), e.g. the weekly_report command.
    return 2.0 * ndtr(-np.abs(np.asarray(z, dtype=float)))


def benjamini_hochberg(p) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values): reject where q <= alpha controls the FDR."""
    p = np.asarray(p, dtype=float).ravel()
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    # Step-up: each q is the smallest ranked value at or above its rank.
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(ranked, 1.0)
    return q


def classify(z, p) -> np.ndarray:
    """'hot_99' … 'cold_90' or 'none' from z (the sign) and a p-value (raw or FDR-adjusted)."""
    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    # Index into NAMES: 0 none, 1..3 hot 99/95/90, 4..6 cold 99/95/90 (strictest level first).
    level = np.select([p <= alpha for _, alpha in LEVELS], [1, 2, 3], default=0)
    index = np.where(level == 0, 0, np.where(z > 0, level, np.where(z < 0, level + 3, 0)))
    return _NAMES[index]


_NAMES = np.array([NONE, *(f"{HOT}_{c}" for c, _ in LEVELS), *(f"{COLD}_{c}" for c, _ in LEVELS)], dtype=object)


def gi_star(y, w: sparse.spmatrix, transform: str = "B", fdr: bool = True) -> GiStar:
    """Gi* z, two-sided p, BH-adjusted p, classes (from the adjusted p unless fdr=False), neighbours."""
    z = gi_star_z(y, w, transform)
    p = two_sided_p(z)
    q = benjamini_hochberg(p)
    return GiStar(z=z, p=p, p_fdr=q, classes=classify(z, q if fdr else p), n_neighbours=neighbour_counts(w))
