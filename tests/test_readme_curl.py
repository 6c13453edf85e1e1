"""Every curl line of the README, run by curl itself against a live mock, gets what the README says.

curl sends what the README shows byte for byte (the Persian search term raw, not percent-encoded), so this is
the reader's own experience. Each shell block runs as one script (the cookie jar and `$T` carry over); each curl
line gets `-o` and `-w` appended so its body, status and exit code can be judged.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mockserver.settings import Settings
from mockserver.testing import running_mock

README = Path(__file__).resolve().parents[1] / "README.md"

# What the README says a line gets, keyed by a piece of the line; any other line: 2xx and a JSON body.
EXPECTED: dict[str, tuple[int, str]] = {
    "Prefer: code=404": (0, "404"),
    "Prefer: fault=drop": (52, "000"),  # curl: "Empty reply from server"
    "Prefer: fault=malformed": (0, "200"),
}


def _commands(block: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", block)
    return [line.split("  #")[0].strip() for line in joined.splitlines() if line.strip()]


def _blocks() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return [_commands(block) for block in blocks if re.search(r"^curl ", block, flags=re.M)]


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_every_readme_curl_line_gets_what_the_readme_says(tmp_path: Path) -> None:
    blocks = _blocks()
    assert sum(len(block) for block in blocks) >= 9, "the README's curl lines went missing"
    with running_mock(Settings(port=0)) as url:
        port = url.rsplit(":", 1)[1]
        for number, block in enumerate(blocks):
            script, checks = ["cd " + str(tmp_path)], []
            for index, command in enumerate(block):
                command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace(
                    "localhost:8000", f"127.0.0.1:{port}"
                )
                if command.startswith("curl "):
                    name = f"{number}_{index}"
                    script.append(f"{command} -o out_{name} -w '%{{http_code}}' > code_{name}; echo $? > rc_{name}")
                    checks.append((name, command))
                else:
                    script.append(command)
            subprocess.run(["bash", "-c", "\n".join(script)], check=True, timeout=60)
            for name, command in checks:
                rc = int((tmp_path / f"rc_{name}").read_text())
                code = (tmp_path / f"code_{name}").read_text()
                wanted = next((value for key, value in EXPECTED.items() if key in command), None)
                if wanted is not None:
                    assert (rc, code) == wanted, command
                    continue
                assert rc == 0, f"{command}: curl exit {rc}"
                assert code.startswith("2"), f"{command}: HTTP {code}"
                _json(tmp_path / f"out_{name}")  # a JSON answer, whole
            if "search=علی" in block[0]:
                page = _json(tmp_path / "out_0_0")
                assert page["results"], "the README's search finds contacts"
                fields = ("first_name", "last_name", "subject", "email", "mobile_number")
                assert all(any("علی" in str(item[f] or "") for f in fields) for item in page["results"])
        truncated = [
            path
            for path in tmp_path.glob("out_*")
            if path.read_bytes().startswith(b"{") and not _parses(path.read_bytes())
        ]
        assert truncated, "Prefer: fault=malformed gives truncated JSON"


def _parses(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return False
    return True
