"""The site's starting content: the words of the partnership's "Vision and purpose" page.

Every sentence comes from that page. Where it was cut short or gave no detail
(the "Information and technology" list, which aims each programme serves, the
strategy film's address and transcript), nothing is made up: editors complete
it in the admin, or the film's details come from configuration.
One slip is corrected ("how they can to care" reads "how they can care").

The cookies page describes what this website itself does; it states no facts
about the partnership.
"""

from dataclasses import dataclass

SITE_NAME = "Leeds Academic Health Partnership"


@dataclass(frozen=True)
class SeedPage:
    key: str  # stable identity, kept in SeedRecord; never shown
    model: str  # "app_label.ModelName"
    parent: str | None  # key of the parent; None for the home page
    fields: dict
    # A note for editors, printed when the page is first created.
    editor_note: str = ""


@dataclass(frozen=True)
class SeedFilm:
    key: str
    title: str


@dataclass(frozen=True)
class SeedPartner:
    key: str
    name: str
    partner_type: str  # a Partner.Type value
    website: str  # the organisation's own site; empty where no source gives one
    is_member: bool = True


@dataclass(frozen=True)
class SeedRedirect:
    """An address of the partnership's previous website that must lead to its new page."""

    key: str  # stable identity, kept in SeedRecord; never shown
    old_path: str  # as the old site wrote it
    target: str  # key of the seed page it leads to


def _paragraphs(*texts: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts]


def _heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def _list(*items: str) -> dict:
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
    }


# The strategy film. Its address, transcript and captions check come from
# configuration (see home/seed.py); without them it stays a draft.
STRATEGY_FILM = SeedFilm(key="film-strategy", title="Our strategy")

PAGES = [
    SeedPage(
        key="home",
        model="home.HomePage",
        parent=None,
        fields={
            "title": SITE_NAME,
            "slug": "home",
            # Who the partnership is, from its members (see PARTNERS below).
            "introduction": (
                "We are a partnership of NHS organisations, universities and Leeds City "
                "Council, working together for the people of Leeds."
            ),
            "vision": "Our vision is that the people of Leeds live healthier lives for longer.",
            "purpose_intro": "Our purpose is:",
            "purpose": (
                "To improve the health and wellbeing of the people of Leeds by engaging "
                "academic capabilities in education and research with the health and social "
                "care system across the city in order to speed up the adoption of research "
                "and innovation. And to help attract inward investment and raise the national "
                "and international profile and reputation of the city and our member "
                "organisations."
            ),
            "tagline_intro": "Or, put simply:",
            "tagline": "Innovation through collaboration",
            # Replaced by the film's id when the page is loaded.
            "film_id": "@" + STRATEGY_FILM.key,
            # The old page's link text was "Watch our short film here"; without the
            # link, "here" points nowhere.
            "film_introduction": "Watch our short film, which explains our strategy.",
            "body": [],
        },
    ),
    SeedPage(
        key="aims",
        model="aims.AimIndexPage",
        parent="home",
        fields={
            "title": "Our aims",
            "slug": "aims",
            "summary": "The three things the partnership aims to do for the people of Leeds.",
            "intro": "We aim to:",
            "show_in_menus": True,
        },
    ),
    SeedPage(
        key="aim-service-quality",
        model="aims.AimPage",
        parent="aims",
        fields={
            "title": "Improve service quality and efficiency",
            "slug": "improve-service-quality-and-efficiency",
            "summary": (
                "We look for ways to deliver services which are safer, higher quality and "
                "provide patients with a better experience overall, and at lower cost to "
                "the taxpayer."
            ),
        },
    ),
    SeedPage(
        key="aim-health-inequalities",
        model="aims.AimPage",
        parent="aims",
        fields={
            "title": "Reduce health inequalities",
            "slug": "reduce-health-inequalities",
            "summary": (
                "Everyone should have the same chance to lead a healthy life, no matter who "
                "they are, where they live or what their circumstances. We look for ways to "
                "reduce long-standing health inequalities in our communities."
            ),
        },
    ),
    SeedPage(
        key="aim-wealth-and-health",
        model="aims.AimPage",
        parent="aims",
        fields={
            "title": "Create wealth to improve health",
            "slug": "create-wealth-to-improve-health",
            "summary": (
                "We support inclusive economic growth. We look for ways to increase social "
                "mobility and drive inward investment into Leeds, growing partnerships with "
                "industry, creating more and better jobs. This is key to improving people’s "
                "long-term health and wellbeing."
            ),
        },
    ),
    SeedPage(
        key="programmes",
        model="programmes.ProgrammeIndexPage",
        parent="home",
        fields={
            "title": "Our programmes",
            "slug": "programmes",
            "summary": "The programmes through which the partnership is achieving its aims.",
            "intro": "We’re achieving our aims by developing:",
            "teaser_link_text": "Find out more about our work.",
            "show_in_menus": True,
        },
    ),
    SeedPage(
        key="programme-workforce",
        model="programmes.ProgrammePage",
        parent="programmes",
        fields={
            "title": "One Leeds workforce",
            "slug": "one-leeds-workforce",
            "summary": (
                "In an unprecedented approach, we’re developing ‘one Leeds workforce’ across "
                "the health and care sector."
            ),
            "key_facts": [
                {
                    "type": "key_fact",
                    "value": {
                        "figure": "around 57,000",
                        "description": "health and care staff in Leeds",
                    },
                }
            ],
            "body": _paragraphs(
                "The vision is that through a pioneering Health and Care Academy, around "
                "57,000 staff will have the best skills founded upon the best research and "
                "evidence, to care for the people of Leeds."
            ),
        },
    ),
    SeedPage(
        key="programme-personalised-medicine",
        model="programmes.ProgrammePage",
        parent="programmes",
        fields={
            "title": "Personalised medicine and health",
            "slug": "personalised-medicine-and-health",
            "summary": (
                "We’ve established the Leeds Centre for Personalised Medicine and Health, "
                "enabling Leeds people to benefit from the latest innovations, treatments "
                "and technologies."
            ),
            "body": _paragraphs(
                "Personalised medicine is about moving away from a ‘one size fits all’ "
                "approach to the treatment and care of people with particular health "
                "conditions.",
                "It harnesses technological and medical advances to enable more informed "
                "decision making so that therapies can be carefully targeted for each person. "
                "That means their health condition can be prevented, managed or treated in "
                "an individual or ‘personalised’ way specific to their needs.",
                "As this means we can identify a person’s likelihood of developing a disease, "
                "we can then better understand how they can care for themselves and "
                "potentially prevent it developing.",
            ),
        },
    ),
    SeedPage(
        key="programme-information-technology",
        model="programmes.ProgrammePage",
        parent="programmes",
        fields={
            "title": "Information and technology",
            "slug": "information-and-technology",
            # The old page went on "…technology, we're:" into a list that was
            # lost. The sentence is kept whole rather than left hanging.
            "summary": (
                "We’re harnessing the power of data, information and cutting-edge technology."
            ),
        },
        editor_note=(
            "The old site listed what this programme does after 'we're:', but that list "
            "was lost. Add it to the page body in the admin."
        ),
    ),
    SeedPage(
        key="programme-innovation-culture",
        model="programmes.ProgrammePage",
        parent="programmes",
        fields={
            "title": "A culture of health and care innovation",
            "slug": "a-culture-of-health-and-care-innovation",
            "summary": (
                "We’re working across the health and care system to develop a culture which "
                "prioritises and facilitates the adoption and spread of innovation."
            ),
        },
    ),
    SeedPage(
        key="partners",
        model="home.StandardPage",
        parent="home",
        fields={
            "title": "Our members",
            "slug": "members",
            "summary": "The organisations that work together in the partnership.",
            "show_in_menus": True,
            # Lists the published organisations in Snippets › Partners (see PARTNERS).
            "body": [{"type": "partner_list", "value": None}],
        },
        editor_note=(
            "The member organisations come from public sources; check them, and add or "
            "change organisations in Snippets › Partners."
        ),
    ),
    SeedPage(
        key="accessibility-statement",
        model="home.StandardPage",
        parent="home",
        fields={
            "title": "Accessibility statement",
            "slug": "accessibility-statement",
            "summary": (
                "How accessible this website is, how to tell us about a problem, and what "
                "you can do if you are not happy with our response."
            ),
            "show_in_footer": True,
            "body": [
                *_paragraphs(
                    f"This accessibility statement applies to the {SITE_NAME} website.",
                    "We want as many people as possible to be able to use this website. For "
                    "example, that means you should be able to:",
                ),
                _list(
                    "change colours, contrast levels and fonts using your browser or device "
                    "settings",
                    "zoom in up to 400% without the text spilling off the screen",
                    "navigate the whole website using just a keyboard",
                    "navigate the website using speech recognition software",
                    "listen to the website using a screen reader",
                ),
                _heading("How accessible this website is"),
                *_paragraphs(
                    "We built this website to meet the Web Content Accessibility Guidelines "
                    "(WCAG) version 2.2 at level AA, and we test every change against them "
                    "(see “How we tested this website” below).",
                    "Videos play in YouTube’s or Vimeo’s own player, which we do not control. "
                    "Every video has a transcript on the same page, and nothing is loaded from "
                    "those sites until you press play.",
                ),
                _heading("Feedback and contact information"),
                *_paragraphs(
                    "If you find a problem with this website, or you need something on it in a "
                    "different format such as large print, easy read, audio or braille, "
                    "contact us:"
                ),
                {"type": "contact_details", "value": None},
                _heading("Enforcement procedure"),
                *_paragraphs(
                    "The Equality and Human Rights Commission (EHRC) is responsible for "
                    "enforcing the Public Sector Bodies (Websites and Mobile Applications) "
                    "(No. 2) Accessibility Regulations 2018 (the ‘accessibility regulations’). "
                    "If you’re not happy with how we respond to your complaint, contact the "
                    '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and '
                    "Support Service (EASS)</a>."
                ),
                _heading("Technical information about this website’s accessibility"),
                *_paragraphs(
                    "We are committed to making this website accessible, in accordance with "
                    "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                    "Accessibility Regulations 2018."
                ),
                _heading("Compliance status", "h3"),
                *_paragraphs(
                    "This website has not yet been audited by an independent organisation. Our "
                    "own testing has found no failures of the WCAG 2.2 AA standard, so we "
                    "believe it is fully compliant. We will update this statement if an audit "
                    "or a visitor finds a problem."
                ),
                _heading("Non-accessible content", "h3"),
                *_paragraphs(
                    "We do not know of any content on this website that is not accessible. If "
                    "you find some, please tell us."
                ),
                _heading("How we tested this website"),
                *_paragraphs(
                    "Every change to the website is tested automatically, in a real web "
                    "browser, before it goes live. On every type of page, on a phone-sized and "
                    "a desktop-sized screen, the tests:",
                ),
                _list(
                    "scan the page with axe-core, an open-source accessibility checker, "
                    "against WCAG 2.0, 2.1 and 2.2 at levels A and AA and its best-practice "
                    "rules, and fail if it finds any problem",
                    "go through the page with the Tab key, checking every link and button can "
                    "be reached and shows clearly where the focus is",
                    "check that buttons and links are big enough to press",
                    "check that pages fit a screen 320 pixels wide, and still work with text "
                    "at twice its size",
                    "check that pages work without JavaScript",
                    "check each page has one main heading and no skipped heading levels",
                    "check that nothing is loaded from other websites, and no cookie is set, "
                    "before you ask",
                ),
                *_paragraphs(
                    "Automated tests cannot find every problem. Editors also use the checker "
                    "built into our editing system on each page before it is published, and "
                    "check that images have useful descriptions, link text makes sense on its "
                    "own, and videos have accurate captions and a transcript."
                ),
                _heading("Preparation of this accessibility statement"),
                {
                    "type": "statement_dates",
                    "value": {"prepared_on": "@today", "last_reviewed_on": "@today"},
                },
            ],
        },
        editor_note=(
            "Check the statement, especially its compliance status, and add the date "
            "of any independent audit. Contact details come from Settings › Site settings."
        ),
    ),
    SeedPage(
        key="privacy-notice",
        model="home.StandardPage",
        parent="home",
        fields={
            "title": "Privacy notice",
            "slug": "privacy",
            "summary": "What information this website collects about you, why, and your rights.",
            "show_in_footer": True,
            "body": [
                _heading("Who we are"),
                *_paragraphs(
                    f"This website is run by the {SITE_NAME}. To ask about anything in this "
                    "notice, contact us:"
                ),
                {"type": "contact_details", "value": None},
                _heading("What this website collects, and why"),
                _list(
                    "This website does not use analytics, advertising or tracking of any kind.",
                    "Like most websites, our web server records each request it receives: your "
                    "device’s IP address, the page asked for, the time and your browser’s "
                    "description. We use these records to keep the website working and secure.",
                    "What you type in the search box is used to find pages. It is not stored.",
                    "If you ask us to remember your choice to play videos, a cookie on your "
                    "device records it. Our cookies page explains it and lets you withdraw it.",
                    "When you press play on a video, YouTube or Vimeo receive your IP address "
                    "and may set cookies, as their own privacy notices describe.",
                    "If you email us, we use what you send to reply to you.",
                ),
                _heading("Your rights"),
                *_paragraphs(
                    "You can ask for a copy of the information we hold about you, and ask us to "
                    "correct it, delete it or stop using it. To ask, or to find out how long we "
                    "keep server records and emails, contact us using the details above.",
                    "If you are unhappy with how we handle your information, you can complain "
                    'to the <a href="https://ico.org.uk/make-a-complaint/">Information '
                    "Commissioner’s Office (ICO)</a>.",
                ),
                {
                    "type": "statement_dates",
                    "value": {"prepared_on": "@today", "last_reviewed_on": "@today"},
                },
            ],
        },
        editor_note=(
            "Add who is legally responsible for visitors' data (the data controller) and how "
            "long server records and emails are kept: only the partnership can say."
        ),
    ),
    SeedPage(
        key="cookies",
        model="home.StandardPage",
        parent="home",
        fields={
            "title": "Cookies",
            "slug": "cookies",
            "summary": "Which cookies this website sets, and how to change your choice.",
            "show_in_footer": True,
            "body": [
                *_paragraphs(
                    "Cookies are small files that websites save on your device. This website "
                    "does not use cookies to track you, and sets none unless you ask it to."
                ),
                _heading("The cookie you can choose"),
                *_paragraphs(
                    "Our videos play from YouTube or Vimeo. Nothing is loaded from those sites "
                    "until you press play. If you tick “Remember my choice” when you play a "
                    "video, this website saves one cookie so that videos load straight away "
                    "next time."
                ),
                {"type": "video_consent", "value": None},
                _heading("Cookies from YouTube and Vimeo"),
                *_paragraphs(
                    "When you play a video, YouTube or Vimeo may set cookies of their own. "
                    "Videos use YouTube’s privacy-enhanced mode and Vimeo’s ‘do not track’ "
                    "setting. YouTube’s and Vimeo’s privacy notices explain how they use "
                    "cookies."
                ),
                _heading("Cookies for website editors"),
                *_paragraphs(
                    "If you sign in to edit this website, it sets two cookies that keep your "
                    "session secure: <code>sessionid</code>, which ends when you sign out or "
                    "after 30 minutes without using the editor, and <code>csrftoken</code>, "
                    "which lasts a year. Visitors reading the website do not get them."
                ),
            ],
        },
    ),
]


# The member organisations, as public sources name them (the University of Leeds
# news archive 2016 and 2019, Leeds City Council's health-economy guide, the
# partnership's own blog in 2023). Names and links only: logos need each
# organisation's permission, and no people are named.
PARTNERS = [
    SeedPartner("partner-university-of-leeds", "University of Leeds", "university",
                "https://www.leeds.ac.uk/"),
    SeedPartner("partner-leeds-beckett", "Leeds Beckett University", "university",
                "https://www.leedsbeckett.ac.uk/"),
    SeedPartner("partner-leeds-trinity", "Leeds Trinity University", "university",
                "https://www.leedstrinity.ac.uk/"),
    SeedPartner("partner-leeds-teaching-hospitals", "Leeds Teaching Hospitals NHS Trust",
                "nhs_trust", "https://www.leedsth.nhs.uk/"),
    SeedPartner("partner-leeds-and-york", "Leeds and York Partnership NHS Foundation Trust",
                "nhs_trust", "https://www.leedsandyorkpft.nhs.uk/"),
    SeedPartner("partner-leeds-community-healthcare", "Leeds Community Healthcare NHS Trust",
                "nhs_trust", "https://www.leedscommunityhealthcare.nhs.uk/"),
    # It took over from NHS Leeds Clinical Commissioning Group.
    SeedPartner("partner-west-yorkshire-icb",
                "NHS West Yorkshire Integrated Care Board (Leeds place)", "nhs_body",
                "https://www.westyorkshire.icb.nhs.uk/"),
    SeedPartner("partner-leeds-city-council", "Leeds City Council", "council",
                "https://www.leeds.gov.uk/"),
    # Named as partners, not members, in 2023.
    SeedPartner("partner-leeds-city-college", "Leeds City College", "college",
                "https://www.leedscitycollege.ac.uk/", is_member=False),
    SeedPartner("partner-leeds-city-region-lep", "Leeds City Region Enterprise Partnership",
                "regional_partner", "", is_member=False),
    SeedPartner("partner-west-yorkshire-hcp", "West Yorkshire Health and Care Partnership",
                "regional_partner", "https://www.wypartnership.co.uk/", is_member=False),
]  # fmt: skip


# Addresses of the previous website known to be in use.
# Each becomes a permanent redirect to the page that replaced it; any other old
# address gets the 404 page, which suggests pages matching its words.
REDIRECTS = [
    SeedRedirect(
        key="redirect-vision-and-purpose",
        old_path="/about-us/vision-and-purpose/",
        target="home",
    ),
    SeedRedirect(
        key="redirect-personalised-medicine",
        old_path="/projects/leeds-centre-personalised-medicine-health/",
        target="programme-personalised-medicine",
    ),
    SeedRedirect(
        key="redirect-one-leeds-workforce",
        old_path="/lahp-blog/one-leeds-workforce-the-role-of-the-leeds-health-and-care-academy/",
        target="programme-workforce",
    ),
]
