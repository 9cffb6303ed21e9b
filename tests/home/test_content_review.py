"""Content review: pages say when they were checked, and owners are reminded when due."""

from datetime import date, timedelta

from bs4 import BeautifulSoup
from freezegun import freeze_time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from aims.models import AimPage
from home.models.pages import add_months
from home.reviews import overdue_pages, pages_due
from programmes.models import ProgrammePage
from tests.factories import AimPageFactory, ProgrammePageFactory

TODAY = date(2026, 11, 24)


def user(name, role=None, **extra):
    person = get_user_model().objects.create_user(
        name, email=f"{name}@lahp.example", password="pw", first_name=name.title(), **extra
    )
    if role:
        person.groups.add(Group.objects.get(name=role))
    return person


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_review_months_are_added_sensibly():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 24), 12) == date(2027, 11, 24)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


@freeze_time(TODAY)
def test_first_publication_starts_the_review_cycle_for_the_page_type(aim_index, programme_index):
    aim = publish(AimPageFactory(parent=aim_index))
    programme = publish(ProgrammePageFactory(parent=programme_index))
    assert aim.last_reviewed_at == TODAY
    assert aim.next_review_due == date(2027, 11, 24)  # aims: every 12 months
    assert programme.next_review_due == date(2027, 5, 24)  # programmes: every 6 months


@freeze_time(TODAY)
def test_pages_show_when_they_were_last_reviewed_and_next_due(client, aim_index):
    aim = publish(AimPageFactory(parent=aim_index))
    review = BeautifulSoup(client.get(aim.url).content, "html.parser").find(class_="page-review")
    lines = [p.get_text(strip=True) for p in review.find_all("p")]
    assert lines == ["Page last reviewed: 24 November 2026", "Next review due: 24 November 2027"]


def test_editing_and_publishing_does_not_move_the_review_dates(aim_index):
    with freeze_time(TODAY):
        aim = publish(AimPageFactory(parent=aim_index))
    with freeze_time(TODAY + timedelta(days=40)):
        aim.summary = "Edited later, but not reviewed."
        publish(aim)
        aim.get_latest_revision().publish()  # republishing an old version changes nothing either
    aim.refresh_from_db()
    assert aim.last_reviewed_at == TODAY
    assert aim.next_review_due == date(2027, 11, 24)


def test_report_lists_exactly_the_overdue_and_soon_due_pages(client, aim_index, programme_index):
    owner = user("olu", "Publishers")
    other = user("omar", "Editors")
    with freeze_time(TODAY - timedelta(days=400)):
        overdue = publish(AimPageFactory(parent=aim_index, title="Overdue aim", owner=owner))
    with freeze_time(TODAY - timedelta(days=170)):  # programme due in 6 months: in ~13 days
        soon = publish(ProgrammePageFactory(parent=programme_index, title="Soon", owner=other))
    with freeze_time(TODAY):
        publish(AimPageFactory(parent=aim_index, title="Just reviewed", owner=owner))
        assert [p.title for p in pages_due()] == ["Overdue aim", "Soon"]
        assert [p.title for p in overdue_pages()] == ["Overdue aim"]
        assert [p.title for p in pages_due(owner=other)] == ["Soon"]

        client.force_login(owner)
        report = client.get(reverse("content_review_report"))
        rows = BeautifulSoup(report.content, "html.parser").select("table.listing tbody tr")
        assert [row.find("a").get_text() for row in rows] == ["Overdue aim", "Soon"]
        assert "Overdue" in rows[0].get_text()
        filtered = client.get(reverse("content_review_report"), {"owner": other.pk})
        assert "Overdue aim" not in filtered.content.decode()
        assert "Soon" in filtered.content.decode()
    assert soon.pk != overdue.pk


def test_dashboard_shows_my_overdue_pages_only(client, aim_index):
    me = user("meg", "Editors")
    someone = user("sam", "Editors")
    with freeze_time(TODAY - timedelta(days=400)):
        publish(AimPageFactory(parent=aim_index, title="Mine and overdue", owner=me))
        publish(AimPageFactory(parent=aim_index, title="Someone else's", owner=someone))
    with freeze_time(TODAY):
        client.force_login(me)
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your pages overdue for review" in dashboard
    assert "Mine and overdue" in dashboard
    assert "Someone else&#x27;s" not in dashboard
    assert "Someone else's" not in dashboard


def test_a_publisher_confirms_a_review_and_changes_the_owner(client, aim_index):
    publisher = user("pat", "Publishers")
    new_owner = user("nia", "Editors")
    with freeze_time(TODAY - timedelta(days=400)):
        aim = publish(AimPageFactory(parent=aim_index, owner=publisher))
    with freeze_time(TODAY):
        client.force_login(publisher)
        url = reverse("content_review_page", args=[aim.pk])
        response = client.post(url, {"owner": new_owner.pk, "confirmed": "on"})
        assert response.status_code == 302
    aim.refresh_from_db()
    assert aim.owner == new_owner
    assert aim.last_reviewed_at == TODAY
    assert aim.next_review_due == date(2027, 11, 24)
    assert aim.latest_revision == aim.live_revision  # no new revision for a review


def test_editors_cannot_confirm_reviews(client, aim_index):
    editor = user("ed", "Editors")
    with freeze_time(TODAY - timedelta(days=400)):
        aim = publish(AimPageFactory(parent=aim_index))
    client.force_login(editor)
    url = reverse("content_review_page", args=[aim.pk])
    for response in (client.get(url), client.post(url, {"confirmed": "on"})):
        # Wagtail turns a refusal into a return to the dashboard with a message.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    aim.refresh_from_db()
    assert aim.last_reviewed_at == TODAY - timedelta(days=400)


def test_reminders_go_once_per_page_per_review_cycle(aim_index, programme_index):
    owner = user("rosa", "Publishers")
    no_email = user("noemail", "Editors")
    no_email.email = ""
    no_email.save()
    with freeze_time(TODAY - timedelta(days=400)):
        first = publish(AimPageFactory(parent=aim_index, title="First overdue", owner=owner))
        publish(ProgrammePageFactory(parent=programme_index, title="Second overdue", owner=owner))
        publish(AimPageFactory(parent=aim_index, title="Owner has no email", owner=no_email))
    with freeze_time(TODAY):
        publish(AimPageFactory(parent=aim_index, title="Not due", owner=owner))

        call_command("send_review_reminders")
        [email] = mail.outbox
        assert email.to == ["rosa@lahp.example"]
        assert "First overdue" in email.body
        assert "Second overdue" in email.body
        assert "Not due" not in email.body
        assert f"/admin/pages/{first.pk}/edit/" in email.body

        call_command("send_review_reminders")
        assert len(mail.outbox) == 1  # nothing new: no second reminder

        AimPage.objects.get(pk=first.pk).record_review()
    with freeze_time(TODAY + timedelta(days=370)):
        call_command("send_review_reminders")
    # A year on, both pages are due again, the reviewed one for its new cycle.
    assert len(mail.outbox) == 2
    assert "First overdue" in mail.outbox[1].body
    assert ProgrammePage.objects.get(title="Second overdue").review_reminder_sent_for is not None


# --- Review dates in the page's settings, owners in bulk, who sees what ----------------


def edit_form(aim, **changes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return nested_form_data(
        {
            "title": aim.title,
            "slug": aim.slug,
            "summary": aim.summary,
            "body": streamfield([]),
            "comments": inline_formset([]),
            **changes,
        }
    )


def test_a_publisher_moves_the_next_review_in_the_pages_settings_at_once(client, aim_index):
    publisher = user("pat", "Publishers")
    with freeze_time(TODAY):
        aim = publish(AimPageFactory(parent=aim_index))
        client.force_login(publisher)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[aim.pk]))
        assert 'name="next_review_due"' in edit.content.decode()
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[aim.pk]),
            edit_form(aim, next_review_due="2027-01-31"),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    aim.refresh_from_db()
    # Saved as a draft, yet the date applies at once: it is not part of the content.
    assert aim.next_review_due == date(2027, 1, 31)
    assert aim.has_unpublished_changes
    # Publishing the draft later does not put the old date back.
    aim.get_latest_revision().publish()
    aim.refresh_from_db()
    assert aim.next_review_due == date(2027, 1, 31)


def test_editors_neither_see_nor_change_the_review_date(client, aim_index):
    editor = user("ed", "Editors")
    with freeze_time(TODAY):
        aim = publish(AimPageFactory(parent=aim_index))
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[aim.pk]))
    assert 'name="next_review_due"' not in edit.content.decode()
    client.post(
        reverse("wagtailadmin_pages:edit", args=[aim.pk]),
        edit_form(aim, next_review_due="2030-01-01"),
    )
    aim.refresh_from_db()
    assert aim.next_review_due == date(2027, 11, 24)


def test_the_report_offers_review_only_to_those_who_may_confirm_it(client, aim_index):
    with freeze_time(TODAY - timedelta(days=400)):
        publish(AimPageFactory(parent=aim_index, title="Overdue aim"))
    for role, offered in [("Editors", False), ("Publishers", True)]:
        client.force_login(user(role.lower(), role))
        report = BeautifulSoup(client.get(reverse("content_review_report")).content, "html.parser")
        assert "Overdue aim" in report.get_text()
        review = reverse("content_review_page", args=[AimPage.objects.get().pk])
        assert bool(report.select(f'a[href^="{review}"]')) is offered


def test_a_publisher_assigns_an_owner_to_many_pages_at_once(client, aim_index):
    publisher = user("pat", "Publishers")
    owner = user("nia", "Editors")
    aims = [publish(AimPageFactory(parent=aim_index)) for _ in range(3)]
    client.force_login(publisher)
    listing = reverse("wagtailadmin_explore", args=[aim_index.pk])
    ids = "&".join(f"id={aim.pk}" for aim in aims)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "assign_owner"])
    url += f"?{ids}&next={listing}"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert all(aim.title in confirm.content.decode() for aim in aims)
    response = client.post(url, {"owner": owner.pk, "next": listing}, follow=True)
    assert "3 pages now owned by Nia." in response.content.decode()
    assert {page.owner for page in AimPage.objects.filter(pk__in=[a.pk for a in aims])} == {owner}
    assert all(page.latest_revision == page.live_revision for page in AimPage.objects.all())


def test_editors_cannot_assign_owners(client, aim_index):
    aim = publish(AimPageFactory(parent=aim_index))
    client.force_login(user("ed", "Editors"))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "assign_owner"])
    client.post(f"{url}?id={aim.pk}", {"owner": user("nia").pk})
    aim.refresh_from_db()
    assert aim.owner is None


def test_visitors_never_see_an_overdue_review_date(client, aim_index):
    with freeze_time(TODAY - timedelta(days=400)):
        aim = publish(AimPageFactory(parent=aim_index))
    with freeze_time(TODAY):
        review = BeautifulSoup(client.get(aim.url).content, "html.parser").find(
            class_="page-review"
        )
    lines = [p.get_text(strip=True) for p in review.find_all("p")]
    assert lines == ["Page last reviewed: 20 October 2025"]


def test_seeded_pages_are_owned_by_the_first_administrator(db):
    from wagtail.models import Page

    from home.seed import load_seed_content
    from tests.conftest import empty_tree

    admin = get_user_model().objects.create_superuser("admin", "admin@lahp.example", "pw")
    empty_tree()
    load_seed_content()
    assert set(Page.objects.filter(depth__gt=1).values_list("owner", flat=True)) == {admin.pk}
