"""One ModelViewSet, as DRF's tutorial writes it, without PUT (seed 001 documents PATCH only)."""

from __future__ import annotations

from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, viewsets
from rest_framework.response import Response

from contacts.filters import ContactFilter
from contacts.models import Contact
from contacts.permissions import ContactPermission
from contacts.serializers import ContactSerializer


class ContactViewSet(viewsets.ModelViewSet):
    queryset = Contact.objects.all()
    serializer_class = ContactSerializer
    permission_classes = [ContactPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, filters.OrderingFilter]
    filterset_class = ContactFilter
    # Seed 002: "Search term to lookup results by id, subject, first_name, last_name, email, and mobile_number".
    search_fields = ["id", "subject", "first_name", "last_name", "email", "mobile_number"]
    # Seed 002: "Order results by (id, created_at, updated_at, viewed, viewed_at, subject)"; its example lists
    # the newest first.
    ordering_fields = ["id", "created_at", "updated_at", "viewed", "viewed_at", "subject"]
    ordering = ["-id"]

    def retrieve(self, request, *args, **kwargs):
        """A staff member reading a contact has viewed it (seed 001's example: viewed_at between created_at and
        updated_at, and no viewed field in the PATCH body)."""
        contact = self.get_object()
        if not contact.viewed:
            contact.viewed = True
            contact.viewed_at = timezone.now()
            contact.save()
        return Response(self.get_serializer(contact).data)
