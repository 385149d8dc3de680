"""Reaching Ray: a cluster by address, within a bounded time, or a new Ray on this machine."""

from __future__ import annotations

import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

from workspace import ParallaxError

RAY_HINT = 'pip install "parallax-workspace[cluster]"'
NAMESPACE = "parallax"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
CONNECT_TIMEOUT = float(os.environ.get("PARALLAX_RAY_CONNECT_TIMEOUT", "20"))


def import_ray() -> Any:
    """Ray, or the one line that says how to get it."""
    try:
        import ray
    except ImportError:
        raise ParallaxError(f"--ray needs Ray, which is not installed: {RAY_HINT}") from None
    return ray


def connect(address: str | None, timeout: float = CONNECT_TIMEOUT) -> tuple[Any, bool]:
    """Ray connected to `address`, or to a new Ray on this machine when None; returns (ray,
    whether this call started it). An address that does not answer fails within `timeout`."""
    address = address or os.environ.get("RAY_ADDRESS") or None  # Ray's own variable
    if address is None:
        # A Ray started here stays on the loopback interface (its default is the machine's
        # network address): nothing outside this machine needs to reach it.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    elif _split_address(address)[0] in LOOPBACK and (Path.home() / ".ray" / "auth_token").is_file():
        # This user's token may go to this machine, as `ray.init("auto")` would send it.
        os.environ.setdefault("RAY_AUTH_MODE", "token")
    ray = import_ray()
    if ray.is_initialized():
        return ray, False  # a process that already has Ray (a notebook, the tests) keeps it
    quiet: dict[str, Any] = dict(
        namespace=NAMESPACE, log_to_driver=False, logging_level=logging.ERROR
    )
    if address is None:
        # In the main thread: Ray ties the processes it starts to the thread that started them.
        ray.init(include_dashboard=False, **quiet)
        return ray, True
    if address != "auto":
        _probe(address, timeout)
    outcome: dict[str, BaseException] = {}

    def init() -> None:
        try:
            ray.init(address=address, **quiet)
        except BaseException as exc:  # Ray raises SystemExit when its GCS never answers
            outcome["error"] = exc

    thread = threading.Thread(target=init, name="ray-connect", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or "error" in outcome:
        reason = (
            f"no answer within {timeout:.0f} s"
            if thread.is_alive()
            else str(outcome["error"]).strip().splitlines()[0]
            if str(outcome["error"]).strip()
            else type(outcome["error"]).__name__
        )
        raise ParallaxError(
            f"cannot connect to the Ray cluster at {address}: {reason} (is it a Ray head"
            " node? with token authentication, set RAY_AUTH_MODE=token and RAY_AUTH_TOKEN)"
        )
    return ray, False


def _split_address(address: str) -> tuple[str, int | None]:
    rest = address.split("://", 1)[1] if "://" in address else address
    rest = rest.split("/", 1)[0]
    if rest.startswith("["):  # [::1]:6379
        host, _, port = rest[1:].partition("]")
        port = port.lstrip(":")
    else:
        host, _, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
    return host, int(port) if port.isdigit() else None


def _probe(address: str, timeout: float) -> None:
    """A plain TCP connect first: a wrong host or port fails now, not after Ray's retries."""
    host, port = _split_address(address)
    if port is None:
        return
    try:
        socket.create_connection((host, port), timeout=min(timeout, 5.0)).close()
    except ConnectionRefusedError:
        raise ParallaxError(
            f"cannot connect to the Ray cluster at {address}: nothing listens on port {port}"
            " (`ray start --head` prints the address to use)"
        ) from None
    except socket.gaierror:
        raise ParallaxError(
            f"cannot connect to the Ray cluster at {address}: unknown host"
        ) from None
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
        raise ParallaxError(f"cannot connect to the Ray cluster at {address}: {reason}") from None
