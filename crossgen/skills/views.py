from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from crossgen.skills import services
from crossgen.skills.models import Skill, SkillCategory, SkillSide
from crossgen.skills.services import SkillError
from crossgen.tenancy.access import TenantRequest, admin_required
from crossgen.tenancy.models import Organization


class SkillForm(forms.Form):
    name = forms.CharField(max_length=120)
    category = forms.ModelChoiceField(queryset=SkillCategory.objects.none())
    side = forms.ChoiceField(choices=SkillSide.choices, initial=SkillSide.BOTH)
    aliases = forms.CharField(
        required=False, max_length=500, help_text="Other names people use, separated by commas."
    )
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, data: QueryDict | None, *, organization: Organization) -> None:
        super().__init__(data)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = SkillCategory.objects.for_org(organization)


@admin_required
def skill_list(request: TenantRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    skills = Skill.objects.for_org(request.organization).select_related("category")
    if query:
        skills = skills.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    categories = SkillCategory.objects.for_org(request.organization).annotate(n=Count("skills"))
    grouped: dict[str, list[Skill]] = {}
    for skill in skills.order_by("category__name", "name"):
        grouped.setdefault(skill.category.name, []).append(skill)
    return render(
        request,
        "skills/list.html",
        {
            "grouped": grouped,
            "query": query,
            "categories": categories,
            "total": sum(len(v) for v in grouped.values()),
        },
    )


@admin_required
def skill_create_view(request: TenantRequest) -> HttpResponse:
    form = SkillForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            skill = services.skill_create(
                organization=request.organization,
                actor=request.user,
                name=data["name"],
                category=data["category"],
                description=data["description"],
                aliases=data["aliases"].split(","),
                side=data["side"],
            )
        except SkillError as error:
            for field, problem in error.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, f'Added "{skill.name}".')
            return redirect("settings:skills")
    return render(request, "skills/create.html", {"form": form})
