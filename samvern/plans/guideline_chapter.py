"""How the plan was anchored and who was heard, for the plan document's foreword: the
steering group and a summary of the involvement of users, young people and children.

The steering group has no "name may be published" choice as the working group has, so
the public document names its members by position and organisation only; the document
for the plan's own people gives the names. Involvement never names anyone: it records
groups.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samvern.plans.models import PlanVersion


def steering_line(member: Any, *, public: bool) -> str:
    parts = [member.position, member.organisation]
    if not public:
        parts.insert(0, member.name)
    line = ", ".join(p for p in parts if p)
    if line and member.chairs:
        line += f" ({_('chair')})"
    return line


def context(version: PlanVersion, *, public: bool) -> dict[str, Any]:
    """What the document shows of the two steps, as plain values (the document cache's
    fingerprint reads them)."""
    steering = [steering_line(m, public=public) for m in version.steering_group.all()]
    return {
        "steering_group": [line for line in steering if line],
        "involvement_summary": [
            {
                "group": i.get_group_display(),
                "participants": i.participants,
                "method": i.method,
                "what_changed": i.what_changed,
            }
            for i in version.involvements.all()
        ],
    }


def add_to_docx(document: Any, ctx: dict[str, Any]) -> None:
    """The steering group and the involvement summary under the foreword, when recorded."""
    if ctx["steering_group"]:
        document.add_heading(_("Steering group (administrative anchoring)"), 2)
        for line in ctx["steering_group"]:
            document.add_paragraph(line, style="List Bullet")
    if ctx["involvement_summary"]:
        document.add_heading(_("Involvement of users, young people and children"), 2)
        for item in ctx["involvement_summary"]:
            who = item["group"]
            if item["participants"]:
                who = _("%(group)s (%(participants)s)") % {
                    "group": who,
                    "participants": item["participants"],
                }
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(who).bold = True
            for label, text in (
                (_("How"), item["method"]),
                (_("What it changed in the plan"), item["what_changed"]),
            ):
                if text:
                    paragraph.add_run(f" {label}: {text}")
