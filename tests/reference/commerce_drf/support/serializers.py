"""DRF serializers for the user-support endpoints: `ModelSerializer`s where a model holds the data, plain
`Serializer`s otherwise. Wording of every message is DRF's or Django's, except Akinon's own "Please verify your
email address before login." (spec/conversations.yaml)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from support.models import (
    AUTHOR_TYPES,
    ContactMessage,
    Conversation,
    Datasource,
    Message,
    Order,
    OrderItem,
    Product,
    Subject,
)


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
    """The fields the client copies from `/current_user/` (`api/auth.ts:26-40`), then the ones Akinon documents
    besides (apidocs.akinon.com/commerce-openapis/cms/user, S14 in spec/akinon-conversations-sources.md). The
    values of those are inferred: this shop has no call permission, user attributes, social logins, segments or
    saved addresses, and one client type."""

    phone = serializers.CharField(source="profile.phone", allow_null=True)
    email_allowed = serializers.BooleanField(source="profile.email_allowed")
    sms_allowed = serializers.BooleanField(source="profile.sms_allowed")
    date_of_birth = serializers.DateField(source="profile.date_of_birth", allow_null=True)
    gender = serializers.CharField(source="profile.gender", allow_null=True)
    hashed_email = serializers.SerializerMethodField()
    call_allowed = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()
    is_email_verified = serializers.BooleanField(source="profile.verified")
    is_social_networks_connected = serializers.SerializerMethodField()
    segment = serializers.SerializerMethodField()
    client_type = serializers.SerializerMethodField()
    selected_address = serializers.SerializerMethodField()

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
            "call_allowed",
            "attributes",
            "is_email_verified",
            "is_social_networks_connected",
            "segment",
            "client_type",
            "selected_address",
        )

    def get_hashed_email(self, user: User) -> str:
        """Inferred: Akinon does not publish the hash; SHA-256 of the lower-cased address, in hex."""
        return hashlib.sha256(user.email.lower().encode()).hexdigest()

    # Inferred values (README): none of these features is used by this shop.
    def get_call_allowed(self, user: User) -> bool:
        return False

    def get_attributes(self, user: User) -> dict:
        return {}

    def get_is_social_networks_connected(self, user: User) -> bool:
        return False

    def get_segment(self, user: User) -> None:
        return None

    def get_client_type(self, user: User) -> str:
        return "default"

    def get_selected_address(self, user: User) -> None:
        return None


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ("id", "number", "created_date", "status", "amount")


# -- conversations -----------------------------------------------------------------------------------------------


class DatasourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Datasource
        fields = ("pk", "name", "slug")  # Akinon's example (S6)


class ProductItemSerializer(serializers.ModelSerializer):
    """Inferred (no public source): the spec's `ProductItem`."""

    absolute_url = serializers.ReadOnlyField(source="get_absolute_url")

    class Meta:
        model = Product
        fields = ("pk", "name", "sku", "base_code", "absolute_url")


class OrderItemItemSerializer(serializers.ModelSerializer):
    """Inferred (no public source): the spec's `OrderItemItem`."""

    product = ProductItemSerializer()

    class Meta:
        model = OrderItem
        fields = ("pk", "order", "status", "price", "product")


class MessageSerializer(serializers.ModelSerializer):
    content_object = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ("id", "message_content", "user_type", "content_object")  # Akinon's example (S6)

    def get_content_object(self, message: Message) -> dict:
        """The author; Akinon's example shows only its `id` (S6)."""
        return {"id": message.content_object.pk}


class ConversationSerializer(serializers.ModelSerializer):
    """How a conversation is rendered: the list item, the detail, and the create's 201."""

    datasource = DatasourceSerializer()
    item_object = serializers.SerializerMethodField()
    message_set = MessageSerializer(many=True)

    class Meta:
        model = Conversation
        # Akinon's example (S6) in its order, with seed 003's described fields where the spec puts them.
        fields = (
            "id",
            "user",
            "datasource",
            "subject",
            "item_object",
            "item_content",
            "message_set",
            "conversation_type",
            "last_message_date",
            "is_public",
            "is_answered",
        )

    def get_item_object(self, conversation: Conversation) -> dict | None:
        """Seed 003: "Details of the related item (Product or OrderItem). Structure depends on item_content"."""
        item = conversation.item_object
        if isinstance(item, Product):
            return ProductItemSerializer(item).data
        if isinstance(item, OrderItem):
            return OrderItemItemSerializer(item).data
        return None


USERS_MUST_MATCH = "Users must match the authenticated user and content owner."
NO_REVIEW_REPLY = "DataSource cannot reply to a review."


class ConversationCreateSerializer(serializers.ModelSerializer):
    """The create body: the conversation's own fields as a ModelSerializer builds them, plus the first message
    (`message_content`, `user_type`, its author `content_type` + `object_id`) and `conversation` to reply in an
    existing one. Only `user`, `datasource` and `conversation_type` are required (Akinon, S5)."""

    message_content = serializers.CharField(required=False)
    user_type = serializers.ChoiceField(choices=Message.USER_TYPES, required=False)
    content_type = serializers.SlugRelatedField(
        slug_field="model", queryset=ContentType.objects.filter(AUTHOR_TYPES), required=False
    )
    object_id = serializers.IntegerField(min_value=0, required=False)
    conversation = serializers.PrimaryKeyRelatedField(
        queryset=Conversation.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = Conversation
        # seed 003's order (its lines 33-44, as an OpenAPI generator lists a serializer's fields): the order of a
        # 400's fields
        fields = (
            "message_content",
            "user_type",
            "object_id",
            "content_type",
            "conversation",
            "datasource",
            "user",
            "subject",
            "item_content",
            "item_id",
            "conversation_type",
            "is_public",
        )

    def get_fields(self) -> dict[str, serializers.Field]:
        """`conversation` must be one of the caller's (the contact-us `order` pattern)."""
        fields = super().get_fields()
        user = self.context["request"].user
        own = Conversation.objects.filter(user=user) if user.is_authenticated else Conversation.objects.none()
        fields["conversation"].queryset = own
        return fields

    def validate(self, attrs: dict) -> dict:
        caller = self.context["request"].user
        content_type, object_id = attrs.get("content_type"), attrs.get("object_id")
        if content_type is None and object_id is None:
            owner = attrs["user"]  # no author given: the message is the user's
        elif content_type is None or object_id is None:
            owner = None
        else:
            owner = content_type.model_class()._default_manager.filter(pk=object_id).first()
        if attrs["user"] != caller or owner != caller:
            raise serializers.ValidationError(USERS_MUST_MATCH)
        conversation = attrs.get("conversation")
        # Seed 003: "DataSource cannot reply to a review": a message a seller would write (`user_type`
        # `datasource`) is refused in a review; the customer may answer in their own review.
        replying_as_seller = attrs.get("user_type") == "datasource"
        if conversation is not None and conversation.conversation_type == "review" and replying_as_seller:
            raise serializers.ValidationError(NO_REVIEW_REPLY)
        attrs["item_content"] = attrs.get("item_content") or None
        item_content, item_id = attrs["item_content"], attrs.get("item_id")
        required = serializers.Field.default_error_messages["required"]
        if item_content is not None and item_id is None:
            raise serializers.ValidationError({"item_id": [required]})
        if item_content is None and item_id is not None:
            raise serializers.ValidationError({"item_content": [required]})
        if item_content == "product":
            found = Product.objects.filter(pk=item_id).exists()
        elif item_content == "orderitem":
            found = OrderItem.objects.filter(pk=item_id, order__user=caller).exists()
        else:
            found = True
        if not found:
            missing = serializers.PrimaryKeyRelatedField.default_error_messages["does_not_exist"]
            raise serializers.ValidationError({"item_id": [missing.format(pk_value=item_id)]})
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict) -> Conversation:
        """A new conversation, or the one replied to; then the message, if there is one."""
        message_fields = {
            name: validated_data.pop(name)
            for name in ("message_content", "user_type", "content_type", "object_id")
            if name in validated_data
        }
        conversation = validated_data.pop("conversation", None) or super().create(validated_data)
        if "message_content" in message_fields:
            message_fields.setdefault("content_type", ContentType.objects.get_for_model(User))
            message_fields.setdefault("object_id", validated_data["user"].pk)
            message = Message.objects.create(conversation=conversation, **message_fields)
            conversation.last_message_date = message.created_date
            conversation.save(update_fields=["last_message_date"])
        return conversation
