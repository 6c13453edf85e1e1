"""The contact of seeds 000-002. Nullability follows the seeds' response tables ("nullable"); lengths are
Django's usual choices (the seeds give none): 150 for names as in `auth.User`, `EmailField`'s 254, 255 for the
subject, 11 for `09` + nine digits."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

# Seeds 000 and 002: "valid iranian mobile number"; every number they show is 09 and nine digits.
iranian_mobile = RegexValidator(r"^09[0-9]{9}$")


class Contact(models.Model):
    first_name = models.CharField(max_length=150, null=True, blank=True)
    last_name = models.CharField(max_length=150, null=True, blank=True)
    email = models.EmailField(null=True, blank=True)
    mobile_number = models.CharField(max_length=11, null=True, blank=True, validators=[iranian_mobile])
    subject = models.CharField(max_length=255)
    message = models.TextField(null=True, blank=True)
    viewed = models.BooleanField(default=False)
    viewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.subject
