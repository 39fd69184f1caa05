"""Findings 6 and 8: model folders are written whole, checked whole, and tampered ones are
refused with a message before anything is allocated."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from ptcore.cli import main
from ptcore.engine.checkpoint import META_FILE, WEIGHTS_FILE, load_model, save_model
from ptcore.engine.decoding import ItemPrediction
from ptcore.engine.file_predictions import _jsonable
from ptcore.errors import UserError
from ptcore.store.model_folders import MANIFEST_FILE, write_folder
from ptcore.store.payload_json import payload_from_json
from tests.tiny import make_backbone_dir, make_prefix_model

TAGS = ["O", "B-PER", "I-PER"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("models")
    model, _ = make_prefix_model(make_backbone_dir(root / "bert", "bert"))
    save_model(model, root / "saved", TAGS)
    return root / "saved"


def _copy(saved: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    folder.mkdir()
    for file in saved.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    return folder


def _edit_meta(folder: Path, **changes: object) -> None:
    """Change ``ptmodel.json`` as a tamperer would, keeping the manifest consistent with it."""
    meta = json.loads((folder / META_FILE).read_text())
    meta.update(changes)
    _rewrite(folder, META_FILE, json.dumps(meta).encode())


def _rewrite(folder: Path, name: str, data: bytes) -> None:
    def write(target: Path) -> None:
        for file in folder.iterdir():
            if file.name != MANIFEST_FILE:
                (target / file.name).write_bytes(data if file.name == name else file.read_bytes())

    write_folder(folder, write)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"prefix": {"prefix_len": 1e9}}, "prefix_len must be a whole number"),
        ({"prefix": {"prefix_len": 10**9}}, "prefix length must be from 1 to"),
        ({"prefix": {"prefix_dropout": "x"}}, "prefix_dropout must be a number"),
        ({"labels": [1, 2, 3]}, "each label must be a name"),
        ({"labels": [[["O"]]], "settings": {}}, "each label must be a name"),
        ({"format_version": "2"}, "format_version must be a whole number"),
        ({"base_model": {"path": 3, "fingerprint": "x"}}, "expected text"),
    ],
)
def test_tampered_numbers_and_types_are_refused(
    saved: Path, tmp_path: Path, changes: dict[str, object], problem: str
) -> None:
    folder = _copy(saved, tmp_path)
    _edit_meta(folder, **changes)
    with pytest.raises(UserError, match=problem):
        load_model(folder)


def test_deeply_nested_meta_is_refused(saved: Path, tmp_path: Path) -> None:
    folder = _copy(saved, tmp_path)
    _rewrite(folder, META_FILE, b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(UserError, match="damaged"):
        load_model(folder)


def test_nan_weights_are_refused(saved: Path, tmp_path: Path) -> None:
    folder = _copy(saved, tmp_path)
    tensors = load_file(str(folder / WEIGHTS_FILE))
    tensors = {name: torch.full_like(t, math.nan) for name, t in tensors.items()}
    save_file(tensors, str(tmp_path / "nan.safetensors"))
    _rewrite(folder, WEIGHTS_FILE, (tmp_path / "nan.safetensors").read_bytes())
    with pytest.raises(UserError, match="not finite numbers"):
        load_model(folder)


def test_prediction_lines_are_valid_json_even_for_a_nan_score() -> None:
    item = ItemPrediction(payload_from_json({"entities": [[0, 4, "PER", math.nan]]}), math.inf)
    assert json.loads(json.dumps(_jsonable(item), allow_nan=False)) == {
        "entities": [[0, 4, "PER", None]],
        "confidence": None,
    }


def test_a_torn_folder_is_refused_by_predict_model(
    saved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(saved, tmp_path)
    weights = (folder / WEIGHTS_FILE).read_bytes()
    (folder / WEIGHTS_FILE).write_bytes(weights[: len(weights) // 2])
    source = tmp_path / "in.txt"
    source.write_text("john smith\n")
    assert main(["predict", "--model", str(folder), str(source)]) == 1
    assert "incomplete or altered" in capsys.readouterr().err
    (folder / MANIFEST_FILE).unlink()
    with pytest.raises(UserError, match="incomplete"):
        load_model(folder)


def test_a_save_that_dies_leaves_the_previous_folder_whole(saved: Path, tmp_path: Path) -> None:
    folder = _copy(saved, tmp_path)
    _rewrite(folder, "unused", b"")  # now carries a manifest of its copied files

    def dies(target: Path) -> None:
        (target / WEIGHTS_FILE).write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_folder(folder, dies)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]
    load_model(folder)
