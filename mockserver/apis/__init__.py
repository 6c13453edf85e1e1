"""One package per API: its records, its seed data and its operation handlers."""
