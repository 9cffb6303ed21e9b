"""The admin shows no pictures from third parties: nothing is sent to Gravatar."""

import pytest

from django.contrib.auth import get_user_model

from tests.factories import FilmFactory


@pytest.fixture
def admin_pages(db):
    film = FilmFactory()
    film.save_revision().publish()
    return [
        "/admin/",
        "/admin/account/",
        "/admin/users/",
        f"/admin/snippets/home/film/edit/{film.pk}/",
        f"/admin/snippets/home/film/history/{film.pk}/",
    ]


def test_the_admin_never_asks_gravatar_for_a_picture(client, admin_pages):
    user = get_user_model().objects.create_superuser(
        "priya", "priya.publisher@lahp.example", "pw", first_name="Priya"
    )
    client.force_login(user)
    for path in admin_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "gravatar.com" not in response.content.decode().lower(), path
