"""Analytics for leaders: counts, statistical hotspots, 三率 rankings and the weekly report (周报).

Pure statistics (hotspots, density, emerging) take numpy arrays and scipy.sparse matrices and
never touch the database, so they are tested against PySAL; the I/O modules (aggregation,
weights, rates, reports) run one set-based query per breakdown.
"""
