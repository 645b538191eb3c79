"""``--dask`` bookkeeping without a cluster: workers counted as workers, not files in flight.

The summary line ``library run --dask`` prints is checked on a real LocalCluster, in
test_dask.py::test_dask_cluster_survives_a_killed_worker.
"""
from __future__ import annotations

from subs.library.dask_engine import capacity


def test_one_worker_with_one_thread_is_one_worker() -> None:
    assert capacity({"tcp://127.0.0.1:4001": {"nthreads": 1}}) == (1, 2)
    assert capacity({"tcp://a:1": {"nthreads": 2}, "tcp://b:1": {"nthreads": 1}}) == (2, 5)
