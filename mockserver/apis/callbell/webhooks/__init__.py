"""Callbell's webhooks: the account's subscription, the deliveries made to it, and the engine that POSTs them.

Other code announces an event with `mockserver.apis.callbell.webhooks.emit.emit(...)`. This package imports
nothing on its own, so the Callbell state can hold its records without an import cycle.
"""
