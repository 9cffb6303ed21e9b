"""The two roles of the communications team, and the sign-off workflow.

Editors create and edit pages, images, documents, films and partners, and submit
pages for sign-off; they cannot publish. Publishers can do all of that, and also
approve, publish, unpublish and schedule, and edit the site settings, redirects
and promoted search results. Every page
goes through the "Sign-off" workflow: one approval by a publisher.

Wagtail's own first migrations create "Editors" and "Moderators" groups and a
"Moderators approval" workflow; these are reshaped rather than duplicated.
"""

from django.db import migrations

ROLE_NAMES = ("Editors", "Publishers")

# (app_label, model, codename)
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("home", "film", "add_film"),
    ("home", "film", "change_film"),
    ("home", "film", "view_film"),
    ("home", "partner", "add_partner"),
    ("home", "partner", "change_partner"),
    ("home", "partner", "view_partner"),
]
PUBLISHER_EXTRA_MODEL_PERMISSIONS = [
    ("wagtailimages", "image", "delete_image"),
    ("wagtaildocs", "document", "delete_document"),
    ("home", "film", "publish_film"),
    ("home", "film", "delete_film"),
    ("home", "film", "lock_film"),
    ("home", "film", "unlock_film"),
    ("home", "partner", "publish_partner"),
    ("home", "partner", "delete_partner"),
    ("home", "sitesettings", "change_sitesettings"),
    ("home", "sitesettings", "view_sitesettings"),
    ("wagtailredirects", "redirect", "add_redirect"),
    ("wagtailredirects", "redirect", "change_redirect"),
    ("wagtailredirects", "redirect", "delete_redirect"),
    ("wagtailsearchpromotions", "searchpromotion", "add_searchpromotion"),
    ("wagtailsearchpromotions", "searchpromotion", "change_searchpromotion"),
    ("wagtailsearchpromotions", "searchpromotion", "delete_searchpromotion"),
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
PUBLISHER_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    "Editors": [("wagtailimages", "image", c) for c in ("add_image", "change_image", "choose_image")]
    + [("wagtaildocs", "document", c) for c in ("add_document", "change_document", "choose_document")],
}
COLLECTION_PERMISSIONS["Publishers"] = [
    *COLLECTION_PERMISSIONS["Editors"],
    ("wagtailimages", "image", "delete_image"),
    ("wagtaildocs", "document", "delete_document"),
]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    action = codename.split("_", 1)[0]
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    if not Group.objects.filter(name="Publishers").exists():
        Group.objects.filter(name="Moderators").update(name="Publishers")
    editors, _ = Group.objects.get_or_create(name="Editors")
    publishers, _ = Group.objects.get_or_create(name="Publishers")

    editor_perms = [_permission(apps, *spec) for spec in EDITOR_MODEL_PERMISSIONS]
    publisher_perms = editor_perms + [
        _permission(apps, *spec) for spec in PUBLISHER_EXTRA_MODEL_PERMISSIONS
    ]
    editors.permissions.set(editor_perms)
    publishers.permissions.set(publisher_perms)

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for group, codenames in (
            (editors, EDITOR_PAGE_PERMISSIONS),
            (publishers, PUBLISHER_PAGE_PERMISSIONS),
        ):
            GroupPagePermission.objects.filter(group=group).delete()
            for codename in codenames:
                GroupPagePermission.objects.create(
                    group=group,
                    page=root_page,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for group in (editors, publishers):
            GroupCollectionPermission.objects.filter(group=group).delete()
            for spec in COLLECTION_PERMISSIONS[group.name]:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=_permission(apps, *spec)
                )

    _create_sign_off_workflow(apps, publishers, root_page)


def _create_sign_off_workflow(apps, publishers, root_page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task, _ = GroupApprovalTask.objects.get_or_create(
            name="Sign-off by a publisher",
            defaults={
                "content_type": ContentType.objects.get_or_create(
                    app_label="wagtailcore", model="groupapprovaltask"
                )[0]
            },
        )
    task.name = "Sign-off by a publisher"
    task.active = True
    task.save()
    task.groups.set([publishers])

    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is None:
        workflow, _ = Workflow.objects.get_or_create(name="Sign-off")
    workflow.name = "Sign-off"
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    if root_page is not None:
        # Assigned at the top of the page tree, so it covers the home page and
        # every page under it, including any added later.
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
