"""The paths of spec/conversations.yaml and of the client's `data/urls.ts` (spec/akinon-next-client.md).

Logout is routed with and without its slash: the client posts to `/users/logout` (`data/urls.ts:167`,
`api/logout.ts:13,28`), and Node's fetch would turn CommonMiddleware's 301 after a POST into a GET.
Conversations come from a DRF SimpleRouter (list and detail routes of one ViewSet).
"""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter
from support import views

# A SimpleRouter, as spec/conversations.yaml assumes for the detail route: lookup `[^/.]+`, no format suffixes
# (a DefaultRouter would add `.json` routes and an API root view).
router = SimpleRouter()
router.register("users/conversations", views.ConversationViewSet, basename="conversation")

urlpatterns = [
    path("csrf_token/", views.CsrfTokenView.as_view()),
    path("current_user/", views.CurrentUserView.as_view()),
    path("users/login/", views.LoginView.as_view()),
    path("users/logout", views.logout_view),
    path("users/logout/", views.logout_view),
    path("users/contact-us-subjects/", views.ContactSubjectList.as_view()),
    path("users/contact-us/", views.ContactUsView.as_view()),
    path("users/orders/", views.OrderList.as_view()),
    path("users/orders/<int:pk>/", views.OrderDetail.as_view()),
    *router.urls,
]
