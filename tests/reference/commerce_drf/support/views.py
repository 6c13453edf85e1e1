"""The user-support endpoints: DRF generic views and APIViews with SessionAuthentication (seed 003), and one
plain Django view for logout, whose shape only the client tells (README)."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support.models import Conversation, Order, Subject
from support.serializers import (
    ContactSubjectSerializer,
    ContactUsSerializer,
    ConversationCreateSerializer,
    ConversationSerializer,
    CurrentUserSerializer,
    LoginSerializer,
    OrderSerializer,
)

# A view's docstring is its OPTIONS `description` (DRF's get_view_description): Akinon's are not known, so these
# views' notes are comments.


# The token in the body (the client reads `csrf_token`, `middlewares/default.ts:274-283`); the cookie is set by
# CsrfViewMiddleware as for any `get_token` call.
class CsrfTokenView(APIView):
    permission_classes = (AllowAny,)

    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request)})


class LoginView(APIView):
    permission_classes = (AllowAny,)

    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        login(request, user)  # Django's: a new session key, a rotated CSRF token
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"key": token.key, "redirect_url": request.query_params.get("next")})


class CurrentUserView(APIView):
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response(CurrentUserSerializer(request.user).data)


class ContactSubjectList(ListAPIView):
    permission_classes = (AllowAny,)
    serializer_class = ContactSubjectSerializer
    queryset = Subject.objects.order_by("id")


# 200 with no content on success (Akinon's docs).
class ContactUsView(APIView):
    permission_classes = (AllowAny,)

    def post(self, request: Request) -> Response:
        serializer = ContactUsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        serializer.save(user=request.user if request.user.is_authenticated else None)
        return Response(status=200)


class OrderPagination(PageNumberPagination):
    """`?page=1&limit=12` (`data/urls.ts:16-29`); without `limit`, 10 a page (spec/conversations.yaml's
    assumption for its paginated list)."""

    page_size = 10
    page_size_query_param = "limit"


class OwnOrders:
    permission_classes = (IsAuthenticated,)
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user).order_by("-created_date", "-id")


class OrderList(OwnOrders, ListAPIView):
    pagination_class = OrderPagination
    filter_backends = (DjangoFilterBackend,)
    # The client's parameter names (`data/urls.ts:27-29`) are django-filter's `<field>__<lookup>` names.
    filterset_fields = {"created_date": ("gte", "lte")}


class OrderDetail(OwnOrders, RetrieveAPIView):
    pass


class ConversationPagination(PageNumberPagination):
    """`page`, 10 a page (spec/conversations.yaml's assumption; Akinon publishes no size). No page-size
    parameter: the spec names none for conversations."""

    page_size = 10


# `/users/conversations/` (list, create) and `/users/conversations/<id>/` (retrieve), by a SimpleRouter. Only the
# caller's conversations, newest activity first.
class ConversationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = (IsAuthenticated,)
    pagination_class = ConversationPagination

    def get_queryset(self):
        latest = F("last_message_date").desc(nulls_last=True)
        return (
            Conversation.objects.filter(user=self.request.user)
            .select_related("datasource")
            .prefetch_related("message_set__content_object")
            .order_by(latest, "-id")
        )

    def get_serializer_class(self):
        return ConversationCreateSerializer if self.action == "create" else ConversationSerializer

    def create(self, request: Request, *args, **kwargs) -> Response:
        """CreateModelMixin's, answering with the rendered conversation."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation = serializer.save()
        data = ConversationSerializer(conversation, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED, headers=self.get_success_headers(data))


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError("the CSRF check does not call the next layer")


@csrf_exempt
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Inferred from the client (`api/logout.ts`): a POST with a valid CSRF token (cookie plus the form field
    `csrfmiddlewaretoken` or `X-CSRFToken`, Origin checked: Django's own check) signs out and redirects to `next`
    (as Django's LogoutView reads it) or `/`; a POST without one gets the confirmation form, whose
    `{% csrf_token %}` the client scrapes."""
    if CsrfViewMiddleware(_no_response).process_view(request, None, (), {}) is not None:
        return render(request, "support/logout.html")
    logout(request)
    target = request.POST.get("next", request.GET.get("next"))
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)
