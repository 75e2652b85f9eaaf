"""Open a URI source through the artifact store's filesystem, with one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from core.errors import DataError

Opener = Callable[[str, str], IO[bytes]]
_NO_FILESYSTEM = "No file systems were found for the scheme"


def no_filesystem_message(source: str) -> str:
    """The active stack has no filesystem for the URI's scheme (e.g. s3:// on the local stack)."""
    scheme = source.split("://", 1)[0].lower()
    kind = "S3" if scheme in ("s3", "s3a") else scheme.upper()
    return (
        f"{source}: the active stack stores artifacts on local disk and cannot read {scheme}://; "
        f"switch to a stack with an {kind} artifact store (zenml stack set local-services) "
        "or copy the file locally"
    )


@contextmanager
def open_uri(source: str, opener: Opener | None) -> Iterator[IO[bytes]]:
    """`opener(source, "rb")`; a missing object or filesystem becomes a `DataError`."""
    if opener is None:
        raise DataError(f"{source}: a URI source needs the artifact store's filesystem")
    try:
        with opener(source, "rb") as handle:
            yield handle
    except FileNotFoundError:
        raise DataError(f"{source}: no such object; check data.source") from None
    except ValueError as exc:
        if _NO_FILESYSTEM not in str(exc):
            raise
        raise DataError(no_filesystem_message(source)) from None
