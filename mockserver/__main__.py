"""`python -m mockserver`: not built yet (issue 3). Says so instead of pretending to serve."""

import sys

from hamta import load_all


def main() -> int:
    specs = load_all()
    print("hamta mockserver is not implemented yet (issue 3).")
    print("The specs it will serve load and validate:")
    for name, spec in specs.items():
        print(f"  {name:14} {len(spec.operations):3} operations  {spec.source}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
