"""hamta: a faithful twin of the APIs a team depends on, and the tests that prove the real thing still matches.

This package holds what the mock (`mockserver`) and the contract tests (`contract_tests`) share: where the specs
and fixtures are, and the typed view of a spec. `contract_tests` must never import `mockserver`; both import this.
"""

from hamta.openapi import ApiSpec, Operation, SpecError, load_all, load_spec
from hamta.resources import API_NAMES, fixtures_dir, load_yaml, spec_dir, spec_path

__all__ = [
    "API_NAMES",
    "ApiSpec",
    "Operation",
    "SpecError",
    "fixtures_dir",
    "load_all",
    "load_spec",
    "load_yaml",
    "spec_dir",
    "spec_path",
]
