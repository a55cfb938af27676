"""Gi* maths against PySAL esda, planted clusters, the FDR under the null, neighbours. No database."""

import warnings

import numpy as np
import pytest
from esda.getisord import G_Local
from libpysal.weights import WSP, W, lat2SW, lat2W
from scipy import sparse

from layers.analytics.hotspots import benjamini_hochberg, classify, gi_star, gi_star_z, neighbour_counts, two_sided_p


def esda_z(y, w_sparse, transform):
    weights = WSP(sparse.csr_matrix(w_sparse)).to_W(silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(y, weights, transform=transform, star=True, permutations=0).Zs


@pytest.mark.parametrize("transform", ["B", "R"])
@pytest.mark.parametrize("rook", [True, False])
def test_z_equals_esda_on_a_lattice(transform, rook):
    rng = np.random.default_rng(7)
    y = rng.poisson(3.0, size=30 * 20).astype(float)
    w = lat2SW(30, 20, criterion="rook" if rook else "queen")
    np.testing.assert_allclose(gi_star_z(y, w, transform), esda_z(y, w, transform), rtol=0, atol=1e-9)


def test_z_equals_esda_on_irregular_weights_with_an_island():
    rng = np.random.default_rng(11)
    n = 60
    pts = rng.uniform(0, 1000, size=(n, 2))
    d = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    adjacency = (d < 180) & (d > 0)
    adjacency[0, :] = adjacency[:, 0] = False  # cell 0: an island with no neighbour
    w = sparse.csr_matrix(adjacency.astype(float))
    y = rng.poisson(5.0, size=n).astype(float)
    neighbours = {i: list(np.flatnonzero(adjacency[i])) for i in range(n)}
    esda_w = W(neighbours, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = G_Local(y, esda_w, transform="B", star=True, permutations=0).Zs
    np.testing.assert_allclose(gi_star_z(y, w), expected, rtol=0, atol=1e-9)


def test_esda_docstring_example_binary_star():
    # esda's own doctest: DistanceBand(threshold=15) on six points, Gi* binary.
    points = np.array([(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)], dtype=float)
    d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    w = sparse.csr_matrix(((d <= 15) & (d > 0)).astype(float))
    z = gi_star_z([2, 3, 3.2, 5, 8, 7], w)
    np.testing.assert_allclose(
        z, [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331], atol=1e-8
    )


def test_planted_cluster_is_hot_and_empty_block_is_cold():
    rng = np.random.default_rng(3)
    rows, cols = 30, 30
    y = rng.poisson(10.0, size=(rows, cols)).astype(float)
    y[3:7, 3:7] = 40.0  # a cluster of complaints
    y[20:26, 20:26] = 0.0  # a block where nothing is reported
    result = gi_star(y.ravel(), lat2SW(rows, cols, criterion="queen"))
    classes = result.classes.reshape(rows, cols)
    assert classes[4, 4] == "hot_99" and classes[5, 5] == "hot_99"
    assert str(classes[22, 22]).startswith("cold") and str(classes[23, 23]).startswith("cold")
    assert result.z.reshape(rows, cols)[4, 4] > 3
    assert not any(str(c).startswith("hot") for c in classes[20:26, 20:26].ravel())


def test_under_the_null_fdr_flags_at_most_five_percent():
    rows, cols = 50, 50
    w = lat2SW(rows, cols, criterion="queen")
    for seed in range(5):
        y = np.random.default_rng(seed).poisson(4.0, size=rows * cols)
        result = gi_star(y, w)
        flagged_fdr = np.isin(result.classes.astype(str), ["hot_95", "hot_99", "cold_95", "cold_99"]).mean()
        assert flagged_fdr <= 0.05
        # Without the correction the raw p-values flag cells by chance: the FDR is doing work.
        raw = classify(result.z, result.p)
        assert np.isin(raw.astype(str), ["hot_95", "hot_99", "cold_95", "cold_99"]).mean() > flagged_fdr


def test_benjamini_hochberg_matches_hand_computation():
    p = np.array([0.01, 0.04, 0.03, 0.20])
    # sorted: .01 .03 .04 .20 -> *4/rank: .04 .06 .0533 .20 -> step-up min: .04 .0533 .0533 .20
    np.testing.assert_allclose(benjamini_hochberg(p), [0.04, 0.05333333333, 0.05333333333, 0.2])


def test_two_sided_p_and_classes():
    z = np.array([2.6, -2.0, 1.7, 0.5])
    p = two_sided_p(z)
    assert p[0] == pytest.approx(0.00932, abs=1e-4)
    assert list(classify(z, p)) == ["hot_99", "cold_95", "hot_90", "none"]


def test_constant_counts_give_zero_z_and_neighbours_exclude_self():
    w = lat2SW(3, 3, criterion="queen")
    assert list(gi_star_z(np.full(9, 4.0), w)) == [0.0] * 9
    assert list(neighbour_counts(w)) == [3, 5, 3, 5, 8, 5, 3, 5, 3]
    assert list(neighbour_counts(w + sparse.identity(9))) == [3, 5, 3, 5, 8, 5, 3, 5, 3]


def test_mismatched_weights_are_refused():
    with pytest.raises(ValueError, match="weights are 4x4 but there are 9 counts"):
        gi_star_z(np.ones(9), lat2SW(2, 2))
    with pytest.raises(ValueError, match="transform"):
        gi_star_z(np.arange(4.0), lat2SW(2, 2), transform="X")


def test_lat2w_queen_is_the_same_structure_as_lat2sw():
    # The benchmark builds esda's W with lat2W and ours from lat2SW: they must be the same graph.
    dense = lat2W(4, 5, rook=False).full()[0]
    np.testing.assert_array_equal(dense, lat2SW(4, 5, criterion="queen").toarray())


def test_a_cell_neighbouring_every_cell_gets_zero_not_nan():
    w = sparse.csr_matrix(np.array([[0, 1], [1, 0]], dtype=float))
    assert list(gi_star_z([5.0, 1.0], w)) == [0.0, 0.0]
