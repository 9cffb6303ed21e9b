# Varnish in front of the website (gunicorn on 127.0.0.1:8000).
#
# Public pages for anonymous visitors are kept as long as the site's
# Cache-Control says (s-maxage); editors, the admin and anything but GET and
# HEAD go straight through. The site empties this cache itself whenever a change
# visitors could see is published (FRONTEND_CACHE_PURGE_URL, see README.md):
# a PURGE drops one address, a BAN drops everything. Both are refused unless
# they come from an address in the "purgers" list.

vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# The web servers that send purges (add each server's address when the site
# runs on more than one machine).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every kept object; the ban lurker clears them in the background.
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in editors (Django's session cookie) and anyone sending credentials
    # get pages made for them.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # What the site never keeps: the admin, the API, documents (some are
    # private), films (large, served in byte ranges), searches, the health check
    # and the video choice.
    if (req.url ~ "^/(admin|api|documents|films|health|search|video-consent)(/|\?|$)") {
        return (pass);
    }
    # Everything else is the same for every anonymous visitor: the site reads
    # no cookie to make it (the video choice is shown by the browser). Without
    # the cookies, Varnish may keep it.
    unset req.http.Cookie;
}

sub vcl_backend_response {
    # Keep only what the site says may be kept (Cache-Control: public,
    # s-maxage=...). Varnish's own default would keep an answer without
    # Cache-Control for two minutes.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Otherwise Varnish's built-in rules apply: s-maxage (or max-age) sets how
    # long, and private, no-cache, no-store or Set-Cookie means not at all.
}
