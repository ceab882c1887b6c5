from threadpoolctl import threadpool_info

from user_segmentation.segmentation import one_compute_thread


def _threads_by_api() -> dict[str, set[int]]:
    threads: dict[str, set[int]] = {}
    for pool in threadpool_info():
        threads.setdefault(pool["user_api"], set()).add(pool["num_threads"])
    return threads


def test_scikit_learn_and_blas_run_on_one_thread_inside_the_block_and_as_before_after():
    import sklearn.cluster  # noqa: F401  (loads the OpenMP runtime k-means uses)

    before = _threads_by_api()
    assert "openmp" in before and "blas" in before

    with one_compute_thread():
        assert _threads_by_api() == {api: {1} for api in before}

    assert _threads_by_api() == before
