"""Films and partners go through the same sign-off as pages.

The "Sign-off" workflow (one task, "Sign-off by a publisher") is assigned to the
film and partner snippet types, so an editor's new or changed film or partner
reaches a publisher instead of waiting, unseen, as a draft. Publishers can lock
and unlock partners (a partner in sign-off is locked to everyone but them, as
films and pages are); editors never hold the publish permission on either, so
submitting is the only way their changes go live.
"""

from django.db import migrations

SNIPPET_MODELS = ("film", "partner")
PUBLISHER_PERMISSIONS = [
    ("film", "publish"),
    ("film", "lock"),
    ("film", "unlock"),
    ("partner", "publish"),
    ("partner", "lock"),
    ("partner", "unlock"),
]


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="home", model=model)[0]


def _permission(apps, model, action):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get_or_create(
        content_type=_content_type(apps, model),
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )[0]


def _sign_off_workflow(apps):
    """The workflow pages use (assigned at the root of the page tree), or failing that
    the one migration 0002 made."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    at_root = WorkflowPage.objects.filter(page__depth=1).select_related("workflow").first()
    if at_root is not None:
        return at_root.workflow
    return Workflow.objects.filter(name="Sign-off").first()


def sign_off_films_and_partners(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflow = _sign_off_workflow(apps)
    if workflow is not None:
        for model in SNIPPET_MODELS:
            WorkflowContentType.objects.update_or_create(
                content_type=_content_type(apps, model), defaults={"workflow": workflow}
            )

    publishers = Group.objects.filter(name="Publishers").first()
    if publishers is not None:
        publishers.permissions.add(
            *(_permission(apps, model, action) for model, action in PUBLISHER_PERMISSIONS)
        )
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *(_permission(apps, model, "publish") for model in SNIPPET_MODELS)
        )


def undo(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="home", content_type__model__in=SNIPPET_MODELS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_partner_locking"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(sign_off_films_and_partners, undo)]
