"""Deterministic seed data: the same seed gives the same records, byte for byte, on every machine.

Each resource draws from its own generators, derived from the world seed by name (never `hash()`, which is
salted per process), so adding a field to one resource does not reshuffle another. Dates come from fixed
bounds, never from "now".
"""
