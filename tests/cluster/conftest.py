"""One local Ray for these tests (`ray.init(num_cpus=2)`), on the loopback interface.

Tests in this process reuse it through `--ray`; subprocess drivers join it by address, as a
user's driver joins a cluster started with `ray start --head`.
"""

from __future__ import annotations

import os

# Before Ray is imported: keep every Ray process on 127.0.0.1 (Ray's default is the machine's
# network address), as `parallax translate --ray` does for a Ray on this machine.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

import logging  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="package")
def ray_address() -> Iterator[str]:
    """One Ray (2 CPUs) for these tests, started on first use and stopped after them (the
    timing-sensitive kill tests elsewhere run without it); its GCS address."""
    import ray

    from workspace.translate.cluster import NAMESPACE

    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR,
        namespace=NAMESPACE,
    )  # fmt: skip
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


@pytest.fixture
def free_cpus(ray_address: str) -> None:
    """Wait (bounded) until actors of an earlier test, or of a killed driver, are gone."""
    import time

    import ray

    deadline = time.monotonic() + 60
    while ray.available_resources().get("CPU", 0) < 2:
        if time.monotonic() > deadline:
            raise AssertionError(f"Ray CPUs still taken: {ray.available_resources()}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def kk_en_package(tmp_path_factory: pytest.TempPathFactory):
    """A tiny kk→en package (with the session's en→ru it makes a kk→en→ru pivot)."""
    from workspace.translate.toymodel import build_package

    return build_package(tmp_path_factory.mktemp("kk-en"), from_code="kk", to_code="en")
