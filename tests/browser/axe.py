"""axe-core, run in a browser page: the accessibility checks of the browser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = [
    ROOT / "src/fourpillars/static/build/axe.min.js",
    ROOT / "node_modules/axe-core/axe.min.js",
]


def serious_violations(page: object) -> list[dict[str, object]]:
    """Run axe-core in the page; return serious and critical violations (WCAG 2.x A/AA)."""
    return [v for v in violations(page) if v["impact"] in ("serious", "critical")]


def violations(page: object) -> list[dict[str, object]]:
    """Run axe-core in the page; return every violation of WCAG 2.x A/AA, of any impact."""
    axe = next((p for p in AXE if p.exists()), None)
    if axe is None:
        pytest.fail("axe-core is missing: run `npm ci && npm run build`")
    page.add_script_tag(path=str(axe))  # type: ignore[attr-defined]
    found: list[dict[str, object]] = page.evaluate(  # type: ignore[attr-defined]
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                help: v.help, targets: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return found
