"""Seeds 000-002: "Staff with ContactPermission or Admin", with permission codes 4001 (create), 4002 (list),
4003 (update). The codes are Django's model permissions in their add/view/change/delete order (so 4004 is
delete, and retrieve shares list's 4002: the seeds document neither), checked per HTTP method as DRF's own
`DjangoModelPermissions` does; reading asks for the view permission, as the seeds' 4002 for listing says."""

from __future__ import annotations

from rest_framework.permissions import DjangoModelPermissions

VIEW = ["%(app_label)s.view_%(model_name)s"]


class ContactPermission(DjangoModelPermissions):
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": VIEW,
        "OPTIONS": VIEW,
        "HEAD": VIEW,
    }

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user and user.is_superuser:  # "or Admin"
            return True
        return bool(user and user.is_staff and super().has_permission(request, view))
