"""Films and partners go through sign-off like pages, and the admin says plainly what happened."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

from home.models import Film, Partner
from home.seed import FilmSettings, load_seed_content
from tests.factories import FilmFactory, PartnerFactory, make_user
from tests.home.test_film import film_form
from tests.home.test_sign_off import submit_change, workflow_action
from tests.programmes.test_editing import programme_form

COMMENT = "Please give the poster's source before this goes live."


@pytest.fixture
def film(db):
    film = FilmFactory(title="Our strategy", live=False)
    film.save_revision().publish()
    return film


@pytest.fixture
def partner(db):
    partner = PartnerFactory(name="Leeds Beckett University", logo=None, live=False)
    partner.save_revision().publish()
    return partner


def partner_form(partner, **changes):
    return {
        "name": partner.name,
        "partner_type": partner.partner_type,
        "is_member": "on",
        "website": partner.website,
        "logo": "",
        "logo_alt_text": "",
        "description": partner.description,
        **changes,
    }


def edit_url(obj) -> str:
    return reverse(f"wagtailsnippets_home_{obj._meta.model_name}:edit", args=[obj.pk])


def shown(response) -> list[str]:
    """The messages at the top of the admin page the response leads to, as people read them."""
    soup = BeautifulSoup(response.content, "html.parser")
    container = soup.select_one(".messages [data-w-messages-target=container]")
    return [
        " ".join(item.get_text(" ").split()) for item in container.find_all("li", recursive=False)
    ]


def submit(client, user, obj, form):
    client.force_login(user)
    response = client.post(edit_url(obj), {**form, "action-submit": "action-submit"}, follow=True)
    assert response.status_code == 200
    return response


def take_action(client, user, obj, action, comment=""):
    """What the dashboard's Approve and Request changes buttons send."""
    state = obj.current_workflow_state
    url = reverse(
        f"wagtailsnippets_home_{obj._meta.model_name}:workflow_action",
        args=[obj.pk, action, state.current_task_state.pk],
    )
    client.force_login(user)
    return client.post(url, {"comment": comment, "next": reverse("wagtailadmin_home")}, follow=True)


def dashboard_reviews(client, user) -> str:
    """The text of the dashboard's 'Awaiting your review' panel, or '' if it is not shown."""
    client.force_login(user)
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    heading = soup.find(lambda tag: tag.name in {"h2", "h3"} and "Awaiting your review" in tag.text)
    return " ".join(heading.find_parent("section").get_text(" ").split()) if heading else ""


def test_films_and_partners_use_the_pages_sign_off_workflow(db):
    page_workflow = Page.get_first_root_node().get_workflow()
    assert Film.get_default_workflow() == page_workflow
    assert Partner.get_default_workflow() == page_workflow
    editors = Group.objects.get(name="Editors")
    publishers = Group.objects.get(name="Publishers")
    assert not editors.permissions.filter(codename__in=["publish_film", "publish_partner"])
    for codename in ("publish", "lock", "unlock"):
        for model in ("film", "partner"):
            assert publishers.permissions.filter(codename=f"{codename}_{model}").exists()


@pytest.mark.parametrize("kind", ["film", "partner"])
def test_an_editor_can_submit_but_not_publish(client, editor, film, partner, kind):
    obj, form = (
        (film, film_form(title="A new title"))
        if kind == "film"
        else (partner, partner_form(partner, name="A new name"))
    )
    client.force_login(editor)
    buttons = BeautifulSoup(client.get(edit_url(obj)).content, "html.parser")
    assert buttons.find(attrs={"name": "action-submit"}) is not None
    assert buttons.find(attrs={"name": "action-publish"}) is None

    client.post(edit_url(obj), {**form, "action-publish": "action-publish"})
    obj.refresh_from_db()
    assert str(obj) in ("Our strategy", "Leeds Beckett University")  # still the published one
    assert obj.has_unpublished_changes
    assert obj.current_workflow_state is None


def test_a_submitted_film_reaches_every_publisher(client, editor, publisher, film):
    other_editor = make_user("Editors", "eddie")
    mail.outbox.clear()
    response = submit(client, editor, film, film_form(title="Our strategy, shorter"))

    assert shown(response) == [
        "'Our strategy, shorter' was submitted for sign-off. A publisher will review it. Edit"
    ]
    state = film.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    film.refresh_from_db()
    assert film.title == "Our strategy"  # visitors still see the published film

    [email] = [message for message in mail.outbox if publisher.email in message.to]
    assert "Our strategy, shorter" in email.subject
    assert edit_url(film) in email.body
    assert not [message for message in mail.outbox if editor.email in message.to]

    assert "Our strategy, shorter" in dashboard_reviews(client, publisher)
    assert "Our strategy, shorter" not in dashboard_reviews(client, other_editor)


def test_a_new_partner_can_be_submitted_as_it_is_created(client, editor, publisher):
    client.force_login(editor)
    form = {
        "name": "Leeds Trinity University",
        "partner_type": Partner.Type.UNIVERSITY,
        "is_member": "on",
        "website": "",
        "logo": "",
        "logo_alt_text": "",
        "description": "",
        "action-submit": "action-submit",
    }
    response = client.post(reverse("wagtailsnippets_home_partner:add"), form, follow=True)

    assert shown(response) == [
        "'Leeds Trinity University' was submitted for sign-off. A publisher will review it. Edit"
    ]
    partner = Partner.objects.get(name="Leeds Trinity University")
    assert not partner.live
    assert partner.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Leeds Trinity University" in dashboard_reviews(client, publisher)


def test_only_publishers_can_change_a_film_while_it_is_reviewed(client, editor, publisher, film):
    submit(client, editor, film, film_form(title="Our strategy, shorter"))
    client.force_login(editor)
    opened = client.get(edit_url(film))
    assert any("awaiting moderation" in message.lower() for message in shown(opened))

    client.post(edit_url(film), film_form(title="Changed during review"))
    film.refresh_from_db()
    assert film.get_latest_revision().object_str == "Our strategy, shorter"


def test_a_publisher_approves_a_film_and_it_is_published(client, editor, publisher, film):
    submit(client, editor, film, film_form(title="Our strategy, shorter"))
    mail.outbox.clear()

    response = take_action(client, publisher, film, "approve")

    assert shown(response) == ["'Our strategy, shorter' was approved and published. Edit"]
    film.refresh_from_db()
    assert film.live
    assert not film.has_unpublished_changes
    assert film.title == "Our strategy, shorter"
    assert "Our strategy, shorter" not in dashboard_reviews(client, publisher)
    [email] = mail.outbox
    assert email.to == [editor.email]
    assert "approved" in email.subject


def test_a_publisher_requests_changes_on_a_partner_with_a_comment(
    client, editor, publisher, partner
):
    submit(client, editor, partner, partner_form(partner, name="Leeds Beckett"))
    mail.outbox.clear()

    response = take_action(client, publisher, partner, "reject", comment=COMMENT)

    assert shown(response) == [f"Changes requested on 'Leeds Beckett': {COMMENT} Edit"]
    state = partner.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    partner.refresh_from_db()
    assert partner.name == "Leeds Beckett University"  # not published
    [email] = mail.outbox
    assert email.to == [editor.email]
    assert COMMENT in email.body
    # The editor sees the comment at the top when they next open the partner.
    client.force_login(editor)
    assert f"Changes requested on 'Leeds Beckett': {COMMENT}" in shown(
        client.get(edit_url(partner))
    )


def test_the_editor_resubmits_after_changes_are_requested(client, editor, publisher, partner):
    submit(client, editor, partner, partner_form(partner, name="Leeds Beckett"))
    take_action(client, publisher, partner, "reject", comment=COMMENT)

    response = submit(client, editor, partner, partner_form(partner, name="Leeds Beckett Uni"))

    assert shown(response)[0].startswith("'Leeds Beckett Uni' was submitted for sign-off.")
    assert partner.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_approving_in_the_editor_says_so(client, editor, publisher, film):
    """A publisher can also approve from the menu at the bottom of the film's editor."""
    submit(client, editor, film, film_form(title="Our strategy, shorter"))
    client.force_login(publisher)
    response = client.post(
        edit_url(film),
        {
            **film_form(title="Our strategy, shorter"),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"comment": ""}),
        },
        follow=True,
    )
    assert shown(response) == ["'Our strategy, shorter' was approved and published. Edit"]
    film.refresh_from_db()
    assert film.live
    assert film.title == "Our strategy, shorter"


def test_requesting_changes_in_the_editor_shows_the_comment(client, editor, publisher, film):
    submit(client, editor, film, film_form(title="Our strategy, shorter"))
    client.force_login(publisher)
    response = client.post(
        edit_url(film),
        {
            **film_form(title="Our strategy, shorter"),
            "action-workflow-action": "true",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": COMMENT}),
        },
        follow=True,
    )
    assert shown(response) == [f"Changes requested on 'Our strategy, shorter': {COMMENT} Edit"]


# --- The same words for pages ---------------------------------------------------------


@pytest.fixture
def programme(programme_index):
    from tests.factories import ProgrammePageFactory

    page = ProgrammePageFactory(
        parent=programme_index, title="One Leeds workforce", slug="one-leeds-workforce"
    )
    page.save_revision().publish()
    return page


def messages_after(client, response) -> list[str]:
    """Follow a redirect to the page where the messages are shown."""
    assert response.status_code == 302
    return shown(client.get(response["Location"]))


def test_page_messages_say_what_happened(client, editor, publisher, programme):
    state = submit_change(client, editor, programme, "A change for sign-off.")
    page_list = client.get(reverse("wagtailadmin_explore", args=[programme.get_parent().pk]))
    assert shown(page_list) == [
        "'One Leeds workforce' was submitted for sign-off. A publisher will review it. Edit"
    ]

    response = workflow_action(
        client, publisher, programme, state, "reject", comment=COMMENT, next="/admin/"
    )
    assert messages_after(client, response) == [
        f"Changes requested on 'One Leeds workforce': {COMMENT} Edit"
    ]
    client.force_login(editor)  # who sees it again at the top of the page's editor
    editing = client.get(f"/admin/pages/{programme.pk}/edit/")
    assert shown(editing) == [f"Changes requested on 'One Leeds workforce': {COMMENT}"]

    state = submit_change(client, editor, programme, "The change, done again.")
    client.get("/admin/")  # the editor reads the message
    response = workflow_action(
        client, publisher, programme, state, "approve", comment="", next="/admin/"
    )
    assert messages_after(client, response) == [
        "'One Leeds workforce' was approved and published. Edit"
    ]


def test_approving_a_page_in_its_editor_says_so(client, editor, publisher, programme):
    submit_change(client, editor, programme, "A change for sign-off.")
    client.get("/admin/")
    form = programme_form(programme, summary="A change for sign-off.")
    form.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"comment": ""}),
        }
    )
    client.force_login(publisher)
    response = client.post(f"/admin/pages/{programme.pk}/edit/", form)
    assert messages_after(client, response) == [
        "'One Leeds workforce' was approved and published. Edit"
    ]


def test_approving_a_scheduled_change_says_when_it_goes_live(client, editor, publisher, programme):
    go_live = timezone.localtime() + timedelta(days=2)
    state = submit_change(
        client,
        editor,
        programme,
        "Goes live later.",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    client.get("/admin/")
    response = workflow_action(
        client, publisher, programme, state, "approve", comment="", next="/admin/"
    )
    when = f"{go_live.day} {go_live:%B %Y} at {go_live:%H:%M}"
    assert messages_after(client, response) == [
        f"'One Leeds workforce' was approved and will be published on {when}. Edit"
    ]


def test_a_page_request_for_changes_without_a_comment_still_says_so(
    client, editor, publisher, programme
):
    state = submit_change(client, editor, programme, "A change for sign-off.")
    client.get("/admin/")
    response = workflow_action(
        client, publisher, programme, state, "reject", comment="", next="/admin/"
    )
    assert messages_after(client, response) == ["Changes requested on 'One Leeds workforce'. Edit"]


# --- The seed loader acts as the system, not as an editor ----------------------------


def test_the_seed_loader_still_publishes_the_film_and_partners(root_page):
    load_seed_content(FilmSettings())
    film = Film.objects.get()
    assert film.live
    assert not film.has_unpublished_changes
    assert Partner.objects.count() > 0
    assert all(partner.live for partner in Partner.objects.all())
    assert not WorkflowState.objects.exists()  # nothing waits for a publisher
