"""The data the code reads ships inside the packages, so a built wheel works without the checkout
(`.ci/wheel_check.sh` installs one and runs it)."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

from ptcore import demo, demo_zh

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared(package: str) -> set[Path]:
    """The files setuptools puts in the wheel as package data of ``package``."""
    folder = ROOT / package.replace(".", "/")
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"].get(package, [])
    return {path for pattern in patterns for path in folder.glob(pattern)}


def test_no_data_outside_the_packages() -> None:
    left = [path for path in (ROOT / "resources").rglob("*") if path.suffix not in {"", ".pyc"}]
    assert left == []


def test_demo_data_is_declared_package_data() -> None:
    read = {name for name, _, _ in demo.DEMOS.values()} | {demo_zh.DATA_FILE.name}
    shipped = {path.name for path in declared("ptcore.demo_data")}
    assert read <= shipped
    for name in read:
        assert (files("ptcore.demo_data") / name).read_text(encoding="utf-8").strip()


def test_every_icon_is_declared_package_data() -> None:
    resources = ROOT / "app" / "resources"
    present = {path for path in resources.rglob("*") if path.is_file()}
    assert len(present) > 10
    assert present == declared("app")


def test_the_build_backend_reads_the_spdx_license() -> None:
    # setuptools 70 refuses `license = "Apache-2.0"`; 77 is the first that reads it.
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]
