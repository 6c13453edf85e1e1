"""Multipart bodies as Django's MultiPartParser reads them, not as a mail reader or aiohttp would.

Browsers send well-formed parts, and any reader agrees on those. Hand-made clients and test tools do not, and
there Django has its own rules, which the reference deployments show and which a mail reader (Python's `email`
package, what the mock used before) does not share: a part's headers end at the first CRLF CRLF within 1 KiB
(LF alone ends nothing: such a part is no field; longer headers are a parse error), headers are never unfolded,
a line that is not UTF-8 is dropped, only `base64` is a transfer encoding (quoted-printable stays as sent), a
part is a file only when its `filename` is not empty, a file is kept only when another part follows it, and a
file's name loses its path and its unprintable characters. Ported from Django 5.2.19
django/http/multipartparser.py (`MultiPartParser.__init__`:58-116, `_parse`:133-372, `sanitize_file_name`:388-409,
`BoundaryIter._find_boundary`:656-678, `parse_boundary_stream`:690-749), on a body already read whole (the
mock's size guard came first), with Django's upload limits where the API has them (DATA_UPLOAD_MAX_NUMBER_FIELDS,
..._NUMBER_FILES, ..._MEMORY_SIZE: `mockserver.data_upload_limits`), counted as `_parse` counts (:196-265).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from hamta.openapi import DataUploadLimits
from mockserver.data_upload_limits import too_big, too_many_fields, too_many_files
from mockserver.errors import Problem
from mockserver.header_parameters import header_parameters

__all__ = ["UploadedFile", "parse_multipart"]

_BOUNDARY = re.compile(r"[ -~]{0,200}[!-~]")  # MultiPartParser.boundary_re
_MAX_HEADER_SIZE = 1024  # MAX_TOTAL_HEADER_SIZE
_IN_MEMORY = 2_621_440  # FILE_UPLOAD_MAX_MEMORY_SIZE
_RAW, _FIELD, _FILE = "raw", "field", "file"

Headers = dict[str, tuple[str, dict[str, bytes]]]  # a part's headers: name -> (value, parameters)


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content_type: str
    size: int
    data: bytes = field(repr=False)
    # The class Django's upload handlers make, which DRF names in a type error ("... received InMemoryUploadedFile."):
    # in memory when the whole body is at most FILE_UPLOAD_MAX_MEMORY_SIZE (MemoryFileUploadHandler.handle_raw_input).
    django_class: str = "InMemoryUploadedFile"


def parse_multipart(
    raw: bytes, header: str, boundary: str | None, charset: str, limits: DataUploadLimits | None = None
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """The fields (each name's last value, as a QueryDict's `get`) and files (the same) of a multipart body whose
    Content-Type is `header` (as Django reads it: ISO-8859-1) and `boundary` its parameter (`header_parameters`),
    field values decoded in `charset` whatever a part's own header says (multipartparser.py:142 and :252). First
    the checks MultiPartParser.__init__ makes of the header as sent (:73-92): its case (DRF chose the parser on
    the lower-cased type), non-ASCII, the boundary's form. Over one of Django's `limits` is Django's
    SuspiciousOperation."""
    if not header.startswith("multipart/"):
        raise Problem(400, f"Multipart form parse error - Invalid Content-Type: {header}")
    if not header.isascii():
        raise Problem(400, f"Multipart form parse error - Invalid non-ASCII Content-Type in multipart: {header}")
    if not boundary or not _BOUNDARY.fullmatch(boundary):
        raise Problem(400, f"Multipart form parse error - Invalid boundary in multipart: {boundary}")
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    # A file is complete only when another part follows it (Django completes it at the top of the next turn of
    # its loop): the last part of a body cut after it, or ending right at a separator, is an interrupted upload.
    pending: tuple[str, UploadedFile] | None = None
    # Parts that are no file (the empty stretches before the first separator and after the last too), files, and
    # the bytes of fields with their names (+2, "to make the check consistent with the x-www-form-urlencoded
    # check that includes '&='": files are not counted).
    parts = files_sent = field_bytes = 0
    for kind, headers, body in _parts(raw, b"--" + boundary.encode("ascii")):
        if pending is not None:
            files[pending[0]] = pending[1]
            pending = None
        if limits is not None and kind != _FILE:
            parts += 1
            if limits.number_fields + 2 < parts:  # 2: "empty raw fields before and after the last boundary"
                raise too_many_fields()
        try:
            disposition = headers["content-disposition"][1]
            name = disposition["name"].strip().decode(charset, "replace")
        except KeyError:
            continue
        encoding = headers.get("content-transfer-encoding")
        base64_encoded = encoding is not None and encoding[0].strip() == "base64"
        if kind == _FIELD:
            if limits is not None:
                # Django reads at most what is left of the memory size, so one byte over is as far as it gets
                field_bytes += len(body) + len(name) + 2
                if field_bytes > limits.memory_size:
                    raise too_big()
            if base64_encoded:
                with contextlib.suppress(binascii.Error):  # Django keeps the data as sent
                    body = base64.b64decode(body)
            fields[name] = body.decode(charset, "replace")
        elif kind == _FILE:
            files_sent += 1
            if limits is not None and files_sent > limits.number_files:
                raise too_many_files()
            filename = _sanitized(disposition["filename"].decode(charset, "replace"))
            if filename is None:
                continue
            if base64_encoded:
                body = _file_base64(body)
            content_type = headers.get("content-type", ("", {}))[0].strip()
            kept = "InMemoryUploadedFile" if len(raw) <= _IN_MEMORY else "TemporaryUploadedFile"
            pending = name, UploadedFile(filename, content_type, len(body), body, kept)
    return fields, files


def _parts(raw: bytes, separator: bytes) -> Iterator[tuple[str, Headers, bytes]]:
    """Each stretch of the body between separators (InterBoundaryIter: found anywhere, not only at a line's start;
    the LF and then the CR before one are not the stretch's), read as one part."""
    start = 0
    while start < len(raw):  # a stretch begins only where a byte is left (BoundaryIter.__init__)
        found = raw.find(separator, start)
        if found < 0:
            yield _part(raw[start:])
            return
        end = found
        if end > start and raw[end - 1] == 0x0A:  # LF
            end -= 1
        if end > start and raw[end - 1] == 0x0D:  # CR
            end -= 1
        yield _part(raw[start:end])
        start = found + len(separator)


def _part(stretch: bytes) -> tuple[str, Headers, bytes]:
    """parse_boundary_stream: the headers end at the first CRLF CRLF, which must come within 1 KiB; a line that is
    no `name: value` (or not UTF-8) is left out; a part with a Content-Disposition is a field, a file when its
    filename is not empty; anything else is raw, never read."""
    size = 1024
    while True:
        if size > _MAX_HEADER_SIZE:
            raise Problem(400, "Multipart form parse error - Request max total header size exceeded.")
        end = stretch.find(b"\r\n\r\n", 0, size)
        if end != -1:
            break
        if len(stretch) < size:
            return _RAW, {}, b""
        size *= 2
    kind = _RAW
    headers: Headers = {}
    for line in stretch[:end].split(b"\r\n"):
        try:
            main, params = header_parameters(line.decode())
            name, value = main.split(":", 1)
        except ValueError:  # not UTF-8 (UnicodeDecodeError), no colon, a bad RFC 2231 charset
            continue
        encoded = {key: value.encode() for key, value in params.items()}
        if name == "content-disposition":
            kind = _FILE if encoded.get("filename") else _FIELD
        headers[name] = (value, encoded)
    return kind, headers, stretch[end + 4 :]


def _sanitized(filename: str) -> str | None:
    """MultiPartParser.sanitize_file_name: no path, no unprintable character; None for nothing, `.` or `..`."""
    name = html.unescape(filename).rsplit("/")[-1].rsplit("\\")[-1]
    name = "".join(char for char in name if char.isprintable())
    return None if name in {"", ".", ".."} else name


def _file_base64(body: bytes) -> bytes:
    """A base64 file as Django decodes it: whitespace dropped, whole quanta only; a remainder or bad data is an
    error (MultiPartParser._parse:300-340, one chunk here)."""
    stripped = b"".join(body.split())
    aligned = len(stripped) // 4 * 4
    if aligned != len(stripped):
        raise Problem(400, "Multipart form parse error - Could not decode base64 data.")
    try:
        return base64.b64decode(stripped)
    except binascii.Error:
        raise Problem(400, "Multipart form parse error - Could not decode base64 data.") from None
