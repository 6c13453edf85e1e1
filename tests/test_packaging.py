"""An installed hamta finds its specs and fixtures: they travel inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hamta import API_NAMES, fixtures_dir, spec_path

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_resources_are_found() -> None:
    for api in API_NAMES:
        assert spec_path(api).is_file()
    assert (fixtures_dir() / "seed_examples" / "index.yaml").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("hamta-*.whl")
    return built


def test_wheel_ships_packages_specs_and_fixtures(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for api in API_NAMES:
        assert f"hamta/_data/spec/{api}.yaml" in names
    assert "hamta/_data/spec/extensions.schema.json" in names
    assert "hamta/_data/fixtures/seed_examples/index.yaml" in names
    for package in ("hamta", "mockserver", "contract_tests"):
        assert f"{package}/__init__.py" in names


def test_installed_wheel_loads_every_spec(wheel: Path, tmp_path: Path) -> None:
    """Unpacked away from the checkout, hamta reads its bundled copies, not the repository's."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import hamta, sys;"
        "from hamta import load_all, spec_dir;"
        f"assert str(spec_dir()).startswith({str(target)!r}), spec_dir();"
        "print(sorted(load_all()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(sorted(API_NAMES))
