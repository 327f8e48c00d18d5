"""The command palette's opstui commands, one for every key binding of the app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from opstui.ui.app import OpsApp


class OpsCommands(Provider):
    """Every action bound to a key in ``OpsApp.BINDINGS``, findable by name in ctrl+p."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Awaitable[Any]]]]:
        app: OpsApp = self.app  # type: ignore[assignment]
        return app.palette_commands()

    async def discover(self) -> Hits:
        """All commands, shown when the palette opens."""
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches ``query``."""
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action,
                          help=help_text)
