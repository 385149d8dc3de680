"""Getting model packages to workers that may not share this machine's disk.

Two ways, chosen per run:

- **object store** (default): the driver zips each installed package it needs once; the bytes
  travel through Ray's object store, and each worker unpacks them once into its own temp dir,
  through the same validating installer as any `.argosmodel` (a worker trusts no archive).
- **shared path**: every worker reads the package from the path the driver sees, e.g. on NFS
  (`--shared-models`); a worker without it says which host and path are missing.
"""

from __future__ import annotations

import hashlib
import io
import os
import socket
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workspace import ParallaxError
from workspace.translate.packages import InstalledModel, install_package_file, read_metadata


@dataclass(frozen=True)
class ShippedPackage:
    """One model as a worker receives it: the bytes of a zip (or a Ray ObjectRef to them),
    or a path on a filesystem every worker mounts."""

    model_id: str
    name: str  # the package folder's name
    size: int = 0  # bytes of the zip
    sha256: str = ""
    archive: Any = None  # bytes, or an ObjectRef to bytes (resolved by the worker)
    shared_path: str = ""


def pack_package(model: InstalledModel) -> tuple[bytes, str]:
    """The package folder as a zip with one top-level folder (the `.argosmodel` layout) and
    its SHA-256. Stored, not deflated: model weights barely compress."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(model.path.rglob("*")):
            if path.is_file():
                archive.write(path, f"{model.path.name}/{path.relative_to(model.path).as_posix()}")
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def shared_package(model: InstalledModel) -> ShippedPackage:
    return ShippedPackage(model.model_id, model.path.name, shared_path=str(model.path))


def open_package(shipped: ShippedPackage, archive: bytes | None, scratch: Path) -> InstalledModel:
    """The model on this worker: unpacked from `archive` into `scratch`, or found at the
    shared path. Either way it must be the very model the driver planned with."""
    host = socket.gethostname()
    if shipped.shared_path:
        path = Path(shipped.shared_path)
        if not (path / "metadata.json").is_file() or not (path / "model" / "model.bin").is_file():
            raise ParallaxError(
                f"worker on {host} has no model package at {path} (--shared-models needs the"
                " same path on every node; or drop --shared-models to ship it through Ray)"
            )
        model = read_metadata(path)
    else:
        if archive is None:
            raise ParallaxError(f"worker on {host} received no bytes for {shipped.model_id}")
        if hashlib.sha256(archive).hexdigest() != shipped.sha256:
            raise ParallaxError(f"worker on {host}: {shipped.model_id} arrived damaged (checksum)")
        scratch.mkdir(parents=True, exist_ok=True)
        file = scratch / f"{shipped.name}.argosmodel"
        file.write_bytes(archive)
        try:
            model = install_package_file(file, scratch / "packages")
        finally:
            os.unlink(file)
    if model.model_id != shipped.model_id:
        raise ParallaxError(
            f"worker on {host}: expected model {shipped.model_id}, found {model.model_id}"
        )
    return model
