"""The print controls start on the paper of the computer's country."""

from __future__ import annotations

from typing import Any

import pytest


def test_the_today_page_offers_the_countrys_paper_first(
    ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classroom_desktop.ui.pages.today import TodayPage

    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    assert page.paper.currentText() == "Letter"
