"""``generator.regen``: a spec change that is not regenerated shows up as a diff.

Each ``check()`` runs openapi-python-client once (about 1.5-2 s).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import regen
from tests.contract._support import SPEC_PATH

Document = dict[str, Any]


def _copy_with(tmp_path: Path, change: Callable[[Document], None]) -> Path:
    """A copy of the spec with ``change`` applied to the parsed document.

    The copy is written from the parsed document (no anchors, other quoting), so the tests
    also show that only the *content* of the spec matters to the generator.
    """
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    change(document)
    copy = tmp_path / "liangxin.yaml"
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return copy


def _schemas(document: Document) -> Document:
    schemas = document["components"]["schemas"]
    assert isinstance(schemas, dict)
    return schemas


def _rename_safety_checker(document: Document) -> None:
    # Rebuild the dict so the key keeps its place (and so the YAML alias shared with the other
    # Seedream inputs is not touched: only SeedreamV45Input changes).
    schema = _schemas(document)["SeedreamV45Input"]
    assert "enable_safety_checker" in schema["properties"]
    schema["properties"] = {
        ("enable_nsfw_checker" if name == "enable_safety_checker" else name): prop
        for name, prop in schema["properties"].items()
    }


def _redescribe_steps(document: Document) -> None:
    prop = _schemas(document)["ZImageInput"]["properties"]["num_inference_steps"]
    prop["description"] = "Drift canary: denoising steps."


def _changed_files(diff: str) -> set[str]:
    names = re.findall(r"^(?:---|\+\+\+) (?:committed|generated)/(\S+)", diff, re.MULTILINE)
    return set(names)


def test_committed_client_matches_the_spec() -> None:
    diff = regen.check()
    assert diff == "", f"generated_client/ is stale; run `make generate`:\n{diff[:4000]}"


@pytest.mark.parametrize(
    ("change", "files", "added", "removed"),
    [
        pytest.param(
            _rename_safety_checker,
            {"models/seedream_v45_input.py"},
            'field_dict["enable_nsfw_checker"]',
            'field_dict["enable_safety_checker"]',
            id="rename-field",
        ),
        pytest.param(
            _redescribe_steps,
            {"models/z_image_input.py"},
            "Drift canary: denoising steps.",
            "Upstream step count",
            id="change-description",
        ),
    ],
)
def test_spec_change_shows_as_a_diff(
    tmp_path: Path, change: Callable[[Document], None], files: set[str], added: str, removed: str
) -> None:
    diff = regen.check(spec=_copy_with(tmp_path, change))

    assert diff, "a changed spec generated the committed client unchanged"
    assert _changed_files(diff) == files
    added_lines = [line for line in diff.splitlines() if line.startswith("+")]
    removed_lines = [line for line in diff.splitlines() if line.startswith("-")]
    assert any(added in line for line in added_lines), diff
    assert any(removed in line for line in removed_lines), diff


# ------------------------------------------------------------------------- diff_trees


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_diff_trees_reports_added_removed_and_changed(tmp_path: Path) -> None:
    committed = _tree(
        tmp_path / "committed",
        {
            "same.py": "x = 1\n",
            "changed.py": "a = 1\nb = 2\n",
            "removed.py": "gone = True\n",
            "__pycache__/same.cpython-311.pyc": "ignored",
        },
    )
    fresh = _tree(
        tmp_path / "fresh",
        {
            "same.py": "x = 1\n",
            "changed.py": "a = 1\nb = 3\n",
            "models/added.py": "new = True\n",
            ".ruff_cache/cache": "ignored too",
        },
    )

    diff = regen.diff_trees(fresh, committed)

    assert "--- committed/changed.py\n+++ generated/changed.py\n" in diff
    assert "-b = 2\n+b = 3\n" in diff
    assert "--- /dev/null\n+++ generated/models/added.py\n" in diff
    assert "+new = True\n" in diff
    assert "--- committed/removed.py\n+++ /dev/null\n" in diff
    assert "-gone = True\n" in diff
    assert "same.py" not in diff
    assert "__pycache__" not in diff
    assert ".ruff_cache" not in diff


def test_diff_trees_of_equal_trees_is_empty(tmp_path: Path) -> None:
    files = {"a.py": "a = 1\n", "pkg/b.py": "b = 2\n"}
    left = _tree(tmp_path / "left", files)
    right = _tree(tmp_path / "right", {**files, "pkg/__pycache__/b.pyc": "cache"})
    assert regen.diff_trees(left, right) == ""
