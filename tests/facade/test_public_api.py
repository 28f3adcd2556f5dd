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


def test_request_class_follows_the_spec_for_every_model() -> None:
    from liangxin import request_class, request_from_dict
    from mock_server.spec import load_spec

    spec = load_spec()
    for model_id, info in spec.models.items():
        assert request_class(model_id).__name__ == info.request_schema
        data: dict[str, object] = {"prompt": "a kite"}
        if "reference_images" in info.input.get("required", []):
            data["reference_images"] = ["https://example.com/ref.png"]
        body = {"model": model_id, "input": data}
        assert request_from_dict(body).to_dict() == body


def test_request_class_names_the_unknown_model() -> None:
    from liangxin import request_class

    with pytest.raises(
        ValueError, match=r"model 'dall-e' is not one of the twelve: \['flux-2-pro'"
    ):
        request_class("dall-e")
