"""Kernel density and emerging-hotspot maths (pure, no database)."""

import numpy as np
import pytest
from libpysal.weights import lat2SW

from layers.analytics.density import kernel_density, quartic_kernel
from layers.analytics.emerging import emerging_classes, mann_kendall


def test_kernel_integrates_to_one_and_density_peaks_at_the_points():
    k = quartic_kernel(200.0, 10.0)
    assert k.sum() * 10.0 * 10.0 == pytest.approx(1.0, rel=0.01)
    x = np.full(50, 505.0)
    y = np.full(50, 305.0)
    surface = kernel_density(x, y, (0, 0, 1000, 1000), bandwidth=200.0, cell=10.0)
    row, col = np.unravel_index(np.argmax(surface.density), surface.density.shape)
    assert (row, col) == (30, 50)
    # 50 cases spread over the kernel: total mass 50 (per km² x km² per cell).
    assert surface.density.sum() * (10.0 * 10.0) / 1e6 == pytest.approx(50.0, rel=0.01)
    assert surface.density[0, 0] == 0.0


def test_density_refuses_a_bad_bandwidth():
    with pytest.raises(ValueError, match="bandwidth"):
        kernel_density([1.0], [1.0], (0, 0, 10, 10), bandwidth=0)


def test_mann_kendall_matches_hand_values():
    # 1..5 strictly increasing: S = 10, var = 5*4*15/18 = 16.667, z = (10-1)/4.0825 = 2.2045
    z, p = mann_kendall([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [2, 2, 2, 2, 2]])
    assert z[0] == pytest.approx(9 / np.sqrt(50 / 3), abs=1e-12)
    assert z[1] == pytest.approx(-z[0])
    assert z[2] == 0.0 and p[2] == 1.0
    # Ties: [1, 1, 2]: S = 2, var = (3*2*11 - 1*2*0... t=2: 2*1*9=18)/18 = (66-18)/18
    z, _ = mann_kendall([[1, 1, 2]])
    assert z[0] == pytest.approx(1 / np.sqrt(48 / 18), abs=1e-12)


def test_emerging_classes_on_a_planted_history():
    rows, cols, weeks = 20, 20, 12
    rng = np.random.default_rng(5)
    counts = rng.poisson(3.0, size=(rows, cols, weeks)).astype(float)
    counts[2:5, 2:5, :] += (20 + 3 * np.arange(weeks))[None, None, :]  # hot and growing
    counts[10:13, 10:13, :] += 25.0  # hot all along, flat
    counts[15:18, 2:5, -1] += 40.0  # hot only this week
    classes = emerging_classes(counts.reshape(rows * cols, weeks), lat2SW(rows, cols, criterion="queen"))
    grid = classes.reshape(rows, cols)
    assert grid[3, 3] == "intensifying"
    assert grid[11, 11] == "persistent"
    assert grid[16, 3] == "new"
    assert grid[8, 15] in ("none", "sporadic")
