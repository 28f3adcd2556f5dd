"""The package's public surface: ``__all__`` everywhere, and the request union up to date."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from types import ModuleType

import liangxin_client.models
import pytest

import liangxin
from liangxin.types import TaskRequest

# The facade's own modules; subpackages (``liangxin.contract``) are separate tools.
MODULES = [
    importlib.import_module(f"liangxin.{info.name}")
    for info in pkgutil.iter_modules(liangxin.__path__)
    if not info.ispkg
]
PUBLIC_MODULES = [m for m in MODULES if not m.__name__.rpartition(".")[2].startswith("_")]


@pytest.mark.parametrize("module", [liangxin, *MODULES], ids=lambda module: module.__name__)
def test_every_module_has_a_valid_all(module: ModuleType) -> None:
    names = module.__all__
    assert len(names) == len(set(names)), f"{module.__name__}.__all__ has duplicates"
    missing = [name for name in names if not hasattr(module, name)]
    assert not missing, f"{module.__name__}.__all__ names what it lacks: {missing!r}"


def test_package_names_are_the_modules_objects() -> None:
    for name in liangxin.__all__:
        owner = next(m for m in PUBLIC_MODULES if name in m.__all__)
        assert getattr(liangxin, name) is getattr(owner, name)


def test_every_public_class_is_exported() -> None:
    classes = {
        name
        for module in PUBLIC_MODULES
        for name, value in vars(module).items()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and not name.startswith("_")
        and name != "Waiter"  # the clients' shared loop state, internal
    }
    assert classes - set(liangxin.__all__) == set()


def test_task_request_is_every_generated_request_model() -> None:
    generated = {
        value
        for name, value in vars(liangxin_client.models).items()
        if name.endswith("Request") and isinstance(value, type)
    }
    assert len(generated) == 12
    assert set(typing.get_args(TaskRequest)) == generated
