"""Loading plugins, and the typed facade the rest of the core calls.

Plugins come from the `servex` entry-point group; the built-in ones are registered there too, so they
prove the public hooks are enough. A plugin that fails to import, declares an incompatible API, or
raises inside a registration hook is recorded as a :class:`PluginFailure` and skipped, unless the
caller asked for strictness. Core code never touches `pm.hook` directly: it calls :class:`Plugins`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy
from servex import _hookspecs
from servex._clashes import Clash
from servex._entrypoints import FoundEntryPoint, find_entry_points
from servex._errors import PluginError
from servex._hookcheck import unknown_hooks
from servex._record import frozen, record

if TYPE_CHECKING:  # loaded when a command asks for contributions, not for `servex --help`
    from servex._contributions import Collector, Evaluator, ReportFormat
    from servex._runconfig import RunConfig

__all__ = ["PLUGIN_API_VERSION", "PluginFailure", "PluginInfo", "Plugins", "load_plugins"]

PLUGIN_API_VERSION = "1.1"  # 1.1: servex_configure
ENTRY_POINT_GROUP = "servex"
T = TypeVar("T")


@frozen
class PluginFailure:
    name: str
    error: str
    distribution: str = ""


@record
class PluginInfo:
    name: str
    version: str
    distribution: str
    module: str
    contributes: dict[str, list[str]] = field(default_factory=dict)
    overrides: list[str] = field(default_factory=list)  #: plugins whose clashing names this one wins


def disabled_from_env() -> set[str]:
    raw = os.environ.get("SERVEX_DISABLE_PLUGINS", "")
    return {part.strip() for part in raw.split(",") if part.strip()}


def _api_compatible(plugin: object) -> str | None:
    """None when the plugin accepts this API; otherwise why not."""
    wanted = getattr(plugin, "servex_api", None)
    if wanted is None:
        return None
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        if PLUGIN_API_VERSION in SpecifierSet(str(wanted)):
            return None
    except InvalidSpecifier:
        return f"declares an invalid servex_api specifier {wanted!r}"
    return f"needs servex plugin API {wanted}, this servex provides {PLUGIN_API_VERSION}"


class Plugins:
    """Typed access to what the loaded plugins contribute. Results are computed once and kept."""

    def __init__(self, pm: pluggy.PluginManager, infos: dict[str, PluginInfo], strict: bool) -> None:
        self._pm = pm
        self._infos = infos
        self._strict = strict
        self.failures: list[PluginFailure] = []
        self._cache: dict[str, Any] = {}
        self.clashes: list[Clash] = []
        self._clashed_names: set[tuple[str, str]] = set()

    # -- registration hooks, called one plugin at a time so one bad plugin cannot hide the others
    def _gather(self, hook_name: str) -> list[tuple[str, Any]]:
        if hook_name in self._cache:
            return list(self._cache[hook_name])
        gathered: list[tuple[str, Any]] = []
        hook = getattr(self._pm.hook, hook_name)
        for impl in sorted(hook.get_hookimpls(), key=lambda i: i.plugin_name):
            gathered += self._call(hook_name, impl)
        self._cache[hook_name] = gathered
        return list(gathered)

    def _call(self, hook_name: str, impl: Any) -> list[tuple[str, Any]]:
        try:
            return [(impl.plugin_name, item) for item in impl.function() or ()]
        except Exception as exc:  # a plugin's bug must not take servex down
            failure = PluginFailure(impl.plugin_name, f"{hook_name} raised {type(exc).__name__}: {exc}")
            if self._strict:
                raise PluginError(f"plugin {failure.name}: {failure.error}") from exc
            self.failures.append(failure)
            return []

    def _named(self, hook_name: str, kind: type[T], key: Callable[[T], str]) -> dict[str, T]:
        found: dict[str, T] = {}
        owners: dict[str, str] = {}
        for plugin, item in self._gather(hook_name):
            if not isinstance(item, kind):
                self._fail(plugin, f"{hook_name} returned {type(item).__name__}, expected {kind.__name__}")
                continue
            name = key(item)
            if name in found and not self.clash_keeps_second(kind.__name__.lower(), name, owners[name], plugin):
                continue
            found[name], owners[name] = item, plugin
        for name in [n for n in found if (kind.__name__.lower(), n) in self._clashed_names]:
            del found[name]
        for name, plugin in owners.items():
            if name in found:
                self._infos[plugin].contributes.setdefault(hook_name.removeprefix("servex_"), []).append(name)
        return dict(sorted(found.items()))

    def clash_keeps_second(self, what: str, name: str, first: str, second: str) -> bool:
        """Two plugins contribute `name`: True when `second` declared it overrides `first`.

        Otherwise the clash is recorded (both plugins fail; see :mod:`servex._clashes`) and False.
        """
        from servex._clashes import Clash, override_winner

        winner = override_winner((first, self._pm.get_plugin(first)), (second, self._pm.get_plugin(second)))
        if winner is not None:
            return winner == second
        dist = {p: self._infos[p].distribution if p in self._infos else "?" for p in (first, second)}
        clash = Clash(what, name, first, dist[first], second, dist[second])
        self.clashes.append(clash)
        self._clashed_names.add((what, name))
        for plugin in (first, second):
            self._fail(plugin, clash.message(), dist[plugin])
        return False

    def clashing_plugins(self) -> set[str]:
        return {p for c in self.clashes for p in (c.first, c.second)}

    def raise_clashes(self) -> None:
        """Exit 4 when two plugins contribute one name (forces every registration hook first)."""
        self.collectors(), self.evaluators(), self.report_formats()
        if self.clashes:
            raise PluginError("\n".join(dict.fromkeys(c.message() for c in self.clashes)))

    def _fail(self, plugin: str, error: str, distribution: str = "") -> None:
        if self._strict:
            raise PluginError(f"plugin {plugin}: {error}")
        self.failures.append(PluginFailure(plugin, error, distribution))

    def collectors(self) -> dict[str, Collector]:
        from servex._contributions import Collector

        return self._memo("collectors", lambda: self._named("servex_collectors", Collector, lambda c: c.name))

    def evaluators(self) -> dict[str, Evaluator]:
        from servex._contributions import Evaluator

        return self._memo("evaluators", lambda: self._named("servex_evaluators", Evaluator, lambda e: e.type))

    def report_formats(self) -> dict[str, ReportFormat]:
        from servex._contributions import ReportFormat

        return self._memo(
            "report_formats", lambda: self._named("servex_report_formats", ReportFormat, lambda r: r.name)
        )

    def criteria_set_paths(self) -> list[tuple[str, Path]]:
        return self._memo(
            "criteria_paths", lambda: [(p, Path(item)) for p, item in self._gather("servex_criteria_sets")]
        )

    def kpi_definitions(self) -> list[tuple[str, Path | Mapping[str, Any]]]:
        def load() -> list[tuple[str, Path | Mapping[str, Any]]]:
            return [
                (p, item if isinstance(item, Mapping) else Path(item))
                for p, item in self._gather("servex_kpi_definitions")
            ]

        return self._memo("kpis", load)

    def crosswalk_paths(self) -> list[tuple[str, Path]]:
        return self._memo("crosswalks", lambda: [(p, Path(item)) for p, item in self._gather("servex_crosswalks")])

    def profile_paths(self) -> list[tuple[str, Path]]:
        return self._memo("profiles", lambda: [(p, Path(item)) for p, item in self._gather("servex_profiles")])

    def cli_commands(self) -> list[tuple[str, Any]]:
        return self._gather("servex_cli_commands")

    def cli_commands_of(self, plugin: str) -> list[tuple[str, Any]]:
        """One plugin's commands, calling that plugin's hook only (running one command need not import
        every plugin's commands)."""
        if "servex_cli_commands" in self._cache:
            return [found for found in self._cache["servex_cli_commands"] if found[0] == plugin]
        impls = [i for i in self._pm.hook.servex_cli_commands.get_hookimpls() if i.plugin_name == plugin]
        return [found for impl in impls for found in self._call("servex_cli_commands", impl)]

    def _memo(self, key: str, compute: Callable[[], T]) -> T:
        memo_key = "__" + key
        if memo_key not in self._cache:
            self._cache[memo_key] = compute()
        value: T = self._cache[memo_key]
        return value

    def configure(self, config: RunConfig) -> None:
        """Call `servex_configure` plugin by plugin; a plugin's own refusal keeps its exit code (3), any
        other exception is that plugin's failure (exit 4, naming it)."""
        from servex._errors import ServexError

        hook = self._pm.hook.servex_configure
        for impl in sorted(hook.get_hookimpls(), key=lambda i: i.plugin_name):
            try:
                impl.function(**{name: config for name in impl.argnames if name == "config"})
            except ServexError:
                raise
            except Exception as exc:
                raise PluginError(
                    f"plugin {impl.plugin_name}: servex_configure raised {type(exc).__name__}: {exc}"
                ) from exc

    def describe(self) -> list[PluginInfo]:
        """Every loaded plugin with what it contributes (forces all registration hooks)."""
        self.collectors(), self.evaluators(), self.report_formats()
        hooks = (
            ("servex_criteria_sets", "criteria_sets"),
            ("servex_kpi_definitions", "kpi_definitions"),
            ("servex_crosswalks", "crosswalks"),
            ("servex_profiles", "profiles"),
        )
        for hook, kind in hooks:
            seen: dict[str, list[str]] = {}
            for plugin, item in self._gather(hook):
                label = Path(item).name if not isinstance(item, Mapping) else str(item.get("id", "?"))
                seen.setdefault(plugin, []).append(label)
            for plugin, labels in seen.items():
                self._infos[plugin].contributes[kind] = sorted(labels)
        for plugin, command in self.cli_commands():
            self._infos[plugin].contributes.setdefault("cli_commands", []).append(getattr(command, "name", "?"))
        return [self._infos[name] for name in sorted(self._infos)]

    def loaded_modules(self) -> list[str]:
        """The module of every registered plugin, without calling any registration hook."""
        return sorted({info.module for info in self._infos.values()})

    def versions(self) -> list[dict[str, str]]:
        return [
            {"name": info.name, "version": info.version, "distribution": info.distribution}
            for info in sorted(self._infos.values(), key=lambda i: i.name)
        ]


def _entry_points() -> Iterator[FoundEntryPoint]:
    yield from find_entry_points(ENTRY_POINT_GROUP)


def load_plugins(
    *,
    disabled: Iterable[str] = (),
    strict: bool = False,
    extra: Iterable[tuple[str, object]] = (),
    entry_points: bool = True,
) -> Plugins:
    """Discover, check and register plugins.

    `extra` registers in-memory plugins (name, module or object), which is how tests and embedding
    applications add plugins without installing a distribution.
    """
    pm = pluggy.PluginManager("servex")
    pm.add_hookspecs(_hookspecs)
    off = set(disabled) | disabled_from_env()
    infos: dict[str, PluginInfo] = {}
    failures: list[PluginFailure] = []

    def register(name: str, plugin: object, version: str, dist: str) -> None:
        problem = _api_compatible(plugin) or "; ".join(unknown_hooks(plugin, _hookspecs)) or None
        if problem is None and pm.is_registered(plugin):  # pluggy's own message dumps every plugin
            problem = f"already loaded as plugin {pm.get_name(plugin)!r}"
        if problem is None:
            try:
                pm.register(plugin, name=name)
            except Exception as exc:
                problem = f"could not register: {type(exc).__name__}: {exc}"
        if problem is not None:
            if strict:
                raise PluginError(f"plugin {name} ({dist}): {problem}")
            failures.append(PluginFailure(name, problem, dist))
            return
        module = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__module__
        from servex._clashes import declared_overrides

        infos[name] = PluginInfo(name, version, dist, module, overrides=sorted(declared_overrides(plugin)))

    if entry_points:
        for ep in _entry_points():
            if ep.name in off:
                continue
            dist_name, dist_version = ep.dist_name, ep.dist_version
            try:
                plugin = ep.load()
            except Exception as exc:
                if strict:
                    raise PluginError(f"plugin {ep.name} ({dist_name}) failed to import: {exc}") from exc
                failures.append(PluginFailure(ep.name, f"failed to import: {type(exc).__name__}: {exc}", dist_name))
                continue
            register(ep.name, plugin, dist_version, dist_name)
    for name, plugin in extra:
        if name not in off:
            register(name, plugin, str(getattr(plugin, "__version__", "")), "(in-process)")
    plugins = Plugins(pm, infos, strict)
    plugins.failures.extend(failures)
    return plugins
