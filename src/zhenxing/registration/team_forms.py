"""The forms of teams (双人/三人赛项): forming or changing one, and an entry's choice of team."""

from __future__ import annotations

from django import forms
from django.db.models import Count

from .models import Delegation, Entry, Team
from .teams import NAME_MAX, NO_TEAM, completeness

NEW = "new"


class TeamForm(forms.Form):
    """A team's name and members, chosen among the delegation's entries in the event that are in
    no other team."""

    name = forms.CharField(label="队名", max_length=NAME_MAX)
    members = forms.MultipleChoiceField(
        label="队员", widget=forms.CheckboxSelectMultiple, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, delegation: Delegation, event, team: Team | None = None, **kwargs):
        if team is not None:  # a bound form (a POST) ignores it
            members = [str(pk) for pk in team.members.values_list("pk", flat=True)]
            kwargs["initial"] = {"name": team.name, "members": members, "version": team.version}
        super().__init__(*args, **kwargs)
        entries = delegation.entries.filter(event=event).select_related("person", "team")
        entries = entries.order_by("id")
        own = getattr(team, "pk", None)
        self.fields["members"].choices = [
            (str(e.pk), f"{e.person.name}（{e.get_status_display()}）")
            for e in entries
            if e.team_id in (None, own)
        ]
        self.elsewhere = [e for e in entries if e.team_id not in (None, own)]
        self.fields["members"].help_text = (
            f"每队 {event.team_size} 人；选手须先在本代表队报名该项目。人未到齐也可先组队，"
            "队满且全部审核通过后才能参加决赛。"
        )


class TeamPickForm(forms.Form):
    """On the entry form of an edition with team events: the team the entry is in."""

    team = forms.ChoiceField(label="参赛队（双人/三人赛项）", required=False)
    team_name = forms.CharField(
        label="新队名",
        max_length=NAME_MAX,
        required=False,
        help_text="选择“新建队伍”时填写；单人赛项不用填写以上两项",
    )

    def __init__(self, *args, delegation: Delegation, entry: Entry | None = None, **kwargs):
        if entry is not None:
            kwargs["initial"] = {"team": str(entry.team_id or "")}
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(delegation=delegation).select_related("event__occupation")
        self._teams = {str(t.pk): t for t in teams}
        counts = {
            str(pk): n
            for pk, n in Entry.objects.filter(team__in=teams)
            .values_list("team")
            .annotate(n=Count("id"))
        }
        self.fields["team"].choices = [
            (NO_TEAM, "不组队（或稍后组队）"),
            *[
                (pk, f"{t.name}（{t.event}，{completeness(t.event.team_size, counts.get(pk, 0))}）")
                for pk, t in self._teams.items()
            ],
            (NEW, "新建队伍"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("team") == NEW and not (data.get("team_name") or "").strip():
            self.add_error("team_name", "选择了“新建队伍”，请填写队名")
        return data

    def choice(self):
        """NO_TEAM, a Team, or ("new", name): what teams.save_entry_in_team takes."""
        picked = self.cleaned_data.get("team") or NO_TEAM
        if picked == NEW:
            return (NEW, self.cleaned_data["team_name"].strip())
        return self._teams.get(picked, NO_TEAM)
