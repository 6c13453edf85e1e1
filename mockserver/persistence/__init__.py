"""`--state FILE`: a snapshot and an append-only change log (see `durable`); what states declare: `parts`."""

from mockserver.persistence.durable import Durable
from mockserver.persistence.parts import Keyed, Persisted, TrackedDict

__all__ = ["Durable", "Keyed", "Persisted", "TrackedDict"]
