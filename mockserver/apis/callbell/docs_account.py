"""What Callbell's docs' examples name, seeded next to the Persian shop so the docs' requests work verbatim.

Identifiers only (uuids, tag, field, option, team, template and user names, the docs' token's key), as
callbellchat/callbell-public-docs shows them at 4878e4f; every other value here is hamta's own. They are fixed,
not drawn from the world seed: a request copied from the docs must find them under every seed. Where a value
appears with two meanings the choice is spec/callbell-docs.md §3's (the teams pages over the plan page, C26;
the custom-status pages over the team-members page for an emoji, C27).
"""

from __future__ import annotations

import datetime as dt

from mockserver.apis.callbell.account import Channel, CustomField, Funnel, Team, Template
from mockserver.apis.callbell.people import ApiKey, CustomStatus, User

__all__ = [
    "DOCS_API_KEY",
    "DOCS_CHANNELS",
    "DOCS_CUSTOM_FIELDS",
    "DOCS_CUSTOM_STATUSES",
    "DOCS_FUNNELS",
    "DOCS_TAGS",
    "DOCS_TEAMS",
    "DOCS_TEMPLATES",
    "DOCS_USERS",
    "GENERAL",
]

CET = dt.timezone(dt.timedelta(hours=1))


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _cet(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CET)


# The main example contact's uuid is also the path id of the patch-team, patch-template and user-status
# snippets (spec/callbell-docs.md §5 (a), C7), so a team, a template and a user carry it too.
CONTACT_A = "414a6d692bd645ed803f2e7ce360d4c8"
GENERAL = "ad42a09715814e6483b1c5debd6a2dbc"  # teams_api/get_teams.md:29, the default team
SUPPORT = "47aad5f9b4ca423c9d630f06ab93fe1f"  # teams_api/get_teams.md:36
SUPPORT_TEAM = "35402552d90c4041b6bcb9a3249c0263"  # webhooks/team_events/team_membership_updated.md:30

DOCS_TEAMS = (
    Team(GENERAL, "General", _utc("2020-11-13T21:08:53"), True, 2),
    Team(SUPPORT, "Support", _utc("2020-11-13T21:10:33"), False, 1),
    Team(SUPPORT_TEAM, "Support Team", _utc("2024-02-16T10:12:55"), False, 3),
    Team(CONTACT_A, "Escalations", _utc("2021-03-02T09:00:00"), False, 0),
)

# channels_api/get_channels.md:36-54: one main WhatsApp number and two discarded ones; the fourth, dashed uuid
# is the channel_uuid of the text-send snippet (messages_api/_post_messages.mdx:9), so it is active.
DOCS_CHANNELS = (
    Channel("7c996996fea947f4a1d5a11e7fac84db", "phone_number_1", "whatsapp", True, False, "31201234567"),
    Channel("dcefe6d18b5c4bbdb0661136c7f63c8e", "phone_number_2", "whatsapp", False, True, "31201234568"),
    Channel("759edec71ff440b29fc635c5fac84d4f", "phone_number_3", "whatsapp", False, True, "31201234569"),
    Channel("35f6f8cc-b550-4278-a2ea-099f3a4e0730", "phone_number_4", "whatsapp", False, False, "31201234570"),
)

# funnels_api/get_funnels.md:26-54 (all at position 1 there, C34: reproduced, not "fixed").
DOCS_FUNNELS = (
    Funnel("ff0f96b9-b003-4d0c-b14f-27f3f6868dd6", "Awareness", "🧘\u200d♂️", 1, _cet("2025-12-18T20:00:19")),
    Funnel("1cd7845e-6b93-453d-b015-9dce35d16f39", "Interest", "👁️", 1, _cet("2025-12-18T19:55:01")),
    Funnel("1e6c0c57-c81d-49d2-81d2-fcec053a1ab6", "Desire", "✨", 1, _cet("2025-12-18T19:54:45")),
    Funnel("8c51dfc8-667a-4f7f-9c83-ae065524483a", "Action", "🎯", 1, _cet("2025-12-16T21:32:44")),
)

# Tags the contacts pages use (the webhook pages' capitalised "Lead" is this "lead": tags match any case), then
# the Postman collection's (static/postman-collection.json, its POST and PATCH contact bodies).
DOCS_TAGS = ("sales", "lead", "hot", "Call back", "Interested", "USA", "France", "Test", "LATAM", "CIAO", "TAG")

# The contacts pages' fields (get_contacts.md, get_contact.md, get_contact_by_bsuid.md, the type table of
# post_contacts.md:58-67 and the PATCH snippet's two). The dropdown's one shown option is "Active".
DOCS_CUSTOM_FIELDS = (
    CustomField("Billing Address", "text"),
    CustomField("Work Email", "email"),
    CustomField("Status", "dropdown", ("Active", "Inactive")),
    CustomField("Features", "checkbox", ("Dark Mode", "Notifications", "Analytics")),
    CustomField("Preferences", "checkbox", ("Newsletter", "Promotions", "Updates")),
    CustomField("Join Date", "date"),
    CustomField("Birth Date", "date"),
    CustomField("Address", "text"),
    CustomField("Stripe link", "text"),
    CustomField("VAT", "text"),
    CustomField("orderNumber", "number"),
    CustomField("zipCode", "text"),
    # the Postman collection's contact bodies (typed text: it gives no types)
    CustomField("a", "text"),
    CustomField("TWITTER", "text"),
    CustomField("LINKEDIN", "text"),
    CustomField("TWITTE", "text"),
    CustomField("SHIPPING ADDRES", "text"),
    CustomField("gmail", "text"),
)

# template_messages_api/get_templates.md:28,37 (their uuids equal the teams', C28); the template every
# template-send snippet names (messages_api/_post_messages_template.mdx); the patch snippet's path id (C7).
DOCS_TEMPLATES = (
    Template(GENERAL, "Template title", "Message text", "text", "MARKETING", "approved", _utc("2020-11-13T21:08:53")),
    Template(
        SUPPORT,
        "Another Template title",
        "Another Message text",
        "text",
        "MARKETING",
        "rejected",
        _utc("2020-11-13T21:10:33"),
    ),
    Template(
        "d980fb66fd5043d3ace1aa06ba044342",
        "order_update",
        "Hi {{1}}, your order has a {{2}} update. {{3}}",
        "text",
        "UTILITY",
        "approved",
        _utc("2023-05-10T08:00:00"),
    ),
    Template(
        CONTACT_A, "Follow-up", "Hello {{1}}, any news?", "text", "UTILITY", "approved", _utc("2021-03-02T09:00:00")
    ),
)

VACATIONING = "0d6041a2-8b88-49ec-a99b-a88a078a16c1"
# custom_status_api: the list (get_custom_statuses.md:27-40), the one the POST and PUT examples show (so the PUT
# snippet finds it), and the one the DELETE snippet removes (its name and emoji are hamta's).
DOCS_CUSTOM_STATUSES = (
    CustomStatus(VACATIONING, "Vacationing", "🚌", _cet("2024-11-22T21:29:43"), _cet("2024-11-22T21:29:43")),
    CustomStatus(
        "25003aa2-d2b0-4089-852a-3e216e0a7495",
        "In meeting",
        "💬",
        _cet("2024-11-25T19:49:31"),
        _cet("2024-11-25T19:49:31"),
    ),
    CustomStatus(
        "8dbd6f6c-ec09-4b87-a04e-bef1c2ca41db", "Lunch", "🍙", _cet("2024-12-04T14:12:14"), _cet("2024-12-04T14:12:14")
    ),
    CustomStatus(
        "5f5b5ad9-80d3-42d9-b950-2c7bb7b1e307",
        "Out sick",
        "🤒",
        _cet("2024-12-05T09:00:00"),
        _cet("2024-12-05T09:00:00"),
    ),
)

# The docs' users: /auth/me's (me.md:30), the assigned ones (get_contacts.md:46, patch_contacts.md:95), the two
# team members (get_team_members.md:41,47) and the agent of the webhook events, whose uuid is the user-status
# snippets' path id. Uuids other than that one are hamta's.
_MEMBERS_AT = _utc("2024-07-17T18:54:49")
DOCS_USERS = (
    User(
        "john_doe@email.com", "John Doe", "6c1f0e5a9d2b4c8e8f3a7b1d2e4f6a80", (SUPPORT,), True, _MEMBERS_AT, None, None
    ),
    User(
        "john.doe@email.com",
        "John Doe",
        "0b9d7c5e3a1f4e2d8c6b4a2f1e3d5c71",
        (SUPPORT_TEAM,),
        True,
        _MEMBERS_AT,
        None,
        None,
    ),
    User(
        "jane.doe@email.com",
        "Jane Doe",
        "9e8d7c6b5a4f4e3d9c2b1a0f9e8d7c62",
        (SUPPORT_TEAM,),
        True,
        _MEMBERS_AT,
        None,
        None,
    ),
    User("john1@gmail.com", "John One", "1a2b3c4d5e6f4a7b8c9d0e1f2a3b4c53", (GENERAL,), True, _MEMBERS_AT, None, None),
    User(
        "john2@gmail.com",
        "John Two",
        "2b3c4d5e6f7a4b8c9d0e1f2a3b4c5d64",
        (GENERAL,),
        True,
        _MEMBERS_AT,
        VACATIONING,
        _utc("2025-02-04T20:21:31"),
    ),
    User(
        "john.doe@gmail.com",
        "John Doe",
        CONTACT_A,
        (SUPPORT_TEAM,),
        False,
        _utc("2024-02-21T12:02:47"),
        VACATIONING,
        _utc("2025-02-04T20:21:31"),
    ),
)

# The docs' token (fixtures/accounts.yaml, username `docs`) and the key /auth/me shows for it (me.md:32).
DOCS_API_KEY = ApiKey("docs", "test_1234567890", "john_doe@email.com")
