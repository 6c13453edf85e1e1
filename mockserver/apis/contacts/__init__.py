"""The contacts admin API (seeds 000-002), as Django REST Framework serves it."""
