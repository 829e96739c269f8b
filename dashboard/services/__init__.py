"""Domain services, one package per domain, called one way down their floors (docs/architecture.md): tables,
access, streams, evidence, desk and compliance, scanning, appeals, wind_down and retention, data.

Each package's __init__ names its public functions; they are imported from their module on first use.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable


def public_names(package: str, modules: dict[str, tuple[str, ...]]) -> tuple[list[str], Callable[[str], object]]:
    """__all__ and a module __getattr__ (PEP 562) that imports each public name from its module when asked for."""
    if bad := [module for module, names in modules.items() if not isinstance(names, tuple)]:
        raise TypeError(f"{package}: the names of {bad} must be a tuple (a lone string lists its letters)")
    home = {name: module for module, names in modules.items() for name in names}

    def lookup(name: str) -> object:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home[name]}"), name)

    return sorted(home), lookup
