"""Editors draft and submit; publishers approve, reject with a reason, and schedule."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Revision, WorkflowState

from tests.factories import ProgrammePageFactory
from tests.programmes.test_editing import programme_form


@pytest.fixture
def programme(programme_index):
    page = ProgrammePageFactory(
        parent=programme_index,
        title="One Leeds workforce",
        slug="one-leeds-workforce",
        summary="The summary visitors see today.",
    )
    page.save_revision().publish()  # live through a revision, as in the admin
    return page


def as_user(client, user):
    client.force_login(user)
    return client


def submit_change(client, editor, programme, summary, **extra):
    form = programme_form(programme, summary=summary, **extra)
    form["action-submit"] = "action-submit"
    response = as_user(client, editor).post(f"/admin/pages/{programme.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:1500]
    return WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(programme.pk))


def workflow_action(client, publisher, programme, state, action, **data):
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[programme.pk, action, state.current_task_state.pk],
    )
    return as_user(client, publisher).post(url, data)


def test_roles_and_the_sign_off_workflow_exist_in_every_environment(db):
    editors = Group.objects.get(name="Editors")
    publishers = Group.objects.get(name="Publishers")
    assert not Group.objects.filter(name="Moderators").exists()
    editor_pages = set(editors.page_permissions.values_list("permission__codename", flat=True))
    assert editor_pages == {"add_page", "change_page"}
    publisher_pages = set(
        publishers.page_permissions.values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= publisher_pages
    assert publishers.permissions.filter(codename="change_sitesettings").exists()
    assert not editors.permissions.filter(codename__startswith="publish_").exists()
    assert publishers.permissions.filter(codename="publish_film").exists()
    assert publishers.permissions.filter(codename="add_redirect").exists()
    assert publishers.permissions.filter(codename="add_searchpromotion").exists()

    from wagtail.models import Page

    workflow = Page.get_first_root_node().get_workflow()
    assert workflow.name == "Sign-off"
    [task] = workflow.tasks.specific()
    assert list(task.groups.values_list("name", flat=True)) == ["Publishers"]


def test_an_editor_cannot_publish(client, editor, programme):
    form = programme_form(programme, summary="Published by an editor?")
    form["action-publish"] = "action-publish"
    as_user(client, editor).post(f"/admin/pages/{programme.pk}/edit/", form)
    client.logout()
    assert "Published by an editor?" not in client.get(programme.url).content.decode()
    assert not programme.permissions_for_user(editor).can_publish()


def test_editor_submits_and_publisher_approves(client, editor, publisher, programme):
    state = submit_change(client, editor, programme, "Signed off by a publisher.")
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert "Signed off by a publisher." not in client.get(programme.url).content.decode()
    # Publishers are told there is something to sign off.
    assert any(publisher.email in message.to for message in mail.outbox)

    response = workflow_action(client, publisher, programme, state, "approve", comment="")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert "Signed off by a publisher." in client.get(programme.url).content.decode()


def test_rejected_page_returns_to_the_editor_with_the_comment(client, editor, publisher, programme):
    state = submit_change(client, editor, programme, "A change that needs work.")
    mail.outbox.clear()
    comment = "Please add the academy's opening date before this goes live."
    workflow_action(client, publisher, programme, state, "reject", comment=comment)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == comment
    [email] = [message for message in mail.outbox if editor.email in message.to]
    assert comment in email.body
    # The editor sees the comment in the editor too, and the change is not public.
    edit_page = as_user(client, editor).get(f"/admin/pages/{programme.pk}/edit/")
    assert escape(comment) in edit_page.content.decode()
    client.logout()
    assert "A change that needs work." not in client.get(programme.url).content.decode()


def test_editor_schedules_a_change_that_goes_live_after_sign_off(
    client, editor, publisher, programme
):
    go_live = timezone.localtime() + timedelta(hours=1)
    state = submit_change(
        client,
        editor,
        programme,
        "Goes live at the planned time.",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    workflow_action(client, publisher, programme, state, "approve", comment="")
    client.logout()

    revision = Revision.page_revisions.filter(object_id=str(programme.pk)).latest("created_at")
    assert revision.approved_go_live_at is not None
    assert "Goes live at the planned time." not in client.get(programme.url).content.decode()

    call_command("run_scheduler", "--once")  # before the time: nothing happens
    assert "Goes live at the planned time." not in client.get(programme.url).content.decode()

    with freeze_time(go_live + timedelta(minutes=1)):
        call_command("run_scheduler", "--once")
    assert "Goes live at the planned time." in client.get(programme.url).content.decode()


def test_scheduler_publishes_what_is_due_and_unpublishes_what_has_expired(
    client, programme, programme_index
):
    programme.summary = "Scheduled for the past."
    programme.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=5))
    expiring = ProgrammePageFactory(
        parent=programme_index,
        title="A programme that has ended",
        expire_at=timezone.now() - timedelta(minutes=5),
    )

    call_command("run_scheduler", "--once")

    assert "Scheduled for the past." in client.get(programme.url).content.decode()
    expiring.refresh_from_db()
    assert not expiring.live
    assert expiring.expired
    assert client.get(expiring.url).status_code == 404


def test_scheduler_keeps_checking_until_told_to_stop(transactional_db, monkeypatch):
    # transactional_db: the scheduler runs in autocommit, as in production, and
    # closes connections between checks, which a test transaction cannot survive.
    import os
    import signal as signals

    from home.management.commands.run_scheduler import Command

    command = Command()
    runs = []

    def run_once():
        runs.append(1)
        if len(runs) == 3:
            os.kill(os.getpid(), signals.SIGTERM)  # as a process manager would

    monkeypatch.setattr(command, "run_once", run_once)
    command.handle(interval=0, once=False)
    assert len(runs) == 3


def test_a_failed_check_is_logged_and_not_fatal(db, monkeypatch, caplog):
    from home.management.commands import run_scheduler

    def fail(*args, **kwargs):
        raise RuntimeError("database restarting")

    monkeypatch.setattr(run_scheduler, "call_command", fail)
    run_scheduler.Command().run_once()
    assert "Scheduled publishing failed" in caplog.text
