"""Every name a service package exports resolves to an object of the module it names."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import dashboard.services as services
from dashboard.services import public_names

PACKAGES = sorted(name for _, name, is_package in pkgutil.iter_modules(services.__path__, "dashboard.services.")
                  if is_package)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves(package):
    module = importlib.import_module(package)
    exported = getattr(module, "__all__", [])
    assert exported and all(len(name) > 1 for name in exported), exported  # no string spelled out as letters
    missing = [name for name in exported if getattr(module, name, None) is None]
    assert not missing, missing


def test_a_lone_string_instead_of_a_tuple_is_refused():
    with pytest.raises(TypeError, match="must be a tuple"):
        public_names("dashboard.services.example", {"exports": ("export")})
