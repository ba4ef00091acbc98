"""Small builders for meeting tests: branches and meetings written straight through the ORM."""

from __future__ import annotations

from datetime import date

from desktop.models import Branch, Meeting


def add_branch(ws, name="和平社区党支部", kind="community", established=date(2000, 1, 1), committee=True,
               groups=2, full=20, archived=False) -> int:
    from datetime import datetime

    with ws.write() as s:
        branch = Branch(name=name, branch_kind=kind, established_on=established, has_committee=committee,
                        party_groups=groups, full_members=full, probationary_members=0,
                        archived_at=datetime(2026, 1, 1) if archived else None)
        s.add(branch)
        s.flush()
        return branch.id


def add_meeting(ws, branch_id, meeting_type, held_on, topic="", expected=None, attended=None) -> int:
    with ws.write() as s:
        meeting = Meeting(branch_id=branch_id, meeting_type=meeting_type, held_on=held_on, topic=topic,
                          expected=expected, attended=attended)
        s.add(meeting)
        s.flush()
        return meeting.id
