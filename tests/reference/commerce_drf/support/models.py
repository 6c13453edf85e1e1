"""Akinon Commerce's records behind the user-support endpoints, as far as the sources name them.

- `Profile`: what Akinon's current-user body has and `auth.User` lacks (`api/auth.ts:26-40` in
  spec/akinon-next-client.md), plus `verified` (Akinon's "Please verify your email address before login.").
- `Subject`: a contact-us subject, its text in each of the shop's languages (fixtures/conversations.yaml).
- `Order`: the fields the client's order type names (`types/commerce/order.ts:57-97`).
- `ContactMessage`: an accepted contact-us message, kept so that a test can see it (spec/conversations.yaml's
  request schema: 70-character names and phone, the file extensions).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models

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
