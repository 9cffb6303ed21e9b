"""Factories for every model the tests build, in one place."""

import factory

import wagtail_factories

from aims.models import AimIndexPage, AimPage
from home.models import Film, HomePage, Partner, StandardPage
from programmes.models import ProgrammeIndexPage, ProgrammePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Vision and purpose"
    slug = "home"
    vision = "Our vision is that the people of Leeds live healthier lives for longer."
    purpose_intro = "Our purpose is:"
    purpose = "To improve the health and wellbeing of the people of Leeds."
    tagline_intro = "Or, put simply:"
    tagline = "Innovation through collaboration"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    summary = "A general page of text."

    class Meta:
        model = StandardPage


class AimIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our aims"
    slug = "aims"
    summary = "What the partnership aims to do."
    intro = "We aim to:"
    show_in_menus = True

    class Meta:
        model = AimIndexPage


class AimPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Aim number {n}")
    summary = factory.LazyAttribute(lambda page: f"What {page.title} means.")

    class Meta:
        model = AimPage


class ProgrammeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our programmes"
    slug = "programmes"
    summary = "How the partnership works towards its aims."
    intro = "We’re achieving our aims by developing:"
    show_in_menus = True

    class Meta:
        model = ProgrammeIndexPage


class ProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programme number {n}")
    summary = factory.LazyAttribute(lambda page: f"What {page.title} does.")

    class Meta:
        model = ProgrammePage
        skip_postgeneration_save = True

    @factory.post_generation
    def aims(self, create, extracted, **kwargs):
        if create and extracted:
            self.aims.set(extracted)
            self.save()

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
            self.save()


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Still from the film {n}")


class FilmFactory(factory.django.DjangoModelFactory):
    title = "Our strategy"
    video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    captions_confirmed = True
    poster = factory.SubFactory(ImageFactory, file__width=1280, file__height=720)
    transcript = "<p>Narrator: this is how we work together.</p>"
    live = True

    class Meta:
        model = Film


class PartnerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    partner_type = Partner.Type.NHS_TRUST
    website = factory.Sequence(lambda n: f"https://partner-{n}.example.org/")
    logo = factory.SubFactory(ImageFactory)
    logo_alt_text = factory.LazyAttribute(lambda partner: partner.name)
    description = "Brings clinical services to the partnership."
    live = True

    class Meta:
        model = Partner


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Annual report {n}")


def make_user(role: str | None, name: str):
    """A person in one of the site's roles ("Editors", "Publishers"), or with role None an
    administrator; the password is "pw"."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    details = {"email": f"{name}@lahp.example", "password": "pw", "first_name": name.title()}
    if role is None:
        return get_user_model().objects.create_superuser(name, **details)
    user = get_user_model().objects.create_user(name, **details)
    user.groups.add(Group.objects.get(name=role))
    return user
