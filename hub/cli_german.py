"""Typer's and Click's own texts in German ("Usage:", "Options", "No such command" …).

Typer 0.29 ships its own copy of Click (``typer._click``) whose texts are plain English
strings, not ``gettext`` look-ups, so no message catalogue reaches them. What the user sees
comes from four places, each set here through the extension point Typer/Click offer for it:
the rich help panel titles (``typer.rich_utils`` constants), the usage prefix (the context's
``formatter_class``), the ``--help`` option's text (the option object of each command), and
usage errors, which :func:`usage_error` turns into one German sentence by their type —
:func:`hub.cli.main` runs the app outside Click's standalone mode to print them itself.
"""

from __future__ import annotations

from typing import Any

HELP_TEXT = "Diese Hilfe anzeigen und beenden."

#: English fragments of Typer's own usage errors → German
_PHRASES = (
    ("No such command ", "Unbekannter Befehl "),
    (". Did you mean ", "; meinten Sie "),
    ("Did you mean ", "Meinten Sie "),
    ("Got unexpected extra argument(s) ", "Unerwartete zusätzliche Argumente "),
    ("No such option: ", "Unbekannte Option: "),
    ("Invalid value for ", "Ungültiger Wert für "),
    ("Missing command.", "Befehl fehlt."),
    (" requires an argument.", " braucht einen Wert."),
    (" does not take a value.", " nimmt keinen Wert."),
    (" is not a valid integer.", " ist keine ganze Zahl."),
    (" is not a valid float.", " ist keine Zahl."),
    (" is not a valid boolean.", " ist kein Wahrheitswert."),
    (" is not one of ", " ist keiner der Werte "),
)

_PARAM_TYPES = {"argument": "Argument", "option": "Option", "parameter": "Parameter"}


def german(text: str) -> str:
    for english, german_text in _PHRASES:
        text = text.replace(english, german_text)
    return text


def install() -> None:
    """Set Typer's panel titles and usage prefix to German (before any help is printed)."""
    from typer._click import core as click_core
    from typer._click.formatting import HelpFormatter

    class GermanFormatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, "Aufruf: " if prefix is None else prefix)

    click_core.Context.formatter_class = GermanFormatter
    try:  # Typer computes its panel titles once, at import; they need rich
        from typer import rich_utils
    except ImportError:
        return
    for constant, text in (
        ("ARGUMENTS_PANEL_TITLE", "Argumente"),
        ("OPTIONS_PANEL_TITLE", "Optionen"),
        ("COMMANDS_PANEL_TITLE", "Befehle"),
        ("ERRORS_PANEL_TITLE", "Fehler"),
        ("ABORTED_TEXT", "Abgebrochen."),
        ("DEFAULT_STRING", "[Standard: {}]"),
        ("REQUIRED_LONG_STRING", "[erforderlich]"),
        ("ENVVAR_STRING", "[Umgebungsvariable: {}]"),
        ("DEPRECATED_STRING", "(veraltet) "),
    ):
        setattr(rich_utils, constant, text)
    # the usage line is highlighted by its (now German) prefix
    highlighter = type(rich_utils.highlighter)
    highlighter.highlights = [p.replace("Usage: ", "Aufruf: ") for p in highlighter.highlights]


def german_help_option(command: Any, parent: Any = None) -> None:
    """Give ``command`` and every subcommand a ``--help`` option with German text."""
    ctx = command.context_class(command, info_name=command.name, parent=parent)
    option = command.get_help_option(ctx)  # created once per command, then reused
    if option is not None:
        option.help = HELP_TEXT
    for sub in getattr(command, "commands", {}).values():
        german_help_option(sub, ctx)


def usage_error(exc: Any) -> str:
    """One German sentence for a Typer/Click usage error, with where to find help."""
    from typer._click import exceptions

    if isinstance(exc, exceptions.MissingParameter):
        param = exc.param
        kind = _PARAM_TYPES.get(exc.param_type or (param.param_type_name if param else ""), "")
        hint = param.get_error_hint() if param is not None else ""
        message = f"{kind or 'Angabe'} {hint} fehlt.".replace("  ", " ")
    elif isinstance(exc, exceptions.NoSuchOption):
        message = f"Unbekannte Option {exc.option_name!r}."
        if exc.possibilities:
            message += f" Meinten Sie {', '.join(sorted(exc.possibilities))}?"
    else:
        message = german(exc.format_message())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and ctx.help_option_names:
        message += f" Hilfe: '{ctx.command_path} {ctx.help_option_names[0]}'."
    return message
