"""What every result object shares: its text summary is its repr, and renders as preformatted text in Jupyter."""

from __future__ import annotations

import html


class Summarized:
    """Mixin for result classes that define ``summary()``; dataclasses using it need ``repr=False``."""

    def summary(self) -> str:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary()) + "</pre>"
