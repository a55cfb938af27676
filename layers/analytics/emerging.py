"""Emerging hotspots: Gi* per week plus a Mann-Kendall trend of weekly counts, per cell. Pure maths.

Classes (a simplification of ArcGIS's Emerging Hot Spot Analysis, on counts rather than on z):
- new: a hot spot in the last week and in no week before;
- intensifying: hot in at least 90 % of the weeks, the last included, counts trending up;
- diminishing: hot in at least 90 % of the weeks, the last included, counts trending down;
- persistent: hot in at least 90 % of the weeks with no significant trend;
- sporadic: hot in some weeks, fewer than 90 %;
- none: never a hot spot.
"Hot" is a Gi* hot class at 95 % after FDR within the week; the trend is significant at 5 %.
"""

import numpy as np
from scipy import sparse
from scipy.special import ndtr

from layers.analytics.hotspots import gi_star

EMERGING_LABELS = {
    "new": "新增热点 / new",
    "intensifying": "加剧热点 / intensifying",
    "persistent": "持续热点 / persistent",
    "diminishing": "减弱热点 / diminishing",
    "sporadic": "零星热点 / sporadic",
    "none": "非热点 / none",
}
PERSISTENCE = 0.9
ALPHA = 0.05


def mann_kendall(series) -> tuple[np.ndarray, np.ndarray]:
    """Mann-Kendall trend test on each row of a (cells x periods) matrix: (z, two-sided p).

    Variance with the tie correction (counts tie a lot) and the usual continuity correction.
    Vectorised over cells: one pass per lag, so 100,000 cells x 52 weeks stays in numpy.
    """
    x = np.atleast_2d(np.asarray(series, dtype=float))
    cells, periods = x.shape
    s = np.zeros(cells)
    for lag in range(1, periods):
        s += np.sign(x[:, lag:] - x[:, :-lag]).sum(axis=1)
    variance = np.full(cells, periods * (periods - 1) * (2 * periods + 5), dtype=float)
    # Tie groups per row: make values unique across rows, then count equal values.
    ranks = np.unique(x, return_inverse=True)[1].reshape(x.shape)
    keyed = ranks + np.arange(cells)[:, None] * (ranks.max() + 1)
    values, t = np.unique(keyed, return_counts=True)
    row = values // (ranks.max() + 1)
    variance -= np.bincount(row, weights=t * (t - 1) * (2 * t + 5), minlength=cells)
    variance /= 18.0
    sd = np.sqrt(np.where(variance > 0, variance, np.nan))
    z = np.where(s > 0, (s - 1) / sd, np.where(s < 0, (s + 1) / sd, 0.0))
    z = np.nan_to_num(z)
    # ndtr(-x) = scipy.stats.norm.sf(x); see hotspots.two_sided_p for why not scipy.stats.
    return z, 2.0 * ndtr(-np.abs(z))


def emerging_classes(weekly_counts, w: sparse.spmatrix) -> np.ndarray:
    """Class of each cell from its weekly counts (cells x weeks, oldest first) and weights w."""
    counts = np.asarray(weekly_counts, dtype=float)
    if counts.ndim != 2 or counts.shape[1] < 2:
        raise ValueError(f"weekly counts must be cells x weeks with at least 2 weeks, got shape {counts.shape}")
    # Hot at 95 % or more after FDR within the week (hot_90 is too weak to build a history on).
    weekly = np.column_stack([gi_star(counts[:, k], w).classes.astype(str) for k in range(counts.shape[1])])
    hot = np.isin(weekly, ["hot_95", "hot_99"])
    z, p = mann_kendall(counts)
    share = hot.mean(axis=1)
    last = hot[:, -1]
    trending = p <= ALPHA
    classes = np.full(counts.shape[0], "none", dtype=object)
    classes[hot.any(axis=1)] = "sporadic"
    mostly = share >= PERSISTENCE
    classes[mostly] = "persistent"
    classes[mostly & last & trending & (z > 0)] = "intensifying"
    classes[mostly & last & trending & (z < 0)] = "diminishing"
    classes[last & ~hot[:, :-1].any(axis=1)] = "new"
    return classes
