"""The one way the benchmarks time things: the median of several runs, in seconds."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def median_s(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``run`` (the first call is not discarded:
    warm-up, where it matters, is the caller's)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
