"""The package-index cache gives ZenML the same answers as the uncached scan."""

from __future__ import annotations

import importlib.metadata

import pytest

from core.package_index import cache_package_index, uncache_package_index


def test_cached_index_answers_like_the_scan_and_can_be_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zenml.utils import source_utils

    uncache_package_index()
    scanned = importlib.metadata.packages_distributions()
    try:
        assert cache_package_index() is True
        cached = importlib.metadata.packages_distributions()
        assert cached == scanned
        assert importlib.metadata.packages_distributions() is cached  # one scan per process
        assert source_utils._get_package_for_module("pandas.core.frame") == "pandas"
        assert source_utils._get_package_for_module("sklearn.pipeline") == "scikit-learn"

        uncache_package_index()
        monkeypatch.setenv("LOOPSTACK_PACKAGE_INDEX_CACHE", "0")
        assert cache_package_index() is False
        assert importlib.metadata.packages_distributions() is not scanned  # a fresh scan
    finally:
        monkeypatch.delenv("LOOPSTACK_PACKAGE_INDEX_CACHE", raising=False)
        cache_package_index()
