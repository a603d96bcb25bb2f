"""axe-core, run in a browser page: the accessibility checks of the browser tests.

Every rule of WCAG 2.0, 2.1 and 2.2 at levels A and AA runs, and axe's best practices too
(among them "region": every part of a page is inside a landmark). A violation of any impact
fails a test; no rule is turned off.

One known finding is set aside, narrowly: ``aria-allowed-attr`` on a GOV.UK radio that
conditionally reveals a question, for its ``aria-expanded`` alone. GOV.UK Frontend sets it on
purpose (alphagov/govuk-frontend issue 979, a documented known issue: screen readers announce
the revealed question, which its research found users need); any other attribute, on any other
element, still fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "src/fourpillars/static/build/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page: object) -> list[dict[str, object]]:
    """Run axe-core in the page (WCAG 2.x A and AA, and best practices); return every
    violation, whatever its impact."""
    loaded = page.evaluate("() => typeof window.axe !== 'undefined'")  # type: ignore[attr-defined]
    if not loaded:
        if not AXE.exists():
            pytest.fail("axe-core is missing: run `npm ci && npm run build`")
        # From the site itself: the Content-Security-Policy refuses inline script.
        page.add_script_tag(url="/static/build/axe.min.js")  # type: ignore[attr-defined]
    found: list[dict[str, object]] = page.evaluate(  # type: ignore[attr-defined]
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations']});
            const govukReveal = (v, n) => v.id === 'aria-allowed-attr'
                && n.html.includes('govuk-radios__input')
                && [...n.any, ...n.all, ...n.none].every(c =>
                    [].concat((c.data && c.data.values) || c.data || [])
                        .every(d => String(d).startsWith('aria-expanded')));
            return result.violations
                .map(v => ({...v, nodes: v.nodes.filter(n => !govukReveal(v, n))}))
                .filter(v => v.nodes.length > 0)
                .map(v => ({id: v.id, impact: v.impact,
                    help: v.help, targets: v.nodes.map(n => n.target.join(' '))}));
        }""",
        TAGS,
    )
    return found
