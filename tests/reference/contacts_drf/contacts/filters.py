"""Seed 002's query parameters, one django-filter filter each, named as the seed names them.

Where the seed's words leave a choice, the reading taken is the plainest one in django-filter's terms (the
reference README lists each): "after"/"before" a date are inclusive `date__gte`/`date__lte`; "has a <field>"
means the field is neither null nor empty (the model allows both for "no value")."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_filters import rest_framework as django_filters

from contacts.models import Contact


def _has_value(queryset: QuerySet[Contact], name: str, value: bool) -> QuerySet[Contact]:
    empty = Q(**{f"{name}__isnull": True}) | Q(**{name: ""})
    return queryset.exclude(empty) if value else queryset.filter(empty)


class ContactFilter(django_filters.FilterSet):
    is_viewed = django_filters.BooleanFilter(field_name="viewed")
    viewed_date = django_filters.DateFilter(field_name="viewed_at", lookup_expr="date")
    viewed_date_from = django_filters.DateFilter(field_name="viewed_at", lookup_expr="date__gte")
    viewed_date_to = django_filters.DateFilter(field_name="viewed_at", lookup_expr="date__lte")
    has_message = django_filters.BooleanFilter(field_name="message", method=_has_value)
    has_mobile_number = django_filters.BooleanFilter(field_name="mobile_number", method=_has_value)
    has_email = django_filters.BooleanFilter(field_name="email", method=_has_value)
    has_first_name = django_filters.BooleanFilter(field_name="first_name", method=_has_value)
    has_last_name = django_filters.BooleanFilter(field_name="last_name", method=_has_value)
    id_min = django_filters.NumberFilter(field_name="id", lookup_expr="gte")
    id_max = django_filters.NumberFilter(field_name="id", lookup_expr="lte")
    created_date = django_filters.DateFilter(field_name="created_at", lookup_expr="date")
    updated_date = django_filters.DateFilter(field_name="updated_at", lookup_expr="date")
    created_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    updated_from = django_filters.DateFilter(field_name="updated_at", lookup_expr="date__gte")
    created_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")
    updated_to = django_filters.DateFilter(field_name="updated_at", lookup_expr="date__lte")

    class Meta:
        model = Contact
        fields: list[str] = []
