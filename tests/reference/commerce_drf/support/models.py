"""Akinon Commerce's records behind the user-support endpoints, as far as the sources name them.

- `Profile`: what Akinon's current-user body has and `auth.User` lacks (`api/auth.ts:26-40` in
  spec/akinon-next-client.md), plus `verified` (Akinon's "Please verify your email address before login.").
- `Subject`: a contact-us subject, its text in each of the shop's languages (fixtures/conversations.yaml).
- `Order`: the fields the client's order type names (`types/commerce/order.ts:57-97`).
- `ContactMessage`: an accepted contact-us message, kept so that a test can see it (spec/conversations.yaml's
  request schema: 70-character names and phone, the file extensions).
- `Datasource`, `Product`, `OrderItem`, `Conversation`, `Message`: the records behind `/users/conversations/`
  (seed 003 and Akinon's conversation pages as spec/akinon-conversations-sources.md reads them). A message's
  author is a Django generic relation (`content_type` + `object_id` -> `content_object`, the names the create
  body and `message_set` use); a conversation's item is the two plain fields seed 003 names (`item_content`,
  `item_id`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone

# Akinon's docs as spec/conversations.yaml cites them.
CONTACT_US_FILE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "xls", "xlsx", "doc", "docx")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=70, null=True, blank=True)
    email_allowed = models.BooleanField(default=False)
    sms_allowed = models.BooleanField(default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=16, null=True, blank=True)
    verified = models.BooleanField(default=False)


class Subject(models.Model):
    text_fa = models.CharField(max_length=255)
    text_en = models.CharField(max_length=255)
    is_order_needed = models.BooleanField(default=False)


class Order(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orders")
    number = models.CharField(max_length=32, unique=True)
    created_date = models.DateTimeField()
    status = models.CharField(max_length=8)
    amount = models.DecimalField(max_digits=14, decimal_places=2)


class ContactMessage(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT)
    full_name = models.CharField(max_length=70)
    email = models.EmailField()
    phone = models.CharField(max_length=70, blank=True)
    message = models.TextField()
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, blank=True)
    file = models.FileField(
        upload_to="contact-us/",
        null=True,
        blank=True,
        validators=[FileExtensionValidator(list(CONTACT_US_FILE_EXTENSIONS))],
    )
    operation = models.CharField(max_length=64, blank=True)
    created_date = models.DateTimeField(auto_now_add=True)


class Datasource(models.Model):
    """A seller; Akinon's example renders `{pk, name, slug}` (S6)."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)


class Product(models.Model):
    name = models.CharField(max_length=255)
    sku = models.CharField(max_length=64, unique=True)
    base_code = models.CharField(max_length=64, null=True, blank=True)
    slug = models.SlugField(max_length=255, unique=True)

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    status = models.CharField(max_length=8)
    price = models.DecimalField(max_digits=14, decimal_places=2)


class Conversation(models.Model):
    TYPES = (("message", "message"), ("question", "question"), ("review", "review"))
    ITEM_CONTENTS = (("product", "product"), ("orderitem", "orderitem"))

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    datasource = models.ForeignKey(Datasource, on_delete=models.PROTECT)
    conversation_type = models.CharField(max_length=16, choices=TYPES)
    subject = models.CharField(max_length=255, null=True, blank=True)
    item_content = models.CharField(max_length=16, choices=ITEM_CONTENTS, null=True, blank=True)
    item_id = models.PositiveIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=False)
    # Stored, as the names suggest: the time of the last message (null before the first), and whether a seller
    # has answered (set when a seller's message is added, which this user-side API never does).
    last_message_date = models.DateTimeField(null=True, blank=True)
    is_answered = models.BooleanField(default=False)

    @property
    def item_object(self) -> Product | OrderItem | None:
        model = {"product": Product, "orderitem": OrderItem}.get(self.item_content or "")
        if model is None or self.item_id is None:
            return None
        return model.objects.filter(pk=self.item_id).first()


# The authors a message can have: a user (the customer) or a data source (the seller).
AUTHOR_TYPES = models.Q(app_label="auth", model="user") | models.Q(app_label="support", model="datasource")


class Message(models.Model):
    USER_TYPES = (("registered", "registered"), ("datasource", "datasource"))

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE)  # `message_set`, Django's name
    message_content = models.TextField()
    user_type = models.CharField(max_length=16, choices=USER_TYPES, default="registered")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, limit_choices_to=AUTHOR_TYPES)
    object_id = models.PositiveIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    created_date = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("id",)
