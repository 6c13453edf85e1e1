"""Callbell's docs examples replayed against the mock, read from the docs snapshot at test time (never stored
in the repository: the docs have no licence). `python -m tests.callbell_docs` prints the per-example table."""
