"""Errors raised by the detectors; the services turn them into console errors."""
from __future__ import annotations


class DetectorError(Exception):
    """Base of detector failures."""


class SourceError(DetectorError):
    """A frame source could not be opened or read; says which source and what failed."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ModelUnavailable(DetectorError):
    """A model's weights could not be loaded."""
