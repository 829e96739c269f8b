"""Person-detector plugins, as Frigate's detector plugins are: a module of this package that declares `PLUGIN`
(its name, how it is built from the settings, where `auto` tries it) is a backend; nothing else lists them.

Adding a backend is one file here; CONSOLE_PERSON_DETECTOR accepts its name, and `auto` tries it in its rank.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detectors.errors import ModelUnavailable
from detectors.persons.base import PersonDetector

SETTING = "CONSOLE_PERSON_DETECTOR"
AUTO = "auto"


@dataclass(frozen=True)
class DetectorSettings:
    """Everything a backend is built from; frozen, so a built detector is never reconfigured in place."""

    backend: str = AUTO
    yolo_weights: str = "yolo11n.pt"
    yolo_imgsz: int = 640
    cache_dir: Path = Path("var") / "models"

    def __post_init__(self) -> None:
        if self.backend not in backend_names():
            raise ModelUnavailable(f"{SETTING}={self.backend!r} is not a person detector; "
                                   f"choose one of {', '.join(backend_names())}")


@dataclass(frozen=True)
class Plugin:
    """A backend: its setting name, its builder (raises ModelUnavailable when it cannot load) and its `auto` rank."""

    name: str
    build: Callable[[DetectorSettings], PersonDetector]
    auto_rank: int


def discover(folder: Path, package: str) -> dict[str, Plugin]:
    """The plugins declared by the modules of a package folder, in their `auto` order."""
    found: dict[str, Plugin] = {}
    for module in pkgutil.iter_modules([str(folder)], f"{package}."):
        plugin = getattr(importlib.import_module(module.name), "PLUGIN", None)
        if isinstance(plugin, Plugin):
            if plugin.name in found or plugin.name == AUTO:
                raise ValueError(f"{module.name}: a second person detector named {plugin.name!r}")
            found[plugin.name] = plugin
    return dict(sorted(found.items(), key=lambda item: item[1].auto_rank))


@lru_cache(maxsize=1)
def plugins() -> dict[str, Plugin]:
    """This package's plugins (modules are imported once; heavy libraries load only when a backend is built)."""
    return discover(Path(__file__).parent, __package__)


def backend_names() -> tuple[str, ...]:
    """What CONSOLE_PERSON_DETECTOR accepts: `auto` and every plugin's name."""
    return (AUTO, *plugins())
