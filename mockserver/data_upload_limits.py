"""Django's limits on what a request's data may hold (the spec's `x-data-upload-limits`: DATA_UPLOAD_MAX_MEMORY_SIZE,
..._NUMBER_FIELDS, ..._NUMBER_FILES), checked where Django checks them, with Django's exceptions.

- A JSON or form body: DRF 3.18 reads it through `request.body` (rest_framework/request.py:363-364), which refuses
  a Content-Length over the memory size before reading a byte (Django 5.2.19 django/http/request.py:376-419).
- The query string's fields: DRF reads `request.GET` when it negotiates the renderer (`?format=`), before it
  authenticates, on every view and method (rest_framework/negotiation.py:50); counted as a form body's.
- A form body's fields: `QueryDict` counts them as `parse_qsl(max_num_fields=...)` does, one more than its `&`s
  (request.py:580-608; Python's urllib/parse.py), empty ones included.
- A multipart body: MultiPartParser counts its parts, its files and its fields' bytes as it reads them
  (multipartparser.py:196-265; ported in `mockserver.multipart`). Files do not count toward the memory size.

Over a limit is a SuspiciousOperation, which Django answers with its own 400 page (`mockserver.django_pages`).
"""

from __future__ import annotations

from aiohttp import web

from hamta.openapi import DataUploadLimits
from mockserver.errors import SuspiciousOperation

__all__ = [
    "LIMITS",
    "check_body_length",
    "check_form_fields",
    "check_query_fields",
    "too_big",
    "too_many_fields",
    "too_many_files",
]

# The limits of the API whose endpoint reads the request (set by the endpoint, before anything reads the body).
LIMITS: web.RequestKey[DataUploadLimits] = web.RequestKey("hamta_data_upload_limits")


def too_big() -> SuspiciousOperation:
    return SuspiciousOperation("RequestDataTooBig", "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")


def too_many_fields(*, in_query: bool = False) -> SuspiciousOperation:
    message = "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
    return SuspiciousOperation("TooManyFieldsSent", message, in_query)


def too_many_files() -> SuspiciousOperation:
    message = "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES."
    return SuspiciousOperation("TooManyFilesSent", message)


def check_body_length(limits: DataUploadLimits, length: int) -> None:
    """`HttpRequest.body`'s check of the Content-Length (and of the bytes read)."""
    if length > limits.memory_size:
        raise too_big()


def check_form_fields(limits: DataUploadLimits, text: str) -> None:
    """`QueryDict`'s count of a decoded form body's fields."""
    if text and 1 + text.count("&") > limits.number_fields:
        raise too_many_fields()


def check_query_fields(limits: DataUploadLimits, request: web.Request) -> None:
    """`request.GET`'s count of the query string's fields, as sent (`%26` is no separator), where DRF's negotiation
    reads it. Behind a format suffix (`/api/contacts.json`) negotiation does not, and a view reads it later, if at
    all (a list's filters, after authentication): not copied, such a request is not checked."""
    # the target as sent, not `rel_url`: a URL built for every request costs a create a microsecond
    if request.raw_path.count("&") < limits.number_fields:
        return
    raw_query = request.rel_url.raw_query_string
    if raw_query and 1 + raw_query.count("&") > limits.number_fields and "format" not in request.match_info:
        raise too_many_fields(in_query=True)
