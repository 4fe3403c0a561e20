"""docs/deploy.md names only commands, options and settings that exist."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import typer

from hub.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deploy.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _command_lines() -> list[list[str]]:
    """Every ``regiohub …`` call in the shell blocks and unit files, as words."""
    text = "\n".join(_blocks("sh") + _blocks("ini")).replace("\\\n", " ")
    calls = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        # the command itself: first word of a line or of an ExecStart, not an argument
        found = re.search(r"(?:^|^ExecStart=\S*/bin/)regiohub (.*)", line)
        if found:
            calls.append(shlex.split(found.group(1).replace("%i", "8001")))
    return calls


def _resolve(words: list[str]) -> tuple[Any, list[str]]:
    """The click command the words name, and the words after it."""
    command: Any = typer.main.get_command(app)
    rest = list(words)
    while rest and hasattr(command, "commands") and rest[0] in command.commands:
        command = command.commands[rest.pop(0)]
    return command, rest


def test_every_regiohub_command_in_the_doc_exists_with_its_options() -> None:
    calls = _command_lines()
    assert len(calls) >= 6  # store migrate/copy, reindex, flows deploy, serve …
    named = set()
    for words in calls:
        command, rest = _resolve(words)
        assert not hasattr(command, "commands"), f"regiohub {' '.join(words)}: no such command"
        named.add(command.name)
        options = {opt for param in command.params for opt in param.opts}
        for word in rest:
            if word.startswith("--"):
                assert word.split("=")[0] in options, f"regiohub {' '.join(words)}: {word}?"
    assert {"migrate", "copy", "reindex", "deploy", "serve"} <= named


def test_every_setting_in_the_doc_is_read_by_the_code() -> None:
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("hub", "flows", "search_api")
        for path in (ROOT / folder).rglob("*.py")
    )
    named = set(re.findall(r"\bREGIOHUB_[A-Z_]+\b", DOC.read_text(encoding="utf-8")))
    assert {"REGIOHUB_STORE", "REGIOHUB_INDEX", "REGIOHUB_ADMIN_TOKEN"} <= named
    unknown = sorted(name for name in named if name not in code)
    assert not unknown, f"docs/deploy.md names settings nothing reads: {unknown}"


def test_unit_files_are_complete() -> None:
    units = _blocks("ini")
    assert len(units) == 3
    for text in units:
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str  # type: ignore[assignment,method-assign]
        unit.read_string(text)
        assert {"Unit", "Service", "Install"} <= set(unit.sections())
        assert unit["Service"]["ExecStart"].startswith("/opt/regiohub/bin/")
        assert unit["Service"].get("User") == "regiohub"
