"""Scheduled publishing: the scheduler says what it did, `make run` runs it beside the
server, and the dashboard warns publishers when nothing is running it."""

import logging
import os
import re
import signal
import socket
import subprocess
import time
from datetime import timedelta
from io import StringIO

import pytest
from freezegun import freeze_time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.management.commands import run_scheduler
from home.models import SchedulerLease
from tests.dev_server import (
    REPOSITORY,
    Processes,
    free_port,
    make_run,
    migrated_copy,
    wait_until_serving,
)
from tests.factories import FilmFactory, ProgrammePageFactory, make_user

IN_AN_HOUR = timezone.now() + timedelta(hours=1)


@pytest.fixture
def programme(programme_index):
    page = ProgrammePageFactory(
        parent=programme_index,
        title="One Leeds workforce",
        slug="one-leeds-workforce",
        summary="The summary visitors see today.",
    )
    page.save_revision().publish()
    return page


def schedule(item, go_live_at, **changes):
    """A change approved to go live at `go_live_at`, as a publisher's sign-off leaves it."""
    item.refresh_from_db()  # as the editor's form loads it
    for field, value in changes.items():
        setattr(item, field, value)
    item.go_live_at = go_live_at
    revision = item.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == go_live_at  # waiting, not published
    return revision


def run_once() -> str:
    output = StringIO()
    call_command("run_scheduler", "--once", stdout=output)
    return output.getvalue().strip()


# --- run_scheduler --once -------------------------------------------------------------


def test_once_publishes_a_change_whose_go_live_time_has_passed_and_says_so(client, programme):
    schedule(programme, IN_AN_HOUR, summary="The summary from the planned time.")

    assert run_once() == "Nothing was due to be published or unpublished."
    assert "The summary visitors see today." in client.get(programme.url).content.decode()

    with freeze_time(IN_AN_HOUR + timedelta(minutes=1)):
        report = run_once()
    assert report == (
        "Published “One Leeds workforce” (programme page): its go-live time had come."
    )
    assert "The summary from the planned time." in client.get(programme.url).content.decode()

    # Nothing is reported twice.
    with freeze_time(IN_AN_HOUR + timedelta(minutes=2)):
        assert run_once() == "Nothing was due to be published or unpublished."


def test_once_names_snippets_and_expired_pages_with_their_type(programme_index):
    film = FilmFactory(title="Our strategy")
    schedule(film, IN_AN_HOUR, title="Our strategy, 2026")
    ProgrammePageFactory(
        parent=programme_index,
        title="A programme that has ended",
        expire_at=IN_AN_HOUR - timedelta(minutes=30),
    )

    with freeze_time(IN_AN_HOUR + timedelta(minutes=1)):
        report = run_once().splitlines()

    assert sorted(report) == [
        "Published “Our strategy, 2026” (film): its go-live time had come.",
        "Unpublished “A programme that has ended” (programme page): its expiry time had passed.",
    ]
    film.refresh_from_db()
    assert film.live
    assert film.title == "Our strategy, 2026"


def test_once_says_so_when_publishing_fails(db, monkeypatch):
    def database_restarting(*args, **kwargs):
        raise ConnectionError("the database is restarting")

    monkeypatch.setattr(run_scheduler, "call_command", database_restarting)
    with pytest.raises(CommandError, match="Scheduled publishing failed"):
        run_once()


def test_the_interval_must_be_a_whole_number_of_seconds(db):
    for interval in ("0", "-5", "soon"):
        with pytest.raises(CommandError, match="whole number of seconds"):
            call_command("run_scheduler", "--interval", interval)


def test_the_running_scheduler_logs_each_pass_that_changed_something(
    transactional_db, programme, monkeypatch, caplog
):
    # transactional_db: the scheduler runs in autocommit, as in production, and
    # closes connections between passes, which a test transaction cannot survive.
    schedule(programme, IN_AN_HOUR, summary="The summary from the planned time.")
    caplog.set_level(logging.INFO, logger=run_scheduler.__name__)

    def passes_then_stop(count):
        command = run_scheduler.Command()
        real_run_once = command.run_once
        passes = []

        def run_once_and_count():
            passes.append(real_run_once())
            if len(passes) == count:
                os.kill(os.getpid(), signal.SIGTERM)  # as a process manager would
            return passes[-1]

        monkeypatch.setattr(command, "run_once", run_once_and_count)
        command.handle(interval=0)
        return passes

    assert passes_then_stop(2) == [[], []]
    assert not caplog.records  # nothing happened, nothing logged

    with freeze_time(IN_AN_HOUR + timedelta(minutes=1)):
        passes_then_stop(2)
    assert [record.getMessage() for record in caplog.records] == [
        "Published “One Leeds workforce” (programme page): its go-live time had come."
    ]


# --- The dashboard's warning -----------------------------------------------------------


WARNING = "Scheduled publishing is not running"


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def warning_text(page: str) -> str:
    """The words of the dashboard's warning, as a screen reader would read them."""
    start = page.index(">", page.index('id="late-schedule-section"')) + 1
    panel = page[start : page.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", panel).replace("\xa0", " ").split())


def test_publishers_are_warned_when_a_scheduled_change_is_over_five_minutes_late(client, programme):
    schedule(programme, IN_AN_HOUR, summary="The summary from the planned time.")
    publisher = make_user("Publishers", "priya")

    with freeze_time(IN_AN_HOUR + timedelta(minutes=6)):
        page = dashboard(client, publisher)
    text = warning_text(page)
    assert text.startswith(WARNING)
    assert "Ask whoever runs the website to start the scheduler" in text
    assert "README" in text
    local = timezone.localtime(IN_AN_HOUR)
    assert (
        "What Should have Due since "
        "One Leeds workforce (programme page) gone live "
        f"{local:%H:%M}, {local.day} {local:%B %Y} (6 minutes ago)"
    ) in text
    assert f'<a href="/admin/pages/{programme.pk}/edit/">One Leeds workforce</a>' in page


def test_the_dashboard_is_quiet_while_the_schedule_is_kept(client, programme):
    schedule(programme, IN_AN_HOUR, summary="The summary from the planned time.")
    publisher = make_user("Publishers", "priya")

    assert WARNING not in dashboard(client, publisher)  # not due yet
    with freeze_time(IN_AN_HOUR + timedelta(minutes=4)):  # due, but a scheduler may be on it
        assert WARNING not in dashboard(client, publisher)
        call_command("run_scheduler", "--once")  # done: nothing is waiting
    with freeze_time(IN_AN_HOUR + timedelta(minutes=30)):
        assert WARNING not in dashboard(client, publisher)


def test_late_expiries_and_snippets_are_listed_too(client, programme_index):
    ProgrammePageFactory(
        parent=programme_index,
        title="A programme that has ended",
        expire_at=timezone.now() - timedelta(minutes=20),
    )
    film = FilmFactory(title="Our strategy")
    schedule(film, IN_AN_HOUR, title="Our strategy, 2026")

    with freeze_time(IN_AN_HOUR + timedelta(minutes=10)):
        page = dashboard(client, get_user_model().objects.create_superuser("admin", "", "pw"))
    text = warning_text(page)
    # The oldest first: the expiry was due 80 minutes ago, the film 10.
    assert "A programme that has ended (programme page) been unpublished" in text
    assert "Our strategy, 2026 (film) gone live" in text
    assert text.index("A programme that has ended") < text.index("Our strategy, 2026")
    assert f'<a href="/admin/snippets/home/film/edit/{film.pk}/">Our strategy, 2026</a>' in page


def test_only_those_who_can_publish_see_the_warning(client, programme):
    schedule(programme, IN_AN_HOUR, summary="The summary from the planned time.")
    editor = make_user("Editors", "erin")
    with freeze_time(IN_AN_HOUR + timedelta(minutes=10)):
        assert WARNING not in dashboard(client, editor)


def test_the_warning_costs_the_same_queries_however_much_is_late(client, programme_index):
    publisher = make_user("Publishers", "priya")

    def late_programme(title):
        page = ProgrammePageFactory(parent=programme_index, title=title)
        page.save_revision().publish()
        schedule(page, IN_AN_HOUR, summary="Later.")

    def dashboard_queries():
        client.force_login(publisher)
        client.get("/admin/")  # warm Django's and Wagtail's caches
        with CaptureQueriesContext(connection) as queries:
            content = client.get("/admin/").content.decode()
        assert WARNING in content
        return len(queries)

    late_programme("The first late programme")
    with freeze_time(IN_AN_HOUR + timedelta(minutes=10)):
        one_late = dashboard_queries()
    for number in range(4):
        late_programme(f"Late programme {number}")
        schedule(FilmFactory(title=f"Film {number}"), IN_AN_HOUR, title=f"Late film {number}")
    with freeze_time(IN_AN_HOUR + timedelta(minutes=10)):
        nine_late = dashboard_queries()
    assert nine_late == one_late


# --- make run: the development server and the scheduler together ----------------------


def test_make_run_serves_the_site_beside_the_scheduler_and_ctrl_c_stops_both(
    migrated_site, tmp_path
):
    site = migrated_copy(migrated_site, tmp_path / "site")
    port = free_port()
    run = make_run(site, port, "SCHEDULER_INTERVAL=2")
    try:
        run.wait_for_output("Checking for scheduled publishing every 2 seconds.")
        wait_until_serving(f"http://127.0.0.1:{port}/")
        running = " | ".join(run.remaining())
        assert f"manage.py runserver 127.0.0.1:{port}" in running
        assert "manage.py run_scheduler --interval 2" in running

        run.ctrl_c()
        run.wait()
        assert run.remaining() == []
        run.wait_for_output("Scheduler stopped.", timeout=10, running=False)
    finally:
        run.kill()


def serve(site, port, *args):
    """What `make run` runs once the site is set up."""
    return Processes([".venv/bin/python", "manage.py", "serve", f"127.0.0.1:{port}", *args], site)


def test_make_run_serves_through_the_serve_command():
    recipe = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", "HOST=127.0.0.1", "PORT=8000"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert recipe.splitlines()[-1] == (
        ".venv/bin/python manage.py serve 127.0.0.1:8000 --scheduler-interval 60"
    )


def test_the_scheduler_stops_when_the_server_does(migrated_site, tmp_path):
    site = migrated_copy(migrated_site, tmp_path / "site")
    with socket.socket() as taken:  # something else already has the port
        port = free_port()
        taken.bind(("127.0.0.1", port))
        taken.listen()
        run = serve(site, port, "--scheduler-interval", "2")
        try:
            status = run.wait()
            assert status == 1
            assert run.remaining() == []
            assert "That port is already in use" in run.output()
            assert (
                "The development server stopped (exit status 1), so the scheduler was "
                "stopped too." in run.output()
            )
        finally:
            run.kill()


def test_a_process_manager_stopping_serve_stops_both(migrated_site, tmp_path):
    site = migrated_copy(migrated_site, tmp_path / "site")
    port = free_port()
    run = serve(site, port, "--scheduler-interval", "2")
    try:
        run.wait_for_output("Checking for scheduled publishing every 2 seconds.")
        wait_until_serving(f"http://127.0.0.1:{port}/")
        os.kill(run.process.pid, signal.SIGTERM)  # serve alone, as make passes on a SIGTERM
        assert run.wait() == 0
        assert run.remaining() == []
        run.wait_for_output("Scheduler stopped.", timeout=10, running=False)
    finally:
        run.kill()


# --- one scheduler per cluster ----------------------------------------------------------


def test_only_one_scheduler_holds_the_lease_until_it_runs_out(db):
    now = timezone.now()
    with freeze_time(now):
        assert SchedulerLease.take("web-1 (process 10)", seconds=150)
        assert not SchedulerLease.take("web-2 (process 20)", seconds=150)
        assert SchedulerLease.take("web-1 (process 10)", seconds=150)  # renewed
    # web-1 died without giving the lease back: web-2 takes over when it runs out.
    with freeze_time(now + timedelta(seconds=149)):
        assert not SchedulerLease.take("web-2 (process 20)", seconds=150)
    with freeze_time(now + timedelta(seconds=151)):
        assert SchedulerLease.take("web-2 (process 20)", seconds=150)
        assert not SchedulerLease.take("web-1 (process 10)", seconds=150)
        # Stopping hands over at once.
        SchedulerLease.give_back("web-2 (process 20)")
        assert SchedulerLease.take("web-1 (process 10)", seconds=150)


def test_once_does_nothing_while_another_scheduler_publishes(client, programme):
    schedule(programme, IN_AN_HOUR, summary="The summary from the planned time.")
    with freeze_time(IN_AN_HOUR + timedelta(minutes=1)):
        SchedulerLease.take("web-2 (process 20)", seconds=150)
        assert run_once() == (
            "Another scheduler, web-2 (process 20), is publishing scheduled changes, so this "
            "check did nothing."
        )
        assert "The summary visitors see today." in client.get(programme.url).content.decode()


def test_of_two_schedulers_one_waits_and_takes_over_when_the_other_stops(migrated_site, tmp_path):
    site = migrated_copy(migrated_site, tmp_path / "site")
    scheduler = [".venv/bin/python", "manage.py", "run_scheduler", "--interval", "1"]
    # The same database, as schedulers started beside two servers would have.
    schedulers = [Processes(scheduler, site, log_name=f"scheduler-{n}.log") for n in (1, 2)]
    waits = "is publishing scheduled changes: this one waits, and takes over if that one stops."
    try:
        deadline = time.monotonic() + 60
        while not any(waits in each.output() for each in schedulers):
            assert time.monotonic() < deadline, [each.output() for each in schedulers]
            time.sleep(0.2)
        waiting, holding = sorted(schedulers, key=lambda each: waits not in each.output())
        assert waits not in holding.output()
        assert f"(process {holding.process.pid})" in waiting.output()

        os.kill(holding.process.pid, signal.SIGTERM)
        assert holding.wait() == 0
        waiting.wait_for_output(
            "The other scheduler stopped: this one publishes scheduled changes now.", timeout=10
        )
    finally:
        for each in schedulers:
            each.kill()
