import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from user_segmentation.segmentation import one_compute_thread


@pytest.fixture(autouse=True)
def _two_threads():
    """Two threads per pool: the test session runs on one, where a limit of one would not show."""
    import sklearn.cluster  # noqa: F401  (loads the OpenMP runtime k-means uses)

    with threadpool_limits(limits=2):
        yield


def _threads_by_api() -> dict[str, set[int]]:
    threads: dict[str, set[int]] = {}
    for pool in threadpool_info():
        threads.setdefault(pool["user_api"], set()).add(pool["num_threads"])
    return threads


def test_scikit_learn_and_blas_run_on_one_thread_inside_the_block_and_as_before_after():
    before = _threads_by_api()
    assert before == {"openmp": {2}, "blas": {2}}

    with one_compute_thread():
        assert _threads_by_api() == {"openmp": {1}, "blas": {1}}

    assert _threads_by_api() == before
