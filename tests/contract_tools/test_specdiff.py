"""The change report on edited copies of the real spec, from files and from git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from liangxin.contract.specdiff import SHARED, diff_documents, main
from tests.contract_tools._support import SPEC_PATH, lines, real_document, write_spec

SEEDREAM = ["seedream-v4-5", "seedream-v4-5-edit", "seedream-v5-lite", "seedream-v5-lite-edit"]

Edit = Callable[[dict[str, Any]], None]


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"]
    return found


def edited(change: Edit) -> dict[str, Any]:
    document = real_document()
    change(document)
    return document


def test_the_real_spec_against_itself() -> None:
    assert diff_documents(real_document(), real_document()) == []


def test_enum_value_removed_breaks_every_seedream_model() -> None:
    changes = diff_documents(
        real_document(),
        edited(lambda d: schemas(d)["SeedreamAspectRatio"]["enum"].remove("cinematic_21_9")),
    )
    assert [(c.group, c.path) for c in changes] == [(m, "input.aspect_ratio") for m in SEEDREAM]
    assert {c.message for c in changes} == {"enum value 'cinematic_21_9' removed"}
    assert all(c.breaking for c in changes)


def test_optional_input_field_added_is_not_breaking() -> None:
    def add(document: dict[str, Any]) -> None:
        schemas(document)["ZImageInput"]["properties"]["negative_prompt"] = {"type": "string"}

    assert lines(diff_documents(real_document(), edited(add))) == [
        "ok z-image input.negative_prompt: optional field added"
    ]


def test_field_made_required_is_breaking() -> None:
    changes = diff_documents(
        real_document(), edited(lambda d: schemas(d)["ZImageInput"]["required"].append("seed"))
    )
    assert lines(changes) == ["BREAKING z-image input.seed: field became required"]


def test_model_removed_from_the_one_of_is_breaking() -> None:
    def remove(document: dict[str, Any]) -> None:
        union = schemas(document)["CreateTaskRequest"]
        union["oneOf"].remove({"$ref": "#/components/schemas/KlingV3ProRequest"})
        del union["discriminator"]["mapping"]["kling-v3-pro"]

    assert lines(diff_documents(real_document(), edited(remove))) == [
        "BREAKING kling-v3-pro model 'kling-v3-pro' removed"
    ]


def test_record_type_change_is_breaking() -> None:
    def retype(document: dict[str, Any]) -> None:
        schemas(document)["TaskRecord"]["properties"]["costTime"]["type"] = ["string", "null"]

    changes = diff_documents(real_document(), edited(retype))
    assert lines(changes) == [
        "BREAKING shared TaskRecord.costTime: type 'integer | null' → 'string | null'"
    ]
    assert changes[0].group == SHARED


def test_added_task_state_is_breaking_for_the_parsing_client() -> None:
    changes = diff_documents(
        real_document(), edited(lambda d: schemas(d)["TaskState"]["enum"].append("cancelled"))
    )
    assert lines(changes) == ["BREAKING shared TaskState: enum value 'cancelled' added"]


# ---------------------------------------------------------------------- the command line


@pytest.fixture
def spec_pair(tmp_path: Path) -> tuple[Path, Path]:
    old = write_spec(tmp_path / "old.yaml", real_document())
    new = write_spec(
        tmp_path / "new.yaml",
        edited(lambda d: schemas(d)["ZImageSize"]["enum"].remove("square")),
    )
    return old, new


def test_cli_text_and_exit_code(spec_pair: tuple[Path, Path], capsys: Any) -> None:
    old, new = spec_pair
    assert main(["--base", str(old), "--head", str(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "BREAKING  z-image  input.image_size: enum value 'square' removed"
    assert out[-1] == f"1 change(s), 1 breaking: {old} → {new}"


def test_cli_json(spec_pair: tuple[Path, Path], capsys: Any) -> None:
    old, new = spec_pair
    assert main(["--base", str(new), "--head", str(old), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["breaking"] == 0
    assert report["changes"] == [
        {
            "group": "z-image",
            "path": "input.image_size",
            "kind": "enum-value-added",
            "severity": "non-breaking",
            "message": "enum value 'square' added",
            "breaking": False,
        }
    ]


def test_cli_unreadable_version(tmp_path: Path, capsys: Any) -> None:
    assert main(["--base", str(tmp_path / "nope"), "--spec", str(SPEC_PATH)]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_revisions(tmp_path: Path, capsys: Any) -> None:
    spec = write_spec(tmp_path / "openapi" / "liangxin.yaml", real_document())

    def git(*args: str) -> None:
        identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
        subprocess.run(["git", *identity, *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "spec")
    assert main(["--spec", str(spec)]) == 0
    assert capsys.readouterr().out.startswith("no changes between HEAD:")

    write_spec(spec, edited(lambda d: schemas(d)["ZImageInput"]["required"].append("seed")))
    assert main(["--spec", str(spec), "--base", "HEAD"]) == 1
    assert "BREAKING  z-image  input.seed: field became required" in capsys.readouterr().out

    git("commit", "-q", "-am", "seed required")
    assert main(["--spec", str(spec), "--base", "HEAD~1", "--head", "HEAD"]) == 1
    assert main(["--spec", str(spec), "--base", "HEAD", "--head", "HEAD~1"]) == 0
    capsys.readouterr()
    assert main(["--spec", str(spec), "--base", "no-such-rev"]) == 2
    assert "git revision 'no-such-rev'" in capsys.readouterr().err
