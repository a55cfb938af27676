"""A small on-disk cache for arrays that are costly to compute and keyed by their inputs' content.

The weekly report runs in fresh processes (the management command, a new server worker): a cache
in process memory is empty every time there. Arrays are stored as .npy without pickling (loading
one cannot execute code), written to a temporary name and renamed, so concurrent workers never
read half a file. The key must be derived from everything the array depends on (e.g. a
fingerprint of the geometries): a changed input gives a new key, so nothing is ever stale.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
from django.conf import settings

# Files kept per kind, least recently used dropped first (a hit touches its file). A district
# changes its boundaries a few times a year, but test runs and several databases on one machine
# each bring their own geometries: with 16, one test run evicted the district's 26,000 cells.
KEEP = 256


def cache_dir() -> Path:
    """settings.ANALYTICS_CACHE_DIR, else a directory of this user's in the system temp dir."""
    configured = getattr(settings, "ANALYTICS_CACHE_DIR", None)
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / f"geo_gov-analytics-{os.getuid()}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_uid != os.getuid():
        # The temp dir is shared: a directory of that name made by another user could hold
        # planted weights. Then nothing is cached.
        raise PermissionError(f"{path} belongs to another user")
    return path


def _path(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.npy"


def load(kind: str, key: str) -> np.ndarray | None:
    """The array stored under (kind, key), or None."""
    try:
        path = _path(kind, key)
        array = np.load(path, allow_pickle=False)
        os.utime(path)
    except (FileNotFoundError, ValueError, OSError):
        # Absent, unreadable (a disk full during a write) or in a directory not ours: recompute.
        return None
    return array


def store(kind: str, key: str, array: np.ndarray) -> None:
    """Store the array under (kind, key); keep the KEEP most recently used files of the kind."""
    temporary = None
    try:
        target = _path(kind, key)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", suffix=".npy", delete=False) as handle:
            temporary = Path(handle.name)
            np.save(handle, array, allow_pickle=False)
        os.replace(temporary, target)
        _prune(kind)
    except OSError:
        # A read-only or full disk only costs the next process the recomputation.
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _prune(kind: str) -> None:
    files = sorted(cache_dir().glob(f"{kind}-*.npy"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
