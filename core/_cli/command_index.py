"""The names and one-line help of the plugin commands, cached so `servex --help` need not load plugins.

Every command comes from a plugin, so listing them means importing pluggy, every plugin module and every
command module: most of the start-up time of `servex --help`. The list is stored next to the entry-point
cache (same key: interpreter, `sys.path` and its folders' times) together with the modification time of
each file it was read from (the plugin modules and the modules defining the commands), so editing a
command's docstring in a checkout, or installing a plugin, rebuilds it. A run whose plugins failed to load
writes nothing: its warnings must keep showing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from servex._plugins import Plugins

__all__ = ["cached_commands", "help_rows", "owner_of", "remember_commands"]

_GROUP, _KIND = "servex", "commands"


def _module_file(name: str) -> str | None:
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    return file if isinstance(file, str) else None


def _stamp(file: str) -> int | None:
    try:
        return os.stat(file).st_mtime_ns
    except OSError:
        return None


def _current() -> dict[str, Any] | None:
    """The stored index, or None when it is missing or stale."""
    from servex._entrypoints import read_cached

    data = read_cached(_GROUP, _KIND)
    if not isinstance(data, dict):
        return None
    try:
        if any(_stamp(file) != stamp for file, stamp in data["files"]):
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return data


def owner_of(name: str) -> str | None:
    """The plugin whose `servex_cli_commands` gives the command `name`, when the index is current: running
    a command then calls that plugin's hook only, instead of importing every plugin's commands."""
    data = _current()
    try:
        found = [c.get("plugin") for c in data["commands"] if c["name"] == name] if data else []
    except (KeyError, TypeError, AttributeError):
        return None
    return found[0] if len(found) == 1 and isinstance(found[0], str) else None


def cached_commands() -> list[click.Command] | None:
    """Stand-ins (name, help, flags) for the commands, or None when the cache is missing or stale."""
    data = _current()
    if data is None:
        return None
    try:
        return [
            click.Command(
                c["name"], help=c["help"], short_help=c["short_help"], hidden=c["hidden"], deprecated=c["deprecated"]
            )
            for c in data["commands"]
        ]
    except (KeyError, TypeError, ValueError):
        return None


def remember_commands(commands: Mapping[str, click.Command], plugins: Plugins, owners: Mapping[str, str]) -> None:
    """Store the commands' help for the next `servex --help`, unless a plugin failed or nothing changed."""
    from servex._entrypoints import read_cached, write_cached

    if plugins.failures:
        return
    modules = set(plugins.loaded_modules())
    modules.update(str(getattr(c.callback, "__module__", "")) for c in commands.values())
    files = sorted({f for f in map(_module_file, modules) if f})
    data: dict[str, Any] = {
        "files": [[file, _stamp(file)] for file in files],
        "commands": [{**_entry(name, command), "plugin": owners[name]} for name, command in sorted(commands.items())],
    }
    if read_cached(_GROUP, _KIND) != data:
        write_cached(_GROUP, _KIND, data)


def _entry(name: str, command: click.Command) -> dict[str, Any]:
    deprecated: Any = command.deprecated
    return {
        "name": name,
        "help": command.help,
        "short_help": command.short_help,
        "hidden": command.hidden,
        "deprecated": deprecated if isinstance(deprecated, bool | str) else bool(deprecated),
    }


def help_rows(commands: Iterable[click.Command], width: int) -> list[tuple[str, str]]:
    """The rows click prints under "Commands", from real commands or stand-ins alike."""
    shown = [c for c in commands if c.name and not c.hidden]
    if not shown:
        return []
    limit = width - 6 - max(len(c.name or "") for c in shown)
    return [(c.name or "", c.get_short_help_str(limit)) for c in shown]
