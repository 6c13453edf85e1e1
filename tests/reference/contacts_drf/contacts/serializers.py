"""Seed 000's response fields, in its order; the viewing fields and timestamps are the server's."""

from __future__ import annotations

from rest_framework import serializers

from contacts.models import Contact


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "mobile_number",
            "subject",
            "message",
            "viewed",
            "viewed_at",
            "created_at",
            "updated_at",
        ]
        # Seed 001's PATCH body has no viewed field; viewing is the server's doing (views.py).
        read_only_fields = ["viewed", "viewed_at", "created_at", "updated_at"]
