"""The one cookie the public site can set: a visitor's choice to play videos straight away.

It is set by the visitor's own browser (static/js/film.js) only when they tick
"remember my choice" and press play. It is a strictly necessary preference
cookie: it records a choice the visitor made and is never read by anyone else.
"""

VIDEO_CONSENT_COOKIE = "lahp_video_consent"
VIDEO_CONSENT_VALUE = "yes"
VIDEO_CONSENT_MAX_AGE = 60 * 60 * 24 * 365  # one year
VIDEO_CONSENT_DURATION = "1 year"
# After withdrawing without JavaScript, the visitor is sent back to the settings
# (their id) with this in the address, and the page confirms it.
WITHDRAWN_PARAMETER = "video-consent-withdrawn"
SETTINGS_ID = "video-cookie-settings"


def was_just_withdrawn(request) -> bool:
    return request is not None and request.GET.get(WITHDRAWN_PARAMETER) == "1"
