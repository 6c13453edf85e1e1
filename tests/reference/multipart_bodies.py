"""Multipart bodies as browsers write them and as hand-made clients get them wrong, for the random twins: parts
whose separators, headers, line ends, transfer encodings and file names vary, and bodies cut short. Django's
MultiPartParser has its own answer to each (mockserver/multipart.py); the twins check the mock gives the same."""

from __future__ import annotations

from hypothesis import strategies as st

BOUNDARY = "hamtaXyZ"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
_SEPARATOR = b"--" + BOUNDARY.encode()

_LINE_ENDS = st.sampled_from([b"\r\n", b"\r\n", b"\r\n", b"\n", b"", b" \r\n"])
_HEADER_ENDS = st.sampled_from([b"\r\n\r\n", b"\r\n\r\n", b"\r\n\r\n", b"\n\n", b"\r\n"])
_FILENAMES = st.sampled_from(
    [
        b"a.pdf",
        b"",
        b"C:\\docs\\a.pdf",
        b"../../a.pdf",
        b".",
        b"a\tb.pdf",
        b"&#97;.pdf",
        "فاکتور.pdf".encode(),
        "é.pdf".encode("latin-1"),
        b"a;b.pdf",
        b"run.exe",
    ]
)
_VALUES = st.sampled_from(
    [b"2", b"Sara", b"sara@shop.example", "سلام".encode(), b"", b"  x  ", b"Mg==", b"U2FyYQ==", b"caf=C3=A9", b"a\x00b"]
)


@st.composite
def _disposition(draw: st.DrawFn, names: list[str]) -> bytes:
    name = draw(st.sampled_from(names)).encode()
    kind = draw(st.sampled_from([b"form-data", b"form-data", b"FORM-DATA", b"attachment"]))
    spelled = draw(
        st.sampled_from([b'name="%s"', b"name=%s", b'NAME="%s"', b"name*=UTF-8''%s", b'name = "%s"', b"title=%s"])
    )
    line = b"Content-Disposition: " + kind + b"; " + (spelled % name)
    if draw(st.booleans()):
        line += b'; filename="' + draw(_FILENAMES) + b'"'
    if draw(st.integers(0, 5)) == 0:
        line = line.replace(b"; ", b";\r\n ", 1)  # obsolete folding: Django does not unfold
    return line


@st.composite
def _part(draw: st.DrawFn, names: list[str]) -> bytes:
    headers = [draw(_disposition(names))] if draw(st.integers(0, 9)) else []
    extra = st.sampled_from(
        [
            b"Content-Type: application/pdf",
            b"Content-Type: text/plain; charset=latin-1",
            b"Content-Transfer-Encoding: base64",
            b"Content-Transfer-Encoding: BASE64",
            b"Content-Transfer-Encoding: quoted-printable",
            b"X-Pad: " + b"p" * 1100,
            b"no colon here",
            b"X-Latin: \xe9",
        ]
    )
    headers += draw(st.lists(extra, max_size=2))
    order = draw(st.permutations(headers))
    return b"\r\n".join(order) + draw(_HEADER_ENDS) + draw(_VALUES)


@st.composite
def multipart_bodies(draw: st.DrawFn, names: list[str]) -> bytes:
    """A body of a few parts naming fields of `names`, each after a separator and its line end; a preamble at
    times, and a closing separator, one without its line end, or none."""
    body = draw(st.sampled_from([b"", b"", b"preamble\r\n", b"junk"]))
    for part in draw(st.lists(_part(names), min_size=1, max_size=4)):
        body += _SEPARATOR + draw(_LINE_ENDS) + part + draw(st.sampled_from([b"\r\n", b"\r\n", b"\n", b""]))
    return body + draw(st.sampled_from([_SEPARATOR + b"--\r\n", _SEPARATOR + b"--\r\n", _SEPARATOR + b"--", b""]))


def _field(name: str, value: bytes, headers: bytes = b"", filename: bytes | None = None) -> bytes:
    disposition = b'Content-Disposition: form-data; name="' + name.encode() + b'"'
    if filename is not None:
        disposition += b'; filename="' + filename + b'"'
    return _SEPARATOR + b"\r\n" + disposition + b"\r\n" + headers + b"\r\n" + value + b"\r\n"


_END = _SEPARATOR + b"--\r\n"


def cases(field: str) -> dict[str, bytes]:
    """One body for each rule of Django's multipart reading (mockserver/multipart.py) that a mail reader breaks,
    with `field` (a text field the form requires) as the part that shows it."""
    return {
        "well formed": _field(field, "سلام".encode()) + _END,
        "LF line ends": (_field(field, b"abc") + _END).replace(b"\r\n", b"\n"),
        "folded header": _field(field, b"abc").replace(b"; name", b";\r\n name") + _END,
        "quoted-printable": _field(field, b"caf=C3=A9", b"Content-Transfer-Encoding: quoted-printable\r\n") + _END,
        "base64": _field(field, b"U2FyYQ==", b"Content-Transfer-Encoding: base64\r\n") + _END,
        "header over 1 KiB": _field(field, b"abc", b"X-Pad: " + b"p" * 1100 + b"\r\n") + _END,
        "non-UTF-8 header line": _field(field, b"abc").replace(b'name="', b'name="\xe9') + _END,
        "empty filename": _field(field, b"abc", filename=b"") + _END,
        "file, body cut after it": _field(field, b"abc", filename=b"a.pdf"),
        "file, closing separator": _field(field, b"abc", filename=b"a.pdf") + _END,
        "preamble with a part's headers": b'Content-Disposition: form-data; name="'
        + field.encode()
        + b'"\r\n\r\nx'
        + b"\r\n"
        + _END,
        "separator inside a line": _field(field, b"abc" + _SEPARATOR + b"def") + _END,
    }
