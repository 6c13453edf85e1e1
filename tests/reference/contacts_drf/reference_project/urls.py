"""A DRF router under /api/, as seeds 000-002's paths show. `DefaultRouter` is the usual choice (it adds the
API root and format-suffix routes); `REFERENCE_ROUTER=simple` plays a deployment that chose `SimpleRouter`."""

from __future__ import annotations

from contacts.views import ContactViewSet
from django.conf import settings
from django.urls import include, path
from rest_framework.routers import DefaultRouter, SimpleRouter

router = DefaultRouter() if settings.REFERENCE_ROUTER == "default" else SimpleRouter()
router.register("contacts", ContactViewSet)

urlpatterns = [path("api/", include(router.urls))]
