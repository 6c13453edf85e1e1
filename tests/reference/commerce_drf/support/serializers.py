"""DRF serializers for the user-support endpoints: `ModelSerializer`s where a model holds the data, plain
`Serializer`s otherwise. Wording of every message is DRF's or Django's, except Akinon's own "Please verify your
email address before login." (spec/conversations.yaml)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from support.models import ContactMessage, Order, Subject


class ContactSubjectSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = Subject
        fields = ("id", "text", "is_order_needed")

    def get_text(self, subject: Subject) -> str:
        """The text in the language LocaleMiddleware activated (fa, the default, or en)."""
        return subject.text_en if get_language() == "en" else subject.text_fa


class ContactUsSerializer(serializers.ModelSerializer):
    # CONTACT_US_EMAIL_TO's keys (Akinon's contact docs); optional.
    operation = serializers.ChoiceField(choices=sorted(settings.CONTACT_US_EMAIL_TO), required=False)

    class Meta:
        model = ContactMessage
        # spec/conversations.yaml's request schema, in its order.
        fields = ("subject", "full_name", "email", "phone", "message", "order", "operation", "file")

    def get_fields(self) -> dict[str, serializers.Field]:
        """`order` must be one of the caller's own orders (Akinon's docs); an anonymous caller has none."""
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        own = Order.objects.filter(user=user) if user is not None and user.is_authenticated else Order.objects.none()
        fields["order"].queryset = own
        return fields

    def validate(self, attrs: dict) -> dict:
        """A subject with `is_order_needed` needs an order (Akinon's docs), reported as DRF reports a missing
        required field."""
        if attrs["subject"].is_order_needed and attrs.get("order") is None:
            raise serializers.ValidationError({"order": [self.fields["order"].error_messages["required"]]})
        return attrs


class LoginSerializer(serializers.Serializer):
    """DRF's `AuthTokenSerializer`, with Akinon's `email` in place of `username` and its verification rule."""

    email = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        request = self.context.get("request")
        user = authenticate(request=request, username=attrs["email"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(_("Unable to log in with provided credentials."), code="authorization")
        if not user.profile.verified:
            raise serializers.ValidationError(_("Please verify your email address before login."), code="authorization")
        attrs["user"] = user
        return attrs


class CurrentUserSerializer(serializers.ModelSerializer):
    """Exactly the fields the client copies from `/current_user/` (`api/auth.ts:26-40`)."""

    phone = serializers.CharField(source="profile.phone", allow_null=True)
    email_allowed = serializers.BooleanField(source="profile.email_allowed")
    sms_allowed = serializers.BooleanField(source="profile.sms_allowed")
    date_of_birth = serializers.DateField(source="profile.date_of_birth", allow_null=True)
    gender = serializers.CharField(source="profile.gender", allow_null=True)
    hashed_email = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = (
            "pk",
            "first_name",
            "last_name",
            "email",
            "phone",
            "email_allowed",
            "sms_allowed",
            "date_joined",
            "last_login",
            "date_of_birth",
            "hashed_email",
            "gender",
        )

    def get_hashed_email(self, user: User) -> str:
        """Inferred: Akinon does not publish the hash; SHA-256 of the lower-cased address, in hex."""
        return hashlib.sha256(user.email.lower().encode()).hexdigest()


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ("id", "number", "created_date", "status", "amount")
