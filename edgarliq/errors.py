"""Errors raised on bad input. Every message names the file, the place and the cause."""

from __future__ import annotations


class EdgarliqError(Exception):
    """Base class of edgarliq's own errors."""


class FilingError(EdgarliqError, ValueError):
    """A source that cannot be read as a filing (empty, binary, truncated, not a filing...)."""

    def __init__(self, source: str, where: str, cause: str) -> None:
        self.source = source
        self.where = where
        self.cause = cause
        super().__init__(f"{source}: {where}: {cause}" if where else f"{source}: {cause}")
