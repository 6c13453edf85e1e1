"""Where the specs and fixtures live, in a source checkout and in an installed wheel alike.

The wheel carries `spec/` and `fixtures/` inside the package (as `hamta/_data/...`, see pyproject.toml), so an
installed hamta finds them without the repository; a checkout or an editable install reads the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["API_NAMES", "data_root", "fixtures_dir", "spec_dir", "spec_path"]

API_NAMES: tuple[str, ...] = ("contacts", "conversations", "callbell")

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding `spec/` and `fixtures/`."""
    bundled = _PACKAGE / "_data"
    if (bundled / "spec").is_dir():
        return bundled
    checkout = _PACKAGE.parent
    if (checkout / "spec").is_dir():
        return checkout
    raise FileNotFoundError(f"hamta's spec/ folder is neither in {bundled} nor in {checkout}")


def spec_dir() -> Path:
    return data_root() / "spec"


def fixtures_dir() -> Path:
    return data_root() / "fixtures"


def spec_path(api: str) -> Path:
    if api not in API_NAMES:
        raise ValueError(f"unknown API {api!r}; expected one of {', '.join(API_NAMES)}")
    return spec_dir() / f"{api}.yaml"
