"""Two plugins contributing one name (collector, requirement type, report format, criteria-set id).

Keeping the first and quietly failing the second let one plugin's evaluator grade the other's
criteria. Now both lose the name, both are reported with their distributions, and an assessment
stops with exit 4, unless one of them declares that it overrides the other with a module (or object)
attribute ``servex_overrides = ["other-plugin-name"]``. docs/plugins.md ("Name clashes") documents it.
"""

from __future__ import annotations

from typing import Any

from servex._record import frozen

__all__ = ["Clash", "declared_overrides", "override_winner"]


@frozen
class Clash:
    """One name contributed by two plugins, neither declaring it overrides the other."""

    what: str  # collector | evaluator | report format | criteria set
    name: str
    first: str
    first_dist: str
    second: str
    second_dist: str

    def message(self) -> str:
        return (
            f"{self.what} {self.name!r} is provided by both plugin {self.first} (distribution {self.first_dist}) "
            f"and plugin {self.second} (distribution {self.second_dist}); neither is used. Uninstall or disable "
            f"one, or declare servex_overrides = [{self.first!r}] in the plugin that should win"
        )


def declared_overrides(plugin: Any) -> set[str]:
    """The plugin names this plugin says it overrides (`servex_overrides`, a string or a list)."""
    raw = getattr(plugin, "servex_overrides", ()) if plugin is not None else ()
    if isinstance(raw, str):
        return {raw}
    return {str(item) for item in raw or ()}


def override_winner(first: tuple[str, Any], second: tuple[str, Any]) -> str | None:
    """The name of the plugin that declared it overrides the other, or None (a real clash).

    `first` and `second` are (plugin name, plugin object). Two plugins overriding each other clash.
    """
    first_wins = second[0] in declared_overrides(first[1])
    second_wins = first[0] in declared_overrides(second[1])
    if first_wins != second_wins:
        return first[0] if first_wins else second[0]
    return None
