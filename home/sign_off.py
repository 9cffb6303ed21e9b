"""What the admin tells people about sign-off, for pages, films and partners alike.

Wagtail's own messages say "submitted for moderation", or only "updated" after
a publisher approves or requests changes. These say what happened, in the
words the editors' guide uses, and show the publisher's comment.
"""

from django.contrib import messages
from django.utils import timezone

from wagtail.admin import messages as admin_messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_latest_str
from wagtail.models import TaskState, WorkflowState

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def latest_workflow_state(obj) -> WorkflowState | None:
    return obj.workflow_states.order_by("-created_at", "-pk").first()


def when(moment) -> str:
    """'3 March 2026 at 09:00', in the site's time zone."""
    moment = timezone.localtime(moment)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def describe(obj, state: WorkflowState | None, action: str) -> str | None:
    """What just happened to obj, as one or two plain sentences; None if it is not clear
    (Wagtail's own message then stays)."""
    if state is None:
        return None
    task_state = state.current_task_state
    # The latest version names it: the page object the admin passes on can still
    # carry the live title when an editor has just renamed the page.
    revision = obj.revisions.order_by("-created_at", "-pk").first()
    title = revision.object_str if revision and revision.object_str else get_latest_str(obj)
    if action == "submit" and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return f"'{title}' was submitted for sign-off. A publisher will review it."
    if action == "reject" and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = task_state.specific.get_comment().strip() if task_state else ""
        if comment:
            return f"Changes requested on '{title}': {comment}"
        return f"Changes requested on '{title}'."
    if action == "approve" and state.status == WorkflowState.STATUS_APPROVED:
        go_live_at = task_state.revision.approved_go_live_at if task_state else None
        if go_live_at and go_live_at > timezone.now():
            return f"'{title}' was approved and will be published on {when(go_live_at)}."
        return f"'{title}' was approved and published."
    return None


def say(request, obj, text: str) -> None:
    """Show text in place of Wagtail's own message about the action just taken.

    Warnings and errors (a lock, say) are kept; the success message the view
    added is replaced. Only Django's public messages API is used: reading the
    messages marks them as shown, so those worth keeping are added again.
    """
    kept = [m for m in messages.get_messages(request) if m.level != messages.SUCCESS]
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    edit_url = AdminURLFinder(request.user).get_edit_url(obj)
    buttons = [admin_messages.button(edit_url, "Edit")] if edit_url else None
    admin_messages.success(request, text, buttons=buttons)


def action_from_editor(request) -> str | None:
    """The sign-off action the editor's form asked for: 'submit', 'approve' or 'reject'."""
    if any(name in request.POST for name in SUBMIT_ACTIONS):
        return "submit"
    if "action-workflow-action" in request.POST:
        return request.POST.get("workflow-action-name")
    return None


def after_editing(request, obj) -> None:
    """For the after_create/edit_page and _snippet hooks: say what sign-off did, if anything."""
    action = action_from_editor(request) if request.method == "POST" else None
    if action and hasattr(obj, "workflow_states"):
        text = describe(obj, latest_workflow_state(obj), action)
        if text:
            say(request, obj, text)


def before_editing(request, obj) -> None:
    """For the before_edit_page and _snippet hooks: on opening something a publisher sent
    back, say so at the top, with their comment (Wagtail keeps it in a dialog)."""
    if request.method != "GET" or not hasattr(obj, "workflow_states"):
        return
    state = obj.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        admin_messages.warning(request, describe(obj, state, "reject"))


class SaysWhatHappened:
    """For workflow action views (the dashboard's Approve and Request changes buttons),
    which otherwise say nothing."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The task state is finished in place when the action is taken; a form
        # sent back with errors leaves it in progress, and nothing happened.
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            text = describe(self.object, latest_workflow_state(self.object), self.action_name)
            if text:
                say(request, self.object, text)
        return response
